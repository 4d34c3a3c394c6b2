"""Every query of judging and the inbox, with its loading strategy spelled out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.models import (
    Beoordeling,
    BeoordelingBewijs,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukVersie,
    Bouwsteen,
    Cohort,
    Gebruiker,
    Inschrijving,
    Kerntaak,
    Kwalificatie,
    Leeruitkomst,
    VersieStatus,
)
from app.paginering import Pagina, Paginering
from app.toegang import policy
from app.voortgang.repository import BEOORDELING_VOLLEDIG


def beoordeling(session: Session, beoordeling_id: int, *, opnieuw: bool = False) -> Beoordeling | None:
    """One judgement, fully loaded; `opnieuw` also for one this request just created."""
    stmt = select(Beoordeling).where(Beoordeling.id == beoordeling_id).options(*BEOORDELING_VOLLEDIG)
    if opnieuw:
        stmt = stmt.execution_options(populate_existing=True)
    return session.scalar(stmt)


def laatste_eigen_beoordeling(
    session: Session, beoordelaar_id: int, student_id: int, leeruitkomst_id: int
) -> Beoordeling | None:
    """The assessor's latest judgement of this leeruitkomst: the one a correction replaces."""
    stmt = (
        select(Beoordeling)
        .where(
            Beoordeling.beoordelaar_id == beoordelaar_id,
            Beoordeling.student_id == student_id,
            Beoordeling.leeruitkomst_id == leeruitkomst_id,
        )
        .order_by(Beoordeling.tijd.desc(), Beoordeling.id.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def bewijsstukken_vergrendeld(session: Session, student_id: int, bewijsstuk_ids: Collection[int]) -> list[Bewijsstuk]:
    """The student's bewijsstukken, locked until commit, so no new version is submitted while a judgement is checked."""
    stmt = (
        select(Bewijsstuk)
        .where(Bewijsstuk.id.in_(list(bewijsstuk_ids)), Bewijsstuk.student_id == student_id)
        .order_by(Bewijsstuk.id)
        .with_for_update(of=Bewijsstuk)
    )
    gevonden = list(session.scalars(stmt))
    if not gevonden:
        return gevonden
    # Versions and their links in a second statement: FOR UPDATE may not be combined with outer joins.
    versies = session.scalars(
        select(BewijsstukVersie)
        .where(BewijsstukVersie.bewijsstuk_id.in_([b.id for b in gevonden]))
        .order_by(BewijsstukVersie.versie)
        .options(selectinload(BewijsstukVersie.koppelingen).selectinload(BewijsstukKoppeling.leeruitkomst))
    ).all()
    per_bewijsstuk: dict[int, list[BewijsstukVersie]] = defaultdict(list)
    for versie in versies:
        per_bewijsstuk[versie.bewijsstuk_id].append(versie)
    for bewijsstuk in gevonden:
        # Fill the lazy="raise" collection from what we loaded, without another query.
        set_committed_value(bewijsstuk, "versies", per_bewijsstuk[bewijsstuk.id])
    return gevonden


def leeruitkomst_van_kwalificatie(session: Session, kwalificatie_id: int, code: str) -> Leeruitkomst | None:
    stmt = (
        select(Leeruitkomst)
        .join(Leeruitkomst.bouwsteen)
        .join(Bouwsteen.kerntaak)
        .where(Kerntaak.kwalificatie_id == kwalificatie_id, Leeruitkomst.code == code)
    )
    return session.scalar(stmt)


def ingediende_versie(session: Session, versie_id: int) -> BewijsstukVersie | None:
    """A submitted version with what the assessment page shows: files, links with the leeruitkomst texts,
    and its bewijsstuk's other versions (to tell whether a newer one was submitted)."""
    stmt = (
        select(BewijsstukVersie)
        .where(BewijsstukVersie.id == versie_id, BewijsstukVersie.status == VersieStatus.ingediend)
        .options(
            selectinload(BewijsstukVersie.bestanden),
            selectinload(BewijsstukVersie.bewijsstuk).selectinload(Bewijsstuk.student),
            selectinload(BewijsstukVersie.bewijsstuk).selectinload(Bewijsstuk.versies),
            selectinload(BewijsstukVersie.koppelingen)
            .selectinload(BewijsstukKoppeling.leeruitkomst)
            .selectinload(Leeruitkomst.onderdelen),
            selectinload(BewijsstukVersie.koppelingen)
            .selectinload(BewijsstukKoppeling.leeruitkomst)
            .selectinload(Leeruitkomst.bouwsteen),
        )
    )
    return session.scalar(stmt)


def kwalificatie(session: Session, code: str, versie: str) -> Kwalificatie | None:
    return session.scalar(select(Kwalificatie).where(Kwalificatie.code == code, Kwalificatie.versie == versie))


# --- The inbox ------------------------------------------------------------------------------------


def _wachtend(
    session: Session, praktijkbegeleider_id: int, datum: dt.date, student_id: int | None, cohort: str | None
) -> list[int]:
    """Ids of the submitted versions waiting for this praktijkbegeleider, oldest first: three queries.

    A version waits when one of its leeruitkomsten was not judged on it by this assessor, and by fewer
    different assessors than the beoordelingsregel asks. Only the latest submitted version of a
    bewijsstuk of a student they supervise today counts (an older one was overtaken; hidden evidence
    is out of the dossier). The candidates' koppelingen and their students' judgements are read as plain
    rows and matched here: the same question asked in SQL as nested anti-joins let PostgreSQL's planner
    pick a plan per data size, from 40 ms to seconds at 250,000 judgements.
    """
    nieuwer = aliased(BewijsstukVersie, name="nieuwer")
    in_begeleiding = policy.begeleiding_loopt(praktijkbegeleider_id, Bewijsstuk.student_id, datum)
    kandidaten = (
        select(BewijsstukVersie.id, BewijsstukKoppeling.leeruitkomst_id, Bewijsstuk.student_id)
        .join(Bewijsstuk, Bewijsstuk.id == BewijsstukVersie.bewijsstuk_id)
        .join(BewijsstukKoppeling, BewijsstukKoppeling.versie_id == BewijsstukVersie.id)
        .where(
            BewijsstukVersie.status == VersieStatus.ingediend,
            Bewijsstuk.verborgen_op.is_(None),
            in_begeleiding,
            ~select(nieuwer.id)
            .where(
                nieuwer.bewijsstuk_id == BewijsstukVersie.bewijsstuk_id,
                nieuwer.status == VersieStatus.ingediend,
                nieuwer.versie > BewijsstukVersie.versie,
            )
            .exists(),
        )
        .order_by(BewijsstukVersie.ingediend_op, BewijsstukVersie.id)
    )
    # Per version and leeruitkomst of the same students (a judgement rests only on its own student's
    # evidence): how many different assessors judged it, and whether this one did.
    oordelen = (
        select(
            BeoordelingBewijs.versie_id,
            Beoordeling.leeruitkomst_id,
            func.count(func.distinct(Beoordeling.beoordelaar_id)),
            func.max(case((Beoordeling.beoordelaar_id == praktijkbegeleider_id, 1), else_=0)),
        )
        .join(Beoordeling, Beoordeling.id == BeoordelingBewijs.beoordeling_id)
        .where(policy.begeleiding_loopt(praktijkbegeleider_id, Beoordeling.student_id, datum))
        .group_by(BeoordelingBewijs.versie_id, Beoordeling.leeruitkomst_id)
    )
    # The beoordelingsregel of each student's kwalificatie (the strictest, should they have several).
    regels = (
        select(Inschrijving.student_id, func.max(Kwalificatie.beoordelaars_vereist))
        .join(Kwalificatie, Kwalificatie.id == Inschrijving.kwalificatie_id)
        .where(policy.begeleiding_loopt(praktijkbegeleider_id, Inschrijving.student_id, datum))
        .group_by(Inschrijving.student_id)
    )
    if student_id is not None:
        kandidaten = kandidaten.where(Bewijsstuk.student_id == student_id)
        oordelen = oordelen.where(Beoordeling.student_id == student_id)
        regels = regels.where(Inschrijving.student_id == student_id)
    if cohort:
        kandidaten = kandidaten.where(
            select(Inschrijving.id)
            .join(Inschrijving.cohort)
            .where(Inschrijving.student_id == Bewijsstuk.student_id, Cohort.code == cohort)
            .exists()
        )
    # Plain rows through the connection: thousands of them, and no ORM object among them.
    verbinding = session.connection()
    rijen = verbinding.execute(kandidaten).all()
    if not rijen:
        return []
    vereist: dict[int, int] = {s: n for s, n in verbinding.execute(regels)}
    geoordeeld = {(v, lu): (aantal, eigen) for v, lu, aantal, eigen in verbinding.execute(oordelen)}
    wacht: dict[int, None] = {}  # in the order of the candidates: oldest submission first
    for versie_id, leeruitkomst_id, student in rijen:
        aantal, eigen = geoordeeld.get((versie_id, leeruitkomst_id), (0, 0))
        if not eigen and aantal < vereist.get(student, 1):
            wacht[versie_id] = None
    return list(wacht)


def inbox(
    session: Session,
    praktijkbegeleider_id: int,
    datum: dt.date,
    *,
    student_id: int | None = None,
    cohort: str | None = None,
    paginering: Paginering,
) -> Pagina[BewijsstukVersie]:
    """One page of the submitted versions waiting for this praktijkbegeleider's current students, oldest first."""
    wachtend = _wachtend(session, praktijkbegeleider_id, datum, student_id, cohort)
    ids = wachtend[paginering.offset : paginering.offset + paginering.per_pagina]
    if not ids:
        return Pagina([], len(wachtend), paginering)
    stmt = (
        select(BewijsstukVersie)
        .where(BewijsstukVersie.id.in_(ids))
        .options(
            selectinload(BewijsstukVersie.bewijsstuk).selectinload(Bewijsstuk.student),
            selectinload(BewijsstukVersie.koppelingen)
            .selectinload(BewijsstukKoppeling.leeruitkomst)
            .selectinload(Leeruitkomst.onderdelen),
        )
    )
    per_id = {v.id: v for v in session.scalars(stmt)}
    return Pagina([per_id[i] for i in ids], len(wachtend), paginering)


def aantal_in_inbox(session: Session, praktijkbegeleider_id: int, datum: dt.date) -> int:
    return len(_wachtend(session, praktijkbegeleider_id, datum, None, None))


def studenten_en_cohorten_in_begeleiding(
    session: Session, praktijkbegeleider_id: int, datum: dt.date
) -> tuple[list[Gebruiker], list[str]]:
    """For the inbox filters: the students this praktijkbegeleider supervises today and their cohorts."""
    studenten = list(
        session.scalars(
            select(Gebruiker)
            .where(policy.begeleiding_loopt(praktijkbegeleider_id, Gebruiker.id, datum))
            .order_by(Gebruiker.naam)
        )
    )
    cohorten = (
        list(
            session.scalars(
                select(Cohort.code)
                .join(Inschrijving, Inschrijving.cohort_id == Cohort.id)
                .where(Inschrijving.student_id.in_([s.id for s in studenten]))
                .distinct()
                .order_by(Cohort.code)
            )
        )
        if studenten
        else []
    )
    return studenten, cohorten
