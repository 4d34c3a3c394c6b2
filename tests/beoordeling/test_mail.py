"""With SMTP configured a melding is also e-mailed, and only once the judgement is committed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.accounts import mail
from app.config import get_settings
from tests.beoordeling.conftest import Aanbieder, oordeel


@pytest.fixture
def verstuurd(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    monkeypatch.setattr(get_settings(), "smtp_host", "smtp.example.nl")
    berichten: list[tuple[str, str, str]] = []
    monkeypatch.setattr(mail, "verstuur_bericht", lambda *bericht: berichten.append(bericht) or True)
    return berichten


def test_nieuwe_feedback_wordt_gemaild_na_het_opslaan(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder, verstuurd
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    assert [(adres, onderwerp) for adres, onderwerp, _ in verstuurd] == [
        (praktijkbegeleider.email, "Nieuw bewijs om te beoordelen")
    ]
    als(praktijkbegeleider)
    geweigerd = client.post(
        f"/api/v1/studenten/{student.id}/beoordelingen", json=oordeel(bewijs, oordeel_="niet_aangetoond", feedback="")
    )
    assert geweigerd.status_code == 422
    assert len(verstuurd) == 1  # a refused judgement mails nothing

    client.post(f"/api/v1/studenten/{student.id}/beoordelingen", json=oordeel(bewijs))

    adres, onderwerp, tekst = verstuurd[-1]
    assert (adres, onderwerp) == (student.email, "Nieuwe feedback in je portfolio")
    assert "beoordeelde LU1.1: aangetoond" in tekst
    assert "/portfolio#lu-LU1-1" in tekst
