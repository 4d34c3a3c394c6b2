"""On PostgreSQL: the table is append-only in the database itself, and audited writers run side by side."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.audit.service import registreer, verifieer
from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL.startswith("postgresql"), reason="the trigger and the advisory lock are PostgreSQL's"
)
WACHTTIJD = 10  # seconds a thread waits at a barrier before the test fails instead of hanging


@pytest.mark.parametrize(
    "opdracht",
    ["UPDATE audit_record SET gegevens = '{}'", "DELETE FROM audit_record", "TRUNCATE audit_record"],
)
def test_de_database_weigert_wijzigen_verwijderen_en_legen(db: Session, opdracht: str) -> None:
    registreer(db, None, "trigger_test", "test", via="cli")
    db.commit()

    with pytest.raises(DBAPIError, match="De audittrail is alleen aan te vullen"), db.begin_nested():
        db.execute(text(opdracht))


def _schrijf(engine: Engine, actie: str, aantal: int, barrier: threading.Barrier) -> list[int]:
    with Session(engine, expire_on_commit=False) as session:
        records = [registreer(session, None, actie, "test", stap, via="cli") for stap in range(aantal)]
        session.flush()
        barrier.wait(WACHTTIJD)  # both transactions are open with their records before either commits
        session.commit()
    return [r.volgnummer for r in records]


@pytest.mark.commits
def test_twee_gelijktijdige_schrijvers_committen_allebei_en_de_keten_klopt(engine: Engine) -> None:
    barrier = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        a = pool.submit(_schrijf, engine, "gelijktijdig_a", 3, barrier)
        b = pool.submit(_schrijf, engine, "gelijktijdig_b", 3, barrier)
        nummers_a, nummers_b = a.result(WACHTTIJD * 2), b.result(WACHTTIJD * 2)

    # Each transaction's records sit together in the chain, one after the other.
    for nummers in (nummers_a, nummers_b):
        assert nummers == list(range(nummers[0], nummers[0] + 3))
    assert sorted(nummers_a + nummers_b) == list(range(min(nummers_a + nummers_b), max(nummers_a + nummers_b) + 1))
    with Session(engine) as session:
        uitkomst = verifieer(session)
    assert uitkomst.ok, uitkomst.reden


@pytest.mark.commits
def test_een_schrijver_wacht_niet_op_de_open_transactie_van_een_ander(engine: Engine) -> None:
    """The chain's lock is taken at commit: a long request with audit records blocks nobody."""
    open_met_records = threading.Barrier(2)
    ander_klaar = threading.Barrier(2)

    def lang_verzoek() -> int:
        with Session(engine, expire_on_commit=False) as session:
            record = registreer(session, None, "lang_verzoek", "test", via="cli")
            session.flush()
            open_met_records.wait(WACHTTIJD)
            ander_klaar.wait(WACHTTIJD)  # still open while the other one commits
            session.commit()
        return record.volgnummer

    def kort_verzoek() -> int:
        open_met_records.wait(WACHTTIJD)
        with Session(engine, expire_on_commit=False) as session:
            # Waiting for a lock held by the other transaction would fail here rather than hang.
            session.execute(text("SET LOCAL lock_timeout = '2s'"))
            record = registreer(session, None, "kort_verzoek", "test", via="cli")
            session.commit()
        ander_klaar.wait(WACHTTIJD)
        return record.volgnummer

    with ThreadPoolExecutor(2) as pool:
        lang = pool.submit(lang_verzoek)
        kort = pool.submit(kort_verzoek)
        kort_nummer, lang_nummer = kort.result(WACHTTIJD * 2), lang.result(WACHTTIJD * 2)

    assert lang_nummer == kort_nummer + 1  # the one that committed first is first in the chain
    with Session(engine) as session:
        uitkomst = verifieer(session)
    assert uitkomst.ok, uitkomst.reden
