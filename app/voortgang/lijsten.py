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

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app import tijd
from app.models import Gebruiker, Leeruitkomst
from app.models.voortgang import BeroepsvereisteStand, LeeruitkomstStand, OordeelStand, StudentStand
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


def wachtend_voor(
    session: Session,
    praktijkbegeleider_id: int,
    student_ids: Collection[int],
    *,
    per_student: Mapping[int, str] | None = None,
) -> list[int]:
    """Ids of the submitted versions waiting for this praktijkbegeleider among these students, oldest first;
    with `per_student` (a sort key per student id, such as the name) by student first, each one's oldest first.

    A version waits for them when it is the latest offered version of its bewijsstuk, linked to a leeruitkomst
    they have not judged it on, which fewer different assessors judged it on than the beoordelingsregel asks.
    Two queries over the stored progress: only leeruitkomsten with such a submission are read.
    """
    ids = sorted(set(student_ids))
    if not ids:
        return []
    bijhouden.verwerk(session)
    open_ = session.execute(
        select(
            LeeruitkomstStand.student_id,
            LeeruitkomstStand.leeruitkomst_id,
            LeeruitkomstStand.aanbod,
            StudentStand.beoordelaars_vereist,
        )
        .join(StudentStand, StudentStand.student_id == LeeruitkomstStand.student_id)
        .where(LeeruitkomstStand.student_id.in_(ids), LeeruitkomstStand.open_inzendingen > 0)
    ).all()
    if not open_:
        return []
    gezien: dict[tuple[int, int], list[tuple[int, set[int]]]] = defaultdict(list)
    for student_id, leeruitkomst_id, beoordelaar_id, beoordeeld in session.execute(
        select(
            OordeelStand.student_id, OordeelStand.leeruitkomst_id, OordeelStand.beoordelaar_id, OordeelStand.beoordeeld
        ).where(OordeelStand.student_id.in_(sorted({r.student_id for r in open_})))
    ):
        gezien[(student_id, leeruitkomst_id)].append((beoordelaar_id, set(beoordeeld)))
    wacht: dict[int, str] = {}
    van_student: dict[int, int] = {}
    for student_id, leeruitkomst_id, aanbod, vereist in open_:
        door = gezien[(student_id, leeruitkomst_id)]
        for versie in aanbod:
            if versie["status"] != "ingediend":
                continue
            beoordelaars = {b for b, beoordeeld in door if versie["versie_id"] in beoordeeld}
            if praktijkbegeleider_id not in beoordelaars and len(beoordelaars) < vereist:
                wacht[versie["versie_id"]] = versie["ingediend_op"] or ""
                van_student[versie["versie_id"]] = student_id
    if per_student is not None:
        return sorted(wacht, key=lambda v: (per_student.get(van_student[v], ""), van_student[v], wacht[v], v))
    return sorted(wacht, key=lambda versie_id: (wacht[versie_id], versie_id))
