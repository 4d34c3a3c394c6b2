"""Use cases for accounts: logging in and out, with throttling and the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.accounts import repository, sessies, wachtwoorden
from app.audit import service as audit
from app.config import get_settings
from app.errors import DomainError
from app.models import Gebruiker, Sessie

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


def _sleutels(email: str, adres: str) -> tuple[str, str]:
    return f"account:{email.strip().lower()}", f"adres:{adres}"


def inloggen(session: Session, email: str, wachtwoord: str, adres: str) -> Ingelogd:
    """Check the password and start a fresh session.

    Unknown account, wrong password and deactivated account get the same message
    and the same hashing work; repeated failures are throttled per account and
    per client address, whether or not the account exists.
    """
    settings = get_settings()
    moment = sessies.nu()
    account_sleutel, adres_sleutel = _sleutels(email, adres)
    sinds = moment - dt.timedelta(minutes=settings.inlog_venster_minuten)
    if (
        repository.mislukte_pogingen(session, account_sleutel, sinds) >= settings.inlog_max_per_account
        or repository.mislukte_pogingen(session, adres_sleutel, sinds) >= settings.inlog_max_per_adres
    ):
        wachtwoorden.dummy_controle()
        raise TeVeelPogingen(
            f"Te veel mislukte pogingen. Probeer het over {settings.inlog_venster_minuten} minuten opnieuw."
        )
    gebruiker = repository.gebruiker_op_email(session, email)
    correct, nieuwe_hash = wachtwoorden.controleer(wachtwoord, gebruiker.wachtwoord_hash if gebruiker else None)
    if gebruiker is None or not correct or not gebruiker.actief:
        repository.noteer_mislukt(session, account_sleutel, adres_sleutel, tijd=moment)
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
    if nieuwe_hash:
        gebruiker.wachtwoord_hash = nieuwe_hash
    repository.wis_pogingen(session, account_sleutel)
    token, sessie = sessies.start(session, gebruiker)
    audit.registreer(session, gebruiker, "ingelogd", "gebruiker", gebruiker.id, adres=adres)
    return Ingelogd(gebruiker, sessie, token)


def uitloggen(session: Session, gebruiker: Gebruiker, sessie: Sessie) -> None:
    sessies.beeindig(session, sessie)
    audit.registreer(session, gebruiker, "uitgelogd", "gebruiker", gebruiker.id)
