"""`GET /studenten/{id}/voortgang`: every leeruitkomst's status, and honestly what is still missing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.models import Rol, VersieStatus
from app.voortgang.status import LeeruitkomstStatus, VersieFeit, leeruitkomst_status
from tests import factories
from tests.portfolio.conftest import Uploader

WIJKAGENT_LEERUITKOMSTEN = [
    "LU1.1", "LU1.2", "LU2.1", "LU2.2", "LU2.3", "LU3.1", "LU3.2", "LU4.1", "LU4.2", "LU5.1", "LU5.2", "LU5.3",
]  # fmt: skip


def test_de_voortgang_van_een_student_zonder_bewijs(als, student, praktijkbegeleider, client: TestClient) -> None:
    als(praktijkbegeleider)

    voortgang = client.get(f"/api/v1/studenten/{student.id}/voortgang").json()

    assert voortgang["kwalificatie"] == {"code": "WA-N6", "versie": "2.1"}
    assert [lu["code"] for lu in voortgang["leeruitkomsten"]] == WIJKAGENT_LEERUITKOMSTEN
    assert {lu["status"] for lu in voortgang["leeruitkomsten"]} == {"niet_gestart"}
    assert (voortgang["aangetoond"], voortgang["totaal"]) == (0, 12)
    diploma = voortgang["diplomabaarheid"]
    assert diploma["diplomabaar"] is False
    assert [(r["soort"], r["code"]) for r in diploma["redenen"]] == [
        *(("leeruitkomst", code) for code in WIJKAGENT_LEERUITKOMSTEN),
        ("beroepsvereiste", "RTGP"),
        ("beroepsvereiste", "IBT"),
        ("beroepsvereiste", "PV"),
    ]
    assert diploma["redenen"][0]["melding"] == "LU1.1 is nog niet aangetoond (niet gestart): Nog geen bewijs gekoppeld."
    assert diploma["redenen"][-2]["melding"].startswith("IBT: ")
    assert diploma["redenen"][-2]["melding"].endswith("geen resultaat vastgelegd.")
    assert voortgang["kerntaken"] == [
        {"code": "KT1", "aangetoond": 0, "totaal": 2},
        {"code": "KT2", "aangetoond": 0, "totaal": 3},
        {"code": "KT3", "aangetoond": 0, "totaal": 2},
        {"code": "KT4", "aangetoond": 0, "totaal": 2},
        {"code": "KT5", "aangetoond": 0, "totaal": 3},
    ]
    assert voortgang["beroepsvereisten"] == [
        {"code": code, "voldaan": False, "geldig_tot": None} for code in ("RTGP", "IBT", "PV")
    ]


def test_de_status_volgt_het_bewijs(als, student, upload: Uploader, client: TestClient) -> None:
    als(student)
    upload(student, leeruitkomsten=("LU1.1",))
    aangeboden = upload(student, leeruitkomsten=("LU2.1", "LU3.1")).json()
    client.post(f"/api/v1/bewijsstukken/{aangeboden['id']}/indienen")
    ingetrokken = upload(student, leeruitkomsten=("LU4.1",)).json()
    client.post(f"/api/v1/bewijsstukken/{ingetrokken['id']}/indienen")
    client.post(f"/api/v1/bewijsstukken/{ingetrokken['id']}/intrekken")
    # A concept version 2 on top of a submitted version 1: still up for assessment.
    herzien = upload(student, leeruitkomsten=("LU5.1",)).json()
    client.post(f"/api/v1/bewijsstukken/{herzien['id']}/indienen")
    client.patch(f"/api/v1/bewijsstukken/{herzien['id']}", data={"titel": "Herzien"})

    voortgang = client.get(f"/api/v1/studenten/{student.id}/voortgang").json()

    statussen = {lu["code"]: lu["status"] for lu in voortgang["leeruitkomsten"]}
    assert statussen == {
        **dict.fromkeys(WIJKAGENT_LEERUITKOMSTEN, "niet_gestart"),
        "LU1.1": "in_concept",
        "LU2.1": "ter_beoordeling",
        "LU3.1": "ter_beoordeling",
        "LU4.1": "in_concept",
        "LU5.1": "ter_beoordeling",
    }
    lu21 = [r for r in voortgang["diplomabaarheid"]["redenen"] if r["code"] == "LU2.1"]
    assert [r["soort"] for r in lu21] == ["leeruitkomst", "wachtend"]
    assert lu21[1]["melding"].startswith("LU2.1: versie 1 van een bewijsstuk wacht sinds ")


def test_na_intrekken_van_een_nieuwe_versie_staat_de_leeruitkomst_niet_meer_ter_beoordeling(
    als, student, upload: Uploader, client: TestClient
) -> None:
    """Version 1 and then version 2 offered; withdrawing version 2 takes the bewijsstuk out of assessment."""
    als(student)
    stuk = upload(student, leeruitkomsten=("LU1.1",)).json()
    client.post(f"/api/v1/bewijsstukken/{stuk['id']}/indienen")
    client.patch(f"/api/v1/bewijsstukken/{stuk['id']}", data={"titel": "Tweede versie"})
    client.post(f"/api/v1/bewijsstukken/{stuk['id']}/indienen")

    ingetrokken = client.post(f"/api/v1/bewijsstukken/{stuk['id']}/intrekken").json()

    assert (ingetrokken["versie"], ingetrokken["status"]) == (2, "ingetrokken")
    voortgang = client.get(f"/api/v1/studenten/{student.id}/voortgang").json()
    statussen = {lu["code"]: lu["status"] for lu in voortgang["leeruitkomsten"]}
    assert statussen["LU1.1"] == "in_concept"
    # Version 1 was superseded by version 2: there is nothing left to withdraw.
    assert client.post(f"/api/v1/bewijsstukken/{stuk['id']}/intrekken").status_code == 409
    pagina = client.get(f"/bewijsstukken/{stuk['id']}").text
    assert "Versie 1 intrekken" not in pagina and "Versie 2 intrekken" not in pagina


def test_zonder_inschrijving_is_er_geen_voortgang(als, db, client: TestClient) -> None:  # noqa: ANN001
    nieuw = factories.create_gebruiker(db, Rol.student)
    als(nieuw)

    assert client.get(f"/api/v1/studenten/{nieuw.id}/voortgang").status_code == 404


# --- The pure rules ------------------------------------------------------------------------------


def _status(*statussen: VersieStatus) -> LeeruitkomstStatus:
    versies = [VersieFeit(versie_id=i, bewijsstuk_id=i, versie=1, status=s) for i, s in enumerate(statussen)]
    return leeruitkomst_status(versies, []).status


def test_status_van_een_leeruitkomst_zonder_oordelen() -> None:
    assert _status() == LeeruitkomstStatus.niet_gestart
    assert _status(VersieStatus.concept) == LeeruitkomstStatus.in_concept
    assert _status(VersieStatus.ingetrokken) == LeeruitkomstStatus.in_concept
    assert _status(VersieStatus.concept, VersieStatus.ingediend) == LeeruitkomstStatus.ter_beoordeling
    assert LeeruitkomstStatus.ter_beoordeling.label == "Ter beoordeling"
