"""A beheerder enrols students on a kwalificatie version and changes the status of an inschrijving."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.models import Inschrijving, InschrijvingStatus, Rol
from tests import factories
from tests.organisatie.conftest import audit_records


def _formulier(student, cohort, db, **extra) -> dict:  # noqa: ANN001
    return {
        "student": str(student.id),
        "kwalificatie": str(factories.wijkagent(db).id),
        "cohort": str(cohort.id),
        "startdatum": "2026-09-01",
    } | extra


def test_beheerder_schrijft_een_student_in(client, db, beheerder, als) -> None:  # noqa: ANN001
    nieuw = factories.create_gebruiker(db, Rol.student, naam="Nina Nieuw", studentnummer="S900001")
    cohort = factories.create_cohort(db, "WA6-2026-09")
    als(beheerder)
    response = client.post("/beheer/inschrijvingen", data=_formulier(nieuw, cohort, db), follow_redirects=False)
    assert response.status_code == 303
    inschrijving = db.scalar(select(Inschrijving).where(Inschrijving.student_id == nieuw.id))
    assert inschrijving.cohort_id == cohort.id
    assert inschrijving.startdatum == dt.date(2026, 9, 1)
    assert inschrijving.status == InschrijvingStatus.actief
    [record] = audit_records(db, "inschrijving_aangemaakt")
    assert record["actor_id"] == beheerder.id
    assert record | {"kwalificatie": "WA-N6", "versie": "2.1", "cohort": "WA6-2026-09"} == record
    html = client.get(response.headers["location"]).text
    assert "De student is ingeschreven." in html
    assert "Nina Nieuw" in html and "S900001" in html and "WA-N6 2.1" in html and "01-09-2026" in html


def test_beheerder_kan_een_student_niet_twee_keer_op_dezelfde_versie_inschrijven(
    client,
    db,
    beheerder,
    student,
    als,  # noqa: ANN001
) -> None:
    als(beheerder)
    response = client.post("/beheer/inschrijvingen", data=_formulier(student, factories.create_cohort(db), db))
    assert response.status_code == 409
    assert "Sanne Student is al ingeschreven voor WA-N6 versie 2.1." in response.text
    assert audit_records(db, "inschrijving_aangemaakt") == []


def test_alleen_een_student_kan_worden_ingeschreven(client, db, beheerder, praktijkbegeleider, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post(
        "/beheer/inschrijvingen", data=_formulier(praktijkbegeleider, factories.create_cohort(db), db)
    )
    assert response.status_code == 422
    assert "Pieter Praktijkbegeleider heeft niet de rol student." in response.text
    assert db.scalar(select(Inschrijving).where(Inschrijving.student_id == praktijkbegeleider.id)) is None


def test_een_leeg_formulier_noemt_elk_ontbrekend_veld(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post("/beheer/inschrijvingen", data={"startdatum": "31-02-2026"})
    assert response.status_code == 422
    for melding in ("Kies een student.", "Kies een kwalificatieversie.", "Kies een cohort.", "geen geldige datum"):
        assert melding in response.text


def test_beheerder_wijzigt_de_status_en_de_audittrail_noemt_oud_en_nieuw(client, db, beheerder, als) -> None:  # noqa: ANN001
    student = factories.create_gebruiker(db, Rol.student)
    inschrijving = factories.create_inschrijving(db, student)
    als(beheerder)
    response = client.post(
        f"/beheer/inschrijvingen/{inschrijving.id}/status", data={"status": "uitgeschreven"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"#inschrijving-{inschrijving.id}")
    db.refresh(inschrijving)
    assert inschrijving.status == InschrijvingStatus.uitgeschreven
    [record] = audit_records(db, "inschrijving_status_gewijzigd")
    assert (record["van"], record["naar"], record["actor_id"]) == ("actief", "uitgeschreven", beheerder.id)


def test_een_onbekende_status_wordt_geweigerd(client, db, beheerder, student, als) -> None:  # noqa: ANN001
    inschrijving = db.scalar(select(Inschrijving).where(Inschrijving.student_id == student.id))
    als(beheerder)
    response = client.post(f"/beheer/inschrijvingen/{inschrijving.id}/status", data={"status": "geslaagd"})
    assert response.status_code == 422
    assert "Kies een geldige status" in response.text
    db.refresh(inschrijving)
    assert inschrijving.status == InschrijvingStatus.actief


def test_status_van_een_onbekende_inschrijving_is_404(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    assert client.post("/beheer/inschrijvingen/999999/status", data={"status": "actief"}).status_code == 404


def test_inschrijvingenlijst_kost_evenveel_queries_bij_3_en_30_rijen(
    client,
    db,
    beheerder,
    als,
    count_queries,
    maak_studenten,  # noqa: ANN001
) -> None:
    als(beheerder)
    maak_studenten(3)
    with count_queries:
        assert client.get("/beheer/inschrijvingen").text.count('<tr id="inschrijving-') == 3
    bij_3 = count_queries.count
    maak_studenten(27)
    with count_queries:
        assert client.get("/beheer/inschrijvingen").text.count('<tr id="inschrijving-') == 30
    assert count_queries.count == bij_3


def test_zonder_cohorten_wijst_de_pagina_de_weg_naar_cohorten(client, db, beheerder, als) -> None:  # noqa: ANN001
    from sqlalchemy import select

    from app.models import Cohort

    als(beheerder)
    html = client.get("/beheer/inschrijvingen").text
    heeft_cohorten = db.scalar(select(Cohort.id).limit(1)) is not None
    assert ("maak eerst een cohort aan" in html) is not heeft_cohorten


def test_gediplomeerd_kan_een_beheerder_niet_met_de_hand_kiezen(client, db, beheerder, student, als) -> None:  # noqa: ANN001
    inschrijving = db.scalar(select(Inschrijving).where(Inschrijving.student_id == student.id))
    als(beheerder)

    pagina = client.get("/beheer/inschrijvingen").text
    response = client.post(f"/beheer/inschrijvingen/{inschrijving.id}/status", data={"status": "gediplomeerd"})

    assert '<option value="gediplomeerd"' not in pagina
    assert response.status_code == 422
    assert f'id="status-{inschrijving.id}-fout">Gediplomeerd wordt een inschrijving alleen door een diplomabesluit' in (
        response.text
    )
    db.refresh(inschrijving)
    assert inschrijving.status == InschrijvingStatus.actief
    assert audit_records(db, "inschrijving_status_gewijzigd") == []
