"""The JSON API for inschrijvingen and begeleidingen answers as API.md promises, with Dutch problems."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import tijd
from app.models import Cohort, Rol
from tests import factories
from tests.organisatie.conftest import audit_records


def _inschrijving(student_id: int, **extra) -> dict:
    return {
        "student": student_id,
        "kwalificatie": "WA-N6",
        "versie": "2.1",
        "cohort": "WA6-2027-09",
        "startdatum": "2027-09-01",
    } | extra


def test_beheerder_schrijft_in_via_de_api_en_het_nieuwe_cohort_wordt_aangemaakt(client, db, beheerder, als) -> None:  # noqa: ANN001
    nieuw = factories.create_gebruiker(db, Rol.student)
    als(beheerder)
    response = client.post("/api/v1/inschrijvingen", json=_inschrijving(nieuw.id))
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "student": nieuw.id,
        "kwalificatie": "WA-N6",
        "versie": "2.1",
        "cohort": "WA6-2027-09",
        "startdatum": "2027-09-01",
        "status": "actief",
        "aangesteld_bij_politie_op": None,
    }
    assert db.scalar(select(Cohort).where(Cohort.code == "WA6-2027-09")) is not None
    assert len(audit_records(db, "cohort_aangemaakt")) == 1
    assert audit_records(db, "inschrijving_aangemaakt")[0]["onderwerp_id"] == str(body["id"])


def test_een_bestaand_cohort_wordt_hergebruikt(client, db, beheerder, als) -> None:  # noqa: ANN001
    factories.create_cohort(db, "WA6-2027-09")
    nieuw = factories.create_gebruiker(db, Rol.student)
    als(beheerder)
    response = client.post("/api/v1/inschrijvingen", json=_inschrijving(nieuw.id, cohort="wa6-2027-09"))
    assert response.status_code == 201
    assert response.json()["cohort"] == "WA6-2027-09"
    assert audit_records(db, "cohort_aangemaakt") == []


def test_een_onbekende_student_is_404(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post("/api/v1/inschrijvingen", json=_inschrijving(999999))
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "Gebruiker 999999 bestaat niet."


def test_een_onbekende_kwalificatieversie_is_422_in_het_nederlands(client, db, beheerder, als) -> None:  # noqa: ANN001
    nieuw = factories.create_gebruiker(db, Rol.student)
    als(beheerder)
    response = client.post("/api/v1/inschrijvingen", json=_inschrijving(nieuw.id, versie="9.9"))
    assert response.status_code == 422
    problem = response.json()
    assert problem["title"] == "Ongeldige invoer"
    assert problem["detail"] == "Kwalificatie WA-N6 versie 9.9 bestaat niet."
    assert problem["errors"] == [{"veld": "kwalificatie", "melding": "Kwalificatie WA-N6 versie 9.9 bestaat niet."}]
    assert db.scalar(select(Cohort).where(Cohort.code == "WA6-2027-09")) is None  # nothing half-written


def test_een_praktijkbegeleider_inschrijven_is_422(client, praktijkbegeleider, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post("/api/v1/inschrijvingen", json=_inschrijving(praktijkbegeleider.id))
    assert response.status_code == 422
    assert response.json()["detail"] == "Pieter Praktijkbegeleider heeft niet de rol student."


def test_dubbel_inschrijven_op_dezelfde_versie_is_een_conflict(client, student, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post("/api/v1/inschrijvingen", json=_inschrijving(student.id))
    assert response.status_code == 409
    assert response.json()["detail"] == "Sanne Student is al ingeschreven voor WA-N6 versie 2.1."


def test_ongeldige_json_is_422_problem(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post("/api/v1/inschrijvingen", json={"student": "niet-een-id"})
    assert response.status_code == 422
    assert response.json()["detail"] == "De invoer is niet geldig."


@pytest.mark.parametrize("persona", ["student", "praktijkbegeleider", "examencommissielid"])
def test_wie_geen_beheerder_is_krijgt_404_op_de_schrijvende_api(client, db, als, request, persona) -> None:  # noqa: ANN001
    nieuw = factories.create_gebruiker(db, Rol.student)
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    als(request.getfixturevalue(persona))
    assert client.post("/api/v1/inschrijvingen", json=_inschrijving(nieuw.id)).status_code == 404
    body = {"praktijkbegeleider": begeleider.id, "student": nieuw.id, "van": "2026-09-01", "tot": None}
    assert client.post("/api/v1/begeleidingen", json=body).status_code == 404


def test_beheerder_legt_een_begeleiding_vast_via_de_api(client, db, andere_student, beheerder, als) -> None:  # noqa: ANN001
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    als(beheerder)
    body = {"praktijkbegeleider": begeleider.id, "student": andere_student.id, "van": "2026-09-01", "tot": None}
    response = client.post("/api/v1/begeleidingen", json=body)
    assert response.status_code == 201
    assert response.json() == {"id": response.json()["id"], **body}
    assert audit_records(db, "begeleiding_aangemaakt")[0]["actor_id"] == beheerder.id
    als(begeleider)
    assert [s["id"] for s in client.get("/api/v1/studenten").json()] == [andere_student.id]


def test_een_begeleiding_met_tot_voor_van_is_422(client, db, student, beheerder, als) -> None:  # noqa: ANN001
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    als(beheerder)
    body = {"praktijkbegeleider": begeleider.id, "student": student.id, "van": "2026-09-01", "tot": "2026-01-01"}
    response = client.post("/api/v1/begeleidingen", json=body)
    assert response.status_code == 422
    assert response.json()["detail"] == "De einddatum (01-01-2026) ligt vóór de begindatum (01-09-2026)."


def test_een_student_kan_geen_begeleider_zijn(client, student, andere_student, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    body = {"praktijkbegeleider": student.id, "student": andere_student.id, "van": tijd.vandaag().isoformat()}
    response = client.post("/api/v1/begeleidingen", json=body)
    assert response.status_code == 422
    assert response.json()["detail"] == "Sanne Student heeft niet de rol praktijkbegeleider."


def test_een_onbekende_begeleider_is_404(client, student, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    body = {"praktijkbegeleider": 999999, "student": student.id, "van": "2026-09-01"}
    assert client.post("/api/v1/begeleidingen", json=body).status_code == 404


def test_de_api_staat_in_openapi(client) -> None:  # noqa: ANN001
    paden = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/inschrijvingen", "/begeleidingen", "/studenten"} <= set(paden)  # under the server, /api/v1
