"""A real queue on the test database, real workers, and an SMTP server on loopback (aiosmtpd) that counts mail.

The workers open their own sessions on the real engine, as `portfolio worker` does,
so these tests commit: every job is removed before and after each test.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session, sessionmaker

from app.config import get_settings
from app.db import session_factory
from app.main import registreer_taken
from app.models import Taak
from app.taken.werker import Werker

registreer_taken()


@dataclass
class Postvak:
    """What the SMTP server received, one message per DATA."""

    berichten: list[Message] = field(default_factory=list)
    _slot: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: ANN001, N802 - aiosmtpd's hook name
        with self._slot:
            self.berichten.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 OK"

    def aan(self, adres: str) -> list[Message]:
        with self._slot:
            return [b for b in self.berichten if b["To"] == adres]


def _vrije_poort() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def postvak(monkeypatch: pytest.MonkeyPatch) -> Iterator[Postvak]:
    """An SMTP server on 127.0.0.1 the app mails to, in plain SMTP (allowed to loopback only)."""
    vak = Postvak()
    poort = _vrije_poort()
    controller = Controller(vak, hostname="127.0.0.1", port=poort)
    controller.start()
    settings = get_settings()
    monkeypatch.setattr(settings, "smtp_host", "127.0.0.1")
    monkeypatch.setattr(settings, "smtp_port", poort)
    monkeypatch.setattr(settings, "smtp_beveiliging", "geen")
    try:
        yield vak
    finally:
        controller.stop()


@pytest.fixture
def wachtrij(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """Sessions on the real engine, as a worker has them; the queue is empty before and after."""
    maker = session_factory(engine)
    with maker() as session, session.begin():
        session.execute(delete(Taak))
    yield maker
    with maker() as session, session.begin():
        session.execute(delete(Taak))


@pytest.fixture
def werker(wachtrij: sessionmaker[Session]) -> Werker:
    return Werker(wachtrij, naam="werker-a")


def taken(maker: sessionmaker[Session], naam: str | None = None) -> list[Taak]:
    with maker() as session:
        stmt = select(Taak).order_by(Taak.id)
        if naam:
            stmt = stmt.where(Taak.naam == naam)
        return list(session.scalars(stmt))
