"""/metrics: Prometheus text for the beheerder's monitoring, behind a token; /readyz reports the job queue."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.config import get_settings
from app.models import Taak, TaakStatus

TOKEN = "metrics-token-voor-de-test-0123456789"


@pytest.fixture
def met_token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(get_settings(), "metrics_token", TOKEN)
    return TOKEN


@pytest.fixture
def lege_wachtrij(db: Session) -> None:
    """Jobs other tests committed would count too: these tests start from an empty queue (rolled back after)."""
    db.execute(delete(Taak))
    db.flush()


def _taak(db: Session, status: TaakStatus, wacht: dt.timedelta = dt.timedelta(0)) -> None:
    db.add(
        Taak(
            naam="mail",
            argumenten={},
            status=status,
            pogingen=0,
            max_pogingen=5,
            uitvoeren_na=dt.datetime.now(dt.UTC) - wacht,
        )
    )
    db.flush()


def test_zonder_ingesteld_token_bestaat_metrics_niet(client) -> None:  # noqa: ANN001
    assert client.get("/metrics").status_code == 404


def test_zonder_of_met_een_verkeerd_token_geen_metingen(client, met_token: str) -> None:  # noqa: ANN001
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer fout"}).status_code == 401
    assert "portfolio_requests_total" not in client.get("/metrics").text


def test_metrics_telt_verzoeken_per_route_met_hun_duur_en_de_taken_per_status(
    client,
    db: Session,
    met_token: str,
    als,
    student,  # noqa: ANN001
    lege_wachtrij: None,
) -> None:
    _taak(db, TaakStatus.wachtend, wacht=dt.timedelta(seconds=90))
    _taak(db, TaakStatus.mislukt)
    als(student)
    for _ in range(3):
        assert client.get("/dashboard").status_code == 200
    client.get(f"/studenten/{student.id}/beroepsvereisten")
    client.get("/bestaat/niet/123")

    antwoord = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert antwoord.status_code == 200
    assert antwoord.headers["content-type"].startswith("text/plain; version=0.0.4")
    tekst = antwoord.text
    assert 'portfolio_requests_total{method="GET",route="/dashboard",status="200"} 3' in tekst
    # The route's template, never the raw path: one series per route, whatever the ids.
    assert 'route="/studenten/{student_id}/beroepsvereisten"' in tekst
    assert 'route="onbekend",status="404"' in tekst and "/bestaat/niet" not in tekst
    assert 'portfolio_request_duration_seconds_count{method="GET",route="/dashboard"} 3' in tekst
    assert 'portfolio_request_duration_seconds_bucket{method="GET",route="/dashboard",le="+Inf"} 3' in tekst
    assert 'portfolio_taken{status="wachtend"} 1' in tekst
    assert 'portfolio_taken{status="mislukt"} 1' in tekst
    leeftijd = next(r for r in tekst.splitlines() if r.startswith("portfolio_wachtrij_leeftijd_seconden "))
    assert float(leeftijd.split()[1]) >= 90


def test_readyz_blijft_200_zonder_werker_en_noemt_de_leeftijd_van_de_wachtrij(
    client,  # noqa: ANN001
    db: Session,
    lege_wachtrij: None,
) -> None:
    assert client.get("/readyz").json()["waarschuwingen"] == []
    _taak(db, TaakStatus.wachtend, wacht=dt.timedelta(minutes=5))

    antwoord = client.get("/readyz")

    assert antwoord.status_code == 200
    body = antwoord.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["wachtrij"]["wachtend"] == 1 and body["wachtrij"]["leeftijd_seconden"] >= 300
    [waarschuwing] = body["waarschuwingen"]
    assert "draait er een werker" in waarschuwing
