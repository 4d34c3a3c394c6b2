"""What lists read: the stored progress, mostly in SQL, so a list costs its page and not the whole school.

For everyone who sees all judgements a list reads the stored columns as they are. An assessor who
judges independently (policy.beoordeelt_onafhankelijk) may not learn another's verdict before
giving their own, so for them the stored summaries of just the students in question go through the
rule once more with their id (service.voortgang_van); the stored "diplomabaar" is then a necessary
condition only: nobody they could see as diplomabaar is ever left out by it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from app import tijd
from app.models import Gebruiker, Leeruitkomst
from app.models.voortgang import (
    BeroepsvereisteStand,
    InzendingBeoordelaar,
    InzendingStand,
    LeeruitkomstStand,
    StudentStand,
)
from app.voortgang import bijhouden, service
from app.voortgang.status import LeeruitkomstStatus


def geldige_vereisten(datum: dt.date) -> ColumnElement[int]:
    """SQL, per StudentStand row: how many beroepsvereisten are met and valid on `datum` (exact for any date)."""
    b = BeroepsvereisteStand
    return (
        select(func.count())
        .where(
            b.student_id == StudentStand.student_id,
            b.van <= datum,
            or_(b.tot.is_(None), b.tot > datum),
            b.voldaan.is_(True),
            b.geldig_tot >= datum,
        )
        .correlate(StudentStand)
        .scalar_subquery()
    )


def redenen_op(datum: dt.date) -> ColumnElement[int]:
    """SQL: how many reasons stand between the student and the diploma on `datum` (rules.voortgang counts the same)."""
    return StudentStand.lu_redenen + StudentStand.ingetrokken + StudentStand.vereisten - geldige_vereisten(datum)


def diplomabaar_op(datum: dt.date) -> ColumnElement[bool]:
    """SQL on StudentStand: diplomabaar on `datum` for whoever sees every judgement; for an independent assessor
    the necessary condition (their view can only hold fewer aangetoond and more waiting)."""
    return and_(
        StudentStand.lu_redenen == 0,
        StudentStand.ingetrokken == 0,
        geldige_vereisten(datum) == StudentStand.vereisten,
    )


@dataclass(frozen=True)
class Lijststand:
    """A student's line in a list: x of y aangetoond, diplomabaar, and (when asked) each leeruitkomst's status."""

    aangetoond: int
    totaal: int
    diplomabaar: bool
    statussen: Mapping[str, LeeruitkomstStatus] = field(default_factory=dict)


def lijststanden(
    session: Session,
    student_ids: Collection[int],
    kijker: Gebruiker | None,
    datum: dt.date | None = None,
    *,
    met_statussen: bool = False,
) -> dict[int, Lijststand]:
    """The list lines of these enrolled students as this person may see them: two queries (three with the
    statuses), plus the rule for the students an independent assessor may see only in part."""
    datum = datum or tijd.vandaag()
    ids = sorted(set(student_ids))
    if not ids:
        return {}
    bijhouden.verwerk(session)
    rijen = session.execute(
        select(
            StudentStand.student_id,
            StudentStand.aangetoond,
            StudentStand.totaal,
            StudentStand.beoordelaars_vereist,
            diplomabaar_op(datum).label("diplomabaar"),
        ).where(StudentStand.student_id.in_(ids))
    ).all()
    deels = [r.student_id for r in rijen if service.kijker_id(kijker, r.student_id, r.beoordelaars_vereist)]
    heel = [r for r in rijen if r.student_id not in set(deels)]
    statussen: dict[int, dict[str, LeeruitkomstStatus]] = defaultdict(dict)
    if met_statussen and heel:
        for student_id, code, waarde in session.execute(
            select(LeeruitkomstStand.student_id, Leeruitkomst.code, LeeruitkomstStand.status)
            .join(Leeruitkomst, Leeruitkomst.id == LeeruitkomstStand.leeruitkomst_id)
            .where(LeeruitkomstStand.student_id.in_([r.student_id for r in heel]))
        ):
            statussen[student_id][code] = LeeruitkomstStatus(waarde)
    uitkomst = {
        r.student_id: Lijststand(r.aangetoond, r.totaal, bool(r.diplomabaar), statussen.get(r.student_id, {}))
        for r in heel
    }
    for student_id, gevonden in service.voortgang_van(session, deels, kijker=kijker, datum=datum).items():
        v = gevonden.voortgang
        uitkomst[student_id] = Lijststand(
            v.aangetoond,
            v.totaal,
            v.diplomabaarheid.diplomabaar,
            {lu.code: lu.status for lu in v.leeruitkomsten} if met_statussen else {},
        )
    return uitkomst


# --- The inbox ------------------------------------------------------------------------------------


def wachtend_voor(session: Session, praktijkbegeleider_id: int, studenten: Select, *, op_student: bool) -> list[int]:
    """Ids of the submitted versions waiting for this praktijkbegeleider among `studenten` (a select of
    student_id and naam), oldest first; `op_student`: by student name first, each one's oldest first.

    A version waits for them when it is the latest offered version of its bewijsstuk, linked to a leeruitkomst
    which fewer different assessors judged it on than the beoordelingsregel asks (a row of inzending_stand), and
    they have not judged it on that leeruitkomst themselves (no row of inzending_beoordelaar; judgements carried
    over by a version move included). One query over the stored candidates of just these students.
    """
    bijhouden.verwerk(session)
    kring = studenten.subquery()
    i = InzendingStand
    zelf = InzendingBeoordelaar
    zelf_beoordeeld = (
        select(zelf.versie_id)
        .where(
            zelf.student_id == i.student_id,
            zelf.leeruitkomst_id == i.leeruitkomst_id,
            zelf.versie_id == i.versie_id,
            zelf.beoordelaar_id == praktijkbegeleider_id,
        )
        .exists()
    )
    rijen = session.execute(
        select(i.versie_id, func.min(i.ingediend_op), kring.c.student_id, kring.c.naam)
        .join(kring, kring.c.student_id == i.student_id)
        .where(~zelf_beoordeeld)
        .group_by(i.versie_id, kring.c.student_id, kring.c.naam)
    ).all()
    # Sorted here, as before: names by Python's casefold on both databases, a missing moment first.
    if op_student:
        rijen.sort(key=lambda r: (r[3].casefold(), r[2], _moment(r[1]), r[0]))
    else:
        rijen.sort(key=lambda r: (_moment(r[1]), r[0]))
    return [r[0] for r in rijen]


def _moment(waarde: dt.datetime | None) -> dt.datetime:
    return waarde.astimezone(dt.UTC) if waarde else dt.datetime.min.replace(tzinfo=dt.UTC)
