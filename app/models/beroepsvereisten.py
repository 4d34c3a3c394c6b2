"""Results of beroepsvereisten (RTGP, IBT, PV) per student: append-only, a correction is a new record."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, Enum, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin
from app.models.gebruiker import Gebruiker
from app.models.kwalificatie import Beroepsvereiste


class Resultaat(StrEnum):
    voldaan = "voldaan"
    niet_voldaan = "niet_voldaan"


class BeroepsvereisteResultaat(TimestampMixin, Base):
    """One recorded result; the history of a student is every row, newest datum first."""

    __tablename__ = "beroepsvereiste_resultaat"
    __table_args__ = (
        CheckConstraint("geldig_tot IS NULL OR geldig_tot >= datum", name="geldig_na_datum"),
        Index("ix_beroepsvereiste_resultaat_student_datum", "student_id", "datum", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    beroepsvereiste_id: Mapped[int] = mapped_column(ForeignKey("beroepsvereiste.id"), index=True)
    datum: Mapped[dt.date] = mapped_column(Date)
    resultaat: Mapped[Resultaat] = mapped_column(Enum(Resultaat, native_enum=False, length=20))
    # Empty for a result that is not met: it makes nothing valid.
    geldig_tot: Mapped[dt.date | None] = mapped_column(Date)
    vastgelegd_door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    # A correction names the record it replaces; that one stays, but no longer counts.
    corrigeert_id: Mapped[int | None] = mapped_column(ForeignKey("beroepsvereiste_resultaat.id"))

    beroepsvereiste: Mapped[Beroepsvereiste] = relationship(lazy="raise")
    student: Mapped[Gebruiker] = relationship(foreign_keys=[student_id], lazy="raise")
    vastgelegd_door: Mapped[Gebruiker] = relationship(foreign_keys=[vastgelegd_door_id], lazy="raise")
