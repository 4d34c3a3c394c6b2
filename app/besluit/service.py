"""Use cases of the examencommissie: the workspace, the dossier, the decision, the revocation; and verification.

A decision freezes the dossier it rests on (rules.dossier, as canonical JSON with
its sha256) and is never changed afterwards; a vastgesteld diploma can only be
revoked, by a row of its own. Services only flush; the request commits.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app import tijd
from app.audit import service as audit
from app.besluit import diplomapdf, repository, rules
from app.besluit.diplomapdf import diploma_gegevens
from app.besluit.schemas import MAX_TEKST
from app.diploma.pdf import DiplomaGegevens
from app.errors import Conflict, NietGevonden, OngeldigeInvoer, te_lang, veldfout
from app.meldingen import service as meldingen
from app.models import (
    Besluit,
    Diplomabesluit,
    DiplomaPdf,
    Gebruiker,
    Heropening,
    InschrijvingStatus,
    Intrekking,
    MeldingSoort,
)
from app.openbadge import service as openbadge
from app.paginering import Pagina, Paginering, pagineer
from app.toegang import policy
from app.voortgang import bijhouden
from app.voortgang.repository import actuele_inschrijving
from app.voortgang.service import voortgang_uit_feiten, voortgang_van

NIET_INGESCHREVEN = "Deze student is niet ingeschreven voor een kwalificatie."
ONBEKEND_DIPLOMA = "Er is geen diploma met dit nummer."


class NietDiplomabaar(Conflict):
    """Vastgesteld asked for a student who is not diplomabaar: 409 with every reason (`redenen`)."""

    def __init__(self, naam: str, datum: dt.date, redenen: list[dict]):
        super().__init__(
            f"{naam} is op {datum:%d-%m-%Y} niet diplomabaar; het diploma kan niet worden vastgesteld.",
            errors=[veldfout("", r["melding"]) for r in redenen],
            extra={"redenen": redenen},
        )


@dataclass
class Dossier:
    """The dossier as the committee reads it, with the decisions already taken on it."""

    student: Gebruiker
    inhoud: dict  # rules.dossier: what a decision taken now would freeze
    besluiten: list[Diplomabesluit]
    beoordeelde_zelf: bool

    @property
    def geldig_diploma(self) -> Diplomabesluit | None:
        return next((b for b in self.besluiten if b.is_geldig_diploma), None)


def _tekst(waarde: str, veld: str, leeg: str) -> str:
    if "\x00" in waarde:
        raise OngeldigeInvoer(
            "De tekst bevat een ongeldig teken (NUL).", errors=[veldfout(veld, "Verwijder het ongeldige teken.")]
        )
    waarde = waarde.strip()
    if not waarde:
        raise OngeldigeInvoer(leeg, errors=[veldfout(veld, leeg)])
    if len(waarde) > MAX_TEKST:
        melding = te_lang(MAX_TEKST, len(waarde), "De tekst")
        raise OngeldigeInvoer(melding, errors=[veldfout(veld, melding)])
    return waarde


def samenstellen(
    session: Session, student: Gebruiker, beslisser: Gebruiker | None, datum: dt.date
) -> tuple[dict, int, bool]:
    """The dossier on `datum`, the enrolment it belongs to, and whether the deciding member judged the student."""
    inschrijving = actuele_inschrijving(session, student.id)
    gevonden = voortgang_uit_feiten(session, [student.id], datum=datum).get(student.id)
    if inschrijving is None or gevonden is None:
        raise NietGevonden(NIET_INGESCHREVEN)
    voortgang = gevonden.voortgang
    tellend = [o for lu in voortgang.leeruitkomsten for o in lu.uitleg.tellend]
    kwalificatie = repository.kwalificatie_feit(session, inschrijving.kwalificatie)
    beoordeelde = beslisser is not None and policy.heeft_beoordeeld(session, beslisser.id, student.id)
    inhoud = rules.dossier(
        rules.StudentFeit(student.id, student.naam, student.studentnummer),
        kwalificatie,
        repository.inschrijving_feit(session, inschrijving.id),
        voortgang,
        repository.oordeel_details(session, {o.id for o in tellend}),
        repository.versie_details(session, {v for o in tellend for v in o.versie_ids}),
        rules.controles(
            voortgang,
            kwalificatie.beoordelaars_vereist,
            (beslisser.naam, beoordeelde) if beslisser is not None else None,
        ),
    )
    return inhoud, inschrijving.id, beoordeelde


def dossier(session: Session, lid: Gebruiker, student_id: int, datum: dt.date | None = None) -> Dossier:
    """The dossier page: assembled by the system, as a decision taken now would freeze it."""
    policy.vereis_examencommissie(lid)
    student = policy.vereis_student_zichtbaar(session, lid, student_id)
    inhoud, _, beoordeelde = samenstellen(session, student, lid, datum or tijd.vandaag())
    return Dossier(student, inhoud, repository.besluiten_van(session, student_id), beoordeelde)


def beslissen(session: Session, lid: Gebruiker, student_id: int, besluit: str, motivering: str) -> Diplomabesluit:
    """Vaststellen or afwijzen, with a motivering.

    Vastgesteld gets a diplomanummer and makes the enrolment gediplomeerd.
    """
    student = policy.vereis_mag_beslissen(session, lid, student_id)
    try:
        soort = Besluit(besluit.strip())
    except ValueError:
        raise OngeldigeInvoer(
            "Kies het besluit: vastgesteld of afgewezen.",
            errors=[veldfout("besluit", "Kies vastgesteld of afgewezen.")],
        ) from None
    motivering = _tekst(motivering, "motivering", "Schrijf een motivering bij het besluit.")
    inschrijving = actuele_inschrijving(session, student_id)
    if inschrijving is None:
        raise NietGevonden(NIET_INGESCHREVEN)
    repository.vergrendel_inschrijving(session, inschrijving.id)
    if (geldig := repository.geldig_diploma(session, student_id)) is not None:
        raise Conflict(
            f"{student.naam} heeft al een geldig diploma ({geldig.diplomanummer}, vastgesteld op "
            f"{geldig.datum:%d-%m-%Y}). Een nieuw besluit kan pas na intrekking daarvan."
        )
    moment = tijd.nu()
    datum = tijd.lokaal(moment).date()
    inhoud, inschrijving_id, _ = samenstellen(session, student, lid, datum)
    if soort is Besluit.vastgesteld and not inhoud["diplomabaar"]:
        raise NietDiplomabaar(student.naam, datum, inhoud["redenen"])
    nummer = None
    if soort is Besluit.vastgesteld:
        kwalificatie = inhoud["kwalificatie"]
        prefix = rules.prefix_van(kwalificatie["code"], kwalificatie["niveau"])
        nummer = rules.diplomanummer(prefix, datum.year, repository.volgnummer(session, prefix, datum.year))
    tekst = rules.canoniek(inhoud)
    genomen = Diplomabesluit(
        student_id=student.id,
        inschrijving_id=inschrijving_id,
        besluit=soort,
        motivering=motivering,
        beslist_door_id=lid.id,
        tijd=moment,
        datum=datum,
        snapshot=tekst,
        snapshot_sha256=rules.sha256(tekst),
        diplomanummer=nummer,
    )
    if nummer:
        genomen.verificatiecode = openbadge.verificatiecode()
        openbadge.maak(session, genomen, student, inschrijving.kwalificatie_id, inhoud)
    session.add(genomen)
    if soort is Besluit.vastgesteld:
        inschrijving.status = InschrijvingStatus.gediplomeerd
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # Only a place in the revocation list can be taken by another decision at the same moment.
        raise Conflict("Een ander besluit werd tegelijk genomen. Probeer het opnieuw.") from None
    audit.registreer(
        session,
        lid,
        "diploma_vastgesteld" if nummer else "diploma_afgewezen",
        "diplomabesluit",
        genomen.id,
        student_id=student.id,
        inschrijving_id=inschrijving_id,
        diplomanummer=nummer,
        datum=datum.isoformat(),
        motivering=motivering,
        snapshot_sha256=genomen.snapshot_sha256,
    )
    if nummer:
        diplomapdf.vraag_aan(session, genomen.id, ingetrokken=False)
        tekst_melding = f"De examencommissie heeft je diploma vastgesteld. Je diplomanummer is {nummer}."
        link = f"/diplomas/{nummer}"
    else:
        tekst_melding = f"De examencommissie heeft je diploma (nog) niet vastgesteld. Motivering: {motivering}"
        link = "/portfolio"
    meldingen.meld(session, student, MeldingSoort.diplomabesluit, tekst_melding, link)
    set_committed_value(genomen, "intrekking", None)  # just made: nothing revoked it
    return genomen


def _diploma_vergrendeld(session: Session, diplomanummer: str) -> Diplomabesluit:
    """The decision of this diplomanummer, its row locked until the transaction ends: two revocations (or two
    reopenings) at once run one after the other, and the second sees the first. 404 for an unknown number."""
    besluit = (
        repository.besluit_op_nummer(session, diplomanummer, vergrendel=True)
        if rules.lijkt_diplomanummer(diplomanummer)
        else None
    )
    if besluit is None:
        raise NietGevonden(ONBEKEND_DIPLOMA)
    return besluit


def intrekken(session: Session, lid: Gebruiker, diplomanummer: str, reden: str) -> Intrekking:
    """Revoke a vastgesteld diploma with a reason; the decision itself stays as it was."""
    policy.vereis_mag_intrekken(lid)
    reden = _tekst(reden, "reden", "Geef de reden van de intrekking.")
    besluit = _diploma_vergrendeld(session, diplomanummer)
    if besluit.intrekking is not None:
        raise Conflict(f"Diploma {diplomanummer} is al ingetrokken op {tijd.lokaal(besluit.intrekking.tijd):%d-%m-%Y}.")
    intrekking = Intrekking(besluit_id=besluit.id, reden=reden, door_id=lid.id, tijd=tijd.nu())
    session.add(intrekking)
    # The diploma no longer stands: the enrolment is active again, so a new decision can follow.
    inschrijving = repository.vergrendel_inschrijving(session, besluit.inschrijving_id)
    if inschrijving.status is InschrijvingStatus.gediplomeerd:
        inschrijving.status = InschrijvingStatus.actief
    session.flush()
    diplomapdf.vraag_aan(session, besluit.id, ingetrokken=True)
    audit.registreer(
        session,
        lid,
        "diploma_ingetrokken",
        "diplomabesluit",
        besluit.id,
        student_id=besluit.student_id,
        diplomanummer=diplomanummer,
        reden=reden,
    )
    meldingen.meld(
        session,
        besluit.student,
        MeldingSoort.diplomabesluit,
        f"De examencommissie heeft je diploma {diplomanummer} ingetrokken. Reden: {reden}",
        f"/diplomas/{diplomanummer}",
    )
    return intrekking


def heropenen(session: Session, lid: Gebruiker, diplomanummer: str, reden: str) -> Heropening:
    """Reopen the dossier of a revoked diploma, with a reason: from now on the rule alone says whether the
    student is diplomabaar (the revocation itself stays, as does the decision)."""
    policy.vereis_mag_intrekken(lid)
    reden = _tekst(reden, "reden", "Geef de reden om het dossier te heropenen.")
    besluit = _diploma_vergrendeld(session, diplomanummer)
    intrekking = besluit.intrekking
    if intrekking is None:
        raise Conflict(f"Diploma {diplomanummer} is niet ingetrokken; er is geen dossier te heropenen.")
    if intrekking.heropening is not None:
        raise Conflict(_al_heropend(diplomanummer, intrekking.heropening))
    heropening = Heropening(intrekking_id=intrekking.id, reden=reden, door_id=lid.id, tijd=tijd.nu())
    session.add(heropening)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # intrekking_id is unique: another member reopened it at the same moment.
        raise Conflict(
            f"Het dossier van diploma {diplomanummer} is intussen al heropend. Laad de pagina opnieuw."
        ) from None
    audit.registreer(
        session,
        lid,
        "dossier_heropend",
        "diplomabesluit",
        besluit.id,
        student_id=besluit.student_id,
        diplomanummer=diplomanummer,
        reden=reden,
    )
    return heropening


def _al_heropend(diplomanummer: str, heropening: Heropening) -> str:
    return (
        f"Het dossier van diploma {diplomanummer} is al heropend op {tijd.lokaal(heropening.tijd):%d-%m-%Y} "
        f"door {heropening.door.naam}."
    )


def besluiten(session: Session, gebruiker: Gebruiker, student_id: int) -> list[Diplomabesluit]:
    """Every decision on the student, newest first: for the student and the examencommissie."""
    policy.vereis_mag_besluiten_zien(session, gebruiker, student_id)
    return repository.besluiten_van(session, student_id)


# --- Public verification -------------------------------------------------------------------------


@dataclass(frozen=True)
class Verificatie:
    """What anyone may learn about a diplomanummer: nothing beyond name, kwalificatie and date."""

    diplomanummer: str
    geldig: bool
    kwalificatie: str
    naam: str
    datum: dt.date
    reden: str | None = None
    ingetrokken_op: dt.date | None = None
    # Whether the right verification code came with the number: only then name, kwalificatie, date, reason.
    volledig: bool = True


def _normaal(code: str) -> str:
    return "".join(t for t in code.upper() if t.isalnum())


def code_klopt(gegeven: str | None, verwacht: str | None) -> bool:
    """The verification code, compared in constant time (typed with or without dashes, in any case)."""
    # Compared even without a stored code, so the answer takes as long either way.
    return hmac.compare_digest(_normaal(gegeven or "").encode(), _normaal(verwacht or "\x00").encode()) and bool(
        verwacht
    )


def verificatie(session: Session, diplomanummer: str, code: str | None = None) -> Verificatie:
    """Valid, or revoked with its reason; 404 for a number that was never given. Without the diploma's
    verification code, only whether it is valid: sequential numbers must not list the graduates."""
    besluit = repository.besluit_op_nummer(session, diplomanummer) if rules.lijkt_diplomanummer(diplomanummer) else None
    if besluit is None or besluit.besluit is not Besluit.vastgesteld:
        raise NietGevonden(ONBEKEND_DIPLOMA)
    # Name and kwalificatie as they stood on the diploma: from the frozen snapshot, not today's account.
    inhoud = json.loads(besluit.snapshot)
    kwalificatie = inhoud["kwalificatie"]
    intrekking = besluit.intrekking
    return Verificatie(
        diplomanummer=diplomanummer,
        geldig=intrekking is None,
        kwalificatie=f"{kwalificatie['titel']} (niveau {kwalificatie['niveau']}), versie {kwalificatie['versie']}",
        naam=inhoud["student"]["naam"],
        datum=besluit.datum,
        reden=intrekking.reden if intrekking else None,
        ingetrokken_op=tijd.lokaal(intrekking.tijd).date() if intrekking else None,
        volledig=code_klopt(code, besluit.verificatiecode),
    )


def diploma_pdf(
    session: Session, gebruiker: Gebruiker, diplomanummer: str
) -> tuple[DiplomaGegevens, DiplomaPdf | None]:
    """The diploma to download: what it shows, and its PDF in storage once the job rendered it."""
    besluit = _zichtbaar_besluit(session, gebruiker, diplomanummer)
    gegevens = diploma_gegevens(besluit)
    return gegevens, diplomapdf.opgeslagen(session, besluit.id, ingetrokken=gegevens.ingetrokken)


def diploma(session: Session, gebruiker: Gebruiker, diplomanummer: str) -> DiplomaGegevens:
    """What the diploma shows, from its frozen snapshot: the student's own, or any for the examencommissie;
    404 for anyone else."""
    return diploma_gegevens(_zichtbaar_besluit(session, gebruiker, diplomanummer))


def _zichtbaar_besluit(session: Session, gebruiker: Gebruiker, diplomanummer: str) -> Diplomabesluit:
    besluit = repository.besluit_op_nummer(session, diplomanummer) if rules.lijkt_diplomanummer(diplomanummer) else None
    if besluit is None or not policy.mag_diploma_zien(gebruiker, besluit.student_id):
        raise NietGevonden(ONBEKEND_DIPLOMA)
    return besluit


# --- The workspace list --------------------------------------------------------------------------


@dataclass(frozen=True)
class Kandidaat:
    id: int
    naam: str
    studentnummer: str | None
    cohort: str
    aangetoond: int
    totaal: int
    diplomabaar: bool
    redenen: tuple[str, ...]  # Dutch messages; exactly one for "bijna"


@dataclass
class Werkruimte:
    pagina: Pagina
    cohorten: list[str]
    cohort: str
    toon: str
    datum: dt.date


TOON = {"alle": "Diplomabaar en bijna", "diplomabaar": "Diplomabaar", "bijna": "Bijna (nog één punt)"}


def werkruimte(
    session: Session, lid: Gebruiker, cohort: str, toon: str, paginering: Paginering, datum: dt.date | None = None
) -> Werkruimte:
    """The diplomabare students and those with exactly one reason left, diplomabaar first, by name, paged.

    Who is listed, in which order and how many there are is decided in SQL on the stored progress; only
    the page's students get their reasons spelled out (from the same stored progress).
    """
    policy.vereis_examencommissie(lid)
    datum = datum or tijd.vandaag()
    cohort = cohort.replace("\x00", "").strip()[:60]
    toon = toon if toon in TOON else "alle"
    bijhouden.verwerk(session)
    rijen = pagineer(session, repository.kandidaten_stmt(cohort or None, toon, datum), paginering, scalars=False)
    redenen = voortgang_van(session, [r.id for r in rijen.items if r.redenen], datum=datum)
    kandidaten = [
        Kandidaat(
            r.id,
            r.naam,
            r.studentnummer,
            r.code,
            r.aangetoond,
            r.totaal,
            r.redenen == 0,
            tuple(reden.melding for reden in redenen[r.id].voortgang.diplomabaarheid.redenen) if r.redenen else (),
        )
        for r in rijen.items
    ]
    return Werkruimte(rijen.met(kandidaten), repository.cohort_codes(session), cohort, toon, datum)
