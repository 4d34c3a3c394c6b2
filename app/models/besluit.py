"""The examencommissie's decision on a diploma, its revocation, and the diplomanummer counter.

A decision is a frozen record: never updated or deleted (on PostgreSQL a
trigger refuses both). It holds the dossier it was based on as canonical JSON
with its sha256, so later judgements, corrections or hidden evidence never
change what the committee saw. A vastgesteld diploma is only ever revoked, by a
row of its own in `diploma_intrekking`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UtcDateTime
from app.models.gebruiker import Gebruiker
from app.models.organisatie import Inschrijving


class Besluit(StrEnum):
    vastgesteld = "vastgesteld"
    afgewezen = "afgewezen"

    @property
    def label(self) -> str:
        return {"vastgesteld": "Diploma vastgesteld", "afgewezen": "Diploma afgewezen"}[self]


class Diplomabesluit(Base):
    __tablename__ = "diplomabesluit"
    __table_args__ = (
        # A vastgesteld diploma has a number; a refusal never has one.
        CheckConstraint("(besluit = 'vastgesteld') = (diplomanummer IS NOT NULL)", name="nummer_bij_vastgesteld"),
        # One credential per place in a revocation list: its bit is its own.
        Index("ix_diplomabesluit_ob_status", "ob_statuslijst", "ob_statusindex", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    inschrijving_id: Mapped[int] = mapped_column(ForeignKey("inschrijving.id"), index=True)
    besluit: Mapped[Besluit] = mapped_column(Enum(Besluit, native_enum=False, length=20))
    motivering: Mapped[str] = mapped_column(Text)
    beslist_door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    tijd: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    # The decision date in the Netherlands: the date diplomabaarheid was judged on.
    datum: Mapped[dt.date] = mapped_column(Date)
    # Canonical JSON of the dossier (sorted keys, no spaces, UTF-8) and its sha256.
    snapshot: Mapped[str] = mapped_column(Text)
    snapshot_sha256: Mapped[str] = mapped_column(String(64))
    diplomanummer: Mapped[str | None] = mapped_column(String(40), unique=True)
    # A vastgesteld diploma's verification code (random, 80 bits): with the number it shows name, kwalificatie
    # and date; the number alone only whether it is valid, so sequential numbers list nobody.
    verificatiecode: Mapped[str | None] = mapped_column(String(32))
    # Its Open Badges credential, made and signed once at the decision (app.openbadge): the credential's and
    # the subject's urn:uuid, its place in the revocation list, and the compact JWS itself.
    ob_id: Mapped[str | None] = mapped_column(String(60), index=True, unique=True)
    ob_subject_id: Mapped[str | None] = mapped_column(String(60))
    ob_statuslijst: Mapped[int | None] = mapped_column(Integer)
    ob_statusindex: Mapped[int | None] = mapped_column(Integer)
    ob_jwt: Mapped[str | None] = mapped_column(Text)

    student: Mapped[Gebruiker] = relationship(foreign_keys=[student_id], lazy="raise")
    beslist_door: Mapped[Gebruiker] = relationship(foreign_keys=[beslist_door_id], lazy="raise")
    inschrijving: Mapped[Inschrijving] = relationship(lazy="raise")
    intrekking: Mapped[Intrekking | None] = relationship(back_populates="besluit", uselist=False, lazy="raise")

    @property
    def is_geldig_diploma(self) -> bool:
        """Requires `intrekking` to be loaded."""
        return self.besluit is Besluit.vastgesteld and self.intrekking is None


class Intrekking(Base):
    """The revocation of a vastgesteld diploma, with its reason; at most one per decision."""

    __tablename__ = "diploma_intrekking"

    id: Mapped[int] = mapped_column(primary_key=True)
    besluit_id: Mapped[int] = mapped_column(ForeignKey("diplomabesluit.id"), unique=True)
    reden: Mapped[str] = mapped_column(Text)
    door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    tijd: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    besluit: Mapped[Diplomabesluit] = relationship(back_populates="intrekking", lazy="raise")
    door: Mapped[Gebruiker] = relationship(lazy="raise")
    heropening: Mapped[Heropening | None] = relationship(back_populates="intrekking", uselist=False, lazy="raise")


class Heropening(Base):
    """The examencommissie reopened the dossier of a revoked diploma, with a reason; at most one per revocation.

    A revocation does not make the student diplomabaar again by itself (after fraud the evidence itself may be
    in doubt): until the dossier is reopened, it is a reason against. Append-only, as the revocation is.
    """

    __tablename__ = "diploma_heropening"

    id: Mapped[int] = mapped_column(primary_key=True)
    intrekking_id: Mapped[int] = mapped_column(ForeignKey("diploma_intrekking.id"), unique=True)
    reden: Mapped[str] = mapped_column(Text)
    door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    tijd: Mapped[dt.datetime] = mapped_column(UtcDateTime())

    intrekking: Mapped[Intrekking] = relationship(back_populates="heropening", lazy="raise")
    door: Mapped[Gebruiker] = relationship(lazy="raise")


class Diplomateller(Base):
    """The last diplomanummer given per prefix and year; its row is locked while the next one is taken."""

    __tablename__ = "diplomateller"

    prefix: Mapped[str] = mapped_column(String(20), primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True)
    laatste: Mapped[int] = mapped_column(Integer, default=0)


class DiplomaPdf(Base):
    """A diploma's PDF, rendered once from the frozen snapshot by a job and kept in storage by its sha256.

    One per decision and state: the valid diploma, and after a revocation the one marked as revoked.
    """

    __tablename__ = "diploma_pdf"
    __table_args__ = (UniqueConstraint("besluit_id", "ingetrokken"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    besluit_id: Mapped[int] = mapped_column(ForeignKey("diplomabesluit.id"))
    ingetrokken: Mapped[bool] = mapped_column(Boolean)
    opslag_sleutel: Mapped[str] = mapped_column(String(200), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    grootte: Mapped[int] = mapped_column(BigInteger)
    gemaakt_op: Mapped[dt.datetime] = mapped_column(UtcDateTime())
