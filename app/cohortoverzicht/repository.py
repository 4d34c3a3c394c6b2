"""Every query of the cohort overview: which cohorts and students this person may see, and the columns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Row, Select, exists, func, select
from sqlalchemy.orm import Session

from app.models import Bouwsteen, Cohort, Gebruiker, Inschrijving, Kerntaak, Leeruitkomst
from app.models.voortgang import LeeruitkomstStand, StudentStand
from app.toegang import policy
from app.voortgang.lijsten import diplomabaar_op


def cohort_op_code(session: Session, code: str) -> Cohort | None:
    """Cohort codes match case-insensitively, as everywhere (app.organisatie)."""
    return session.scalar(select(Cohort).where(func.upper(Cohort.code) == code.upper()))


def _in_cohort(cohort_id: int | None = None):  # noqa: ANN202
    """SQL: the student (Gebruiker) is enrolled in this cohort (or, without an id, in Cohort of the query)."""
    koppeling = Inschrijving.cohort_id == (Cohort.id if cohort_id is None else cohort_id)
    return exists(select(Inschrijving.id).where(Inschrijving.student_id == Gebruiker.id, koppeling))


def zichtbare_cohorten_stmt(gebruiker: Gebruiker) -> Select[tuple[Cohort, int]]:
    """Cohorts with their number of students this person may see today, newest code first.

    The examencommissie and beheer see every cohort (an empty one too); a praktijkbegeleider only
    the cohorts of the students they supervise today.
    """
    aantal = (
        select(func.count(Gebruiker.id))
        .where(policy.zichtbare_studenten(gebruiker), _in_cohort())
        .correlate(Cohort)
        .scalar_subquery()
    )
    stmt = select(Cohort, aantal.label("aantal")).order_by(Cohort.code.desc(), Cohort.id)
    if not policy.ziet_alle_studenten(gebruiker):
        stmt = stmt.where(aantal > 0)
    return stmt


def studenten_stmt(gebruiker: Gebruiker, cohort_id: int) -> Select[tuple[int, str, str | None]]:
    """(id, naam, studentnummer) of the cohort's students this person may see today, by name."""
    return (
        select(Gebruiker.id, Gebruiker.naam, Gebruiker.studentnummer)
        .where(policy.zichtbare_studenten(gebruiker), _in_cohort(cohort_id))
        .order_by(Gebruiker.naam, Gebruiker.id)
    )


def met_twee_beoordelaars(session: Session, gebruiker: Gebruiker, cohort_id: int) -> bool:
    """Whether any of the cohort's students this person may see needs two assessors per leeruitkomst: only then
    can the independence rule hide part of their progress from a praktijkbegeleider. One query."""
    zichtbaar = studenten_stmt(gebruiker, cohort_id).with_only_columns(Gebruiker.id).order_by(None)
    return bool(
        session.scalar(
            select(exists().where(StudentStand.student_id.in_(zichtbaar), StudentStand.beoordelaars_vereist >= 2))
        )
    )


def studenten(session: Session, gebruiker: Gebruiker, cohort_id: int) -> list[Row[tuple[int, str, str | None]]]:
    return list(session.execute(studenten_stmt(gebruiker, cohort_id)))


def leeruitkomstcodes(session: Session, cohort_id: int) -> list[str]:
    """The columns: the leeruitkomsten of the kwalificatie versions this cohort follows, in document order."""
    versies = select(Inschrijving.kwalificatie_id).where(Inschrijving.cohort_id == cohort_id).distinct()
    codes = session.scalars(
        select(Leeruitkomst.code)
        .join(Leeruitkomst.bouwsteen)
        .join(Bouwsteen.kerntaak)
        .where(Kerntaak.kwalificatie_id.in_(versies))
        .order_by(Kerntaak.kwalificatie_id, Kerntaak.volgorde, Bouwsteen.volgorde, Leeruitkomst.volgorde)
    )
    # Two versions of one kwalificatie share most codes: each column once, in the first version's order.
    return list(dict.fromkeys(codes))


def gefilterd(stmt: Select, status: str, sorteer: str, datum: dt.date) -> Select:
    """The matrix's students with at least one leeruitkomst of `status` (or diplomabaar on `datum`), ordered by
    name or by how many leeruitkomsten are aangetoond: a WHERE and an ORDER BY on the stored progress."""
    if status == "diplomabaar":
        stmt = stmt.where(
            exists(
                select(StudentStand.student_id).where(StudentStand.student_id == Gebruiker.id, diplomabaar_op(datum))
            )
        )
    elif status:
        stmt = stmt.where(
            exists(
                select(LeeruitkomstStand.student_id).where(
                    LeeruitkomstStand.student_id == Gebruiker.id, LeeruitkomstStand.status == status
                )
            )
        )
    if sorteer in ("meest", "minst"):
        aangetoond = (
            select(func.coalesce(func.max(StudentStand.aangetoond), 0))
            .where(StudentStand.student_id == Gebruiker.id)
            .scalar_subquery()
        )
        stmt = stmt.order_by(None).order_by(
            aangetoond.desc() if sorteer == "meest" else aangetoond, Gebruiker.naam, Gebruiker.id
        )
    return stmt
