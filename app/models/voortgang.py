"""The stored progress: what every list reads instead of recomputing it from the whole history.

Derived data only, never edited by hand: app.voortgang.bijhouden rewrites a student's rows in the
same transaction as every change that can alter them (app.voortgang.stand computes them with the
one pure rule), and `portfolio voortgang controleer` proves they equal what the rule computes from
the facts. It never stands in the way of its facts: every foreign key cascades, so removing a row
it was derived from removes the derived rows with it. Each row stays small whatever the history:
a leeruitkomst keeps the latest offered version of each bewijsstuk and each assessor's counting
judgement, not every judgement ever given.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, Enum, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UtcDateTime
from app.models.beoordeling import Oordeel

# The vocabulary of app.voortgang.status.LeeruitkomstStatus, as stored (the model layer knows no rules).
LEERUITKOMST_STATUSSEN = (
    "niet_gestart",
    "in_concept",
    "ter_beoordeling",
    "niet_aangetoond",
    "gedeeltelijk_aangetoond",
    "aangetoond",
)


class StudentStand(Base):
    """Per enrolled student: the counts a list shows and filters on; a student without enrolment has none."""

    __tablename__ = "student_stand"
    # The examencommissie's workspace looks for students with at most one reason among the leeruitkomsten.
    __table_args__ = (Index("ix_student_stand_lu_redenen", "lu_redenen"),)

    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True)
    inschrijving_id: Mapped[int] = mapped_column(ForeignKey("inschrijving.id", ondelete="CASCADE"), index=True)
    kwalificatie_id: Mapped[int] = mapped_column(ForeignKey("kwalificatie.id", ondelete="CASCADE"))
    beoordelaars_vereist: Mapped[int] = mapped_column(Integer)
    aangetoond: Mapped[int] = mapped_column(Integer)
    totaal: Mapped[int] = mapped_column(Integer)
    # Submissions that wait for a judgement (a version linked to two leeruitkomsten counts twice).
    wachtend: Mapped[int] = mapped_column(Integer)
    # The reasons among the leeruitkomsten that stand between the student and the diploma on any date:
    # one per leeruitkomst not aangetoond under the rule and one per waiting submission.
    lu_redenen: Mapped[int] = mapped_column(Integer)
    # How many beroepsvereisten the kwalificatie has; each not valid on a date is one more reason.
    vereisten: Mapped[int] = mapped_column(Integer)
    # Revoked diplomas whose dossier the examencommissie has not reopened: each is a reason on any date.
    ingetrokken: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bijgewerkt_op: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class LeeruitkomstStand(Base):
    """Per (student, leeruitkomst of the current enrolment): the status as everyone who sees all judgements reads it,
    and the bounded facts the rule needs to explain it or to apply the independence rule for one assessor."""

    __tablename__ = "leeruitkomst_stand"

    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True)
    leeruitkomst_id: Mapped[int] = mapped_column(ForeignKey("leeruitkomst.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(Enum(*LEERUITKOMST_STATUSSEN, name="leeruitkomst_status", native_enum=False))
    genoeg_aangetoond: Mapped[bool] = mapped_column(Boolean)
    # Counting assessors whose verdict is aangetoond; submissions nobody judged yet.
    aangetoond_door: Mapped[int] = mapped_column(Integer)
    wachtend: Mapped[int] = mapped_column(Integer)
    # Submitted versions fewer assessors judged (on this leeruitkomst) than the rule asks: the inbox's candidates.
    open_inzendingen: Mapped[int] = mapped_column(Integer)
    # Any version linked at all, a concept included (in_concept rather than niet_gestart).
    heeft_bewijs: Mapped[bool] = mapped_column(Boolean)
    # The latest offered version of each bewijsstuk linked to it:
    # [{"versie_id", "bewijsstuk_id", "versie", "status", "ingediend_op"}], by bewijsstuk.
    aanbod: Mapped[list] = mapped_column(JSON)


class InzendingStand(Base):
    """Per (student, leeruitkomst, submitted version) that fewer assessors judged on that leeruitkomst than the
    rule asks: the inbox's candidates as rows, so "what waits for this praktijkbegeleider" is one SQL query
    (with whether they judged it themselves looked up in InzendingBeoordelaar by key), not a scan of every
    supervised student's stored summaries."""

    __tablename__ = "inzending_stand"

    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True)
    leeruitkomst_id: Mapped[int] = mapped_column(ForeignKey("leeruitkomst.id", ondelete="CASCADE"), primary_key=True)
    versie_id: Mapped[int] = mapped_column(ForeignKey("bewijsstuk_versie.id", ondelete="CASCADE"), primary_key=True)
    ingediend_op: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class InzendingBeoordelaar(Base):
    """Per candidate of InzendingStand, each assessor who already judged that version on that leeruitkomst (at
    most one fewer than the rule asks), including judgements carried over by a move to a newer version."""

    __tablename__ = "inzending_beoordelaar"

    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True)
    leeruitkomst_id: Mapped[int] = mapped_column(ForeignKey("leeruitkomst.id", ondelete="CASCADE"), primary_key=True)
    versie_id: Mapped[int] = mapped_column(ForeignKey("bewijsstuk_versie.id", ondelete="CASCADE"), primary_key=True)
    beoordelaar_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True)


class OordeelStand(Base):
    """Per (student, leeruitkomst, assessor): their counting judgement (the latest nothing replaced) and which of the
    versions that still matter (offered now, or under a counting judgement) they judged at any time."""

    __tablename__ = "oordeel_stand"

    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True)
    leeruitkomst_id: Mapped[int] = mapped_column(ForeignKey("leeruitkomst.id", ondelete="CASCADE"), primary_key=True)
    beoordelaar_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True)
    beoordeling_id: Mapped[int | None] = mapped_column(ForeignKey("beoordeling.id", ondelete="CASCADE"))
    oordeel: Mapped[Oordeel | None] = mapped_column(Enum(Oordeel, native_enum=False, length=30))
    tijd: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    vervangt_id: Mapped[int | None] = mapped_column(Integer)
    # The versions the counting judgement rests on, and the numbers of those still visible in the portfolio.
    versie_ids: Mapped[list] = mapped_column(JSON)
    nummers: Mapped[list] = mapped_column(JSON)
    beoordeeld: Mapped[list] = mapped_column(JSON)


class BeroepsvereisteStand(Base):
    """Per (student, beroepsvereiste): from `van` up to (not including) `tot` this result counts (the latest one
    taken by then that no other corrects); it makes the beroepsvereiste valid on a date D in that span when it
    is voldaan and `geldig_tot` >= D. So "valid on D" is a comparison of stored dates, for any D."""

    __tablename__ = "beroepsvereiste_stand"
    __table_args__ = (Index("ix_beroepsvereiste_stand_geldig_tot", "geldig_tot"),)

    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True)
    beroepsvereiste_id: Mapped[int] = mapped_column(
        ForeignKey("beroepsvereiste.id", ondelete="CASCADE"), primary_key=True
    )
    van: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    tot: Mapped[dt.date | None] = mapped_column(Date)
    uitslag_id: Mapped[int] = mapped_column(ForeignKey("beroepsvereiste_resultaat.id", ondelete="CASCADE"))
    voldaan: Mapped[bool] = mapped_column(Boolean)
    geldig_tot: Mapped[dt.date | None] = mapped_column(Date)
