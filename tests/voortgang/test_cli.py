"""`portfolio voortgang controleer` and `herbouw`: the stored progress checked against the rule, and rebuilt.

The commands open their own session on the test database and read committed data only, so these
tests commit a student of their own; a row tampered with is put right by the rebuild itself.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import cli
from app.models import Leeruitkomst, Oordeel, Rol
from app.models.voortgang import LeeruitkomstStand, StudentStand
from tests import factories
from tests.beoordeling.conftest import maak_beoordeling, maak_ingediend

pytestmark = pytest.mark.commits


def voortgang(*argumenten: str):  # noqa: ANN201
    return CliRunner().invoke(cli, ["voortgang", *argumenten])


@pytest.fixture
def student_id(engine: Engine) -> int:
    """A committed student: LU1.1 aangetoond, LU2.1 waiting."""
    with Session(engine) as db:
        student = factories.create_gebruiker(db, Rol.student, naam="Cas Controle", wachtwoord=None)
        factories.create_inschrijving(db, student)
        beoordelaar = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Pieter Bakker", wachtwoord=None)
        maak_beoordeling(db, student, beoordelaar, maak_ingediend(db, student, ("LU1.1",)), Oordeel.aangetoond)
        maak_ingediend(db, student, ("LU2.1",))
        db.commit()
        return student.id


def _zet(engine: Engine, student_id: int, code: str, status: str) -> None:
    with Session(engine) as db, db.begin():
        lu = db.scalar(select(Leeruitkomst.id).where(Leeruitkomst.code == code).order_by(Leeruitkomst.id).limit(1))
        db.execute(
            update(LeeruitkomstStand)
            .where(LeeruitkomstStand.student_id == student_id, LeeruitkomstStand.leeruitkomst_id == lu)
            .values(status=status)
        )


def test_controleer_telt_de_studenten_en_geeft_exit_0(student_id: int) -> None:
    uitkomst = voortgang("controleer")
    assert uitkomst.exit_code == 0, uitkomst.output
    aantal = int(re.search(r"(\d+) studenten gecontroleerd", uitkomst.output).group(1))
    assert aantal >= 1


def test_een_veranderde_status_wordt_genoemd_en_herbouw_zet_hem_recht(engine: Engine, student_id: int) -> None:
    _zet(engine, student_id, "LU2.1", "aangetoond")

    uitkomst = voortgang("controleer")
    assert uitkomst.exit_code == 1
    assert f"student {student_id}, LU2.1: opgeslagen aangetoond" in uitkomst.output
    assert "berekend ter_beoordeling" in uitkomst.output

    herbouwd = voortgang("herbouw", "--student", str(student_id))
    assert herbouwd.exit_code == 0, herbouwd.output
    assert "Voortgang van 1 student(en) herbouwd." in herbouwd.output
    assert voortgang("controleer").exit_code == 0


def test_herbouw_van_iedereen_maakt_ook_een_verdwenen_stand_weer_aan(engine: Engine, student_id: int) -> None:
    with Session(engine) as db, db.begin():
        db.execute(delete(StudentStand).where(StudentStand.student_id == student_id))
    assert f"student {student_id}, student: opgeslagen —; berekend" in voortgang("controleer").output

    herbouwd = voortgang("herbouw")
    assert herbouwd.exit_code == 0, herbouwd.output
    assert voortgang("controleer").exit_code == 0
    with Session(engine) as db:
        assert db.scalar(select(StudentStand.aangetoond).where(StudentStand.student_id == student_id)) == 1
