"""POST/GET /studenten/{id}/beoordelingen: who may judge, on which evidence, and judgements as history."""

from __future__ import annotations

import datetime as dt
import json

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import tijd
from app.models import AuditRecord, Beoordeling, Melding, Rol
from tests import factories
from tests.beoordeling.conftest import Aanbieder, oordeel


def _post(client: TestClient, student, body: dict):  # noqa: ANN001, ANN202
    return client.post(f"/api/v1/studenten/{student.id}/beoordelingen", json=body)


def test_de_praktijkbegeleider_beoordeelt_en_de_student_ziet_het_terug(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder, db: Session
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student, ("LU1.1", "LU2.1"))
    als(praktijkbegeleider)

    antwoord = _post(client, student, oordeel(bewijs, "LU1.1", "aangetoond", observatiedatum="2026-11-12"))

    assert antwoord.status_code == 201, antwoord.text
    body = antwoord.json()
    assert body["oordeel"] == "aangetoond"
    assert body["beoordelaar"]["naam"] == "Pieter Praktijkbegeleider"
    assert body["bewijsstukken"] == [{"id": bewijs["id"], "versie": 1}]
    assert body["observatiedatum"] == "2026-11-12"
    als(student)
    voortgang = client.get(f"/api/v1/studenten/{student.id}/voortgang").json()
    per_code = {lu["code"]: lu for lu in voortgang["leeruitkomsten"]}
    assert per_code["LU1.1"]["status"] == "aangetoond"
    assert per_code["LU1.1"]["toelichting"].startswith("Aangetoond volgens P. Praktijkbegeleider op ")
    assert per_code["LU1.1"]["toelichting"].endswith("(versie 1).")
    assert per_code["LU2.1"]["status"] == "ter_beoordeling"
    assert voortgang["aangetoond"] == 1
    assert client.get(f"/api/v1/studenten/{student.id}/beoordelingen").json()[0]["id"] == body["id"]
    meldingen = client.get("/api/v1/meldingen").json()
    assert meldingen[0]["soort"] == "nieuwe_feedback"
    assert "LU1.1" in meldingen[0]["tekst"]
    acties = db.scalars(select(AuditRecord.actie).where(AuditRecord.onderwerp_type == "beoordeling")).all()
    assert acties == ["beoordeeld"]


def test_feedback_is_verplicht_tenzij_aangetoond(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    als(praktijkbegeleider)
    antwoord = _post(client, student, oordeel(bewijs, oordeel_="gedeeltelijk_aangetoond", feedback="  "))
    assert antwoord.status_code == 422
    assert antwoord.headers["content-type"].startswith("application/problem+json")
    assert "feedback" in antwoord.json()["detail"].lower()


def test_een_oordeel_berust_op_aangeboden_bewijs_bij_die_leeruitkomst(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder, upload
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student, ("LU1.1",))
    als(student)
    concept = upload(student, leeruitkomsten=("LU2.1",)).json()
    als(praktijkbegeleider)

    geen_bewijs = {**oordeel(bewijs), "bewijsstukken": []}
    ander_lu = oordeel(bewijs, "LU2.1")
    nog_concept = oordeel(concept, "LU2.1")
    onbekend = {**oordeel(bewijs), "bewijsstukken": [{"id": bewijs["id"], "versie": 7}]}
    for body in (geen_bewijs, ander_lu, nog_concept, onbekend):
        antwoord = _post(client, student, body)
        assert antwoord.status_code == 422, body
        assert antwoord.json()["title"] == "Ongeldige invoer"
    assert client.get(f"/api/v1/studenten/{student.id}/beoordelingen").json() == []


def test_verouderd_bewijs_geeft_409(client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    # The student submits version 2 after the assessor opened version 1.
    client.patch(f"/api/v1/bewijsstukken/{bewijs['id']}", data={"titel": "Verslag, aangevuld"})
    assert client.post(f"/api/v1/bewijsstukken/{bewijs['id']}/indienen").json()["versie"] == 2
    als(praktijkbegeleider)

    antwoord = _post(client, student, oordeel(bewijs))

    assert antwoord.status_code == 409
    assert "versie 2" in antwoord.json()["detail"]
    assert "opnieuw" in antwoord.json()["detail"]
    assert (
        _post(client, student, {**oordeel(bewijs), "bewijsstukken": [{"id": bewijs["id"], "versie": 2}]}).status_code
        == 201
    )


def test_een_correctie_vervangt_met_reden_en_niets_verdwijnt(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder, db: Session
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    als(praktijkbegeleider)
    eerste = _post(client, student, oordeel(bewijs, oordeel_="aangetoond")).json()

    zonder_reden = _post(client, student, oordeel(bewijs, oordeel_="niet_aangetoond", feedback="Toch niet."))
    assert zonder_reden.status_code == 422
    assert "reden" in zonder_reden.json()["detail"].lower()
    correctie = _post(
        client, student, oordeel(bewijs, oordeel_="niet_aangetoond", feedback="Toch niet.", reden="Verkeerde bijlage")
    )

    assert correctie.status_code == 201
    assert correctie.json()["vervangt"] == eerste["id"]
    alle = client.get(f"/api/v1/studenten/{student.id}/beoordelingen").json()
    assert [b["id"] for b in alle] == [correctie.json()["id"], eerste["id"]]
    assert alle[1]["oordeel"] == "aangetoond"  # kept, not overwritten
    status = client.get(f"/api/v1/studenten/{student.id}/voortgang").json()["leeruitkomsten"][0]
    assert status["status"] == "niet_aangetoond"
    vastgelegd = db.scalar(select(AuditRecord.gegevens).where(AuditRecord.actie == "beoordeling_gecorrigeerd"))
    assert json.loads(vastgelegd)["reden"] == "Verkeerde bijlage"


def test_een_nieuwe_versie_beoordelen_is_geen_correctie_en_vraagt_geen_reden(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder, db: Session
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    als(praktijkbegeleider)
    eerste = _post(client, student, oordeel(bewijs, oordeel_="niet_aangetoond", feedback="De bron ontbreekt.")).json()
    als(student)
    client.patch(f"/api/v1/bewijsstukken/{bewijs['id']}", data={"titel": "Verslag, met bron"})
    tweede_versie = client.post(f"/api/v1/bewijsstukken/{bewijs['id']}/indienen").json()
    als(praktijkbegeleider)

    herbeoordeling = _post(client, student, oordeel(tweede_versie, feedback="Nu met bron."))

    assert herbeoordeling.status_code == 201, herbeoordeling.text
    assert (herbeoordeling.json()["vervangt"], herbeoordeling.json()["correctie"]) == (eerste["id"], False)
    status = client.get(f"/api/v1/studenten/{student.id}/voortgang").json()["leeruitkomsten"][0]
    assert status["status"] == "aangetoond"  # the new judgement counts, the earlier one stays in the history
    assert [b["id"] for b in client.get(f"/api/v1/studenten/{student.id}/beoordelingen").json()] == [
        herbeoordeling.json()["id"],
        eerste["id"],
    ]
    assert db.scalar(select(AuditRecord.id).where(AuditRecord.actie == "herbeoordeeld")) is not None

    # The same evidence once more is a correction again: that needs a reason.
    nog_eens = _post(client, student, oordeel(tweede_versie, oordeel_="niet_aangetoond", feedback="Toch niet."))
    assert nog_eens.status_code == 422
    assert "reden" in nog_eens.json()["detail"].lower()
    correctie = _post(
        client, student, oordeel(tweede_versie, oordeel_="niet_aangetoond", feedback="Toch niet.", reden="Bron vals")
    )
    assert (correctie.status_code, correctie.json()["correctie"]) == (201, True)


def test_een_beoordeeld_bewijsstuk_kan_niet_meer_worden_ingetrokken(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    als(praktijkbegeleider)
    _post(client, student, oordeel(bewijs))
    als(student)
    antwoord = client.post(f"/api/v1/bewijsstukken/{bewijs['id']}/intrekken")
    assert antwoord.status_code == 409


# --- Who may judge --------------------------------------------------------------------------------


def test_wie_niet_mag_beoordelen_krijgt_404_of_403(
    client: TestClient,
    als,
    db: Session,
    student,
    praktijkbegeleider,
    andere_praktijkbegeleider,
    oud_praktijkbegeleider,
    examencommissielid,
    beheerder,
    andere_student,
    aanbieden: Aanbieder,
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    body = oordeel(bewijs)
    # Who may not see the student: 404, ids reveal nothing.
    for persoon in (andere_praktijkbegeleider, oud_praktijkbegeleider, andere_student):
        als(persoon)
        assert _post(client, student, body).status_code == 404, persoon.naam
    # Who sees the student but may not judge: 403.
    for persoon in (student, beheerder, examencommissielid):
        als(persoon)
        antwoord = _post(client, student, body)
        assert antwoord.status_code == 403, persoon.naam
        assert antwoord.json()["title"] == "Geen toegang"
    assert db.scalars(select(Beoordeling)).all() == []


def test_niemand_beoordeelt_eigen_bewijs_ook_niet_als_praktijkbegeleider(
    client: TestClient, als, db: Session, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    beide = factories.create_gebruiker(db, Rol.student, Rol.praktijkbegeleider, naam="Dubbel Rol")
    factories.create_inschrijving(db, beide)
    factories.create_begeleiding(db, beide, beide)
    bewijs = aanbieden(beide)
    assert _post(client, beide, oordeel(bewijs)).status_code == 403


def test_een_begeleiding_die_vandaag_begint_mag_al_beoordelen(
    client: TestClient, als, db: Session, student, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    nieuw = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Nina Nieuw")
    factories.create_begeleiding(db, nieuw, student, van=tijd.vandaag(), tot=tijd.vandaag())
    bewijs = aanbieden(student)
    als(nieuw)
    assert _post(client, student, oordeel(bewijs)).status_code == 201


def test_anoniem_krijgt_401(client: TestClient, student) -> None:  # noqa: ANN001
    antwoord = client.get(f"/api/v1/studenten/{student.id}/beoordelingen")
    assert antwoord.status_code == 401


def test_onzin_invoer_geeft_422_en_nooit_500(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    als(praktijkbegeleider)
    for body in (
        {**oordeel(bewijs), "oordeel": "prima"},
        {**oordeel(bewijs), "leeruitkomst": "LU9.9"},
        {**oordeel(bewijs), "bewijsstukken": [{"id": 2**40, "versie": 1}]},
        {**oordeel(bewijs), "feedback": "nul\x00teken", "oordeel": "niet_aangetoond"},
        {**oordeel(bewijs), "observatiedatum": (tijd.vandaag() + dt.timedelta(days=3)).isoformat()},
    ):
        antwoord = _post(client, student, body)
        assert antwoord.status_code == 422, (body, antwoord.text)


# --- Two assessors --------------------------------------------------------------------------------


def test_met_twee_vereist_telt_pas_de_tweede_beoordelaar(
    client: TestClient, als, db: Session, student, praktijkbegeleider, beheerder, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    tweede = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Fatima El Amrani")
    factories.create_begeleiding(db, tweede, student)
    als(beheerder)
    regel = client.patch("/api/v1/kwalificaties/WA-N6/versies/2.1", json={"beoordelaars_vereist": 2})
    assert regel.status_code == 200
    assert regel.json() == {"code": "WA-N6", "versie": "2.1", "beoordelaars_vereist": 2}
    assert client.get("/api/v1/kwalificaties/WA-N6/versies/2.1").json()["beoordelaars_vereist"] == 2
    bewijs = aanbieden(student)

    als(praktijkbegeleider)
    _post(client, student, oordeel(bewijs, feedback="Eerste blik: goed."))
    als(student)
    lu = client.get(f"/api/v1/studenten/{student.id}/voortgang").json()["leeruitkomsten"][0]
    assert lu["status"] == "ter_beoordeling"
    assert lu["toelichting"].endswith("nog één tweede beoordelaar nodig.")

    # The second assessor does not see the first one's verdict before giving their own.
    als(tweede)
    assert client.get(f"/api/v1/studenten/{student.id}/beoordelingen").json() == []
    assert "P. Praktijkbegeleider" not in client.get(f"/api/v1/studenten/{student.id}/voortgang").text
    assert _post(client, student, oordeel(bewijs)).status_code == 201
    assert len(client.get(f"/api/v1/studenten/{student.id}/beoordelingen").json()) == 2

    als(student)
    lu = client.get(f"/api/v1/studenten/{student.id}/voortgang").json()["leeruitkomsten"][0]
    assert lu["status"] == "aangetoond"
    assert "P. Praktijkbegeleider" in lu["toelichting"] and "F. El Amrani" in lu["toelichting"]


def test_alleen_een_beheerder_stelt_de_beoordelingsregel_in(
    client: TestClient, als, praktijkbegeleider, beheerder, db: Session
) -> None:  # noqa: ANN001
    als(praktijkbegeleider)
    assert client.patch("/api/v1/kwalificaties/WA-N6/versies/2.1", json={"beoordelaars_vereist": 2}).status_code == 403
    als(beheerder)
    assert client.patch("/api/v1/kwalificaties/WA-N6/versies/2.1", json={"beoordelaars_vereist": 3}).status_code == 422
    assert client.patch("/api/v1/kwalificaties/WA-N6/versies/9.9", json={"beoordelaars_vereist": 2}).status_code == 404
    assert client.patch("/api/v1/kwalificaties/WA-N6/versies/2.1", json={"beoordelaars_vereist": 2}).status_code == 200
    gegevens = json.loads(
        db.scalar(select(AuditRecord.gegevens).where(AuditRecord.actie == "beoordelingsregel_gewijzigd"))
    )
    assert (gegevens["van"], gegevens["naar"]) == (1, 2)
    assert "twee verschillende beoordelaars" in client.get("/kwalificaties/WA-N6/versies/2.1").text


# --- Replies and meldingen ------------------------------------------------------------------------


def test_de_student_reageert_en_de_reactie_blijft_bij_het_oordeel(
    client: TestClient, als, student, andere_student, praktijkbegeleider, aanbieden: Aanbieder, db: Session
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    als(praktijkbegeleider)
    beoordeling = _post(
        client, student, oordeel(bewijs, oordeel_="gedeeltelijk_aangetoond", feedback="Meer diepgang.")
    ).json()

    als(andere_student)
    assert client.post(f"/api/v1/beoordelingen/{beoordeling['id']}/reacties", json={"tekst": "Hoi"}).status_code == 404
    als(student)
    assert client.post(f"/api/v1/beoordelingen/{beoordeling['id']}/reacties", json={"tekst": " "}).status_code == 422
    antwoord = client.post(f"/api/v1/beoordelingen/{beoordeling['id']}/reacties", json={"tekst": "Ik vul het aan."})

    assert antwoord.status_code == 201
    reacties = client.get(f"/api/v1/studenten/{student.id}/beoordelingen").json()[0]["reacties"]
    assert [r["tekst"] for r in reacties] == ["Ik vul het aan."]
    assert db.scalar(select(AuditRecord.actie).where(AuditRecord.actie == "reactie_gegeven")) == "reactie_gegeven"
    als(praktijkbegeleider)
    assert client.get("/api/v1/meldingen").json()[0]["soort"] == "nieuwe_reactie"


def test_een_nieuwe_inzending_meldt_zich_bij_de_huidige_praktijkbegeleider(
    client: TestClient, als, student, praktijkbegeleider, oud_praktijkbegeleider, aanbieden: Aanbieder, db: Session
) -> None:  # noqa: ANN001
    aanbieden(student, titel="Verslag wijkschouw")
    ontvangers = db.scalars(select(Melding.ontvanger_id).where(Melding.soort == "nieuwe_inzending")).all()
    assert ontvangers == [praktijkbegeleider.id]
    als(praktijkbegeleider)
    meldingen = client.get("/api/v1/meldingen")
    assert meldingen.headers["X-Total-Count"] == "1"
    assert "Verslag wijkschouw" in meldingen.json()[0]["tekst"]
    assert client.get("/meldingen/aantal").text.startswith('<span class="teller">1')
    client.get("/meldingen")
    assert client.get("/meldingen/aantal").text == ""
