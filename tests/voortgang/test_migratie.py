"""Migration 0014 builds the stored progress of a database that already holds students, evidence and judgements."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, column, insert, select, table
from sqlalchemy.orm import Session

from app.db import make_engine
from app.kwalificaties import service as kwalificaties
from app.models import (
    BeoordelingBewijs,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukVersie,
    Cohort,
    Gebruiker,
    GebruikerRol,
    Inschrijving,
    Kwalificatie,
    Leeruitkomst,
    Rol,
)
from app.models.base import UtcDateTime
from app.models.voortgang import LeeruitkomstStand, StudentStand
from app.ops.migrations import alembic_config
from app.voortgang import stand


def _migreer(engine: Engine, revisie: str) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revisie)


def _id(connection, tabel, **waarden) -> int:  # noqa: ANN001
    return connection.execute(insert(tabel.__table__).values(**waarden).returning(tabel.__table__.c.id)).scalar_one()


def test_de_migratie_bouwt_de_voortgang_van_wat_er_al_is(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'oud.db'}")
    _migreer(engine, "0013")
    with Session(engine) as session, session.begin():
        kwalificaties.laad_meegeleverde(session)
    moment = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
    # As rows were written before 0014 (plain inserts, so no hook of today's code is involved).
    with engine.begin() as c:
        student = _id(c, Gebruiker, email="oud@example.nl", naam="Olga Oud", actief=True)
        beoordelaar = _id(c, Gebruiker, email="pb@example.nl", naam="Pieter Bakker", actief=True)
        c.execute(insert(GebruikerRol.__table__), [{"gebruiker_id": student, "rol": Rol.student.name}])
        kwalificatie = c.execute(select(Kwalificatie.id).where(Kwalificatie.code == "WA-N6")).scalar_one()
        cohort = _id(c, Cohort, code="WA6-OUD", naam="")
        c.execute(
            insert(Inschrijving.__table__).values(
                student_id=student, kwalificatie_id=kwalificatie, cohort_id=cohort, startdatum=dt.date(2026, 9, 1),
                status="actief",
            )
        )  # fmt: skip
        lu = {code: i for i, code in c.execute(select(Leeruitkomst.id, Leeruitkomst.code))}
        for code, oordeel in (("LU1.1", "aangetoond"), ("LU2.1", None)):
            bewijsstuk = _id(c, Bewijsstuk, student_id=student)
            versie = _id(
                c, BewijsstukVersie, bewijsstuk_id=bewijsstuk, versie=1, titel="Verslag", soort="verslag", context="",
                status="ingediend", ingediend_op=moment,
            )  # fmt: skip
            c.execute(insert(BewijsstukKoppeling.__table__).values(versie_id=versie, leeruitkomst_id=lu[code]))
            if oordeel:
                # Today's table would add columns of later migrations (correctie): name only the old ones.
                oud = table("beoordeling", column("tijd", UtcDateTime()), *(column(k) for k in (
                    "id", "student_id", "leeruitkomst_id", "beoordelaar_id", "oordeel", "feedback")))
                beoordeling = c.execute(insert(oud).values(
                    student_id=student, leeruitkomst_id=lu[code], beoordelaar_id=beoordelaar, tijd=moment,
                    oordeel=oordeel, feedback="").returning(oud.c.id)).scalar_one()  # fmt: skip
                c.execute(insert(BeoordelingBewijs.__table__).values(beoordeling_id=beoordeling, versie_id=versie))

    _migreer(engine, "head")

    with Session(engine) as session:
        statussen = dict(
            session.execute(
                select(Leeruitkomst.code, LeeruitkomstStand.status)
                .join(Leeruitkomst, Leeruitkomst.id == LeeruitkomstStand.leeruitkomst_id)
                .where(LeeruitkomstStand.student_id == student)
            ).all()
        )
        assert len(statussen) == 12
        assert statussen["LU1.1"] == "aangetoond"
        assert statussen["LU2.1"] == "ter_beoordeling"
        assert statussen["LU5.3"] == "niet_gestart"
        assert session.scalar(select(StudentStand.aangetoond).where(StudentStand.student_id == student)) == 1
        assert stand.verschillen(session, [student]) == []
    engine.dispose()
