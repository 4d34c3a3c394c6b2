"""Every query on beoordelingen and meldingen, with its loading strategy spelled out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.beoordeling.rules import OordeelFeit, VersieFeit
from app.models import (
    Begeleiding,
    Beoordeling,
    BeoordelingBewijs,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukVersie,
    Bouwsteen,
    Cohort,
    Gebruiker,
    Inschrijving,
    InschrijvingStatus,
    Kerntaak,
    Kwalificatie,
    Leeruitkomst,
    Melding,
    Reactie,
    VersieStatus,
)
from app.paginering import Pagina, Paginering, pagineer
from app.toegang import policy


@dataclass
class LeeruitkomstFeiten:
    versies: list[VersieFeit] = field(default_factory=list)
    # The judgements no correction replaced: the only ones a status can count.
    oordelen: list[OordeelFeit] = field(default_factory=list)
    # Per assessor, the versions any of their judgements rests on, superseded ones included:
    # a version judged once is no longer waiting, and it is what that assessor has seen.
    beoordeeld: dict[int, set[int]] = field(default_factory=dict)

    def beoordeelde_versies(self) -> set[int]:
        return set().union(*self.beoordeeld.values())


def feiten_van(session: Session, student_ids: Collection[int]) -> dict[int, dict[int, LeeruitkomstFeiten]]:
    """Per student, per leeruitkomst id: the linked versions and the judgements, in three queries for any number.

    Corrections can pile up (a judgement corrected ten times is eleven rows), so only the
    judgements nothing replaced are loaded whole; of the others just which versions they rest on.
    """
    ids = list(student_ids)
    feiten: dict[int, dict[int, LeeruitkomstFeiten]] = {s: defaultdict(LeeruitkomstFeiten) for s in ids}
    if not ids:
        return feiten
    versies = session.execute(
        select(
            BewijsstukVersie.id,
            BewijsstukVersie.bewijsstuk_id,
            BewijsstukVersie.versie,
            BewijsstukVersie.status,
            BewijsstukVersie.ingediend_op,
            Bewijsstuk.student_id,
            BewijsstukKoppeling.leeruitkomst_id,
        )
        .join(BewijsstukVersie.bewijsstuk)
        .join(BewijsstukKoppeling, BewijsstukKoppeling.versie_id == BewijsstukVersie.id)
        # Hidden evidence is out of the dossier: it counts for no status.
        .where(Bewijsstuk.student_id.in_(ids), Bewijsstuk.verborgen_op.is_(None))
    )
    for versie_id, bewijsstuk_id, versie, status, ingediend_op, student_id, leeruitkomst_id in versies:
        feit = VersieFeit(versie_id, bewijsstuk_id, versie, status, ingediend_op)
        feiten[student_id][leeruitkomst_id].versies.append(feit)

    for student_id, leeruitkomst_id, beoordelaar_id, versie_id in session.execute(
        select(
            Beoordeling.student_id, Beoordeling.leeruitkomst_id, Beoordeling.beoordelaar_id, BeoordelingBewijs.versie_id
        )
        .join(BeoordelingBewijs, BeoordelingBewijs.beoordeling_id == Beoordeling.id)
        .where(Beoordeling.student_id.in_(ids))
        .distinct()
    ):
        feiten[student_id][leeruitkomst_id].beoordeeld.setdefault(beoordelaar_id, set()).add(versie_id)

    # A correction replaces a judgement of the same student (service.beoordeel takes the assessor's
    # latest of that student and leeruitkomst), so "nothing replaced it" is decided among these
    # students' own judgements: an index range per student, not an anti-join over every judgement.
    vervangen = (
        select(Beoordeling.vervangt_id)
        .where(Beoordeling.student_id.in_(ids), Beoordeling.vervangt_id.is_not(None))
        .scalar_subquery()
    )
    oordelen: dict[int, tuple] = {}
    bewijs: dict[int, set[int]] = defaultdict(set)
    for rij in session.execute(
        select(
            Beoordeling.id,
            Beoordeling.student_id,
            Beoordeling.leeruitkomst_id,
            Beoordeling.beoordelaar_id,
            Gebruiker.naam,
            Beoordeling.tijd,
            Beoordeling.oordeel,
            Beoordeling.vervangt_id,
            BeoordelingBewijs.versie_id,
        )
        .join(Gebruiker, Gebruiker.id == Beoordeling.beoordelaar_id)
        .outerjoin(BeoordelingBewijs, BeoordelingBewijs.beoordeling_id == Beoordeling.id)
        .where(Beoordeling.student_id.in_(ids), Beoordeling.id.not_in(vervangen))
    ):
        oordelen.setdefault(rij[0], rij)
        if rij[8] is not None:
            bewijs[rij[0]].add(rij[8])
    for id_, student_id, leeruitkomst_id, beoordelaar_id, naam, tijd, oordeel, vervangt_id, _ in oordelen.values():
        feit = OordeelFeit(id_, beoordelaar_id, naam, tijd, oordeel, frozenset(bewijs[id_]), vervangt_id)
        feiten[student_id][leeruitkomst_id].oordelen.append(feit)
    return feiten


@dataclass(frozen=True)
class LeeruitkomstRij:
    id: int
    code: str
    bouwsteen: str = ""  # the bouwsteen's code
    kerntaak: str = ""  # the kerntaak's code


@dataclass(frozen=True)
class StudentKwalificatie:
    kwalificatie_id: int
    code: str
    versie: str
    beoordelaars_vereist: int
    leeruitkomsten: tuple[LeeruitkomstRij, ...]


def kwalificaties_van(session: Session, student_ids: Collection[int]) -> dict[int, StudentKwalificatie]:
    """Each student's current kwalificatie version with its leeruitkomsten in document order, in two queries."""
    ids = list(student_ids)
    if not ids:
        return {}
    gekozen: dict[int, Inschrijving] = {}
    for inschrijving in session.scalars(
        select(Inschrijving)
        .where(Inschrijving.student_id.in_(ids))
        # The same choice as app.portfolio.repository.actuele_inschrijving: active first, then the newest.
        .order_by(
            Inschrijving.student_id,
            case((Inschrijving.status == InschrijvingStatus.actief, 0), else_=1),
            Inschrijving.startdatum.desc(),
            Inschrijving.id.desc(),
        )
        .options(selectinload(Inschrijving.kwalificatie))
    ):
        gekozen.setdefault(inschrijving.student_id, inschrijving)
    kwalificatie_ids = {i.kwalificatie_id for i in gekozen.values()}
    per_kwalificatie: dict[int, list[LeeruitkomstRij]] = defaultdict(list)
    if kwalificatie_ids:
        for rij in session.execute(
            select(Leeruitkomst.id, Leeruitkomst.code, Bouwsteen.code, Kerntaak.code, Kerntaak.kwalificatie_id)
            .join(Leeruitkomst.bouwsteen)
            .join(Bouwsteen.kerntaak)
            .where(Kerntaak.kwalificatie_id.in_(kwalificatie_ids))
            .order_by(Kerntaak.volgorde, Bouwsteen.volgorde, Leeruitkomst.volgorde)
        ):
            lu_id, lu_code, bouwsteen, kerntaak, kwalificatie_id = rij
            per_kwalificatie[kwalificatie_id].append(LeeruitkomstRij(lu_id, lu_code, bouwsteen, kerntaak))
    return {
        student_id: StudentKwalificatie(
            i.kwalificatie_id,
            i.kwalificatie.code,
            i.kwalificatie.versie,
            i.kwalificatie.beoordelaars_vereist,
            tuple(per_kwalificatie[i.kwalificatie_id]),
        )
        for student_id, i in gekozen.items()
    }


# A judgement with everything its pages and the API show; many-to-one joined, so a list costs few queries.
_BEOORDELING_VOLLEDIG = (
    joinedload(Beoordeling.beoordelaar),
    joinedload(Beoordeling.leeruitkomst),
    selectinload(Beoordeling.bewijs).joinedload(BeoordelingBewijs.versie),
    selectinload(Beoordeling.reacties).joinedload(Reactie.auteur),
)


# What the portfolio and the assessment page show of a judgement, and what its status needs: the assessor,
# the ids of the versions it rests on (not the versions themselves), and the replies unless left out.
_BEOORDELING_FEITEN = (joinedload(Beoordeling.beoordelaar), selectinload(Beoordeling.bewijs))
_BEOORDELING_OP_PAGINA = (*_BEOORDELING_FEITEN, selectinload(Beoordeling.reacties).joinedload(Reactie.auteur))


def beoordelingen_van(session: Session, student_id: int, *, laden: str = "volledig") -> list[Beoordeling]:
    """Every judgement of the student, newest first, superseded ones included.

    `laden`: "volledig" with everything the API shows, "pagina" without the leeruitkomst and the versions
    themselves (the pages have those at hand), "feiten" without the replies too (only the statuses).
    """
    opties = {"volledig": _BEOORDELING_VOLLEDIG, "pagina": _BEOORDELING_OP_PAGINA, "feiten": _BEOORDELING_FEITEN}
    stmt = (
        select(Beoordeling)
        .where(Beoordeling.student_id == student_id)
        .order_by(Beoordeling.tijd.desc(), Beoordeling.id.desc())
        .options(*opties[laden])
    )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class BeoordelingSleutel:
    """Just what deciding who may read a judgement needs: its assessor, leeruitkomst and versions."""

    id: int
    beoordelaar_id: int
    leeruitkomst_id: int
    versie_ids: frozenset[int]


def beoordeling_sleutels(session: Session, student_id: int) -> list[BeoordelingSleutel]:
    """Every judgement of the student as a key, newest first: one query however many there are."""
    rijen = session.execute(
        select(Beoordeling.id, Beoordeling.beoordelaar_id, Beoordeling.leeruitkomst_id, BeoordelingBewijs.versie_id)
        .outerjoin(BeoordelingBewijs, BeoordelingBewijs.beoordeling_id == Beoordeling.id)
        .where(Beoordeling.student_id == student_id)
        .order_by(Beoordeling.tijd.desc(), Beoordeling.id.desc())
    ).all()
    per_id: dict[int, tuple[int, int, set[int]]] = {}
    for id_, beoordelaar_id, leeruitkomst_id, versie_id in rijen:
        _, _, versies = per_id.setdefault(id_, (beoordelaar_id, leeruitkomst_id, set()))
        if versie_id is not None:
            versies.add(versie_id)
    return [BeoordelingSleutel(i, b, lu, frozenset(v)) for i, (b, lu, v) in per_id.items()]


def beoordelingen_met_ids(session: Session, ids: list[int]) -> list[Beoordeling]:
    """These judgements (one page of them), fully loaded, in the order given."""
    if not ids:
        return []
    gevonden = {
        b.id: b
        for b in session.scalars(select(Beoordeling).where(Beoordeling.id.in_(ids)).options(*_BEOORDELING_VOLLEDIG))
    }
    return [gevonden[i] for i in ids]


def beoordeling(session: Session, beoordeling_id: int, *, opnieuw: bool = False) -> Beoordeling | None:
    """One judgement, fully loaded; `opnieuw` also for one this request just created."""
    stmt = select(Beoordeling).where(Beoordeling.id == beoordeling_id).options(*_BEOORDELING_VOLLEDIG)
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


# --- Meldingen ------------------------------------------------------------------------------------


def meldingen_van(session: Session, ontvanger_id: int, paginering: Paginering) -> Pagina[Melding]:
    """A page of own notifications, newest first, and how many there are: two queries."""
    stmt = select(Melding).where(Melding.ontvanger_id == ontvanger_id).order_by(Melding.tijd.desc(), Melding.id.desc())
    return pagineer(session, stmt, paginering)


def ongelezen(session: Session, ontvanger_id: int) -> int:
    stmt = select(func.count(Melding.id)).where(Melding.ontvanger_id == ontvanger_id, Melding.gelezen.is_(False))
    return int(session.scalar(stmt) or 0)


def begeleiders_op(session: Session, student_id: int, datum: dt.date) -> list[Gebruiker]:
    """The praktijkbegeleiders supervising the student on that date: who hears of a new submission."""
    stmt = (
        select(Gebruiker)
        .join(Begeleiding, Begeleiding.praktijkbegeleider_id == Gebruiker.id)
        .where(
            Begeleiding.student_id == student_id,
            Begeleiding.van <= datum,
            or_(Begeleiding.tot.is_(None), Begeleiding.tot >= datum),
        )
        .distinct()
    )
    return list(session.scalars(stmt))
