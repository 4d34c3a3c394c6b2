"""After a commit that adds audit records, the checkpoint job records the chain's head: its tail can't vanish unseen."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.audit import checkpoints
from app.audit.keten import CHECKPOINTTAAK
from app.audit.service import registreer
from app.models import TaakStatus
from app.taken.werker import Werker
from tests.taken.conftest import taken

pytestmark = pytest.mark.commits


def test_de_werker_legt_de_kop_vast_van_alles_wat_sinds_de_vorige_run_is_gecommit(
    wachtrij: sessionmaker[Session], werker: Werker
) -> None:
    records = []
    for stap in range(3):
        with wachtrij() as session, session.begin():
            records.append(registreer(session, None, "taak_test", "test", stap, stap=stap))
    assert [t.naam for t in taken(wachtrij)] == [CHECKPOINTTAAK]  # three commits, one batched job

    assert werker.draai_tot_leeg() == 1

    kop = records[-1]
    assert (checkpoints.verste(checkpoints.lees()).volgnummer, checkpoints.verste(checkpoints.lees()).hash) == (
        kop.volgnummer,
        kop.hash,
    )
    assert taken(wachtrij)[0].status == TaakStatus.klaar
