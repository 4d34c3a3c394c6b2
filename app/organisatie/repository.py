"""Every query on cohorts, inschrijvingen and begeleidingen, with its loading strategy spelled out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import ColumnElement, Row, Select, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from app.models import (
    Begeleiding,
    Cohort,
    Gebruiker,
    GebruikerRol,
    Inschrijving,
    Kwalificatie,
    Rol,
)
from app.toegang import policy


def _bevat(kolom, term: str) -> ColumnElement[bool]:  # noqa: ANN001
    return func.lower(kolom).contains(term.lower(), autoescape=True)


# Gebruikers


def gebruiker(session: Session, gebruiker_id: int) -> Gebruiker | None:
    # rol_records load with the user (lazy="selectin" on the model).
    return session.get(Gebruiker, gebruiker_id)


def personen_stmt(
    rol: Rol, zoekterm: str = "", *, alleen_actief: bool = False
) -> Select[tuple[int, str, str | None, str]]:
    """(id, naam, studentnummer, email) of the people with this role whose naam, studentnummer or e-mail
    contains the term, by name: what a form's search-as-you-type field offers."""
    stmt = select(Gebruiker.id, Gebruiker.naam, Gebruiker.studentnummer, Gebruiker.email).where(
        exists(
            select(GebruikerRol.gebruiker_id).where(GebruikerRol.gebruiker_id == Gebruiker.id, GebruikerRol.rol == rol)
        )
    )
    if alleen_actief:
        stmt = stmt.where(Gebruiker.actief.is_(True))
    if zoekterm:
        stmt = stmt.where(
            or_(
                _bevat(Gebruiker.naam, zoekterm),
                _bevat(Gebruiker.studentnummer, zoekterm),
                _bevat(Gebruiker.email, zoekterm),
            )
        )
    return stmt.order_by(Gebruiker.naam, Gebruiker.id)


def gebruikers_op_nummer_of_email(
    session: Session, studentnummers: Collection[str], emails: Collection[str]
) -> list[Gebruiker]:
    """Accounts that already use one of these studentnummers or (lower-cased) e-mail addresses."""
    if not studentnummers and not emails:
        return []
    stmt = select(Gebruiker).where(
        or_(Gebruiker.studentnummer.in_(list(studentnummers)), Gebruiker.email.in_(list(emails)))
    )
    return list(session.scalars(stmt))


# Kwalificaties


def alle_kwalificaties(session: Session) -> list[Kwalificatie]:
    return list(session.scalars(select(Kwalificatie).order_by(Kwalificatie.code, Kwalificatie.versie)))


def kwalificatie(session: Session, kwalificatie_id: int) -> Kwalificatie | None:
    return session.get(Kwalificatie, kwalificatie_id)


def kwalificatie_op_code(session: Session, code: str, versie: str) -> Kwalificatie | None:
    stmt = select(Kwalificatie).where(func.upper(Kwalificatie.code) == code.upper(), Kwalificatie.versie == versie)
    return session.scalar(stmt)


# Cohorten


def cohorten_met_aantallen_stmt() -> Select[tuple[Cohort, int]]:
    """Every cohort with its number of inschrijvingen (one query per page), newest code first."""
    aantal = select(func.count(Inschrijving.id)).where(Inschrijving.cohort_id == Cohort.id).scalar_subquery()
    return select(Cohort, aantal.label("aantal")).order_by(Cohort.code.desc(), Cohort.id)


def alle_cohorten(session: Session) -> list[Cohort]:
    return list(session.scalars(select(Cohort).order_by(Cohort.code.desc())))


def cohort(session: Session, cohort_id: int) -> Cohort | None:
    return session.get(Cohort, cohort_id)


def cohort_op_code(session: Session, code: str) -> Cohort | None:
    """Cohort codes match case-insensitively: 'wa6-2026-09' is the cohort WA6-2026-09."""
    return session.scalar(select(Cohort).where(func.upper(Cohort.code) == code.upper()))


def cohorten_op_codes(session: Session, codes: Collection[str]) -> list[Cohort]:
    if not codes:
        return []
    return list(session.scalars(select(Cohort).where(func.upper(Cohort.code).in_([c.upper() for c in codes]))))


# Inschrijvingen


def inschrijvingen_stmt(zoekterm: str = "") -> Select[tuple[Inschrijving]]:
    """Inschrijvingen per cohort (newest first), then by name; the term matches naam, studentnummer,
    e-mail or cohort code. Student, kwalificatie and cohort load in one query each per page."""
    stmt = select(Inschrijving).join(Inschrijving.cohort).join(Inschrijving.student)
    if zoekterm:
        stmt = stmt.where(
            or_(
                _bevat(Gebruiker.naam, zoekterm),
                _bevat(Gebruiker.studentnummer, zoekterm),
                _bevat(Gebruiker.email, zoekterm),
                _bevat(Cohort.code, zoekterm),
            )
        )
    return stmt.order_by(Cohort.code.desc(), Gebruiker.naam, Inschrijving.id).options(
        selectinload(Inschrijving.student).raiseload(Gebruiker.rol_records),
        selectinload(Inschrijving.kwalificatie),
        selectinload(Inschrijving.cohort),
    )


def inschrijving(session: Session, inschrijving_id: int) -> Inschrijving | None:
    stmt = (
        select(Inschrijving)
        .where(Inschrijving.id == inschrijving_id)
        .options(
            selectinload(Inschrijving.student),
            selectinload(Inschrijving.kwalificatie),
            selectinload(Inschrijving.cohort),
        )
    )
    return session.scalar(stmt)


def inschrijving_bestaat(session: Session, student_id: int, kwalificatie_id: int) -> bool:
    stmt = select(
        exists().where(Inschrijving.student_id == student_id, Inschrijving.kwalificatie_id == kwalificatie_id)
    )
    return bool(session.scalar(stmt))


def inschrijvingen_van(session: Session, student_ids: Collection[int]) -> list[Inschrijving]:
    if not student_ids:
        return []
    stmt = (
        select(Inschrijving)
        .where(Inschrijving.student_id.in_(list(student_ids)))
        .options(selectinload(Inschrijving.cohort))
    )
    return list(session.scalars(stmt))


# Begeleidingen


def begeleidingen_stmt(zoekterm: str = "") -> Select[tuple[Begeleiding]]:
    """Begeleidingen, newest start first; the term matches the name of the praktijkbegeleider or the student,
    or the studentnummer. Both people load in one query per page."""
    stmt = select(Begeleiding)
    if zoekterm:
        begeleider, student = aliased(Gebruiker), aliased(Gebruiker)
        stmt = (
            stmt.join(begeleider, Begeleiding.praktijkbegeleider_id == begeleider.id)
            .join(student, Begeleiding.student_id == student.id)
            .where(
                or_(
                    _bevat(begeleider.naam, zoekterm),
                    _bevat(student.naam, zoekterm),
                    _bevat(student.studentnummer, zoekterm),
                )
            )
        )
    # The list shows names only: the people's roles (lazy="selectin" on Gebruiker) are not loaded.
    return stmt.order_by(Begeleiding.van.desc(), Begeleiding.id.desc()).options(
        selectinload(Begeleiding.praktijkbegeleider).raiseload(Gebruiker.rol_records),
        selectinload(Begeleiding.student).raiseload(Gebruiker.rol_records),
    )


def begeleiding(session: Session, begeleiding_id: int) -> Begeleiding | None:
    stmt = (
        select(Begeleiding)
        .where(Begeleiding.id == begeleiding_id)
        .options(selectinload(Begeleiding.praktijkbegeleider), selectinload(Begeleiding.student))
    )
    return session.scalar(stmt)


def overlappende_begeleiding(
    session: Session, praktijkbegeleider_id: int, student_id: int, van: dt.date, tot: dt.date | None
) -> Begeleiding | None:
    """A begeleiding of the same pair whose period shares at least one day with van…tot."""
    voorwaarden = [
        Begeleiding.praktijkbegeleider_id == praktijkbegeleider_id,
        Begeleiding.student_id == student_id,
        or_(Begeleiding.tot.is_(None), Begeleiding.tot >= van),
    ]
    if tot is not None:
        voorwaarden.append(Begeleiding.van <= tot)
    return session.scalar(select(Begeleiding).where(*voorwaarden).order_by(Begeleiding.van).limit(1))


# Studenten die iemand mag zien


def personen(
    session: Session, rol: Rol, zoekterm: str, *, alleen_actief: bool, limiet: int
) -> list[Row[tuple[int, str, str | None, str]]]:
    return list(session.execute(personen_stmt(rol, zoekterm, alleen_actief=alleen_actief).limit(limiet)))


def persoon_met_rol(
    session: Session, rol: Rol, persoon_id: int, *, alleen_actief: bool = False
) -> Row[tuple[int, str, str | None, str]] | None:
    return session.execute(personen_stmt(rol, alleen_actief=alleen_actief).where(Gebruiker.id == persoon_id)).first()


def zichtbare_studenten_stmt(
    gebruiker: Gebruiker, zoekterm: str = "", cohortcode: str = ""
) -> Select[tuple[int, str, str | None, str]]:
    """(id, naam, studentnummer, email) of the students this person may see today, by name."""
    voorwaarden: list[ColumnElement[bool]] = [policy.zichtbare_studenten(gebruiker)]
    if zoekterm:
        in_cohort = exists(
            select(Inschrijving.id)
            .join(Inschrijving.cohort)
            .where(Inschrijving.student_id == Gebruiker.id, _bevat(Cohort.code, zoekterm))
        )
        voorwaarden.append(
            or_(
                _bevat(Gebruiker.naam, zoekterm),
                _bevat(Gebruiker.studentnummer, zoekterm),
                _bevat(Gebruiker.email, zoekterm),
                in_cohort,
            )
        )
    if cohortcode:
        voorwaarden.append(
            exists(
                select(Inschrijving.id)
                .join(Inschrijving.cohort)
                .where(Inschrijving.student_id == Gebruiker.id, func.upper(Cohort.code) == cohortcode.upper())
            )
        )
    return (
        select(Gebruiker.id, Gebruiker.naam, Gebruiker.studentnummer, Gebruiker.email)
        .where(*voorwaarden)
        .order_by(Gebruiker.naam, Gebruiker.id)
    )


def ids_van(session: Session, stmt: Select) -> list[int]:
    """The ids of a statement that selects (id, …) rows, in one query."""
    kern = stmt.with_only_columns(Gebruiker.id).order_by(None)
    return list(session.scalars(kern))


def inschrijvingen_kort(
    session: Session, student_ids: Collection[int]
) -> list[Row[tuple[int, str, dt.date, str, str, str]]]:
    """(student_id, status, startdatum, cohort code, kwalificatie code, versie) of these students, in one query."""
    if not student_ids:
        return []
    stmt = (
        select(
            Inschrijving.student_id,
            Inschrijving.status,
            Inschrijving.startdatum,
            Cohort.code,
            Kwalificatie.code,
            Kwalificatie.versie,
        )
        .join(Inschrijving.cohort)
        .join(Inschrijving.kwalificatie)
        .where(Inschrijving.student_id.in_(list(student_ids)))
        .order_by(Inschrijving.startdatum.desc(), Inschrijving.id.desc())
    )
    return list(session.execute(stmt))
