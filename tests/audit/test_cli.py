"""`portfolio audit verify`: exit 0 on an intact chain, exit 1 naming the first broken record.

The command opens its own session on the test database and reads committed
data only, so these tests commit records of their own (and remove them again)
instead of working inside the usual rolled-back transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.audit.service import registreer
from app.cli import cli
from app.models import AuditRecord


@dataclass(frozen=True)
class Vastgelegd:
    id: int
    volgnummer: int
    actie: str
    gegevens: str


def verify():  # noqa: ANN201
    return CliRunner().invoke(cli, ["audit", "verify"])


@pytest.fixture
def eigen_records(engine: Engine) -> Iterator[list[Vastgelegd]]:
    """Three committed records at the end of the chain; deleted afterwards, which keeps the chain whole."""
    voor = verify()
    assert voor.exit_code == 0, f"the committed chain was already broken before this test:\n{voor.output}"
    with Session(engine) as session, session.begin():
        records = [registreer(session, None, "cli_test", "test", stap, via="cli", stap=stap) for stap in (1, 2, 3)]
        vastgelegd = [Vastgelegd(r.id, r.volgnummer, r.actie, r.gegevens) for r in records]
    try:
        yield vastgelegd
    finally:
        with Session(engine) as session, session.begin():
            session.execute(delete(AuditRecord).where(AuditRecord.id.in_([r.id for r in vastgelegd])))


def test_een_intacte_keten_geeft_exit_0_en_het_aantal_records(engine: Engine, eigen_records) -> None:  # noqa: ANN001
    with Session(engine) as session:
        totaal = session.scalar(select(func.count()).select_from(AuditRecord))

    result = verify()

    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Audittrail in orde: {totaal} records gecontroleerd."


def test_een_gewijzigd_record_geeft_exit_1_en_noemt_dat_record(engine: Engine, eigen_records) -> None:  # noqa: ANN001
    _eerste, tweede, _derde = eigen_records
    with Session(engine) as session, session.begin():
        session.execute(update(AuditRecord).where(AuditRecord.id == tweede.id).values(gegevens='{"stap": 99}'))
    try:
        result = verify()
    finally:
        with Session(engine) as session, session.begin():
            session.execute(update(AuditRecord).where(AuditRecord.id == tweede.id).values(gegevens=tweede.gegevens))

    assert result.exit_code == 1, result.output
    assert f"record {tweede.volgnummer} " in result.output
    assert "actie cli_test" in result.output
    assert "gewijzigd" in result.output
    assert re.search(r"tijd \d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2} Europe/Amsterdam", result.output)
    # Restored, the chain holds again.
    assert verify().exit_code == 0


def test_een_verwijderd_record_geeft_exit_1_en_noemt_het_gat(engine: Engine, eigen_records) -> None:  # noqa: ANN001
    _eerste, tweede, derde = eigen_records
    with Session(engine) as session, session.begin():
        bewaard = session.get(AuditRecord, tweede.id)
        kopie = {c.key: getattr(bewaard, c.key) for c in AuditRecord.__table__.columns}
        session.delete(bewaard)
    try:
        result = verify()
    finally:
        with Session(engine) as session, session.begin():
            session.add(AuditRecord(**kopie))

    assert result.exit_code == 1, result.output
    assert f"record {derde.volgnummer} " in result.output
    assert f"record {tweede.volgnummer} ontbreekt" in result.output
    assert verify().exit_code == 0
