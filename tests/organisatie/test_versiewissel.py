"""A student moves to a newer version: exact matches carry their judgements and evidence over, the rest starts again."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.kwalificaties import service as kwalificaties
from app.models import (
    Beoordeling,
    BeoordelingBewijs,
    BewijsstukVersie,
    Inschrijving,
    InschrijvingStatus,
    Kwalificatie,
    LeeruitkomstRelatie,
    LeeruitkomstStand,
)
from app.models.kwalificatie import RelatieSoort
from app.voortgang import stand
from tests import factories
from tests.beoordeling.conftest import aanbieden, oordeel  # noqa: F401 - fixture
from tests.organisatie.conftest import audit_records
from tests.portfolio.conftest import opslag, upload  # noqa: F401 - fixtures

VOORBEELD_22 = kwalificaties.VOORBEELD_WA_N6_22


@pytest.fixture
def versie_22(db) -> Kwalificatie:  # noqa: ANN001
    kwalificaties.laad_bestand(db, VOORBEELD_22)
    return db.scalar(select(Kwalificatie).where(Kwalificatie.code == "WA-N6", Kwalificatie.versie == "2.2"))


@pytest.fixture
def gevorderd(db, client, als, student, praktijkbegeleider, aanbieden):  # noqa: ANN001, ANN201, F811
    """The student: LU1.1 and LU2.2 aangetoond, LU3.1 submitted and waiting for a judgement."""
    for code in ("LU1.1", "LU2.2"):
        bewijs = aanbieden(student, (code,), titel=f"Bewijs {code}")
        als(praktijkbegeleider)
        antwoord = client.post(f"/api/v1/studenten/{student.id}/beoordelingen", json=oordeel(bewijs, code))
        assert antwoord.status_code == 201, antwoord.text
    wachtend = aanbieden(student, ("LU3.1",), titel="Bewijs LU3.1")
    return wachtend


def _tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _inschrijving(db, student) -> Inschrijving:  # noqa: ANN001
    return db.scalar(select(Inschrijving).where(Inschrijving.student_id == student.id))


def test_de_yaml_van_22_legt_de_relaties_met_21_vast(db, versie_22) -> None:  # noqa: ANN001
    relaties = db.scalars(select(LeeruitkomstRelatie))
    soorten = sorted(r.soort for r in relaties)
    assert soorten.count(RelatieSoort.exactMatchOf) == 11
    assert soorten.count(RelatieSoort.replacedBy) == 1


def test_voorbeeld_toont_wat_meegaat_en_schrijft_niets(
    db,
    client,
    als,
    beheerder,
    student,
    versie_22,
    gevorderd,  # noqa: ANN001
) -> None:
    inschrijving = _inschrijving(db, student)
    als(beheerder)
    antwoord = client.get(f"/api/v1/inschrijvingen/{inschrijving.id}/versiewissel", params={"naar": "2.2"})
    assert antwoord.status_code == 200, antwoord.text
    gezien = antwoord.json()
    assert (gezien["van"], gezien["naar"], gezien["overgenomen"], gezien["opnieuw"]) == (
        "WA-N6 2.1",
        "WA-N6 2.2",
        11,
        1,
    )
    per_code = {r["leeruitkomst"]: r for r in gezien["leeruitkomsten"]}
    assert per_code["LU1.1"] == {
        "leeruitkomst": "LU1.1",
        "overgang": "overgenomen",
        "vorige": "LU1.1",
        "status_nu": "aangetoond",
        "status_na": "aangetoond",
        "oordelen": 1,
        "bewijsversies": 1,
        "wachtend": 0,
    }
    assert (per_code["LU2.2"]["overgang"], per_code["LU2.2"]["status_nu"], per_code["LU2.2"]["status_na"]) == (
        "opnieuw",
        "aangetoond",
        "niet_gestart",
    )
    assert (per_code["LU3.1"]["status_na"], per_code["LU3.1"]["wachtend"]) == ("ter_beoordeling", 1)
    db.expire_all()
    assert _inschrijving(db, student).status == InschrijvingStatus.actief
    assert audit_records(db, "inschrijving_versie_gewisseld") == []


def test_de_wissel_neemt_precies_de_exacte_overeenkomsten_mee(
    db,
    client,
    als,
    beheerder,
    student,
    praktijkbegeleider,
    examencommissielid,
    versie_22,
    gevorderd,  # noqa: ANN001
) -> None:
    oud = _inschrijving(db, student)
    als(beheerder)
    antwoord = client.post(f"/api/v1/inschrijvingen/{oud.id}/versiewissel", json={"naar": "2.2"})
    assert antwoord.status_code == 201, antwoord.text
    body = antwoord.json()
    assert (body["van"]["status"], body["naar"]["status"], body["naar"]["versie"]) == ("overgezet", "actief", "2.2")

    # The old enrolment is ended, not deleted; the stored progress now follows 2.2.
    db.expire_all()
    inschrijvingen = db.scalars(select(Inschrijving).where(Inschrijving.student_id == student.id)).all()
    assert sorted((i.kwalificatie_id, i.status) for i in inschrijvingen) == sorted(
        [(oud.kwalificatie_id, InschrijvingStatus.overgezet), (versie_22.id, InschrijvingStatus.actief)]
    )
    codes_22 = {lu.id: lu.code for lu in kwalificaties.repository.leeruitkomsten_van_versie(db, versie_22.id)}
    opgeslagen = {
        codes_22[r.leeruitkomst_id]: r.status
        for r in db.scalars(select(LeeruitkomstStand).where(LeeruitkomstStand.student_id == student.id))
    }
    assert set(opgeslagen) == set(codes_22.values())
    assert opgeslagen["LU1.1"] == "aangetoond"
    assert opgeslagen["LU2.2"] == "niet_gestart"  # replaced: shown again
    assert opgeslagen["LU3.1"] == "ter_beoordeling"  # the waiting submission still waits
    assert {c for c, s in opgeslagen.items() if s != "niet_gestart"} == {"LU1.1", "LU3.1"}
    assert stand.verschillen(db, [student.id]) == []

    [record] = audit_records(db, "inschrijving_versie_gewisseld")
    assert (record["van"], record["naar"], record["opnieuw"]) == ("WA-N6 2.1", "WA-N6 2.2", ["LU2.2"])
    assert record["actor_id"] == beheerder.id

    # The dashboard says what the stored progress says.
    als(student)
    voortgang = client.get(f"/api/v1/studenten/{student.id}/voortgang").json()
    assert (voortgang["kwalificatie"]["versie"], voortgang["aangetoond"], voortgang["totaal"]) == ("2.2", 1, 12)
    pagina = client.get("/dashboard")
    assert pagina.status_code == 200
    tekst = _tekst(pagina.text)
    assert "versie 2.2 · 1 van de 12 leeruitkomsten aangetoond" in tekst
    assert "LU2.2 Heeft een professionele (beroeps)identiteit, draagt dit uit en coacht anderen ○ Niet gestart" in tekst
    assert "Wacht op het oordeel van je praktijkbegeleider over LU3.1" in tekst
    # The feedback given on 2.1 is still the student's recent feedback.
    assert "Je hebt nog geen feedback gekregen" not in tekst
    assert "LU1.1" in tekst.split("Recente feedback", 1)[1].split("Diplomabaarheid", 1)[0]

    # The portfolio lists the carried-over evidence under the new leeruitkomsten, and none under the replaced one.
    portfolio = client.get("/portfolio").text
    artikelen = dict(re.findall(r'<article class="leeruitkomst-regel" id="lu-([^"]+)"(.*?)</article>', portfolio, re.S))
    assert "Bewijs LU1.1" in artikelen["LU1-1"] and "Bewijs LU3.1" in artikelen["LU3-1"]
    assert "Bewijs LU2.2" not in artikelen["LU2-2"]

    # The examencommissie's dossier shows the judgement given on 2.1 under 2.2's LU1.1, with its evidence.
    als(examencommissielid)
    dossier = client.get(f"/examencommissie/studenten/{student.id}").text
    lu11 = re.search(r'<article class="leeruitkomst" id="lu-LU1-1">(.*?)</article>', dossier, re.S).group(1)
    assert "Bewijs LU1.1" in _tekst(lu11) and "Aangetoond" in _tekst(lu11)
    assert "versie 2.2" in _tekst(dossier)

    # The waiting submission is judged on the new version's LU3.1, resting on the same version.
    als(praktijkbegeleider)
    antwoord = client.post(f"/api/v1/studenten/{student.id}/beoordelingen", json=oordeel(gevorderd, "LU3.1"))
    assert antwoord.status_code == 201, antwoord.text
    db.expire_all()
    lu31 = next(i for i, c in codes_22.items() if c == "LU3.1")
    assert db.get(LeeruitkomstStand, (student.id, lu31)).status == "aangetoond"
    assert stand.verschillen(db, [student.id]) == []


def test_een_tweede_wissel_van_dezelfde_inschrijving_is_409(
    db,
    client,
    als,
    beheerder,
    student,
    versie_22,  # noqa: ANN001
) -> None:
    oud = _inschrijving(db, student)
    als(beheerder)
    assert client.post(f"/api/v1/inschrijvingen/{oud.id}/versiewissel", json={"naar": "2.2"}).status_code == 201
    nogmaals = client.post(f"/api/v1/inschrijvingen/{oud.id}/versiewissel", json={"naar": "2.2"})
    assert nogmaals.status_code == 409
    assert nogmaals.headers["content-type"].startswith("application/problem+json")
    assert "al overgezet" in nogmaals.json()["detail"]


@pytest.mark.parametrize(
    ("naar", "status", "woord"),
    [("9.9", 404, "niet geladen"), ("2.1", 422, "al"), ("", 422, "")],
)
def test_een_onmogelijke_wissel_wordt_geweigerd(
    db,
    client,
    als,
    beheerder,
    student,
    versie_22,
    naar,
    status,
    woord,  # noqa: ANN001
) -> None:
    oud = _inschrijving(db, student)
    als(beheerder)
    antwoord = client.get(f"/api/v1/inschrijvingen/{oud.id}/versiewissel", params={"naar": naar})
    assert antwoord.status_code == status, antwoord.text
    assert antwoord.headers["content-type"].startswith("application/problem+json")
    assert woord in antwoord.json()["detail"]


def test_alleen_een_beheerder_wisselt(db, client, als, student, praktijkbegeleider, versie_22) -> None:  # noqa: ANN001
    oud = _inschrijving(db, student)
    als(praktijkbegeleider)
    antwoord = client.post(f"/api/v1/inschrijvingen/{oud.id}/versiewissel", json={"naar": "2.2"})
    assert antwoord.status_code in (403, 404)
    db.expire_all()
    assert _inschrijving(db, student).status == InschrijvingStatus.actief


def test_een_cohort_gaat_in_een_keer_over(db, client, als, beheerder, versie_22) -> None:  # noqa: ANN001
    cohort = factories.create_cohort(db, "WA6-WISSEL")
    studenten = [factories.create_gebruiker(db, factories.Rol.student, naam=f"Student {n}") for n in range(3)]
    for s in studenten:
        factories.create_inschrijving(db, s, cohort)
    als(beheerder)
    voorbeeld = client.get(
        "/api/v1/cohorten/WA6-WISSEL/versiewissel", params={"kwalificatie": "WA-N6", "naar": "2.2"}
    ).json()
    assert (voorbeeld["cohort"], voorbeeld["naar"]) == ("WA6-WISSEL", "WA-N6 2.2")
    assert sorted(v["naam"] for v in voorbeeld["studenten"]) == ["Student 0", "Student 1", "Student 2"]
    antwoord = client.post("/api/v1/cohorten/WA6-WISSEL/versiewissel", json={"kwalificatie": "WA-N6", "naar": "2.2"})
    assert antwoord.status_code == 201, antwoord.text
    assert [w["naar"]["versie"] for w in antwoord.json()["wissels"]] == ["2.2"] * 3
    assert len(audit_records(db, "inschrijving_versie_gewisseld")) == 3
    nogmaals = client.post("/api/v1/cohorten/WA6-WISSEL/versiewissel", json={"kwalificatie": "WA-N6", "naar": "2.2"})
    assert nogmaals.status_code == 409


def test_de_beheerpagina_toont_het_voorbeeld_en_zet_over(
    db,
    client,
    als,
    beheerder,
    student,
    versie_22,
    gevorderd,  # noqa: ANN001
) -> None:
    oud = _inschrijving(db, student)
    als(beheerder)
    lijst = _tekst(client.get("/beheer/inschrijvingen").text)
    assert "Naar een nieuwe versie" in lijst
    kies = client.get(f"/beheer/inschrijvingen/{oud.id}/versiewissel")
    assert kies.status_code == 200
    assert "WA-N6 2.2 (01-12-2026)" in _tekst(kies.text)
    pagina = client.get(f"/beheer/inschrijvingen/{oud.id}/versiewissel", params={"naar": "2.2"})
    tekst = _tekst(pagina.text)
    assert "11 van de 12 leeruitkomsten nemen over" in tekst
    assert "LU1.1 Neemt over (exactMatchOf) Aangetoond → Aangetoond 1 oordeel, 1 bewijsversie" in tekst
    assert "LU2.2 Opnieuw aantonen (replacedBy) Aangetoond → Niet gestart niets" in tekst
    assert (
        "LU3.1 Neemt over (exactMatchOf) Ter beoordeling → Ter beoordeling "
        "0 oordelen, 1 bewijsversie, 1 wacht op oordeel"
    ) in tekst
    antwoord = client.post(
        f"/beheer/inschrijvingen/{oud.id}/versiewissel", data={"naar": "2.2"}, follow_redirects=False
    )
    assert antwoord.status_code == 303, antwoord.text
    assert "melding=versie-gewisseld" in antwoord.headers["location"]
    lijst = _tekst(client.get("/beheer/inschrijvingen").text)
    assert "overgezet (naar een nieuwere versie; blijft leesbaar)" in lijst
    # Moving again from the stale page: the page comes back with the reason, no 500.
    nogmaals = client.post(f"/beheer/inschrijvingen/{oud.id}/versiewissel", data={"naar": "2.2"})
    assert nogmaals.status_code == 409
    assert "al overgezet naar een andere versie" in _tekst(nogmaals.text)
    # The old enrolment's status cannot be set back by hand.
    terug = client.post(f"/beheer/inschrijvingen/{oud.id}/status", data={"status": "actief"})
    assert terug.status_code == 422
    db.expire_all()
    assert db.get(Inschrijving, oud.id).status == InschrijvingStatus.overgezet


def test_na_de_wissel_beoordeelt_de_begeleider_verder_op_dezelfde_geschiedenis(
    db,
    client,
    als,
    beheerder,
    student,
    praktijkbegeleider,
    versie_22,
    gevorderd,  # noqa: ANN001
) -> None:
    oud = _inschrijving(db, student)
    eerste_lu11 = db.scalar(select(Beoordeling).where(Beoordeling.student_id == student.id).order_by(Beoordeling.id))
    als(beheerder)
    assert client.post(f"/api/v1/inschrijvingen/{oud.id}/versiewissel", json={"naar": "2.2"}).status_code == 201

    als(praktijkbegeleider)
    # The waiting submission, linked to 2.1's LU3.1, opens with its form.
    versie_id = db.scalar(select(BewijsstukVersie.id).where(BewijsstukVersie.bewijsstuk_id == gevorderd["id"]))
    pagina = client.get(f"/te-beoordelen/{versie_id}")
    assert pagina.status_code == 200
    assert "LU3.1" in _tekst(pagina.text)
    # Judging LU1.1 again on the same evidence is a correction of the judgement given on 2.1: it needs a reason.
    lu11_versie = db.scalar(
        select(BeoordelingBewijs.versie_id).where(BeoordelingBewijs.beoordeling_id == eerste_lu11.id)
    )
    nummer = db.get(BewijsstukVersie, lu11_versie)
    body = {
        "leeruitkomst": "LU1.1",
        "oordeel": "gedeeltelijk_aangetoond",
        "feedback": "Bij nader inzien mist de reflectie.",
        "bewijsstukken": [{"id": nummer.bewijsstuk_id, "versie": nummer.versie}],
    }
    zonder = client.post(f"/api/v1/studenten/{student.id}/beoordelingen", json=body)
    assert zonder.status_code == 422, zonder.text
    assert "reden" in zonder.text
    met = client.post(f"/api/v1/studenten/{student.id}/beoordelingen", json={**body, "reden": "Reflectie ontbrak."})
    assert met.status_code == 201, met.text
    db.expire_all()
    correctie = db.get(Beoordeling, met.json()["id"])
    assert (correctie.vervangt_id, correctie.correctie) == (eerste_lu11.id, True)
    lu11 = next(
        lu.id for lu in kwalificaties.repository.leeruitkomsten_van_versie(db, versie_22.id) if lu.code == "LU1.1"
    )
    assert db.get(LeeruitkomstStand, (student.id, lu11)).status == "gedeeltelijk_aangetoond"
    assert stand.verschillen(db, [student.id]) == []


def test_het_cohortvoorbeeld_kost_evenveel_queries_met_2_als_met_12_studenten(
    db,
    client,
    als,
    beheerder,
    versie_22,
    count_queries,  # noqa: ANN001
) -> None:
    cohort = factories.create_cohort(db, "WA6-TELLEN")
    als(beheerder)

    def queries_met(aantal: int) -> int:
        while len(db.scalars(select(Inschrijving.id).where(Inschrijving.cohort_id == cohort.id)).all()) < aantal:
            factories.create_inschrijving(db, factories.create_gebruiker(db, factories.Rol.student), cohort)
        with count_queries:
            antwoord = client.get(
                "/api/v1/cohorten/WA6-TELLEN/versiewissel", params={"kwalificatie": "WA-N6", "naar": "2.2"}
            )
        assert antwoord.status_code == 200
        assert len(antwoord.json()["studenten"]) == aantal
        return count_queries.count

    assert queries_met(2) == queries_met(12)


def test_de_cohortpagina_toont_per_student_wat_opnieuw_moet_en_zet_iedereen_over(
    db,
    client,
    als,
    beheerder,
    versie_22,  # noqa: ANN001
) -> None:
    cohort = factories.create_cohort(db, "WA6-PAGINA")
    for n in range(2):
        factories.create_inschrijving(
            db, factories.create_gebruiker(db, factories.Rol.student, naam=f"Kim {n}"), cohort
        )
    als(beheerder)
    assert "WA6-PAGINA naar een nieuwe versie" in _tekst(client.get("/beheer/cohorten").text)
    pagina = _tekst(client.get("/beheer/cohorten/WA6-PAGINA/versiewissel", params={"naar": "WA-N6 2.2"}).text)
    assert "2 studenten gaan over" in pagina
    assert "Kim 0 (WA-N6 2.1): 11 nemen over; opnieuw: LU2.2 (nu niet gestart)" in pagina
    gedaan = client.post(
        "/beheer/cohorten/WA6-PAGINA/versiewissel",
        data={"kwalificatie": "WA-N6", "naar": "2.2"},
        follow_redirects=False,
    )
    assert gedaan.status_code == 303
    assert len(audit_records(db, "inschrijving_versie_gewisseld")) == 2
    nogmaals = client.post("/beheer/cohorten/WA6-PAGINA/versiewissel", data={"kwalificatie": "WA-N6", "naar": "2.2"})
    assert nogmaals.status_code == 409
    assert "niemand een andere versie" in _tekst(nogmaals.text)


def test_na_de_wissel_wacht_een_inzending_niet_op_wie_hem_al_beoordeelde(
    db,
    client,
    als,
    beheerder,
    student,
    praktijkbegeleider,
    versie_22,
    aanbieden,  # noqa: F811
) -> None:  # noqa: ANN001
    # Two assessors per leeruitkomst on both versions: one judgement leaves the submission open.
    als(beheerder)
    for versie in ("2.1", "2.2"):
        antwoord = client.patch(f"/api/v1/kwalificaties/WA-N6/versies/{versie}", json={"beoordelaars_vereist": 2})
        assert antwoord.status_code == 200, antwoord.text
    tweede = factories.create_gebruiker(db, factories.Rol.praktijkbegeleider, naam="Tessa Tweedebegeleider")
    factories.create_begeleiding(db, tweede, student)
    bewijs = aanbieden(student, ("LU1.1",), titel="Verslag wijkronde")
    als(praktijkbegeleider)
    assert (
        client.post(f"/api/v1/studenten/{student.id}/beoordelingen", json=oordeel(bewijs, "LU1.1")).status_code == 201
    )
    als(beheerder)
    oud = _inschrijving(db, student)
    assert client.post(f"/api/v1/inschrijvingen/{oud.id}/versiewissel", json={"naar": "2.2"}).status_code == 201

    # Carried over to 2.2's LU1.1, the judgement still counts as the first assessor's own.
    als(praktijkbegeleider)
    assert "Verslag wijkronde" not in [i["titel"] for i in client.get("/api/v1/te-beoordelen").json()]
    als(tweede)
    assert "Verslag wijkronde" in [i["titel"] for i in client.get("/api/v1/te-beoordelen").json()]
    assert stand.verschillen(db, [student.id]) == []
