"""How students are organised: cohorts, enrolments on a kwalificatie version, and who supervises whom."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Date, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, UtcDateTime
from app.models.gebruiker import Gebruiker
from app.models.kwalificatie import Kwalificatie


class Cohort(TimestampMixin, Base):
    __tablename__ = "cohort"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)  # e.g. "WA6-2026-09"
    naam: Mapped[str] = mapped_column(String(200), default="")


class InschrijvingStatus(StrEnum):
    actief = "actief"
    gediplomeerd = "gediplomeerd"
    uitgeschreven = "uitgeschreven"
    # Moved to a newer kwalificatie version: ended, kept as history (see Versiewissel).
    overgezet = "overgezet"


class Inschrijving(TimestampMixin, Base):
    """A student follows one kwalificatie version; it stays that version when a newer one is loaded."""

    __tablename__ = "inschrijving"
    __table_args__ = (UniqueConstraint("student_id", "kwalificatie_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    kwalificatie_id: Mapped[int] = mapped_column(ForeignKey("kwalificatie.id"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    startdatum: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[InschrijvingStatus] = mapped_column(
        Enum(InschrijvingStatus, native_enum=False, length=20), default=InschrijvingStatus.actief
    )
    # The instroomeis of section 4.2: appointed at the Nederlandse politie, on this date.
    aangesteld_bij_politie_op: Mapped[dt.date | None] = mapped_column(Date)

    student: Mapped[Gebruiker] = relationship(lazy="raise")
    kwalificatie: Mapped[Kwalificatie] = relationship(lazy="raise")
    cohort: Mapped[Cohort] = relationship(lazy="raise")


class Begeleiding(TimestampMixin, Base):
    """A praktijkbegeleider supervises a student from `van` up to and including `tot` (open when None)."""

    __tablename__ = "begeleiding"
    # The beheer list pages newest start first.
    __table_args__ = (Index("ix_begeleiding_van_id", "van", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    praktijkbegeleider_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    van: Mapped[dt.date] = mapped_column(Date)
    tot: Mapped[dt.date | None] = mapped_column(Date)

    praktijkbegeleider: Mapped[Gebruiker] = relationship(foreign_keys=[praktijkbegeleider_id], lazy="raise")
    student: Mapped[Gebruiker] = relationship(foreign_keys=[student_id], lazy="raise")

    def loopt_op(self, datum: dt.date) -> bool:
        return self.van <= datum and (self.tot is None or datum <= self.tot)


class Versiewissel(Base):
    """A beheerder moved a student from one enrolment to one on a newer version of the kwalificatie.

    The old enrolment is ended (`overgezet`), never deleted; what was shown for a leeruitkomst that the new
    version marks `exactMatchOf` keeps counting for it. One move per enrolment: the unique key makes a
    second, simultaneous move of the same enrolment fail.
    """

    __tablename__ = "versiewissel"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    van_inschrijving_id: Mapped[int] = mapped_column(ForeignKey("inschrijving.id"), unique=True)
    naar_inschrijving_id: Mapped[int] = mapped_column(ForeignKey("inschrijving.id"), unique=True)
    door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    tijd: Mapped[dt.datetime] = mapped_column(UtcDateTime())

    van_inschrijving: Mapped[Inschrijving] = relationship(foreign_keys=[van_inschrijving_id], lazy="raise")
    naar_inschrijving: Mapped[Inschrijving] = relationship(foreign_keys=[naar_inschrijving_id], lazy="raise")
