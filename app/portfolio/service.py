"""Changing the portfolio: add, change, delete, submit, withdraw and hide bewijsstukken.

A submitted version is frozen: a change makes a new concept version that refers
to the same stored files. Nothing submitted is ever deleted.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.audit import service as audit
from app.errors import Conflict, NietGevonden, OngeldigeInvoer, veldfout
from app.meldingen import service as meldingen
from app.models import Bestand, Bewijsstuk, BewijsstukKoppeling, BewijsstukVersie, Gebruiker, Leeruitkomst, VersieStatus
from app.opslag import Storage
from app.portfolio import overzicht, repository
from app.portfolio.bestanden import controleer_ruimte, nieuwe_bestanden, verwijder_na_commit, voeg_bestanden_toe
from app.portfolio.overzicht import NIET_GEVONDEN
from app.portfolio.schemas import BewijsstukInvoer, Upload
from app.toegang import policy


def bewijsstuk_toevoegen(
    session: Session,
    storage: Storage,
    gebruiker: Gebruiker,
    student_id: int,
    invoer: BewijsstukInvoer,
    uploads: list[Upload],
) -> Bewijsstuk:
    """A new bewijsstuk: version 1, a concept, with its files and leeruitkomsten."""
    policy.vereis_eigen_portfolio(gebruiker, student_id)
    with nieuwe_bestanden(session, storage, uploads) as opgeslagen:
        leeruitkomsten = _leeruitkomsten(session, student_id, invoer.koppelingen or {})
        controleer_ruimte(session, student_id, opgeslagen)
        versie = BewijsstukVersie(
            versie=1,
            titel=invoer.titel or "",
            soort=invoer.soort,
            datum=invoer.datum,
            context=invoer.context or "",
            status=VersieStatus.concept,
            # Set, not left unloaded: the relationships are lazy="raise" once the row is flushed.
            koppelingen=[],
            bestanden=[],
        )
        _zet_koppelingen(versie, leeruitkomsten, invoer.koppelingen or {})
        voeg_bestanden_toe(versie, opgeslagen)
        bewijsstuk = Bewijsstuk(student_id=student_id, versies=[versie])
        session.add(bewijsstuk)
        session.flush()
        audit.registreer(
            session,
            gebruiker,
            "bewijsstuk_geupload",
            "bewijsstuk",
            bewijsstuk.id,
            versie=1,
            titel=versie.titel,
            leeruitkomsten=sorted(invoer.koppelingen or {}),
            bestanden=[_audit_bestand(b) for b in versie.bestanden],
        )
    return bewijsstuk


def bewijsstuk_wijzigen(
    session: Session,
    storage: Storage,
    gebruiker: Gebruiker,
    bewijsstuk_id: int,
    invoer: BewijsstukInvoer,
    uploads: list[Upload],
) -> Bewijsstuk:
    """Change the concept in place; a submitted or withdrawn version is frozen, so the change is a new version.

    With `invoer.versie` (the version the student was looking at) a change that another
    request overtook is refused instead of silently applied to a newer version.
    """
    with nieuwe_bestanden(session, storage, uploads) as opgeslagen:
        bewijsstuk = eigen_bewijsstuk(session, gebruiker, bewijsstuk_id, voor_wijziging=True)
        huidige = bewijsstuk.laatste_versie
        if invoer.versie is not None and invoer.versie != huidige.versie:
            raise Conflict(
                f"Dit bewijsstuk is intussen gewijzigd: de laatste versie is nu versie {huidige.versie}. "
                "Open het opnieuw en breng je wijziging daarin aan."
            )
        bekende_ids = {b.id for b in huidige.bestanden}
        if onbekend := set(invoer.verwijder_bestanden) - bekende_ids:
            raise OngeldigeInvoer(f"Bestand {min(onbekend)} hoort niet bij de laatste versie van dit bewijsstuk.")
        leeruitkomsten = _leeruitkomsten(session, gebruiker.id, invoer.koppelingen or {})
        controleer_ruimte(session, gebruiker.id, opgeslagen)
        weg = [b for b in huidige.bestanden if b.id in invoer.verwijder_bestanden]
        if huidige.is_concept:
            versie = huidige
            for bestand in weg:
                versie.bestanden.remove(bestand)
        else:
            versie = _nieuwe_versie(huidige, zonder_bestanden=set(invoer.verwijder_bestanden))
            bewijsstuk.versies.append(versie)
        if invoer.titel is not None:
            versie.titel = invoer.titel
        if invoer.soort is not None:
            versie.soort = invoer.soort
        if invoer.datum_gegeven:
            versie.datum = invoer.datum
        if invoer.context is not None:
            versie.context = invoer.context
        if invoer.koppelingen is not None:
            _zet_koppelingen(versie, leeruitkomsten, invoer.koppelingen)
        erbij = voeg_bestanden_toe(versie, opgeslagen)
        session.flush()
        # Still referenced by an earlier version? Then the file stays.
        verwijder_na_commit(session, storage, {b.opslag_sleutel for b in weg})
        audit.registreer(
            session,
            gebruiker,
            "concept_gewijzigd" if versie is huidige else "nieuwe_versie",
            "bewijsstuk",
            bewijsstuk.id,
            versie=versie.versie,
            titel=versie.titel,
            leeruitkomsten=[k.leeruitkomst.code for k in versie.koppelingen],
            bestanden_erbij=[_audit_bestand(b) for b in erbij],
            bestanden_weg=[_audit_bestand(b) for b in weg],
        )
    return bewijsstuk


def concept_verwijderen(session: Session, storage: Storage, gebruiker: Gebruiker, bewijsstuk_id: int) -> bool:
    """Delete the concept version; True when that was the whole bewijsstuk. Submitted versions are never deleted."""
    bewijsstuk = eigen_bewijsstuk(session, gebruiker, bewijsstuk_id, voor_wijziging=True)
    concept = bewijsstuk.laatste_versie
    if not concept.is_concept:
        raise Conflict("Een aangeboden bewijsstuk wordt nooit verwijderd. Wijzig het om een nieuwe versie te maken.")
    sleutels = {b.opslag_sleutel for b in concept.bestanden}
    helemaal = len(bewijsstuk.versies) == 1
    audit.registreer(session, gebruiker, "concept_verwijderd", "bewijsstuk", bewijsstuk.id, versie=concept.versie)
    if helemaal:
        session.delete(bewijsstuk)
    else:
        bewijsstuk.versies.remove(concept)
    session.flush()
    verwijder_na_commit(session, storage, sleutels)
    return helemaal


def indienen(session: Session, gebruiker: Gebruiker, bewijsstuk_id: int) -> Bewijsstuk:
    """Ter beoordeling aanbieden: the concept version freezes and joins the queue of the current praktijkbegeleiders."""
    bewijsstuk = eigen_bewijsstuk(session, gebruiker, bewijsstuk_id, voor_wijziging=True)
    versie = bewijsstuk.laatste_versie
    if not versie.is_concept:
        raise Conflict("Deze versie is al aangeboden. Wijzig het bewijsstuk om een nieuwe versie te maken.")
    fouten = []
    if not versie.bestanden:
        fouten.append({"veld": "bestanden", "melding": "Voeg minstens één bestand toe."})
    if not versie.koppelingen:
        fouten.append({"veld": "leeruitkomsten", "melding": "Koppel het bewijsstuk aan minstens één leeruitkomst."})
    for koppeling in versie.koppelingen:
        if not koppeling.onderbouwing.strip():
            code = koppeling.leeruitkomst.code
            fouten.append(
                {"veld": f"onderbouwing_{code}", "melding": f"Schrijf bij {code} hoe dit bewijsstuk die aantoont."}
            )
    if fouten:
        raise OngeldigeInvoer("Dit bewijsstuk kan nog niet ter beoordeling worden aangeboden.", errors=fouten)
    versie.status = VersieStatus.ingediend
    versie.ingediend_op = _nu()
    session.flush()
    audit.registreer(
        session,
        gebruiker,
        "ingediend",
        "bewijsstuk",
        bewijsstuk.id,
        versie=versie.versie,
        leeruitkomsten=[k.leeruitkomst.code for k in versie.koppelingen],
        bestanden=[_audit_bestand(b) for b in versie.bestanden],
    )
    meldingen.nieuwe_inzending(session, gebruiker, versie)
    return bewijsstuk


def intrekken(session: Session, gebruiker: Gebruiker, bewijsstuk_id: int) -> Bewijsstuk:
    """Withdraw the submitted version, as long as nobody has judged it."""
    bewijsstuk = eigen_bewijsstuk(session, gebruiker, bewijsstuk_id, voor_wijziging=True)
    # Only the latest offered version is up for assessment; an older submission is superseded by it.
    aangeboden = [v for v in bewijsstuk.versies if v.status != VersieStatus.concept]
    if not aangeboden or aangeboden[-1].status != VersieStatus.ingediend:
        raise Conflict("Er is geen aangeboden versie om in te trekken.")
    versie = aangeboden[-1]
    if repository.versie_is_beoordeeld(session, versie.id):
        raise Conflict("Deze versie is al beoordeeld en kan niet meer worden ingetrokken.")
    versie.status = VersieStatus.ingetrokken
    versie.ingetrokken_op = _nu()
    session.flush()
    audit.registreer(session, gebruiker, "ingetrokken", "bewijsstuk", bewijsstuk.id, versie=versie.versie)
    return bewijsstuk


def verbergen(session: Session, gebruiker: Gebruiker, bewijsstuk_id: int, reden: str) -> Bewijsstuk:
    """Hide a bewijsstuk for privacy, with a reason; nothing is deleted and the audit trail keeps why."""
    policy.vereis_mag_bewijs_verbergen(gebruiker)
    bewijsstuk = overzicht.bewijsstuk_details(session, gebruiker, bewijsstuk_id, voor_wijziging=True)
    reden = reden.strip()
    if not reden:
        melding = "Geef een reden waarom dit bewijsstuk wordt verborgen."
        raise OngeldigeInvoer(melding, errors=[veldfout("reden", melding)])
    if bewijsstuk.is_verborgen:
        raise Conflict("Dit bewijsstuk is al verborgen.")
    bewijsstuk.verborgen_op = _nu()
    bewijsstuk.verborgen_door_id = gebruiker.id
    bewijsstuk.verborgen_reden = reden
    session.flush()
    audit.registreer(session, gebruiker, "verborgen", "bewijsstuk", bewijsstuk.id, reden=reden)
    return bewijsstuk


# --- Helpers ---------------------------------------------------------------------------------


def _nu() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def eigen_bewijsstuk(
    session: Session, gebruiker: Gebruiker, bewijsstuk_id: int, *, voor_wijziging: bool = False
) -> Bewijsstuk:
    """Only the student changes their own bewijsstuk, and not once beheer has hidden it.

    `voor_wijziging`: locked until the request commits, so changes of one bewijsstuk
    happen one after the other and each sees what the one before it did.
    """
    bewijsstuk = repository.bewijsstuk(session, bewijsstuk_id, voor_wijziging=voor_wijziging)
    if bewijsstuk is None or bewijsstuk.student_id != gebruiker.id:
        raise NietGevonden(NIET_GEVONDEN)
    policy.vereis_eigen_portfolio(gebruiker, bewijsstuk.student_id)
    if bewijsstuk.is_verborgen:
        raise Conflict("Dit bewijsstuk is door een beheerder verborgen en kan niet meer worden gewijzigd.")
    return bewijsstuk


def _leeruitkomsten(session: Session, student_id: int, koppelingen: dict[str, str | None]) -> dict[str, Leeruitkomst]:
    """The leeruitkomsten by code, checked against the student's own kwalificatie version."""
    kwalificatie_id = overzicht.actuele_inschrijving(session, student_id).kwalificatie_id
    if not koppelingen:
        return {}
    bekend = {lu.code: lu for lu in repository.leeruitkomsten_van(session, kwalificatie_id)}
    if onbekend := sorted(set(koppelingen) - set(bekend)):
        raise OngeldigeInvoer(
            f"Onbekende leeruitkomst voor jouw kwalificatie: {', '.join(onbekend)}.",
            errors=[{"veld": "leeruitkomsten", "melding": f"{code} bestaat niet."} for code in onbekend],
        )
    return {code: bekend[code] for code in koppelingen}


def _zet_koppelingen(
    versie: BewijsstukVersie, leeruitkomsten: dict[str, Leeruitkomst], koppelingen: dict[str, str | None]
) -> None:
    """Make the version's links exactly these; an onderbouwing of None keeps the one the link had."""
    bestaand = {k.leeruitkomst_id: k for k in versie.koppelingen}
    nieuw = []
    for code, onderbouwing in koppelingen.items():
        leeruitkomst = leeruitkomsten[code]
        koppeling = bestaand.get(leeruitkomst.id)
        if koppeling is None:
            koppeling = BewijsstukKoppeling(leeruitkomst=leeruitkomst, onderbouwing="")
        if onderbouwing is not None:
            koppeling.onderbouwing = onderbouwing
        nieuw.append(koppeling)
    versie.koppelingen = sorted(nieuw, key=lambda k: k.leeruitkomst.id)


def _nieuwe_versie(vorige: BewijsstukVersie, zonder_bestanden: set[int]) -> BewijsstukVersie:
    """A concept copy of a frozen version; its files are the same stored files (same key and checksum)."""
    return BewijsstukVersie(
        versie=vorige.versie + 1,
        titel=vorige.titel,
        soort=vorige.soort,
        datum=vorige.datum,
        context=vorige.context,
        status=VersieStatus.concept,
        koppelingen=[
            BewijsstukKoppeling(leeruitkomst=k.leeruitkomst, onderbouwing=k.onderbouwing) for k in vorige.koppelingen
        ],
        bestanden=[
            Bestand(
                volgorde=b.volgorde,
                opslag_sleutel=b.opslag_sleutel,
                naam=b.naam,
                grootte=b.grootte,
                mediatype=b.mediatype,
                sha256=b.sha256,
            )
            for b in vorige.bestanden
            if b.id not in zonder_bestanden
        ],
    )


def _audit_bestand(bestand: Bestand) -> dict:
    return {"naam": bestand.naam, "sha256": bestand.sha256, "grootte": bestand.grootte}
