"""Assessment tests: evidence is uploaded and submitted through the API, as the student would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.models import Gebruiker
from tests.portfolio.conftest import PDF, PNG, Uploader, opslag, upload  # noqa: F401 - shared fixtures

Aanbieder = Callable[..., dict]


@pytest.fixture
def aanbieden(client: TestClient, als, upload: Uploader) -> Aanbieder:  # noqa: ANN001, F811
    """The student uploads and submits a bewijsstuk; answers its JSON (id, versie). Logs in as the student."""

    def _aanbieden(student: Gebruiker, leeruitkomsten: tuple[str, ...] = ("LU1.1",), **velden) -> dict:  # noqa: ANN003
        als(student)
        bewijsstuk = upload(student, leeruitkomsten=leeruitkomsten, **velden).json()
        antwoord = client.post(f"/api/v1/bewijsstukken/{bewijsstuk['id']}/indienen")
        assert antwoord.status_code == 200, antwoord.text
        return antwoord.json()

    return _aanbieden


def oordeel(bewijsstuk: dict, leeruitkomst: str = "LU1.1", oordeel_: str = "aangetoond", **velden) -> dict:  # noqa: ANN003
    """The body of POST /studenten/{id}/beoordelingen for this bewijsstuk's current version."""
    return {
        "leeruitkomst": leeruitkomst,
        "oordeel": oordeel_,
        "feedback": velden.pop("feedback", "Goed gedaan."),
        "bewijsstukken": [{"id": bewijsstuk["id"], "versie": bewijsstuk["versie"]}],
        **velden,
    }


_ = (PDF, PNG)
