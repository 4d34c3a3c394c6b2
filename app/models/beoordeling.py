"""The beoordeling aggregate: judgements, the evidence versions they rest on, the student's replies.

Judgements are history, not state: a row is never updated or deleted. The
same assessor's next judgement of a leeruitkomst is a new row that names the one
it replaces (`vervangt_id`): a re-judgement when it rests on evidence submitted
after that one, else a correction (`correctie`), which says why (`reden`). The
status of a leeruitkomst is derived from these rows by app.voortgang.status.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Date, Enum, ForeignKey, Index, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UtcDateTime
from app.models.gebruiker import Gebruiker
from app.models.kwalificatie import Leeruitkomst
from app.models.portfolio import BewijsstukVersie


class Oordeel(StrEnum):
    niet_aangetoond = "niet_aangetoond"
    gedeeltelijk_aangetoond = "gedeeltelijk_aangetoond"
    aangetoond = "aangetoond"

    @property
    def label(self) -> str:
        return {
            "niet_aangetoond": "Niet aangetoond",
            "gedeeltelijk_aangetoond": "Gedeeltelijk aangetoond",
            "aangetoond": "Aangetoond",
        }[self]


class Beoordeling(Base):
    __tablename__ = "beoordeling"
    # A student's judgements by leeruitkomst, with the assessor and the id in the index itself: the inbox
    # reads who judged what of its students from the index alone (an index-only scan), not the table.
    __table_args__ = (
        Index("ix_beoordeling_student_oordelen", "student_id", "leeruitkomst_id", "beoordelaar_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    leeruitkomst_id: Mapped[int] = mapped_column(ForeignKey("leeruitkomst.id"))
    beoordelaar_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    tijd: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    oordeel: Mapped[Oordeel] = mapped_column(Enum(Oordeel, native_enum=False, length=30))
    feedback: Mapped[str] = mapped_column(Text, default="")
    # When the assessor saw the work being done; may differ from when they wrote it down.
    observatiedatum: Mapped[dt.date | None] = mapped_column(Date)
    # Unique: one judgement is corrected once, so two racing corrections cannot both replace it.
    vervangt_id: Mapped[int | None] = mapped_column(ForeignKey("beoordeling.id"), unique=True)
    # A correction changes the verdict on the same evidence and needs a reason; a re-judgement of newer
    # evidence replaces the earlier judgement too, without one.
    correctie: Mapped[bool] = mapped_column(default=False, server_default=false())
    reden: Mapped[str | None] = mapped_column(Text)

    student: Mapped[Gebruiker] = relationship(foreign_keys=[student_id], lazy="raise")
    beoordelaar: Mapped[Gebruiker] = relationship(foreign_keys=[beoordelaar_id], lazy="raise")
    leeruitkomst: Mapped[Leeruitkomst] = relationship(lazy="raise")
    bewijs: Mapped[list[BeoordelingBewijs]] = relationship(
        back_populates="beoordeling", order_by="BeoordelingBewijs.versie_id", lazy="raise"
    )
    reacties: Mapped[list[Reactie]] = relationship(back_populates="beoordeling", order_by="Reactie.tijd", lazy="raise")


class BeoordelingBewijs(Base):
    """The exact bewijsstuk version a judgement looked at."""

    __tablename__ = "beoordeling_bewijs"

    beoordeling_id: Mapped[int] = mapped_column(ForeignKey("beoordeling.id"), primary_key=True)
    versie_id: Mapped[int] = mapped_column(ForeignKey("bewijsstuk_versie.id"), primary_key=True, index=True)

    beoordeling: Mapped[Beoordeling] = relationship(back_populates="bewijs", lazy="raise")
    versie: Mapped[BewijsstukVersie] = relationship(lazy="raise")


class Reactie(Base):
    """The student's reply to feedback, kept with the judgement."""

    __tablename__ = "reactie"

    id: Mapped[int] = mapped_column(primary_key=True)
    beoordeling_id: Mapped[int] = mapped_column(ForeignKey("beoordeling.id"), index=True)
    auteur_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    tijd: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    tekst: Mapped[str] = mapped_column(Text)

    beoordeling: Mapped[Beoordeling] = relationship(back_populates="reacties", lazy="raise")
    auteur: Mapped[Gebruiker] = relationship(lazy="raise")


class MeldingSoort(StrEnum):
    nieuwe_feedback = "nieuwe_feedback"
    nieuwe_inzending = "nieuwe_inzending"
    nieuwe_reactie = "nieuwe_reactie"
    diplomabesluit = "diplomabesluit"


class Melding(Base):
    """An in-app notification; `gelezen` is the only thing that ever changes."""

    __tablename__ = "melding"
    __table_args__ = (Index("ix_melding_ontvanger_gelezen", "ontvanger_id", "gelezen"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ontvanger_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    soort: Mapped[MeldingSoort] = mapped_column(Enum(MeldingSoort, native_enum=False, length=30))
    tekst: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(Text, default="")
    gelezen: Mapped[bool] = mapped_column(default=False)
    tijd: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# How many different assessors must hold `aangetoond`: 1 or 2, per kwalificatie version.
BEOORDELAARS_VEREIST = (1, 2)
