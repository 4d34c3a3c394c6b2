"""Versions and submission: a submitted version is frozen, a change is a new version, nothing submitted is lost."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditRecord, Gebruiker
from app.opslag import LocalStorage
from app.portfolio import repository
from tests.portfolio.conftest import PDF, PNG, TEKST, Uploader, bestanden_in


def acties(db: Session, bewijsstuk_id: int, *door: Gebruiker) -> list[tuple[str, dict]]:
    """The audit trail of the bewijsstuk, by these people (committed runs of other tests may reuse the id)."""
    records = db.scalars(
        select(AuditRecord)
        .where(
            AuditRecord.onderwerp_type == "bewijsstuk",
            AuditRecord.onderwerp_id == str(bewijsstuk_id),
            AuditRecord.actor_id.in_([persoon.id for persoon in door]),
        )
        .order_by(AuditRecord.volgnummer)
    )
    return [(r.actie, json.loads(r.gegevens)) for r in records]


def test_indienen_bevriest_de_versie_en_wijzigen_maakt_versie_2(
    als, student, upload: Uploader, client, db: Session
) -> None:
    als(student)
    eerste = upload(student, [("verslag.pdf", PDF)]).json()
    v1_bestand = eerste["bestanden"][0]

    ingediend = client.post(f"/api/v1/bewijsstukken/{eerste['id']}/indienen")
    assert ingediend.status_code == 200
    assert ingediend.json()["status"] == "ingediend"
    assert ingediend.json()["ingediend_op"] is not None

    # Submitting again, or deleting, is refused: the version is frozen.
    assert client.post(f"/api/v1/bewijsstukken/{eerste['id']}/indienen").status_code == 409
    assert client.delete(f"/api/v1/bewijsstukken/{eerste['id']}").status_code == 409

    gewijzigd = client.patch(
        f"/api/v1/bewijsstukken/{eerste['id']}",
        data={"titel": "Verslag wijkschouw, herzien"},
        files=[("bestanden", ("foto.png", PNG, "image/png"))],
    )
    assert gewijzigd.status_code == 200
    v2 = gewijzigd.json()
    assert (v2["versie"], v2["status"], v2["titel"]) == (2, "concept", "Verslag wijkschouw, herzien")
    assert [b["naam"] for b in v2["bestanden"]] == ["verslag.pdf", "foto.png"]
    # The copied link keeps its onderbouwing; the copied file is the same stored file.
    assert v2["leeruitkomsten"] == eerste["leeruitkomsten"]
    assert v2["bestanden"][0]["sha256"] == v1_bestand["sha256"]
    assert v2["bestanden"][0]["id"] != v1_bestand["id"]

    details = client.get(f"/api/v1/bewijsstukken/{eerste['id']}").json()
    v1 = details["versies"][0]
    assert (v1["versie"], v1["status"], v1["titel"]) == (1, "ingediend", "Verslag wijkschouw")
    assert [b["id"] for b in v1["bestanden"]] == [v1_bestand["id"]]

    # Version 1 is still downloadable, byte for byte, with its original checksum.
    download = client.get(v1_bestand["url"])
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == v1_bestand["sha256"] == hashlib.sha256(PDF).hexdigest()

    assert [actie for actie, _ in acties(db, eerste["id"], student)] == [
        "bewijsstuk_geupload",
        "ingediend",
        "nieuwe_versie",
    ]


def test_een_concept_wordt_ter_plekke_gewijzigd(als, student, upload: Uploader, client, opslag: LocalStorage) -> None:
    als(student)
    eerste = upload(student, [("verslag.pdf", PDF), ("notitie.txt", TEKST)]).json()
    notitie = eerste["bestanden"][1]

    gewijzigd = client.patch(
        f"/api/v1/bewijsstukken/{eerste['id']}",
        data={
            "leeruitkomsten": ["LU1.1", "LU2.1"],
            "onderbouwing_LU2.1": "Reflectie op mijn ontwikkeling.",
            "verwijder_bestand": [str(notitie["id"])],
        },
    ).json()

    assert gewijzigd["versie"] == 1
    assert [b["naam"] for b in gewijzigd["bestanden"]] == ["verslag.pdf"]
    assert gewijzigd["leeruitkomsten"] == [
        {"leeruitkomst": "LU1.1", "onderbouwing": eerste["leeruitkomsten"][0]["onderbouwing"]},
        {"leeruitkomst": "LU2.1", "onderbouwing": "Reflectie op mijn ontwikkeling."},
    ]
    # The dropped file was only this concept's: it is gone from storage after the commit.
    assert len(bestanden_in(opslag)) == 1


def test_een_weggelaten_bestand_van_een_aangeboden_versie_blijft_bewaard(
    als, student, upload: Uploader, client, opslag: LocalStorage
) -> None:
    als(student)
    eerste = upload(student, [("verslag.pdf", PDF), ("foto.png", PNG)]).json()
    client.post(f"/api/v1/bewijsstukken/{eerste['id']}/indienen")

    v2 = client.patch(
        f"/api/v1/bewijsstukken/{eerste['id']}", data={"verwijder_bestand": [str(eerste["bestanden"][1]["id"])]}
    ).json()
    client.delete(f"/api/v1/bewijsstukken/{eerste['id']}")  # discard the new concept again

    assert [b["naam"] for b in v2["bestanden"]] == ["verslag.pdf"]
    assert len(bestanden_in(opslag)) == 2
    assert client.get(eerste["bestanden"][1]["url"]).status_code == 200


def test_een_concept_verwijderen_ruimt_het_op_maar_een_eerdere_versie_blijft(
    als, student, upload: Uploader, client, opslag: LocalStorage, db: Session
) -> None:
    als(student)
    los = upload(student, [("los.pdf", PDF)]).json()
    assert client.delete(f"/api/v1/bewijsstukken/{los['id']}").status_code == 204
    assert client.get(f"/api/v1/bewijsstukken/{los['id']}").status_code == 404
    assert bestanden_in(opslag) == []

    bewaard = upload(student, [("verslag.pdf", PDF)]).json()
    client.post(f"/api/v1/bewijsstukken/{bewaard['id']}/indienen")
    client.patch(f"/api/v1/bewijsstukken/{bewaard['id']}", files=[("bestanden", ("foto.png", PNG, "image/png"))])
    assert len(bestanden_in(opslag)) == 2

    assert client.delete(f"/api/v1/bewijsstukken/{bewaard['id']}").status_code == 204

    over = client.get(f"/api/v1/bewijsstukken/{bewaard['id']}").json()
    assert [v["versie"] for v in over["versies"]] == [1]
    assert over["status"] == "ingediend"
    assert len(bestanden_in(opslag)) == 1  # the concept's new photo went, version 1's PDF stayed
    assert acties(db, los["id"], student)[-1][0] == "concept_verwijderd"


def test_intrekken_zolang_niemand_het_beoordeelde(als, student, upload: Uploader, client, db: Session) -> None:
    als(student)
    eerste = upload(student).json()
    assert client.post(f"/api/v1/bewijsstukken/{eerste['id']}/intrekken").status_code == 409  # nothing submitted
    client.post(f"/api/v1/bewijsstukken/{eerste['id']}/indienen")

    ingetrokken = client.post(f"/api/v1/bewijsstukken/{eerste['id']}/intrekken")

    assert ingetrokken.status_code == 200
    assert ingetrokken.json()["status"] == "ingetrokken"
    assert ingetrokken.json()["ingetrokken_op"] is not None
    # Withdrawn is still frozen: a change is version 2.
    v2 = client.patch(f"/api/v1/bewijsstukken/{eerste['id']}", data={"titel": "Opnieuw"}).json()
    assert (v2["versie"], v2["status"]) == (2, "concept")
    assert [a for a, _ in acties(db, eerste["id"], student)] == [
        "bewijsstuk_geupload",
        "ingediend",
        "ingetrokken",
        "nieuwe_versie",
    ]


def test_intrekken_kan_niet_meer_na_een_oordeel(als, student, upload: Uploader, client, monkeypatch) -> None:  # noqa: ANN001
    als(student)
    eerste = upload(student).json()
    client.post(f"/api/v1/bewijsstukken/{eerste['id']}/indienen")
    monkeypatch.setattr(repository, "versie_is_beoordeeld", lambda _session, _versie_id: True)

    antwoord = client.post(f"/api/v1/bewijsstukken/{eerste['id']}/intrekken")

    assert antwoord.status_code == 409
    assert "al beoordeeld" in antwoord.json()["detail"]


def test_indienen_vraagt_een_bestand_een_leeruitkomst_en_een_onderbouwing(
    als, student, upload: Uploader, client
) -> None:
    als(student)
    zonder = upload(student, [], leeruitkomsten=("LU1.1", "LU1.2"), onderbouwing="").json()

    antwoord = client.post(f"/api/v1/bewijsstukken/{zonder['id']}/indienen")

    assert antwoord.status_code == 422
    assert [e["veld"] for e in antwoord.json()["errors"]] == ["bestanden", "onderbouwing_LU1.1", "onderbouwing_LU1.2"]
    assert client.get(f"/api/v1/bewijsstukken/{zonder['id']}").json()["status"] == "concept"


def test_een_beheerder_verbergt_een_bewijsstuk_met_reden(
    als, student, praktijkbegeleider, beheerder, upload: Uploader, client, db: Session
) -> None:
    als(student)
    eerste = upload(student).json()
    client.post(f"/api/v1/bewijsstukken/{eerste['id']}/indienen")

    als(beheerder)
    assert client.post(f"/api/v1/bewijsstukken/{eerste['id']}/verbergen", json={"reden": " "}).status_code == 422
    verborgen = client.post(
        f"/api/v1/bewijsstukken/{eerste['id']}/verbergen", json={"reden": "Omstanders herkenbaar in beeld"}
    )
    assert verborgen.status_code == 200
    assert verborgen.json()["verborgen"]["reden"] == "Omstanders herkenbaar in beeld"
    # Beheer still sees everything: nothing was deleted.
    assert client.get(eerste["bestanden"][0]["url"]).status_code == 200
    assert acties(db, eerste["id"], student, beheerder)[-1] == (
        "verborgen",
        {"reden": "Omstanders herkenbaar in beeld"},
    )

    # The praktijkbegeleider no longer sees it at all.
    als(praktijkbegeleider)
    assert client.get(f"/api/v1/bewijsstukken/{eerste['id']}").status_code == 404
    assert client.get(eerste["bestanden"][0]["url"]).status_code == 404
    assert client.get(f"/api/v1/studenten/{student.id}/bewijsstukken").json() == []
    statussen = client.get(f"/api/v1/studenten/{student.id}/voortgang").json()["leeruitkomsten"]
    assert statussen[0] == {"code": "LU1.1", "status": "niet_gestart", "toelichting": "Nog geen bewijs gekoppeld."}

    # The student sees that it was hidden and why, but no longer the files, and can no longer change it.
    als(student)
    eigen = client.get(f"/api/v1/bewijsstukken/{eerste['id']}").json()
    assert eigen["verborgen"]["reden"] == "Omstanders herkenbaar in beeld"
    assert eigen["bestanden"] == [] and eigen["versies"] == []
    assert client.get(eerste["bestanden"][0]["url"]).status_code == 404
    assert client.patch(f"/api/v1/bewijsstukken/{eerste['id']}", data={"titel": "x"}).status_code == 409


def test_alleen_een_beheerder_verbergt(
    als, student, praktijkbegeleider, examencommissielid, upload: Uploader, client
) -> None:
    als(student)
    eerste = upload(student).json()
    for persoon in (student, praktijkbegeleider, examencommissielid):
        als(persoon)
        antwoord = client.post(f"/api/v1/bewijsstukken/{eerste['id']}/verbergen", json={"reden": "privacy"})
        assert antwoord.status_code == 404


def test_een_aangeboden_versie_staat_in_de_wachtrij_van_de_huidige_praktijkbegeleider(
    als, student, praktijkbegeleider, oud_praktijkbegeleider, andere_praktijkbegeleider, upload: Uploader, client, db
) -> None:  # noqa: ANN001
    from app.beoordeling import pagina
    from app.paginering import Paginering

    def wachtrij(persoon):  # noqa: ANN001, ANN202
        return pagina.inbox(db, persoon, Paginering(1, 25), None, None).versies

    als(student)
    concept = upload(student, titel="Nog bezig").json()
    aangeboden = upload(student, titel="Klaar").json()
    client.post(f"/api/v1/bewijsstukken/{aangeboden['id']}/indienen")

    assert [v.titel for v in wachtrij(praktijkbegeleider)] == ["Klaar"]
    assert wachtrij(oud_praktijkbegeleider) == []
    assert wachtrij(andere_praktijkbegeleider) == []
    assert concept["status"] == "concept"
