"""Every query of judging and the inbox, with its loading strategy spelled out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.models import (
    Begeleiding,
    Beoordeling,
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
from app.voortgang import lijsten
from app.voortgang.repository import BEOORDELING_VOLLEDIG


def beoordeling(session: Session, beoordeling_id: int, *, opnieuw: bool = False) -> Beoordeling | None:
    """One judgement, fully loaded; `opnieuw` also for one this request just created."""
    stmt = select(Beoordeling).where(Beoordeling.id == beoordeling_id).options(*BEOORDELING_VOLLEDIG)
    if opnieuw:
        stmt = stmt.execution_options(populate_existing=True)
    return session.scalar(stmt)


def laatste_eigen_beoordeling(
    session: Session, beoordelaar_id: int, student_id: int, leeruitkomst_ids: Collection[int]
) -> Beoordeling | None:
    """The assessor's latest judgement of this leeruitkomst (or of these: one and the exact matches it took over
    from an older version): the one a correction replaces."""
    stmt = (
        select(Beoordeling)
        .where(
            Beoordeling.beoordelaar_id == beoordelaar_id,
            Beoordeling.student_id == student_id,
            Beoordeling.leeruitkomst_id.in_(list(leeruitkomst_ids)),
        )
        .order_by(Beoordeling.tijd.desc(), Beoordeling.id.desc())
        .limit(1)
        # The versions it rests on tell a correction (the same evidence) from a re-judgement.
        .options(selectinload(Beoordeling.bewijs))
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
    session: Session,
    praktijkbegeleider_id: int,
    datum: dt.date,
    student_id: int | None,
    cohort: str | None,
    *,
    op_student: bool = False,
) -> list[int]:
    """Ids of the submitted versions waiting for this praktijkbegeleider, oldest first (`op_student`: by student
    name, each one's oldest first): the students they supervise today (narrowed to one student or one cohort),
    and what waits for them in the stored progress. The names come with the ids, in the same query."""
    studenten = (
        select(Begeleiding.student_id, Gebruiker.naam)
        .join(Gebruiker, Gebruiker.id == Begeleiding.student_id)
        .where(
            Begeleiding.praktijkbegeleider_id == praktijkbegeleider_id,
            Begeleiding.van <= datum,
            or_(Begeleiding.tot.is_(None), Begeleiding.tot >= datum),
        )
    )
    if student_id is not None:
        studenten = studenten.where(Begeleiding.student_id == student_id)
    if cohort:
        studenten = studenten.where(
            select(Inschrijving.id)
            .join(Inschrijving.cohort)
            .where(Inschrijving.student_id == Begeleiding.student_id, Cohort.code == cohort)
            .exists()
        )
    return lijsten.wachtend_voor(session, praktijkbegeleider_id, studenten, op_student=op_student)


def inbox(
    session: Session,
    praktijkbegeleider_id: int,
    datum: dt.date,
    *,
    student_id: int | None = None,
    cohort: str | None = None,
    op_student: bool = False,
    paginering: Paginering,
) -> Pagina[BewijsstukVersie]:
    """One page of the submitted versions waiting for this praktijkbegeleider's current students, oldest first
    (or by student)."""
    wachtend = _wachtend(session, praktijkbegeleider_id, datum, student_id, cohort, op_student=op_student)
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


def wachtend_na(session: Session, praktijkbegeleider_id: int, datum: dt.date, versie_id: int) -> int | None:
    """The next submission in the inbox's order after this one (or the oldest other one): "Volgende inzending"."""
    wachtend = _wachtend(session, praktijkbegeleider_id, datum, None, None)
    if versie_id in wachtend:
        na = wachtend[wachtend.index(versie_id) + 1 :] + wachtend[: wachtend.index(versie_id)]
    else:
        na = wachtend
    return na[0] if na else None


def aantal_in_inbox(session: Session, praktijkbegeleider_id: int, datum: dt.date) -> int:
    return len(_wachtend(session, praktijkbegeleider_id, datum, None, None))


def studenten_en_cohorten_in_begeleiding(
    session: Session, praktijkbegeleider_id: int, datum: dt.date
) -> tuple[list[Row[tuple[int, str]]], list[str]]:
    """For the inbox filters: (id, naam) of the students this praktijkbegeleider supervises today, and their
    cohorts; two light queries (no objects, no list of ids sent back to the database)."""
    loopt = policy.begeleiding_loopt(praktijkbegeleider_id, Gebruiker.id, datum)
    studenten = list(session.execute(select(Gebruiker.id, Gebruiker.naam).where(loopt).order_by(Gebruiker.naam)))
    cohorten = list(
        session.scalars(
            select(Cohort.code)
            .join(Inschrijving, Inschrijving.cohort_id == Cohort.id)
            .join(Gebruiker, Gebruiker.id == Inschrijving.student_id)
            .where(loopt)
            .distinct()
            .order_by(Cohort.code)
        )
    )
    return studenten, cohorten
