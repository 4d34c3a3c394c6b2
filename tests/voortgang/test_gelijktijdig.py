"""Two assessors judging one student at the same moment: the stored progress ends with both judgements.

Real transactions in threads released by a barrier, no sleeps. Each request recomputes the student's
stored progress just before it commits, under a lock on the student; without that lock the one that
committed second would store what it saw before the first one's judgement existed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.main import create_app
from app.models import Leeruitkomst, Rol
from app.models.voortgang import LeeruitkomstStand, StudentStand
from app.toegang import sessies
from app.voortgang import stand
from tests import factories
from tests.beoordeling.conftest import maak_ingediend
from tests.gelijktijdig import tegelijk

pytestmark = pytest.mark.commits


@dataclass
class Student:
    id: int
    bewijsstukken: dict[str, int]  # leeruitkomst code → bewijsstuk id
    beoordelaars: list[tuple[str, str]]  # (session token, csrf token)


@pytest.fixture
def student(engine: Engine) -> Iterator[Student]:
    """A student with a submission for LU1.1 and one for LU2.1, and two current praktijkbegeleiders, committed."""
    with Session(engine) as db:
        persoon = factories.create_gebruiker(db, Rol.student, naam="Rosa Racevoortgang", wachtwoord=None)
        factories.create_inschrijving(db, persoon)
        bewijsstukken = {code: maak_ingediend(db, persoon, (code,)).bewijsstuk_id for code in ("LU1.1", "LU2.1")}
        beoordelaars = []
        for naam in ("Pieter Bakker", "Fatima El Amrani"):
            begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam=naam, wachtwoord=None)
            factories.create_begeleiding(db, begeleider, persoon)
            token, sessie = sessies.start(db, begeleider)
            beoordelaars.append((token, sessie.csrf_token))
        db.commit()
        yield Student(persoon.id, bewijsstukken, beoordelaars)


def test_twee_oordelen_tegelijk_komen_allebei_in_de_opgeslagen_voortgang(student: Student, engine: Engine) -> None:
    app = create_app()  # the real sessionmaker: each request commits its own transaction

    def beoordeel(beoordelaar: tuple[str, str], code: str):  # noqa: ANN202
        token, csrf = beoordelaar

        def actie() -> int:
            with TestClient(app) as client:
                client.cookies.set(sessies.COOKIE, token)
                body = {
                    "leeruitkomst": code,
                    "oordeel": "aangetoond",
                    "feedback": "Overtuigend.",
                    "bewijsstukken": [{"id": student.bewijsstukken[code], "versie": 1}],
                }
                antwoord = client.post(
                    f"/api/v1/studenten/{student.id}/beoordelingen", json=body, headers={"X-CSRF-Token": csrf}
                )
                return antwoord.status_code

        return actie

    eerste, tweede = student.beoordelaars
    assert tegelijk(beoordeel(eerste, "LU1.1"), beoordeel(tweede, "LU2.1")) == [201, 201]

    with Session(engine) as db:
        statussen = dict(
            db.execute(
                select(Leeruitkomst.code, LeeruitkomstStand.status)
                .join(Leeruitkomst, Leeruitkomst.id == LeeruitkomstStand.leeruitkomst_id)
                .where(LeeruitkomstStand.student_id == student.id, Leeruitkomst.code.in_(["LU1.1", "LU2.1"]))
            ).all()
        )
        assert statussen == {"LU1.1": "aangetoond", "LU2.1": "aangetoond"}
        assert db.scalar(select(StudentStand.aangetoond).where(StudentStand.student_id == student.id)) == 2
        assert stand.verschillen(db, [student.id]) == []
