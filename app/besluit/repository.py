"""Every query of the examencommissie's workspace, the decision and the verification."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import Select, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from app.besluit import rules
from app.models import (
    Beoordeling,
    Besluit,
    Bestand,
    Bewijsstuk,
    BewijsstukVersie,
    Bouwsteen,
    Cohort,
    Diplomabesluit,
    Diplomateller,
    Gebruiker,
    Inschrijving,
    InschrijvingStatus,
    Intrekking,
    Kerntaak,
    Kwalificatie,
)
from app.models.voortgang import StudentStand
from app.voortgang.lijsten import redenen_op


def inschrijving_feit(session: Session, inschrijving_id: int) -> rules.InschrijvingFeit:
    inschrijving_id, cohort, startdatum = session.execute(
        select(Inschrijving.id, Cohort.code, Inschrijving.startdatum)
        .join(Cohort, Cohort.id == Inschrijving.cohort_id)
        .where(Inschrijving.id == inschrijving_id)
    ).one()
    return rules.InschrijvingFeit(inschrijving_id, cohort, startdatum)


def kwalificatie_feit(session: Session, kwalificatie: Kwalificatie) -> rules.KwalificatieFeit:
    """The kwalificatie with the titles of its kerntaken and bouwstenen; one query."""
    kerntaken: dict[str, str] = {}
    bouwstenen: dict[str, str] = {}
    for kt_code, kt_titel, bs_code, bs_titel in session.execute(
        select(Kerntaak.code, Kerntaak.titel, Bouwsteen.code, Bouwsteen.titel)
        .join(Bouwsteen, Bouwsteen.kerntaak_id == Kerntaak.id)
        .where(Kerntaak.kwalificatie_id == kwalificatie.id)
        .order_by(Kerntaak.volgorde, Bouwsteen.volgorde)
    ):
        kerntaken.setdefault(kt_code, kt_titel)
        bouwstenen[bs_code] = bs_titel
    return rules.KwalificatieFeit(
        kwalificatie.code,
        kwalificatie.versie,
        kwalificatie.titel,
        kwalificatie.niveau,
        kwalificatie.beoordelaars_vereist,
        tuple(kerntaken.items()),
        bouwstenen,
    )


def oordeel_details(session: Session, ids: Collection[int]) -> dict[int, rules.OordeelDetail]:
    if not ids:
        return {}
    return {
        rij.id: rules.OordeelDetail(rij.id, rij.feedback, rij.observatiedatum, rij.reden, rij.correctie)
        for rij in session.execute(
            select(
                Beoordeling.id,
                Beoordeling.feedback,
                Beoordeling.observatiedatum,
                Beoordeling.reden,
                Beoordeling.correctie,
            ).where(Beoordeling.id.in_(list(ids)))
        )
    }


def versie_details(session: Session, versie_ids: Collection[int]) -> dict[int, rules.VersieDetail]:
    """The versions with their files, hidden ones marked; two queries."""
    if not versie_ids:
        return {}
    ids = list(versie_ids)
    bestanden: dict[int, list[rules.BestandFeit]] = defaultdict(list)
    for rij in session.execute(
        select(Bestand.versie_id, Bestand.id, Bestand.naam, Bestand.sha256, Bestand.grootte)
        .where(Bestand.versie_id.in_(ids))
        .order_by(Bestand.versie_id, Bestand.volgorde)
    ):
        bestanden[rij.versie_id].append(rules.BestandFeit(rij.id, rij.naam, rij.sha256, rij.grootte))
    return {
        rij.id: rules.VersieDetail(
            rij.id, rij.bewijsstuk_id, rij.versie, rij.titel, rij.verborgen_op is not None, tuple(bestanden[rij.id])
        )
        for rij in session.execute(
            select(
                BewijsstukVersie.id,
                BewijsstukVersie.bewijsstuk_id,
                BewijsstukVersie.versie,
                BewijsstukVersie.titel,
                Bewijsstuk.verborgen_op,
            )
            .join(Bewijsstuk, Bewijsstuk.id == BewijsstukVersie.bewijsstuk_id)
            .where(BewijsstukVersie.id.in_(ids))
        )
    }


_BESLUIT_VOLLEDIG = (
    joinedload(Diplomabesluit.beslist_door),
    joinedload(Diplomabesluit.intrekking).joinedload(Intrekking.door),
)


def besluiten_van(session: Session, student_id: int) -> list[Diplomabesluit]:
    """Every decision on the student, newest first, with who took it and any revocation; one query."""
    return list(
        session.scalars(
            select(Diplomabesluit)
            .where(Diplomabesluit.student_id == student_id)
            .order_by(Diplomabesluit.tijd.desc(), Diplomabesluit.id.desc())
            .options(*_BESLUIT_VOLLEDIG)
        ).unique()
    )


def diplomas_van(session: Session, student_id: int) -> list[Diplomabesluit]:
    """The student's vastgesteld decisions, newest first, each with its revocation; one query."""
    return list(
        session.scalars(
            select(Diplomabesluit)
            .where(Diplomabesluit.student_id == student_id, Diplomabesluit.besluit == Besluit.vastgesteld)
            .order_by(Diplomabesluit.tijd.desc(), Diplomabesluit.id.desc())
            .options(joinedload(Diplomabesluit.intrekking))
        ).unique()
    )


def besluit_op_nummer(session: Session, diplomanummer: str, *, vergrendel: bool = False) -> Diplomabesluit | None:
    stmt = select(Diplomabesluit).where(Diplomabesluit.diplomanummer == diplomanummer)
    if vergrendel:
        # Two revocations at once: the second waits here and then sees the first.
        stmt = stmt.with_for_update()
    besluit = session.scalar(stmt)
    if besluit is None:
        return None
    return session.scalar(
        select(Diplomabesluit)
        .where(Diplomabesluit.id == besluit.id)
        .options(*_BESLUIT_VOLLEDIG, joinedload(Diplomabesluit.student))
        .execution_options(populate_existing=True)
    )


def geldig_diploma(session: Session, student_id: int) -> Diplomabesluit | None:
    """The student's vastgesteld decision that was not revoked, if any."""
    return session.scalar(
        select(Diplomabesluit)
        .where(
            Diplomabesluit.student_id == student_id,
            Diplomabesluit.besluit == Besluit.vastgesteld,
            ~exists().where(Intrekking.besluit_id == Diplomabesluit.id),
        )
        .limit(1)
    )


def vergrendel_inschrijving(session: Session, inschrijving_id: int) -> Inschrijving:
    """Lock the enrolment for the decision: two decisions on one student happen one after the other."""
    return session.scalars(
        select(Inschrijving)
        .where(Inschrijving.id == inschrijving_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def volgnummer(session: Session, prefix: str, jaar: int) -> int:
    """The next number for this prefix and year, unique under simultaneous decisions.

    The counter row is locked FOR UPDATE until the decision commits; the first
    decision of a year creates the row, and one that loses that race to another
    reads the other's row once it is committed.
    """
    stmt = (
        select(Diplomateller)
        .where(Diplomateller.prefix == prefix, Diplomateller.jaar == jaar)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    teller = session.scalar(stmt)
    if teller is None:
        try:
            with session.begin_nested():
                session.add(Diplomateller(prefix=prefix, jaar=jaar, laatste=0))
        except IntegrityError:
            pass
        teller = session.scalars(stmt).one()
    teller.laatste += 1
    session.flush()
    return teller.laatste


def kandidaten_stmt(cohort: str | None, toon: str, datum: dt.date) -> Select:
    """(id, naam, studentnummer, cohort, aangetoond, totaal, redenen) of the active students who are diplomabaar on
    `datum` or one reason short of it, diplomabaar first, then by name: a WHERE on the stored progress.

    `toon`: "diplomabaar" (no reason), "bijna" (exactly one) or "alle" (either). The count of reasons is
    the rule's (app.voortgang.lijsten.redenen_op), so nobody who could be diplomabaar is left out.
    """
    redenen = redenen_op(datum)
    stmt = (
        select(
            Gebruiker.id,
            Gebruiker.naam,
            Gebruiker.studentnummer,
            Cohort.code,
            StudentStand.aangetoond,
            StudentStand.totaal,
            redenen.label("redenen"),
        )
        .join(StudentStand, StudentStand.student_id == Gebruiker.id)
        .join(Inschrijving, Inschrijving.id == StudentStand.inschrijving_id)
        .join(Cohort, Cohort.id == Inschrijving.cohort_id)
        .where(
            Inschrijving.status == InschrijvingStatus.actief,
            Gebruiker.actief.is_(True),
            # At most one reason among the leeruitkomsten: an index range, before the beroepsvereisten are counted.
            StudentStand.lu_redenen <= 1,
            redenen == 0 if toon == "diplomabaar" else redenen == 1 if toon == "bijna" else redenen <= 1,
        )
        .order_by(redenen, Gebruiker.naam, Gebruiker.id)
    )
    if cohort:
        stmt = stmt.where(Cohort.code == cohort)
    return stmt


def cohort_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Cohort.code).order_by(Cohort.code)))
