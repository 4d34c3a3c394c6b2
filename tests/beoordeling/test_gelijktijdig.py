"""Two assessors saving at the same moment both land: real transactions in threads, a barrier, no sleeps."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.main import create_app
from app.models import AuditRecord, Beoordeling, Gebruiker, Rol
from app.toegang import sessies
from tests import factories
from tests.beoordeling.conftest import maak_ingediend

pytestmark = pytest.mark.commits


@dataclass
class Vastgelegd:
    student_id: int
    bewijsstuk_id: int
    beoordelaars: list[tuple[str, str]]  # (session token, csrf token) per praktijkbegeleider


@pytest.fixture
def vastgelegd(engine: Engine) -> Iterator[Vastgelegd]:
    """A student with one submitted bewijsstuk and two current praktijkbegeleiders, committed for real.

    The rows stay afterwards: the audit trail is append-only, and these tests run last."""
    with Session(engine) as db:
        student = factories.create_gebruiker(db, Rol.student, naam="Rosa Race", wachtwoord=None)
        factories.create_inschrijving(db, student)
        versie = maak_ingediend(db, student, ("LU1.1",))
        beoordelaars = []
        for naam in ("Pieter Bakker", "Fatima El Amrani"):
            begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam=naam, wachtwoord=None)
            factories.create_begeleiding(db, begeleider, student)
            token, sessie = sessies.start(db, begeleider)
            beoordelaars.append((token, sessie.csrf_token))
        db.commit()
        yield Vastgelegd(student.id, versie.bewijsstuk_id, beoordelaars)


def test_twee_beoordelaars_tegelijk_krijgen_allebei_201(vastgelegd: Vastgelegd, engine: Engine) -> None:
    app = create_app()  # the real sessionmaker: every request commits its own transaction
    body = {
        "leeruitkomst": "LU1.1",
        "oordeel": "aangetoond",
        "feedback": "Overtuigend.",
        "bewijsstukken": [{"id": vastgelegd.bewijsstuk_id, "versie": 1}],
    }
    start = threading.Barrier(len(vastgelegd.beoordelaars))
    antwoorden: list[int] = []

    def beoordeel(token: str, csrf: str) -> None:
        with TestClient(app) as client:
            client.cookies.set(sessies.COOKIE, token)
            start.wait(timeout=10)
            antwoord = client.post(
                f"/api/v1/studenten/{vastgelegd.student_id}/beoordelingen", json=body, headers={"X-CSRF-Token": csrf}
            )
            antwoorden.append(antwoord.status_code)

    draden = [threading.Thread(target=beoordeel, args=b) for b in vastgelegd.beoordelaars]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)

    assert sorted(antwoorden) == [201, 201]
    with Session(engine) as db:
        namen = db.scalars(
            select(Gebruiker.naam)
            .join(Beoordeling, Beoordeling.beoordelaar_id == Gebruiker.id)
            .where(Beoordeling.student_id == vastgelegd.student_id)
            .order_by(Gebruiker.naam)
        ).all()
        assert namen == ["Fatima El Amrani", "Pieter Bakker"]
        ids = db.scalars(select(Beoordeling.id).where(Beoordeling.student_id == vastgelegd.student_id)).all()
        vastgelegde = db.scalars(
            select(AuditRecord.onderwerp_id).where(
                AuditRecord.actie == "beoordeeld", AuditRecord.onderwerp_type == "beoordeling"
            )
        ).all()
        assert {str(i) for i in ids} <= set(vastgelegde)
