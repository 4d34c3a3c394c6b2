"""Keeping the stored progress current: in the same transaction as every change that can alter it.

No writing domain calls this: every session notes, at each flush, which students' facts changed
(a judgement, a version submitted, withdrawn, hidden or deleted, a link, a beroepsvereiste result,
an enrolment, a decision, a revocation or the dossier reopened, a new beoordelingsregel), and just
before the transaction commits their progress is recomputed and stored (app.voortgang.stand), under a
row lock per student.
A read of the stored progress in the same transaction first catches up (`verwerk`), so a page
rendered after a write never shows the state before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, SessionTransaction

from app.models import (
    Beoordeling,
    BeoordelingBewijs,
    BeroepsvereisteResultaat,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukVersie,
    Diplomabesluit,
    Heropening,
    Inschrijving,
    Intrekking,
    Kwalificatie,
    Versiewissel,
)
from app.voortgang import stand

_TE_DOEN = "voortgang_te_doen"


@dataclass
class _Wachtrij:
    """What changed, by the ids the changed rows carry; resolved to students just before recomputing."""

    studenten: set[int] = field(default_factory=set)
    beoordelingen: set[int] = field(default_factory=set)
    bewijsstukken: set[int] = field(default_factory=set)
    versies: set[int] = field(default_factory=set)
    besluiten: set[int] = field(default_factory=set)
    intrekkingen: set[int] = field(default_factory=set)
    kwalificaties: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return any(self.__dict__.values())


def _noteer(wachtrij: _Wachtrij, object_: object) -> None:
    if isinstance(
        object_, Beoordeling | Bewijsstuk | BeroepsvereisteResultaat | Inschrijving | Diplomabesluit | Versiewissel
    ):
        wachtrij.studenten.add(object_.student_id)
    elif isinstance(object_, BeoordelingBewijs):
        wachtrij.beoordelingen.add(object_.beoordeling_id)
    elif isinstance(object_, BewijsstukVersie):
        wachtrij.bewijsstukken.add(object_.bewijsstuk_id)
    elif isinstance(object_, BewijsstukKoppeling):
        wachtrij.versies.add(object_.versie_id)
    elif isinstance(object_, Intrekking):
        wachtrij.besluiten.add(object_.besluit_id)
    elif isinstance(object_, Heropening):
        wachtrij.intrekkingen.add(object_.intrekking_id)
    elif isinstance(object_, Kwalificatie) and inspect(object_).attrs.beoordelaars_vereist.history.has_changes():
        wachtrij.kwalificaties.add(object_.id)


@event.listens_for(Session, "after_flush")
def _na_flush(session: Session, _context: object) -> None:
    # The lists still hold what this flush wrote; the rows of new objects carry their ids by now.
    wachtrij = session.info.setdefault(_TE_DOEN, _Wachtrij())
    for object_ in chain(session.new, session.dirty, session.deleted):
        _noteer(wachtrij, object_)


def _studenten(session: Session, wachtrij: _Wachtrij) -> set[int]:
    """The students the noted changes belong to (a deleted row's own ids were noted before it went)."""
    studenten = set(wachtrij.studenten)
    vragen = (
        (wachtrij.beoordelingen, select(Beoordeling.student_id).where(Beoordeling.id.in_(wachtrij.beoordelingen))),
        (wachtrij.bewijsstukken, select(Bewijsstuk.student_id).where(Bewijsstuk.id.in_(wachtrij.bewijsstukken))),
        (
            wachtrij.versies,
            select(Bewijsstuk.student_id)
            .join(BewijsstukVersie, BewijsstukVersie.bewijsstuk_id == Bewijsstuk.id)
            .where(BewijsstukVersie.id.in_(wachtrij.versies)),
        ),
        (wachtrij.besluiten, select(Diplomabesluit.student_id).where(Diplomabesluit.id.in_(wachtrij.besluiten))),
        (
            wachtrij.intrekkingen,
            select(Diplomabesluit.student_id)
            .join(Intrekking, Intrekking.besluit_id == Diplomabesluit.id)
            .where(Intrekking.id.in_(wachtrij.intrekkingen)),
        ),
        (
            wachtrij.kwalificaties,
            select(Inschrijving.student_id).where(Inschrijving.kwalificatie_id.in_(wachtrij.kwalificaties)),
        ),
    )
    for ids, vraag in vragen:
        if ids:
            studenten.update(session.scalars(vraag))
    studenten.discard(None)
    return studenten


def verwerk(session: Session) -> None:
    """Recompute the stored progress of every student whose facts this transaction changed so far."""
    while True:
        session.flush()  # what is still pending may note more students
        wachtrij = session.info.get(_TE_DOEN)
        if not wachtrij:
            return
        session.info[_TE_DOEN] = _Wachtrij()
        with session.no_autoflush:
            stand.bijwerken(session, _studenten(session, wachtrij))


def _voor_commit(session: Session) -> None:
    if not session.in_nested_transaction():
        verwerk(session)


# First among the commit hooks: the students' row locks come before the audit chain's lock, which
# every writer takes, so two transactions never wait for each other's lock in opposite order.
event.listen(Session, "before_commit", _voor_commit, insert=True)


@event.listens_for(Session, "after_transaction_end")
def _einde(session: Session, transactie: SessionTransaction) -> None:
    if transactie.parent is None:
        session.info.pop(_TE_DOEN, None)
