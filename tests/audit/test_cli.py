"""`portfolio audit verify`: exit 0 on an intact chain, exit 1 naming the place where it was tampered with.

The command opens its own session on the test database and reads committed
data only, so these tests commit records of their own. Those stay (the trail
is append-only); a tampered trail is put back exactly as it was afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.audit import checkpoints
from app.audit.service import registreer
from app.cli import cli
from app.models import AuditRecord
from tests.audit.vervalsingen import VERVALSINGEN, Vervalsing, zonder_trigger

pytestmark = pytest.mark.commits


def audit(*argumenten: str):  # noqa: ANN201
    return CliRunner().invoke(cli, ["audit", *argumenten])


@pytest.fixture
def eigen(engine: Engine) -> list[int]:
    """Six committed records at the end of the chain (volgnummers), the head checkpointed."""
    # Each test has a checkpoint file of its own: the chain earlier tests committed is checkpointed first.
    voor = audit("checkpoint")
    assert voor.exit_code == 0, f"the committed chain was already broken before this test:\n{voor.output}"
    with Session(engine, expire_on_commit=False) as session, session.begin():
        records = [registreer(session, None, "cli_test", "test", stap, via="cli", stap=stap) for stap in range(6)]
    vastgelegd = audit("checkpoint")
    assert vastgelegd.exit_code == 0, vastgelegd.output
    return [r.volgnummer for r in records]


@pytest.fixture
def herstel(engine: Engine) -> Iterator[None]:
    """Whatever a test does to the trail, it is put back row for row afterwards."""
    with Session(engine) as session:
        rijen = [dict(r._mapping) for r in session.execute(select(AuditRecord.__table__))]
    yield
    with Session(engine) as session, session.begin():
        zonder_trigger(session)
        session.execute(delete(AuditRecord))
        if rijen:
            session.execute(insert(AuditRecord.__table__), rijen)


def test_een_intacte_keten_geeft_exit_0_en_het_aantal_records(engine: Engine, eigen: list[int]) -> None:
    with Session(engine) as session:
        totaal = session.scalar(select(func.count()).select_from(AuditRecord))

    result = audit("verify")

    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Audittrail in orde: {totaal} records gecontroleerd."


def test_verify_legt_de_kop_vast_als_checkpoint(engine: Engine, eigen: list[int]) -> None:
    with Session(engine, expire_on_commit=False) as session, session.begin():
        nieuw = registreer(session, None, "cli_test", "test", via="cli")

    assert audit("verify").exit_code == 0

    assert checkpoints.verste(checkpoints.lees()).volgnummer == nieuw.volgnummer


def test_vanaf_het_checkpoint_controleert_alleen_wat_erna_kwam(engine: Engine, eigen: list[int]) -> None:
    with Session(engine) as session, session.begin():
        for stap in range(2):
            registreer(session, None, "cli_test", "test", via="cli", stap=stap)

    result = audit("verify", "--vanaf-checkpoint")

    assert result.exit_code == 0, result.output
    verwacht = f"Audittrail in orde: 3 records gecontroleerd vanaf het checkpoint bij record {eigen[-1]}."
    assert result.output.strip() == verwacht


@pytest.mark.parametrize("vervalsing", VERVALSINGEN)
def test_verify_vindt_de_vervalsing_en_noemt_de_plaats(
    engine: Engine, eigen: list[int], herstel: None, vervalsing: Vervalsing
) -> None:
    with Session(engine) as session, session.begin():
        zonder_trigger(session)
        plaats, reden = vervalsing.doe(session, eigen)

    result = audit("verify")

    assert result.exit_code == 1, result.output
    assert f"Audittrail verbroken bij record {plaats}" in result.output
    assert reden in result.output


def test_een_gewijzigd_record_wordt_met_tijd_en_actie_genoemd(engine: Engine, eigen: list[int], herstel: None) -> None:
    with Session(engine) as session, session.begin():
        zonder_trigger(session)
        plaats, _reden = VERVALSINGEN[0].values[0].doe(session, eigen)

    result = audit("verify")

    assert result.exit_code == 1
    assert re.search(
        rf"record {plaats} \(tijd \d{{2}}-\d{{2}}-\d{{4}} \d{{2}}:\d{{2}}:\d{{2}} Europe/Amsterdam, actie cli_test\): "
        r"inhoud past niet bij de opgeslagen hash \(gewijzigd\)\.",
        result.output,
    ), result.output
    assert f"De {plaats - 1} eerdere records zijn in orde." in result.output


def test_na_herstel_is_de_keten_weer_in_orde(engine: Engine, eigen: list[int]) -> None:
    # The restore the matrix relies on: put back row for row, the chain and its checkpoints hold again.
    with Session(engine) as session:
        rijen = [dict(r._mapping) for r in session.execute(select(AuditRecord.__table__))]
    with Session(engine) as session, session.begin():
        zonder_trigger(session)
        session.execute(delete(AuditRecord).where(AuditRecord.volgnummer == eigen[-1]))
    assert audit("verify").exit_code == 1
    with Session(engine) as session, session.begin():
        session.execute(insert(AuditRecord.__table__), [r for r in rijen if r["volgnummer"] == eigen[-1]])

    assert audit("verify").exit_code == 0


def test_verify_faalt_zonder_checkpoints_en_legt_er_dan_zelf_geen_vast(engine: Engine, eigen: list[int]) -> None:
    checkpoints.pad().unlink()

    result = audit("verify")

    assert result.exit_code == 1, result.output
    assert "Audittrail niet te vertrouwen: er zijn geen checkpoints" in result.output
    assert "verwijderde laatste records zouden niet opvallen" in result.output
    assert not checkpoints.pad().exists()  # a second verify fails just the same
    assert audit("verify").exit_code == 1
    assert audit("checkpoint").exit_code == 0  # the remedy: check the chain and record its head
    assert audit("verify").exit_code == 0


def test_verify_faalt_met_een_leeggemaakt_checkpointbestand(engine: Engine, eigen: list[int]) -> None:
    checkpoints.pad().write_text("")

    result = audit("verify")

    assert result.exit_code == 1
    assert "er zijn geen checkpoints" in result.output


def test_verify_faalt_als_het_nieuwste_checkpoint_te_ver_achter_de_kop_ligt(engine: Engine, eigen: list[int]) -> None:
    with Session(engine) as session:
        kop = session.scalar(select(AuditRecord).where(AuditRecord.volgnummer == eigen[-1]))
        vorige = session.scalar(select(AuditRecord).where(AuditRecord.volgnummer == eigen[-2]))
    # The newest checkpoint names the record before the head and was written two hours before it.
    oud = (kop.tijd - dt.timedelta(hours=2)).isoformat(timespec="microseconds")
    mac = checkpoints._mac(vorige.volgnummer, vorige.hash, oud)
    regel = {"volgnummer": vorige.volgnummer, "hash": vorige.hash, "tijd": oud, "mac": mac}
    checkpoints.pad().write_text(json.dumps(regel) + "\n")

    result = audit("verify")

    assert result.exit_code == 1, result.output
    assert f"het nieuwste checkpoint (record {vorige.volgnummer}" in result.output
    assert f"meer dan 60 minuten ouder dan de kop van de keten (record {kop.volgnummer}" in result.output
