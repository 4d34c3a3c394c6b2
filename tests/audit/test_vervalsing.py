"""Every way of rewriting the trail shows: the check names the place, also after a recomputed chain."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.orm import Session

from app.audit import checkpoints
from app.audit.service import registreer, verifieer
from app.models import Rol
from tests import factories
from tests.audit.vervalsingen import VERVALSINGEN, Vervalsing, zonder_trigger

# What changes the checkpointed head or the records after it; earlier changes are for the full walk.
NA_HET_CHECKPOINT = {"laatste_verwijderd", "laatste_vijf_verwijderd", "kop_herschreven_met_de_sleutel", "leeggemaakt"}


def _zes_records(db: Session) -> list[int]:
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    records = [registreer(db, beheerder, "vervalsing_test", "gebruiker", beheerder.id, stap=i) for i in range(6)]
    db.commit()
    return [r.volgnummer for r in records]


@pytest.mark.parametrize("vervalsing", VERVALSINGEN)
def test_de_volledige_controle_vindt_de_vervalsing_en_noemt_de_plaats(db: Session, vervalsing: Vervalsing) -> None:
    eigen = _zes_records(db)
    assert verifieer(db).ok  # which checkpoints the head
    assert checkpoints.verste(checkpoints.lees()).volgnummer == eigen[-1]

    zonder_trigger(db)
    plaats, reden = vervalsing.doe(db, eigen)
    db.expire_all()
    uitkomst = verifieer(db)

    assert not uitkomst.ok
    assert uitkomst.plaats == plaats, uitkomst.reden
    assert reden in uitkomst.reden


@pytest.mark.parametrize(
    "vervalsing",
    [v for v in VERVALSINGEN if v.id in NA_HET_CHECKPOINT],
)
def test_de_controle_vanaf_het_checkpoint_vindt_wat_na_het_checkpoint_veranderde(
    db: Session, vervalsing: Vervalsing
) -> None:
    eigen = _zes_records(db)
    assert verifieer(db).ok

    zonder_trigger(db)
    plaats, reden = vervalsing.doe(db, eigen)
    db.expire_all()
    uitkomst = verifieer(db, vanaf_checkpoint=True)

    assert not uitkomst.ok
    assert uitkomst.plaats == plaats, uitkomst.reden
    assert reden in uitkomst.reden


def test_de_controle_vanaf_het_checkpoint_loopt_alleen_wat_erna_kwam(db: Session) -> None:
    eerder = _zes_records(db)
    assert verifieer(db).ok
    later = _zes_records(db)

    uitkomst = verifieer(db, vanaf_checkpoint=True)

    assert uitkomst.ok
    assert uitkomst.vanaf == eerder[-1]
    assert uitkomst.gecontroleerd == 1 + len(later)  # the checkpointed record and what came after it
    # And it checkpoints the new head, so the next check starts there.
    assert checkpoints.verste(checkpoints.lees()).volgnummer == later[-1]
    assert verifieer(db, vanaf_checkpoint=True).gecontroleerd == 1


def test_een_vervalst_checkpoint_valt_op(db: Session) -> None:
    eigen = _zes_records(db)
    assert verifieer(db).ok
    regels = checkpoints.pad().read_text().splitlines()
    laatste = json.loads(regels[-1])
    laatste["volgnummer"] = eigen[-1] + 5  # "the chain was longer": someone wants a record to look deleted
    checkpoints.pad().write_text("\n".join([*regels[:-1], json.dumps(laatste)]) + "\n")

    uitkomst = verifieer(db)

    assert not uitkomst.ok
    assert uitkomst.plaats is None
    assert f"regel {len(regels)} van het checkpointbestand" in uitkomst.reden


def test_een_checkpoint_dat_nog_geschreven_wordt_telt_niet_mee(db: Session) -> None:
    eigen = _zes_records(db)
    assert verifieer(db).ok
    with checkpoints.pad().open("a") as bestand:
        bestand.write('{"volgnummer": 9')  # another process is halfway through its line

    uitkomst = verifieer(db)

    assert uitkomst.ok, uitkomst.reden
    assert checkpoints.verste(checkpoints.lees()).volgnummer == eigen[-1]
