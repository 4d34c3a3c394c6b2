"""Several workers at once: each job is claimed by one of them and runs once (FOR UPDATE SKIP LOCKED)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app import taken as taakpoort
from app.db import session_factory
from app.models import TaakStatus
from app.taken.werker import Werker
from tests.gelijktijdig import tegelijk
from tests.taken.conftest import taken

pytestmark = pytest.mark.commits

UITGEVOERD: list[tuple[str, int]] = []
_SLOT = threading.Lock()
# Each worker's first job waits here for the other's: both hold a claim at the same moment.
_SAMEN = threading.Barrier(2)
_GEWACHT: set[str] = set()


@taakpoort.taak("test.tel")
def _tel(_session: Session, nummer: int) -> None:
    draad = threading.current_thread().name
    if draad not in _GEWACHT:
        _GEWACHT.add(draad)
        _SAMEN.wait(timeout=30)
    with _SLOT:
        UITGEVOERD.append((draad, nummer))


def test_twee_werkers_tegelijk_voeren_elke_taak_precies_eenmaal_uit(
    wachtrij: sessionmaker[Session],
    engine,  # noqa: ANN001
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("a race between worker processes is PostgreSQL's (SQLite has one machine and one writer)")
    UITGEVOERD.clear()
    _GEWACHT.clear()
    _SAMEN.reset()
    with wachtrij() as session, session.begin():
        for nummer in range(40):
            taakpoort.enqueue(session, "test.tel", nummer=nummer)
    # Each worker as its own process would have it: its own sessions, its own pool connections.
    werkers = [Werker(session_factory(engine), naam=f"werker-{i}") for i in range(2)]

    aantallen = tegelijk(*(w.draai_tot_leeg for w in werkers))

    assert sum(aantallen) == 40
    assert sorted(nummer for _, nummer in UITGEVOERD) == list(range(40))
    assert all(t.status == TaakStatus.klaar for t in taken(wachtrij))
    assert all(aantal > 0 for aantal in aantallen)  # both really ran jobs, at the same time
