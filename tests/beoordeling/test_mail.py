"""With SMTP configured a melding is also e-mailed: a mail job in the judgement's own transaction."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.accounts import mail
from app.config import get_settings
from app.models import Taak
from tests.beoordeling.conftest import Aanbieder, oordeel


@pytest.fixture
def mailtaken(monkeypatch: pytest.MonkeyPatch, db):  # noqa: ANN001, ANN201
    monkeypatch.setattr(get_settings(), "smtp_host", "smtp.example.nl")

    def lijst() -> list[tuple[str, str, str]]:
        taken = db.scalars(select(Taak).where(Taak.naam == mail.MAILTAAK).order_by(Taak.id))
        return [(t.argumenten["ontvanger"], t.argumenten["onderwerp"], t.argumenten["tekst"]) for t in taken]

    return lijst


def test_nieuwe_feedback_wordt_gemaild_na_het_opslaan(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder, mailtaken
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    assert [(adres, onderwerp) for adres, onderwerp, _ in mailtaken()] == [
        (praktijkbegeleider.email, "Nieuw bewijs om te beoordelen")
    ]
    als(praktijkbegeleider)
    geweigerd = client.post(
        f"/api/v1/studenten/{student.id}/beoordelingen", json=oordeel(bewijs, oordeel_="niet_aangetoond", feedback="")
    )
    assert geweigerd.status_code == 422
    assert len(mailtaken()) == 1  # a refused judgement enqueues nothing

    client.post(f"/api/v1/studenten/{student.id}/beoordelingen", json=oordeel(bewijs))

    adres, onderwerp, tekst = mailtaken()[-1]
    assert (adres, onderwerp) == (student.email, "Nieuwe feedback in je portfolio")
    assert "beoordeelde LU1.1: aangetoond" in tekst
    assert "/portfolio#lu-LU1-1" in tekst
