"""Input the database cannot hold answers 422 or 404 with a Dutch message, never 500, and writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Cohort, Gebruiker
from app.ops.invoer import MAX_INT

NUL_MELDING = "NUL-teken"


def _aantal(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_een_nul_teken_in_een_zoekvraag_geeft_422_met_het_veld(client, als, beheerder) -> None:  # noqa: ANN001
    als(beheerder)

    antwoord = client.get("/api/v1/studenten", params={"q": "Sanne\x00"})

    assert antwoord.status_code == 422
    assert antwoord.headers["content-type"] == "application/problem+json"
    assert NUL_MELDING in antwoord.json()["detail"]
    assert antwoord.json()["errors"][0]["veld"] == "q"


def test_een_nul_teken_in_json_geeft_422_en_maakt_niemand_aan(client, als, beheerder, db: Session) -> None:  # noqa: ANN001
    als(beheerder)
    voor = _aantal(db, Gebruiker)

    antwoord = client.post(
        "/api/v1/gebruikers", json={"email": "nul@example.org", "naam": "Nul\x00Teken", "rollen": ["student"]}
    )

    assert antwoord.status_code == 422
    assert NUL_MELDING in antwoord.json()["detail"]
    assert antwoord.json()["errors"][0]["veld"] == "body.naam"
    assert _aantal(db, Gebruiker) == voor


def test_een_nul_teken_in_een_paginaformulier_geeft_422(client, als, beheerder, db: Session) -> None:  # noqa: ANN001
    als(beheerder)
    voor = _aantal(db, Cohort)

    antwoord = client.post("/beheer/cohorten", data={"code": "WA6\x00-2030", "naam": "Nul"})

    assert antwoord.status_code == 422
    assert NUL_MELDING in antwoord.text
    assert _aantal(db, Cohort) == voor


def test_een_nul_teken_in_het_pad_geeft_422(client, als, student) -> None:  # noqa: ANN001
    als(student)

    antwoord = client.get("/api/v1/kwalificaties/WA%00N6/versies/2.1")

    assert antwoord.status_code == 422
    assert NUL_MELDING in antwoord.json()["detail"]


@pytest.mark.parametrize("id_", [MAX_INT + 1, 2**63, -(2**63) - 1])
def test_een_id_buiten_het_bereik_van_de_database_is_404(client, als, beheerder, id_: int) -> None:  # noqa: ANN001
    als(beheerder)

    for pad in (f"/api/v1/bewijsstukken/{id_}", f"/api/v1/studenten/{id_}/voortgang"):
        antwoord = client.get(pad)
        assert antwoord.status_code == 404, pad
        assert antwoord.headers["content-type"] == "application/problem+json"
    assert client.get(f"/beheer/gebruikers/{id_}").status_code == 404


def test_een_te_groot_getal_in_json_geeft_422(client, als, beheerder) -> None:  # noqa: ANN001
    als(beheerder)
    inschrijving = {
        "student": 2**40,
        "kwalificatie": "WA-N6",
        "versie": "2.1",
        "cohort": "WA6-2030-01",
        "startdatum": "2030-01-01",
    }

    antwoord = client.post("/api/v1/inschrijvingen", json=inschrijving)

    assert antwoord.status_code == 422
    assert antwoord.json()["errors"][0]["veld"] == "body.student"


def test_een_gewoon_grensgeval_blijft_gewoon_404(client, als, beheerder) -> None:  # noqa: ANN001
    als(beheerder)

    antwoord = client.get(f"/api/v1/bewijsstukken/{MAX_INT}")

    assert antwoord.status_code == 404
    assert antwoord.json()["detail"] != "Deze pagina of dit gegeven bestaat niet."  # the route's own answer


def test_het_openapi_document_beschrijft_fouten_als_problem_json(client) -> None:  # noqa: ANN001
    document = client.get("/api/v1/openapi.json").json()

    post = document["paths"]["/gebruikers"]["post"]["responses"]
    for code in ("400", "401", "403", "404", "409", "413", "422"):
        assert list(post[code]["content"]) == ["application/problem+json"], code
    get = document["paths"]["/studenten"]["get"]["responses"]
    assert get["401"]["content"]["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert set(document["components"]["schemas"]["Problem"]["required"]) == {"type", "title", "status", "detail"}
    assert "HTTPValidationError" not in document["components"]["schemas"]


@pytest.mark.parametrize("waarde", [str(2**63), str(MAX_INT + 1), "²"])
def test_een_onmogelijk_id_in_een_paginaformulier_geeft_de_gewone_melding(client, als, beheerder, waarde: str) -> None:  # noqa: ANN001
    als(beheerder)

    antwoord = client.post(
        "/beheer/inschrijvingen",
        data={"student": waarde, "kwalificatie": "1", "cohort": "1", "startdatum": "2030-01-01"},
    )

    assert antwoord.status_code == 422
    assert "Kies een student." in antwoord.text


@pytest.mark.parametrize("waarde", [str(MAX_INT + 1), str(2**70)])
def test_een_te_groot_getal_in_een_filter_van_de_audittrail_geeft_422(client, als, beheerder, waarde: str) -> None:  # noqa: ANN001
    als(beheerder)

    antwoord = client.get("/beheer/audit", params={"voor": waarde})

    assert antwoord.status_code == 422
    assert "Het getal in voor is te groot." in antwoord.text


def test_een_csv_met_een_nul_teken_wordt_met_uitleg_geweigerd(client, als, beheerder) -> None:  # noqa: ANN001
    als(beheerder)
    csv = "studentnummer;naam;e-mail;cohort;kwalificatie\n123;Na\x00am;n@example.org;WA6-2030;WA-N6 2.1\n"

    antwoord = client.post(
        "/beheer/import/voorbeeld",
        data={"startdatum": "2030-01-01"},
        files={"bestand": ("studenten.csv", csv.encode(), "text/csv")},
    )

    assert antwoord.status_code == 422
    assert "NUL-teken (op regel 2)" in antwoord.text
