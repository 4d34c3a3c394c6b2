"""Migration 0004 moves an existing trail to keyed hashes without hiding a break that was already there."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, insert, update
from sqlalchemy.orm import Session

from app.audit.keten import GENESIS, canonieke_inhoud
from app.audit.service import verifieer
from app.db import make_engine
from app.models import AuditRecord
from app.ops.migrations import alembic_config


def _migreer(engine: Engine, revisie: str) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revisie)


def _oude_keten(engine: Engine, aantal: int) -> None:
    """Records as written before 0004: chained with a plain sha256."""
    vorige = GENESIS
    with engine.begin() as connection:
        for volgnummer in range(1, aantal + 1):
            record = AuditRecord(
                volgnummer=volgnummer,
                tijd=dt.datetime(2026, 11, 30, 12, volgnummer, tzinfo=dt.UTC),
                actor_id=None,
                actie="oud_record",
                onderwerp_type="test",
                onderwerp_id=str(volgnummer),
                gegevens="{}",
                vorige_hash=vorige,
            )
            record.hash = vorige = hashlib.sha256(canonieke_inhoud(record)).hexdigest()
            waarden = {c.key: getattr(record, c.key) for c in AuditRecord.__table__.columns if c.key != "id"}
            connection.execute(insert(AuditRecord.__table__).values(**waarden))


def test_een_intacte_oude_keten_is_na_de_migratie_gesleuteld_en_in_orde(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'oud.db'}")
    _migreer(engine, "0003")
    _oude_keten(engine, 4)

    _migreer(engine, "0004")

    with Session(engine) as session:
        uitkomst = verifieer(session)
    assert uitkomst.ok, uitkomst.reden
    assert uitkomst.gecontroleerd == 4
    engine.dispose()


def test_een_al_verbroken_oude_keten_blijft_op_die_plaats_verbroken(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'oud.db'}")
    _migreer(engine, "0003")
    _oude_keten(engine, 4)
    with engine.begin() as connection:
        connection.execute(update(AuditRecord.__table__).where(AuditRecord.volgnummer == 3).values(gegevens='{"x": 1}'))

    _migreer(engine, "0004")

    with Session(engine) as session:
        uitkomst = verifieer(session)
    assert not uitkomst.ok
    assert uitkomst.plaats == 3
    assert uitkomst.gecontroleerd == 2
    engine.dispose()
