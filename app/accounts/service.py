"""Use cases for accounts: logging in and out, beheer of accounts, one-time links, own password and API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts import links, repository, schemas, wachtwoorden
from app.audit import service as audit
from app.config import get_settings
from app.db import tussentijds_vastleggen
from app.errors import Conflict, DomainError, NietGevonden, OngeldigeInvoer, te_lang
from app.models import ApiToken, Gebruiker, GebruikerRol, LinkDoel, Rol, Sessie
from app.paginering import Pagina, Paginering, pagineer, zoekterm
from app.toegang import sessies

TWEEDE_FACTOR_ROLLEN = frozenset({Rol.examencommissie, Rol.beheerder})
ONGELDIGE_INLOG = "Onbekende combinatie van e-mailadres en wachtwoord."


class InloggenMislukt(DomainError):
    status_code = 400


class TeVeelPogingen(DomainError):
    status_code = 429


@dataclass
class Ingelogd:
    gebruiker: Gebruiker
    sessie: Sessie
    token: str


def _account_sleutel(email: str) -> str:
    return f"account:{email.strip().lower()}"


def _adres_sleutel(adres: str) -> str:
    return f"adres:{adres}"


def vertraging_voor_adres(session: Session, adres: str) -> float:
    """Seconds an attempt from this address waits before its password is checked: 0 until the address
    has failed inlog_vertragen_vanaf times in the window, then 0.5 s doubling with every further
    failure, up to the maximum. Slowing, not locking out: a school's NAT keeps logging in."""
    settings = get_settings()
    sinds = sessies.nu() - dt.timedelta(minutes=settings.inlog_venster_minuten)
    teveel = repository.mislukte_pogingen(session, _adres_sleutel(adres), sinds) - settings.inlog_vertragen_vanaf
    if teveel < 0:
        return 0.0
    return min(settings.inlog_vertraging_max_seconden, 0.5 * 2 ** min(teveel, 16))


def inloggen(session: Session, email: str, wachtwoord: str, adres: str, vorige: Sessie | None = None) -> Ingelogd:
    """Check the password and start a fresh session (ending the one the browser had, if any).

    Unknown account, wrong password and deactivated account get the same message
    and the same hashing work. Failures are throttled per account, whether or not the
    account exists: an attempt is counted before its hash, so a burst of guesses at one
    account never gets more than the limit checked. Per client address only failures
    count (correct logins in flight never do); they slow the address (vertraging_voor_adres)
    rather than refuse it.
    """
    settings = get_settings()
    moment = sessies.nu()
    account_sleutel = _account_sleutel(email)
    sinds = moment - dt.timedelta(minutes=settings.inlog_venster_minuten)
    pogingen = repository.reserveer_poging(session, {account_sleutel: settings.inlog_max_per_account}, sinds, moment)
    gebruiker = repository.gebruiker_op_email(session, email)
    # The attempt counts from here, whatever happens next; argon2 runs without holding a connection.
    tussentijds_vastleggen(session)
    if pogingen is None:
        # Refused before any hashing: a throttled attempt costs the server nothing.
        raise TeVeelPogingen(
            f"Te veel mislukte pogingen. Probeer het over {settings.inlog_venster_minuten} minuten opnieuw."
        )
    correct, nieuwe_hash = wachtwoorden.controleer(wachtwoord, gebruiker.wachtwoord_hash if gebruiker else None)
    if gebruiker is None or not correct or not gebruiker.actief:
        # The reserved attempt stays: it is the failure the account's throttle counts; the address's too.
        repository.registreer_mislukking(session, _adres_sleutel(adres), moment)
        audit.registreer(
            session,
            None,
            "inloggen_mislukt",
            "gebruiker",
            gebruiker.id if gebruiker else None,
            email=email.strip().lower()[:320],
            adres=adres,
        )
        raise InloggenMislukt(ONGELDIGE_INLOG)
    verplicht = settings.oidc_verplichte_rollen & {r.value for r in gebruiker.rollen} if settings.oidc_aan else set()
    if verplicht:
        audit.registreer(
            session,
            gebruiker,
            "inloggen_mislukt",
            "gebruiker",
            gebruiker.id,
            email=gebruiker.email,
            adres=adres,
            reden="oidc_verplicht",
        )
        raise InloggenMislukt(
            f"Met jouw rol log je niet met een wachtwoord in, maar via de inlogdienst: kies '{settings.oidc_naam}'."
        )
    if nieuwe_hash:
        gebruiker.wachtwoord_hash = nieuwe_hash
    repository.wis_pogingen(session, account_sleutel)
    repository.vergeet_pogingen(session, pogingen)
    if vorige is not None:
        sessies.beeindig(session, vorige)
    token, sessie = sessies.start(session, gebruiker)
    # Those who decide (diplomas, roles) also give a second factor before the session can do anything.
    sessie.tweede_factor_open = bool(gebruiker.rollen & TWEEDE_FACTOR_ROLLEN)
    audit.registreer(session, gebruiker, "ingelogd", "gebruiker", gebruiker.id, adres=adres)
    return Ingelogd(gebruiker, sessie, token)


def uitloggen(session: Session, gebruiker: Gebruiker, sessie: Sessie) -> None:
    sessies.beeindig(session, sessie)
    audit.registreer(session, gebruiker, "uitgelogd", "gebruiker", gebruiker.id)


# Beheer: accounts aanmaken, rollen, (de)activeren, herstellinks.


class Geweigerd(DomainError):
    """The request is understood but not allowed in this state (e.g. locking yourself out)."""

    status_code = 409


NIET_GEVONDEN_GEBRUIKER = "Deze gebruiker bestaat niet."


@dataclass
class MetLink:
    """An account and a one-time link (full URL) for it, to show once and perhaps mail."""

    gebruiker: Gebruiker
    link: str


def gebruikers_pagina(session: Session, term: str, paginering: Paginering, rol: str = "") -> Pagina[Gebruiker]:
    """One page of the people matching the search (and holding `rol`, when given), in three queries."""
    gekozen = None
    if rol.strip():
        if rol.strip() not in set(Rol):
            melding = "Kies een bestaande rol: student, praktijkbegeleider, examencommissie of beheerder."
            raise OngeldigeInvoer(melding, errors=[{"veld": "rol", "melding": melding}])
        gekozen = Rol(rol.strip())
    return pagineer(session, repository.gebruikers_stmt(zoekterm(term), gekozen), paginering)


def haal_gebruiker(session: Session, gebruiker_id: int) -> Gebruiker:
    gevonden = repository.gebruiker(session, gebruiker_id)
    if gevonden is None:
        raise NietGevonden(NIET_GEVONDEN_GEBRUIKER)
    return gevonden


def _voeg_toe(session: Session, nieuw: Gebruiker) -> None:
    """Insert, turning a lost race on a unique column into the same 409 as the check before it."""
    try:
        with session.begin_nested():
            session.add(nieuw)
            session.flush()
    except IntegrityError as fout:
        raise Conflict("Er bestaat al een account met dit e-mailadres of studentnummer.") from fout


def maak_gebruiker(
    session: Session,
    actor: Gebruiker | None,
    email: str,
    naam: str,
    rollen: Iterable[str],
    studentnummer: str | None = None,
    *,
    via: str = "web",
) -> MetLink:
    """Create an account without a password, and a one-time activation link for it."""
    invoer = schemas.lees_nieuwe_gebruiker(email, naam, rollen, studentnummer)
    if repository.gebruiker_op_email(session, invoer.email) is not None:
        raise Conflict(f"Er bestaat al een account met het e-mailadres {invoer.email}.")
    if invoer.studentnummer and repository.studentnummer_bestaat(session, invoer.studentnummer):
        raise Conflict(f"Er bestaat al een account met studentnummer {invoer.studentnummer}.")
    nieuw = Gebruiker(
        email=invoer.email,
        naam=invoer.naam,
        studentnummer=invoer.studentnummer,
        wachtwoord_hash=None,
        actief=True,
        rol_records=[GebruikerRol(rol=r) for r in Rol if r in invoer.rollen],
    )
    _voeg_toe(session, nieuw)
    token = links.maak(session, LinkDoel.activatie, nieuw.id)
    audit.registreer(
        session,
        actor,
        "gebruiker_aangemaakt",
        "gebruiker",
        nieuw.id,
        email=nieuw.email,
        naam=nieuw.naam,
        rollen=schemas.rollen_lijst(nieuw),
        studentnummer=nieuw.studentnummer,
        via=via,
    )
    return MetLink(nieuw, links.url(LinkDoel.activatie, token))


def wijzig_rollen(session: Session, actor: Gebruiker, gebruiker_id: int, rollen: Iterable[str]) -> Gebruiker:
    """Replace someone's roles; a beheerder cannot take their own beheerder role away."""
    persoon = haal_gebruiker(session, gebruiker_id)
    nieuw, fouten = schemas.lees_rollen(rollen)
    if fouten:
        raise schemas.weiger(fouten)
    oud = persoon.rollen
    if persoon.id == actor.id and Rol.beheerder in oud and Rol.beheerder not in nieuw:
        raise Geweigerd(
            "Je kunt je eigen beheerdersrol niet intrekken: dan sluit je jezelf buiten. "
            "Laat een andere functioneel beheerder dit doen."
        )
    if nieuw == oud:
        return persoon
    oud_lijst = schemas.rollen_lijst(persoon)
    persoon.rol_records = [r for r in persoon.rol_records if r.rol in nieuw] + [
        GebruikerRol(rol=r) for r in Rol if r in nieuw - oud
    ]
    session.flush()
    audit.registreer(
        session, actor, "rollen_gewijzigd", "gebruiker", persoon.id, oud=oud_lijst, nieuw=schemas.rollen_lijst(persoon)
    )
    return persoon


def deactiveer(session: Session, actor: Gebruiker, gebruiker_id: int) -> Gebruiker:
    """Block logging in and end every session; nothing is deleted, their records stay."""
    persoon = haal_gebruiker(session, gebruiker_id)
    if persoon.id == actor.id:
        raise Geweigerd(
            "Je kunt je eigen account niet deactiveren: dan sluit je jezelf buiten. "
            "Laat een andere functioneel beheerder dit doen."
        )
    if not persoon.actief:
        return persoon
    persoon.actief = False
    sessies.beeindig_alle(session, persoon.id)
    moment = sessies.nu()
    for doel_link in (LinkDoel.activatie, LinkDoel.reset):
        repository.laat_open_links_verlopen(session, doel_link, persoon.id, moment)
    session.flush()
    audit.registreer(session, actor, "gedeactiveerd", "gebruiker", persoon.id)
    return persoon


def activeer(session: Session, actor: Gebruiker, gebruiker_id: int) -> Gebruiker:
    persoon = haal_gebruiker(session, gebruiker_id)
    if persoon.actief:
        return persoon
    persoon.actief = True
    session.flush()
    audit.registreer(session, actor, "geactiveerd", "gebruiker", persoon.id)
    return persoon


def maak_herstellink(session: Session, actor: Gebruiker, gebruiker_id: int) -> MetLink:
    """A password reset link (full URL) for the beheerder to pass on; shown once."""
    persoon = haal_gebruiker(session, gebruiker_id)
    if not persoon.actief:
        raise Geweigerd("Dit account is gedeactiveerd. Activeer het eerst, en maak dan een herstellink.")
    token = links.maak(session, LinkDoel.reset, persoon.id)
    audit.registreer(session, actor, "herstellink_gemaakt", "gebruiker", persoon.id)
    return MetLink(persoon, links.url(LinkDoel.reset, token))


# One-time links: setting a password, creating the first beheerder.


def stel_wachtwoord_in_via_link(
    session: Session, doel: LinkDoel, token: str, wachtwoord: str, herhaling: str
) -> Gebruiker:
    """Activation or reset: set the password, use the link up and end every session of that person."""
    link = links.geldige_link(session, doel, token)
    persoon = haal_gebruiker(session, link.gebruiker_id)
    fouten = schemas.wachtwoord_fouten(wachtwoord, herhaling, email=persoon.email, naam=persoon.naam)
    if fouten:
        raise schemas.weiger(fouten)
    nieuwe_hash = _hash_zonder_verbinding(session, wachtwoord)
    links.gebruik(session, link)  # claims the link atomically, so reading it before the hash is safe
    persoon.wachtwoord_hash = nieuwe_hash
    sessies.beeindig_alle(session, persoon.id)
    _trek_tokens_in(session, persoon.id)
    session.flush()
    actie = "account_geactiveerd" if doel is LinkDoel.activatie else "wachtwoord_hersteld"
    audit.registreer(session, persoon, actie, "gebruiker", persoon.id)
    return persoon


def maak_eerste_beheerder(
    session: Session, token: str, email: str, naam: str, wachtwoord: str, herhaling: str
) -> Gebruiker:
    """Only while no active beheerder exists, and only with the link `portfolio serve` printed."""
    link = links.geldige_link(session, LinkDoel.eerste_beheerder, token)
    email = (email or "").strip().lower()
    naam = " ".join((naam or "").split())
    fouten = [
        *schemas.email_fouten(email),
        *schemas.naam_fouten(naam),
        *schemas.wachtwoord_fouten(wachtwoord, herhaling, email=email, naam=naam),
    ]
    if fouten:
        raise schemas.weiger(fouten)
    if repository.gebruiker_op_email(session, email) is not None:
        raise Conflict(f"Er bestaat al een account met het e-mailadres {email}.")
    wachtwoord_hash = _hash_zonder_verbinding(session, wachtwoord)
    links.gebruik(session, link)
    beheerder = Gebruiker(
        email=email,
        naam=naam,
        wachtwoord_hash=wachtwoord_hash,
        actief=True,
        rol_records=[GebruikerRol(rol=Rol.beheerder)],
    )
    _voeg_toe(session, beheerder)
    audit.registreer(session, beheerder, "eerste_beheerder_aangemaakt", "gebruiker", beheerder.id, email=email)
    return beheerder


def _hash_zonder_verbinding(session: Session, wachtwoord: str) -> str:
    """argon2 takes a while on purpose: nothing is written yet, so give the connection back while it hashes."""
    tussentijds_vastleggen(session)
    return wachtwoorden.hash_wachtwoord(wachtwoord)


# Self-service: own password and personal API tokens.


def wijzig_wachtwoord(
    session: Session, persoon: Gebruiker, sessie: Sessie | None, huidig: str, nieuw: str, herhaling: str
) -> None:
    """Change your own password; every other session ends, this one stays."""
    correct, _ = wachtwoorden.controleer(huidig, persoon.wachtwoord_hash)
    if not correct:
        raise schemas.weiger([schemas.fout("huidig", "Je huidige wachtwoord klopt niet.")])
    fouten = schemas.wachtwoord_fouten(nieuw, herhaling, email=persoon.email, naam=persoon.naam, veld="nieuw")
    if not fouten and nieuw == huidig:
        fouten.append(schemas.fout("nieuw", "Kies een ander wachtwoord dan je huidige."))
    if fouten:
        raise schemas.weiger(fouten)
    persoon.wachtwoord_hash = wachtwoorden.hash_wachtwoord(nieuw)
    if sessie is None:
        sessies.beeindig_alle(session, persoon.id)
    else:
        repository.beeindig_andere_sessies(session, persoon.id, sessie.id)
    _trek_tokens_in(session, persoon.id)
    session.flush()
    audit.registreer(session, persoon, "wachtwoord_gewijzigd", "gebruiker", persoon.id)


def _trek_tokens_in(session: Session, gebruiker_id: int) -> None:
    """A new password means someone may have known the old one: the API tokens made with it stop too."""
    session.execute(
        update(ApiToken)
        .where(ApiToken.gebruiker_id == gebruiker_id, ApiToken.ingetrokken_op.is_(None))
        .values(ingetrokken_op=sessies.nu())
        .execution_options(synchronize_session=False)
    )


TOKEN_VOORVOEGSEL = "pf_"  # noqa: S105 - a recognisable prefix, not a secret


@dataclass
class NieuwToken:
    api_token: ApiToken
    token: str


def tokens(session: Session, persoon: Gebruiker) -> list[ApiToken]:
    return repository.tokens_van(session, persoon.id)


def maak_token(session: Session, persoon: Gebruiker, naam: str, *, via: str = "web") -> NieuwToken:
    """A personal API token; only its sha256 is kept, the token itself is shown once."""
    naam = " ".join((naam or "").split())
    if not naam:
        raise schemas.weiger([schemas.fout("naam", "Geef het token een naam, bijvoorbeeld waarvoor je het gebruikt.")])
    if len(naam) > schemas.MAX_TOKENNAAM:
        raise schemas.weiger([schemas.fout("naam", te_lang(schemas.MAX_TOKENNAAM, len(naam), "De naam van het token"))])
    if not persoon.actief:
        raise Geweigerd("Dit account is gedeactiveerd; er kan geen token voor worden gemaakt.")
    token = TOKEN_VOORVOEGSEL + secrets.token_urlsafe(32)
    api_token = ApiToken(gebruiker_id=persoon.id, naam=naam, token_hash=sessies.token_hash(token), prefix=token[:8])
    session.add(api_token)
    session.flush()
    audit.registreer(
        session,
        None if via == "cli" else persoon,  # on the command line nobody is logged in
        "token_aangemaakt",
        "api_token",
        api_token.id,
        gebruiker_id=persoon.id,
        naam=naam,
        prefix=api_token.prefix,
        via=via,
    )
    return NieuwToken(api_token, token)


def trek_token_in(session: Session, persoon: Gebruiker, token_id: int) -> ApiToken:
    """Revoke one of your own tokens; someone else's is 404."""
    api_token = repository.token_van(session, persoon.id, token_id)
    if api_token is None:
        raise NietGevonden("Dit token bestaat niet of is niet van jou.")
    if api_token.ingetrokken_op is None:
        api_token.ingetrokken_op = sessies.nu()
        session.flush()
        audit.registreer(
            session,
            persoon,
            "token_ingetrokken",
            "api_token",
            api_token.id,
            naam=api_token.naam,
            prefix=api_token.prefix,
        )
    return api_token


def token_voor_email(session: Session, email: str, naam: str = "Opdrachtregel") -> NieuwToken:
    """`portfolio token create EMAIL`: a token for an existing, active account."""
    persoon = repository.gebruiker_op_email(session, email)
    if persoon is None:
        raise NietGevonden(f"Er is geen account met het e-mailadres {email.strip().lower()}.")
    return maak_token(session, persoon, naam, via="cli")
