"""Who runs the jobs: on SQLite the serving process itself (a thread), on PostgreSQL only `portfolio worker`."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.accounts import mail
from app.config import get_settings
from app.main import create_app, draait_taken_zelf
from tests.conftest import serveer
from tests.taken.conftest import Postvak

pytestmark = pytest.mark.commits


def test_op_postgresql_voert_de_webserver_geen_taken_uit(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's layout")
    monkeypatch.setattr(get_settings(), "taken_in_proces", True)
    assert draait_taken_zelf(create_app()) is False


def test_op_sqlite_verstuurt_de_webserver_zelf_een_vastgelegde_mail(
    engine: Engine, wachtrij: sessionmaker[Session], postvak: Postvak, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's layout: one machine, the jobs run in the serving process")
    monkeypatch.setattr(get_settings(), "taken_in_proces", True)
    app = create_app()
    assert draait_taken_zelf(app)
    with serveer(app):
        with wachtrij() as session, session.begin():
            mail.mail_bericht(session, "binnen@example.nl", "Uit de webserver", "Zonder aparte werker.")
        # The job thread polls every second; wait for its delivery, not for a fixed time.
        grens = time.monotonic() + 15
        while not postvak.aan("binnen@example.nl") and time.monotonic() < grens:
            time.sleep(0.05)
    assert len(postvak.aan("binnen@example.nl")) == 1
