"""A student made diplomabaar straight in the database: evidence, a judgement per leeruitkomst, valid results."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app import tijd
from app.models import (
    Beoordeling,
    BeoordelingBewijs,
    Beroepsvereiste,
    BeroepsvereisteResultaat,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukSoort,
    BewijsstukVersie,
    Gebruiker,
    Oordeel,
    Resultaat,
    Rol,
    VersieStatus,
)
from app.portfolio import repository as portfolio_repository
from app.voortgang import stand
from tests import factories
from tests.beoordeling.conftest import maak_ingediend


def codes(db: Session) -> list[str]:
    return [lu.code for lu in portfolio_repository.leeruitkomsten_van(db, factories.wijkagent(db).id)]


def leg_resultaten_vast(db: Session, student: Gebruiker, door: Gebruiker, weglaten: tuple[str, ...] = ()) -> None:
    vandaag = tijd.vandaag()
    for bv in db.scalars(select(Beroepsvereiste).where(Beroepsvereiste.kwalificatie_id == factories.wijkagent(db).id)):
        if bv.code in weglaten:
            continue
        db.add(
            BeroepsvereisteResultaat(
                student_id=student.id,
                beroepsvereiste_id=bv.id,
                datum=vandaag - dt.timedelta(days=10),
                resultaat=Resultaat.voldaan,
                geldig_tot=vandaag + dt.timedelta(days=365),
                vastgelegd_door_id=door.id,
            )
        )
    db.flush()


def maak_diplomabaar(
    db: Session,
    student: Gebruiker,
    beoordelaar: Gebruiker,
    door: Gebruiker,
    *,
    weglaten: tuple[str, ...] = (),
    vereisten_weglaten: tuple[str, ...] = (),
) -> BewijsstukVersie:
    """One submitted version for every leeruitkomst (but `weglaten`), each judged aangetoond; RTGP, IBT, PV valid."""
    alle = [c for c in codes(db) if c not in weglaten]
    versie = maak_ingediend(db, student, tuple(alle), titel="Eindverslag")
    for koppeling in versie.koppelingen:
        db.add(
            Beoordeling(
                student_id=student.id,
                leeruitkomst_id=koppeling.leeruitkomst_id,
                beoordelaar_id=beoordelaar.id,
                tijd=tijd.nu(),
                oordeel=Oordeel.aangetoond,
                feedback=f"Overtuigend voor {koppeling.leeruitkomst.code}.",
                bewijs=[BeoordelingBewijs(versie_id=versie.id)],
                reacties=[],
            )
        )
    db.flush()
    leg_resultaten_vast(db, student, door, vereisten_weglaten)
    return versie


def maak_veel_diplomabaar(db: Session, student_ids: list[int], beoordelaar: Gebruiker, door: Gebruiker) -> None:
    """The same for many students in a handful of bulk inserts."""
    kwalificatie_id = factories.wijkagent(db).id
    lus = portfolio_repository.leeruitkomsten_van(db, kwalificatie_id)
    vereisten = list(db.scalars(select(Beroepsvereiste.id).where(Beroepsvereiste.kwalificatie_id == kwalificatie_id)))
    bewijsstukken = list(
        db.scalars(
            insert(Bewijsstuk).returning(Bewijsstuk.id, sort_by_parameter_order=True),
            [{"student_id": s} for s in student_ids],
        )
    )
    moment = tijd.nu()
    versies = list(
        db.scalars(
            insert(BewijsstukVersie).returning(BewijsstukVersie.id, sort_by_parameter_order=True),
            [
                {
                    "bewijsstuk_id": b,
                    "versie": 1,
                    "titel": "Eindverslag",
                    "soort": BewijsstukSoort.verslag,
                    "context": "",
                    "status": VersieStatus.ingediend,
                    "ingediend_op": moment,
                }
                for b in bewijsstukken
            ],
        )
    )
    db.execute(
        insert(BewijsstukKoppeling),
        [{"versie_id": v, "leeruitkomst_id": lu.id, "onderbouwing": ""} for v in versies for lu in lus],
    )
    oordelen = list(
        db.scalars(
            insert(Beoordeling).returning(Beoordeling.id, sort_by_parameter_order=True),
            [
                {
                    "student_id": s,
                    "leeruitkomst_id": lu.id,
                    "beoordelaar_id": beoordelaar.id,
                    "tijd": moment,
                    "oordeel": Oordeel.aangetoond,
                    "feedback": "",
                }
                for s in student_ids
                for lu in lus
            ],
        )
    )
    per_student = len(lus)
    db.execute(
        insert(BeoordelingBewijs),
        [{"beoordeling_id": o, "versie_id": versies[i // per_student]} for i, o in enumerate(oordelen)],
    )
    vandaag = tijd.vandaag()
    db.execute(
        insert(BeroepsvereisteResultaat),
        [
            {
                "student_id": s,
                "beroepsvereiste_id": bv,
                "datum": vandaag - dt.timedelta(days=10),
                "resultaat": Resultaat.voldaan,
                "geldig_tot": vandaag + dt.timedelta(days=365),
                "vastgelegd_door_id": door.id,
            }
            for s in student_ids
            for bv in vereisten
        ],
    )
    # Bulk inserts pass by the ORM, so by the hook that keeps the stored progress current: as scripts do.
    stand.bijwerken(db, student_ids)


@pytest.fixture
def diplomabare_student(db, student, praktijkbegeleider, beheerder):  # noqa: ANN001, ANN201
    maak_diplomabaar(db, student, praktijkbegeleider, beheerder)
    return student


@pytest.fixture
def ander_lid(db):  # noqa: ANN001, ANN201
    return factories.create_gebruiker(db, Rol.examencommissie, naam="Olaf Tweede-lid")
