"""A browser upload without JavaScript: the CSRF token in the form is checked after login, with the upload's limits."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Bewijsstuk
from app.opslag import LocalStorage
from app.portfolio.bestanden import MAX_BESTANDEN
from tests.portfolio.conftest import PDF, Uploader, bestanden_in

CSRF_MELDING = "Het formulier is verlopen of niet van deze site."
VELDEN = {"titel": "Verslag", "soort": "verslag", "leeruitkomsten": ["LU1.1"], "onderbouwing_LU1.1": "Uitleg."}


def _zonder_header(client: TestClient) -> str:
    return client.headers.pop("X-CSRF-Token")


def _aantal(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Bewijsstuk))


def test_een_upload_zonder_token_wordt_geweigerd_en_bewaart_niets(
    als, student, client: TestClient, db: Session, opslag: LocalStorage
) -> None:
    als(student)
    _zonder_header(client)

    antwoord = client.post(
        "/portfolio/bewijsstukken", data=VELDEN, files=[("bestanden", ("a.pdf", PDF, "application/pdf"))]
    )

    assert antwoord.status_code == 403
    assert CSRF_MELDING in antwoord.text
    assert _aantal(db) == 0
    assert bestanden_in(opslag) == []


def test_een_upload_met_een_vreemd_token_wordt_geweigerd(als, student, client: TestClient, db: Session) -> None:
    als(student)
    _zonder_header(client)

    antwoord = client.post(
        "/portfolio/bewijsstukken",
        data={**VELDEN, "csrf_token": "niet-van-deze-sessie"},
        files=[("bestanden", ("a.pdf", PDF, "application/pdf"))],
    )

    assert antwoord.status_code == 403
    assert _aantal(db) == 0


def test_een_multipart_post_naar_een_ander_formulier_zonder_token_wordt_geweigerd(
    als, student, upload: Uploader, client: TestClient
) -> None:
    als(student)
    bewijs = upload(student).json()
    _zonder_header(client)

    antwoord = client.post(f"/bewijsstukken/{bewijs['id']}/verwijderen", files=[("x", ("x.txt", b"x", "text/plain"))])

    assert antwoord.status_code == 403
    assert client.get(f"/api/v1/bewijsstukken/{bewijs['id']}").status_code == 200


def test_de_limiet_op_het_aantal_bestanden_geldt_ook_voor_een_formulier_zonder_javascript(
    als, student, client: TestClient, db: Session, opslag: LocalStorage
) -> None:
    als(student)
    token = _zonder_header(client)
    bestanden = [("bestanden", (f"{i}.pdf", PDF, "application/pdf")) for i in range(MAX_BESTANDEN + 1)]

    antwoord = client.post("/portfolio/bewijsstukken", data={**VELDEN, "csrf_token": token}, files=bestanden)

    assert antwoord.status_code == 422
    assert f"De upload kon niet worden gelezen. Stuur hoogstens {MAX_BESTANDEN} bestanden" in antwoord.text
    assert _aantal(db) == 0
    assert bestanden_in(opslag) == []
