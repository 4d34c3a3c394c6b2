"""Judging: a judgement, a re-judgement of newer evidence or a correction by the same assessor, the replies
under a judgement, the beoordelingsregel.

Nothing here updates or deletes a judgement; a re-judgement or a correction is a new row that
replaces the assessor's previous one. Services only flush; the request commits.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.beoordeling import repository
from app.beoordeling.schemas import BeoordelingIn
from app.errors import Conflict, NietGevonden, OngeldigeInvoer
from app.meldingen import service as meldingen
from app.models import (
    Beoordeling,
    BeoordelingBewijs,
    BewijsstukVersie,
    Gebruiker,
    Kwalificatie,
    MeldingSoort,
    Oordeel,
    Reactie,
    VersieStatus,
)
from app.models.beoordeling import BEOORDELAARS_VEREIST
from app.tijd import lokaal, nu
from app.toegang import policy
from app.voortgang import repository as voortgang_repository
from app.voortgang.status import korte_naam

GEEN_INSCHRIJVING = "Deze student is niet ingeschreven voor een kwalificatie."


def beoordelen(
    session: Session, gebruiker: Gebruiker, student_id: int, invoer: BeoordelingIn, *, gezien: int | None = None
) -> Beoordeling:
    """Record one judgement of one leeruitkomst, resting on the latest submitted versions named in `invoer`.

    `gezien` is the assessor's own latest judgement of it when their form was opened (0 for none): when
    another has been saved since, the save answers 409 and says which, instead of asking for a reason."""
    student = policy.vereis_mag_beoordelen(session, gebruiker, student_id)
    inschrijving = voortgang_repository.actuele_inschrijving(session, student_id)
    if inschrijving is None:
        raise NietGevonden(GEEN_INSCHRIJVING)
    leeruitkomst = repository.leeruitkomst_van_kwalificatie(session, inschrijving.kwalificatie_id, invoer.leeruitkomst)
    if leeruitkomst is None:
        raise OngeldigeInvoer(
            f"Leeruitkomst {invoer.leeruitkomst} hoort niet bij de kwalificatie van deze student.",
            errors=[{"veld": "leeruitkomst", "melding": "Onbekende leeruitkomst."}],
        )
    _geen_nul(invoer.feedback, "feedback")
    _geen_nul(invoer.reden or "", "reden")
    feedback = invoer.feedback.strip()
    if invoer.oordeel != Oordeel.aangetoond and not feedback:
        raise OngeldigeInvoer(
            "Schrijf feedback: wat ontbreekt er nog om de leeruitkomst aan te tonen?",
            errors=[{"veld": "feedback", "melding": "Feedback is verplicht als de leeruitkomst niet is aangetoond."}],
        )
    if invoer.observatiedatum is not None and invoer.observatiedatum > policy.vandaag():
        raise OngeldigeInvoer(
            "De observatiedatum ligt in de toekomst.",
            errors=[{"veld": "observatiedatum", "melding": "Kies vandaag of een eerdere dag."}],
        )
    if not invoer.bewijsstukken:
        raise OngeldigeInvoer(
            "Een beoordeling berust op minstens één aangeboden bewijsstukversie bij deze leeruitkomst.",
            errors=[{"veld": "bewijsstukken", "melding": "Noem minstens één bewijsstuk en versie."}],
        )
    versies = _gecontroleerde_versies(session, student_id, leeruitkomst.id, leeruitkomst.code, invoer)

    # After a move to a newer version, the assessor's judgement of the exact match on the old version is theirs too.
    ook = voortgang_repository.overgenomen_voor(session, student_id).get(leeruitkomst.id, set())
    vorige = repository.laatste_eigen_beoordeling(session, gebruiker.id, student_id, {leeruitkomst.id, *ook})
    if gezien is not None and gezien != (vorige.id if vorige else 0):
        # The form was opened before this judgement: another tab or device saved one meanwhile.
        raise Conflict(_intussen_opgeslagen(leeruitkomst.code, vorige))
    reden = (invoer.reden or "").strip() or None
    correctie = vorige is not None and not is_herbeoordeling(vorige, versies)
    if correctie and reden is None:
        raise OngeldigeInvoer(
            f"Je beoordeelde {leeruitkomst.code} al op {lokaal(vorige.tijd):%d-%m-%Y} op dit bewijs. "
            "Geef een reden voor je correctie; je eerdere oordeel blijft bewaard.",
            errors=[{"veld": "reden", "melding": "Een correctie heeft een reden nodig."}],
        )
    beoordeling = Beoordeling(
        student_id=student_id,
        leeruitkomst_id=leeruitkomst.id,
        beoordelaar_id=gebruiker.id,
        tijd=nu(),
        oordeel=invoer.oordeel,
        feedback=feedback,
        observatiedatum=invoer.observatiedatum,
        vervangt_id=vorige.id if vorige is not None else None,
        correctie=correctie,
        # A reason given with a re-judgement is kept too: nothing typed is thrown away.
        reden=reden if vorige is not None else None,
        bewijs=[BeoordelingBewijs(versie_id=v.id) for v in versies],
        reacties=[],
    )
    session.add(beoordeling)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # vervangt_id is unique: the same assessor replaced this judgement at the same moment.
        raise Conflict(
            "Je oordeel over deze leeruitkomst is intussen al vervangen door een nieuwer oordeel. "
            "Laad de pagina opnieuw."
        ) from None
    audit.registreer(
        session,
        gebruiker,
        "beoordeling_gecorrigeerd" if correctie else "herbeoordeeld" if vorige is not None else "beoordeeld",
        "beoordeling",
        beoordeling.id,
        student_id=student_id,
        leeruitkomst=leeruitkomst.code,
        oordeel=invoer.oordeel.value,
        bewijsstukken=[{"id": v.bewijsstuk_id, "versie": v.versie} for v in versies],
        vervangt=beoordeling.vervangt_id,
        reden=beoordeling.reden,
    )
    meldingen.meld(
        session,
        student,
        MeldingSoort.nieuwe_feedback,
        f"{korte_naam(gebruiker.naam)} beoordeelde {leeruitkomst.code}: {invoer.oordeel.label.lower()}.",
        f"/portfolio#lu-{leeruitkomst.code.replace('.', '-')}",
    )
    return beoordeling


def is_herbeoordeling(vorige: Beoordeling, versies: list[BewijsstukVersie]) -> bool:
    """A judgement after `vorige` is a re-judgement when it rests on evidence `vorige` did not look at: a newer
    version, or another bewijsstuk for the same leeruitkomst. Judging the very same versions again is a correction.

    `vorige.bewijs` must be loaded."""
    gezien = {b.versie_id for b in vorige.bewijs}
    return any(v.id not in gezien for v in versies)


def _intussen_opgeslagen(code: str, vorige: Beoordeling | None) -> str:
    if vorige is None:
        return f"Je oordeel over {code} is intussen ingetrokken of vervangen. Laad de pagina opnieuw."
    return (
        f"Intussen is al een oordeel van jou over {code} opgeslagen: {vorige.oordeel.label.lower()}, "
        f"op {lokaal(vorige.tijd):%d-%m-%Y om %H:%M} (in een ander venster of op een ander apparaat). "
        "Je tekst staat hieronder nog; wil je dat oordeel wijzigen, geef dan een reden voor je correctie."
    )


def _geen_nul(tekst: str, veld: str) -> None:
    # PostgreSQL cannot store a NUL character in text; say so instead of failing on the insert.
    if "\x00" in tekst:
        raise OngeldigeInvoer(
            "De tekst bevat een ongeldig teken (NUL).",
            errors=[{"veld": veld, "melding": "Verwijder het ongeldige teken."}],
        )


def _gecontroleerde_versies(session: Session, student_id: int, leeruitkomst_id: int, code: str, invoer: BeoordelingIn):  # noqa: ANN202
    """The named versions, checked while their bewijsstukken are locked: submitted, linked, and still the latest."""
    gevraagd = {(b.id, b.versie) for b in invoer.bewijsstukken}
    vergrendeld = {b.id: b for b in repository.bewijsstukken_vergrendeld(session, student_id, {i for i, _ in gevraagd})}
    # Evidence linked to a leeruitkomst of an older version that this one is an exact match of counts for it.
    overgenomen = voortgang_repository.overgenomen_voor(session, student_id)
    telt_voor = {leeruitkomst_id} | overgenomen.get(leeruitkomst_id, set())
    gevonden = []
    for bewijsstuk_id, nummer in sorted(gevraagd):
        bewijsstuk = vergrendeld.get(bewijsstuk_id)
        versie = next((v for v in bewijsstuk.versies if v.versie == nummer), None) if bewijsstuk else None
        if bewijsstuk is None or bewijsstuk.is_verborgen or versie is None:
            raise OngeldigeInvoer(
                f"Bewijsstuk {bewijsstuk_id} versie {nummer} bestaat niet in het portfolio van deze student.",
                errors=[{"veld": "bewijsstukken", "melding": "Onbekend bewijsstuk of onbekende versie."}],
            )
        if versie.status == VersieStatus.ingetrokken:
            raise Conflict(f"'{versie.titel}' versie {nummer} is intussen ingetrokken. Laad de pagina opnieuw.")
        if versie.status != VersieStatus.ingediend:
            raise OngeldigeInvoer(
                f"'{versie.titel}' versie {nummer} is niet ter beoordeling aangeboden.",
                errors=[{"veld": "bewijsstukken", "melding": "Alleen een aangeboden versie kan beoordeeld worden."}],
            )
        if not telt_voor & {k.leeruitkomst_id for k in versie.koppelingen}:
            raise OngeldigeInvoer(
                f"'{versie.titel}' versie {nummer} is niet gekoppeld aan {code}.",
                errors=[{"veld": "bewijsstukken", "melding": f"Dit bewijs hoort niet bij {code}."}],
            )
        laatste = max(v.versie for v in bewijsstuk.versies if v.status == VersieStatus.ingediend)
        if nummer != laatste:
            raise Conflict(
                f"De student heeft intussen versie {laatste} van '{versie.titel}' aangeboden. "
                "Laad de pagina opnieuw en beoordeel de nieuwste versie."
            )
        gevonden.append(versie)
    return gevonden


def reageren(session: Session, gebruiker: Gebruiker, beoordeling_id: int, tekst: str) -> Reactie:
    """A reply in the thread under a judgement, by the student or the assessor; the other one is notified."""
    beoordeling = repository.beoordeling(session, beoordeling_id)
    if beoordeling is None or not policy.mag_student_zien(session, gebruiker, beoordeling.student_id):
        raise NietGevonden("Deze beoordeling bestaat niet of je hebt er geen toegang toe.")
    policy.vereis_mag_reageren(gebruiker, beoordeling.student_id, beoordeling.beoordelaar_id)
    _geen_nul(tekst, "tekst")
    tekst = tekst.strip()
    if not tekst:
        raise OngeldigeInvoer(
            "Schrijf een reactie.", errors=[{"veld": "tekst", "melding": "Een lege reactie wordt niet bewaard."}]
        )
    reactie = Reactie(auteur_id=gebruiker.id, tijd=nu(), tekst=tekst)
    beoordeling.reacties.append(reactie)  # kept with the judgement, also in this session's copy
    session.flush()
    audit.registreer(
        session, gebruiker, "reactie_gegeven", "beoordeling", beoordeling.id, reactie=reactie.id, tekst=tekst
    )
    code = beoordeling.leeruitkomst.code
    if gebruiker.id == beoordeling.student_id:
        ontvanger, tekst_melding = beoordeling.beoordelaar, f"{gebruiker.naam} reageerde op je feedback bij {code}."
    else:
        ontvanger = session.get(Gebruiker, beoordeling.student_id)
        tekst_melding = f"{korte_naam(gebruiker.naam)} reageerde op jouw reactie bij {code}."
    meldingen.meld(
        session, ontvanger, MeldingSoort.nieuwe_reactie, tekst_melding, draad_url(beoordeling, ontvanger.id, reactie.id)
    )
    return reactie


def draad_url(beoordeling: Beoordeling, voor_id: int, reactie_id: int | None = None) -> str:
    """Where the thread under a judgement is, for the student or the assessor, opened (`?draad=`) at the reply."""
    basis = "/portfolio" if voor_id == beoordeling.student_id else f"/studenten/{beoordeling.student_id}/portfolio"
    anker = f"reactie-{reactie_id}" if reactie_id else f"beoordeling-{beoordeling.id}"
    return f"{basis}?draad={beoordeling.id}#{anker}"


def beoordelingsregel_instellen(
    session: Session, gebruiker: Gebruiker, code: str, versie: str, beoordelaars_vereist: int
) -> Kwalificatie:
    """Set how many different assessors must hold aangetoond for this kwalificatie version."""
    policy.vereis_mag_beoordelingsregel_instellen(gebruiker)
    kwalificatie = repository.kwalificatie(session, code, versie)
    if kwalificatie is None:
        raise NietGevonden("Deze kwalificatieversie bestaat niet.")
    if beoordelaars_vereist not in BEOORDELAARS_VEREIST:
        raise OngeldigeInvoer(
            "Het aantal vereiste beoordelaars is 1 of 2.",
            errors=[{"veld": "beoordelaars_vereist", "melding": "Kies 1 of 2."}],
        )
    vorig = kwalificatie.beoordelaars_vereist
    if vorig != beoordelaars_vereist:
        kwalificatie.beoordelaars_vereist = beoordelaars_vereist
        session.flush()
        audit.registreer(
            session,
            gebruiker,
            "beoordelingsregel_gewijzigd",
            "kwalificatie",
            kwalificatie.id,
            code=code,
            versie=versie,
            van=vorig,
            naar=beoordelaars_vereist,
        )
    return kwalificatie
