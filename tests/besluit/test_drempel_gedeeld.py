"""Limits live in the database: two apps (two processes' worth of state) on one database share them."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, or_
from sqlalchemy.orm import Session

from app.config import get_settings
from app.main import create_app
from app.models import Inlogpoging, Verzoekteller

pytestmark = pytest.mark.commits


@pytest.fixture
def twee_apps(engine: Engine) -> Iterator[tuple[TestClient, TestClient]]:
    """Two apps made apart, each with its own engine state and memory, on the real (committing) database."""
    with (
        TestClient(create_app(), raise_server_exceptions=False) as een,
        TestClient(create_app(), raise_server_exceptions=False) as twee,
    ):
        assert een.app is not twee.app
        yield een, twee
    with Session(engine) as session, session.begin():
        session.execute(delete(Verzoekteller).where(Verzoekteller.sleutel.like("%testclient%")))
        session.execute(
            delete(Inlogpoging).where(
                or_(Inlogpoging.sleutel.like("%testclient%"), Inlogpoging.sleutel.like("%@drempel.example%"))
            )
        )


def test_de_verificatiegrens_geldt_over_twee_apps_samen_ook_voor_onbekende_nummers(
    twee_apps: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "verificatie_max_per_minuut", 4)
    een, twee = twee_apps

    codes = [
        app.get(f"/api/v1/diplomas/WA6-2026-99999{n}/verificatie").status_code
        for n, app in enumerate((een, twee, een, twee, een))
    ]

    # In memory each app would have allowed five; together they allowed four.
    assert codes == [404, 404, 404, 404, 429]
    assert twee.get("/diplomas/WA6-2026-999990").status_code == 429


def _fout_inloggen(client: TestClient, email: str) -> int:
    csrf = secrets.token_urlsafe(16)
    client.cookies.set("portfolio_csrf", csrf)
    return client.post("/inloggen", data={"email": email, "wachtwoord": "fout", "csrf_token": csrf}).status_code


def test_de_inloggrens_geldt_over_twee_apps_samen(
    twee_apps: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "inlog_max_per_account", 3)
    een, twee = twee_apps
    email = f"{secrets.token_hex(4)}@drempel.example"

    codes = [_fout_inloggen(app, email) for app in (een, twee, een, twee)]

    assert codes == [400, 400, 400, 429]
