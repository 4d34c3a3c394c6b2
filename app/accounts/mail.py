"""E-mail: one-time links and notifications, sent by the `mail` job after the change that causes them commits.

`mail_link` and `mail_bericht` only enqueue (app/taken): the SMTP conversation
happens in a worker, retried with back-off, never inside a request. Without SMTP
nothing is enqueued; in development a link goes to the console instead. The
beheerder always sees a link on screen as well, so a mail problem never leaves
someone without a way in.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from sqlalchemy.orm import Session

from app import taken
from app.config import get_settings
from app.models import LinkDoel

logger = logging.getLogger("portfolio.mail")

MAILTAAK = "mail"

_ONDERWERP = {
    LinkDoel.activatie: "Je account voor het Leeruitkomstportfolio",
    LinkDoel.reset: "Nieuw wachtwoord voor het Leeruitkomstportfolio",
    LinkDoel.eerste_beheerder: "Eerste functioneel beheerder voor het Leeruitkomstportfolio",
}
_UITLEG = {
    LinkDoel.activatie: "Er is een account voor je aangemaakt. Stel met deze link je wachtwoord in:",
    LinkDoel.reset: "Er is een herstellink voor je gemaakt. Stel met deze link een nieuw wachtwoord in:",
    LinkDoel.eerste_beheerder: "Maak met deze link het eerste beheerdersaccount aan:",
}


def mailt_links() -> bool:
    return bool(get_settings().smtp_host)


def link_tekst(naam: str, doel: LinkDoel, link: str) -> str:
    return (
        f"Beste {naam},\n\n{_UITLEG[doel]}\n\n{link}\n\n"
        f"De link werkt één keer en is {get_settings().link_geldig_uren} uur geldig. "
        "Heb je hier niet om gevraagd? Neem dan contact op met de functioneel beheerder.\n"
    )


def mail_link(session: Session, ontvanger: str, naam: str, doel: LinkDoel, link: str) -> bool:
    """Enqueue the link's mail in the session's transaction; True when it will be mailed."""
    settings = get_settings()
    if not settings.smtp_host:
        if settings.environment == "development":
            # No mail server in development: the console is the mailbox.
            print(f"[portfolio] {_ONDERWERP[doel]} — voor {ontvanger}: {link}", flush=True)  # noqa: T201
        return False
    return mail_bericht(session, ontvanger, _ONDERWERP[doel], link_tekst(naam, doel, link))


def mail_bericht(session: Session, ontvanger: str, onderwerp: str, tekst: str, *, sleutel: str | None = None) -> bool:
    """Enqueue any mail (a notification) in the session's transaction; a no-op without SMTP."""
    if not get_settings().smtp_host:
        return False
    return taken.enqueue(session, MAILTAAK, sleutel=sleutel, ontvanger=ontvanger, onderwerp=onderwerp, tekst=tekst)


def bericht(ontvanger: str, onderwerp: str, tekst: str) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = onderwerp
    mail["From"] = get_settings().smtp_afzender
    mail["To"] = ontvanger
    mail.set_content(tekst)
    return mail


def verstuur(mail: EmailMessage) -> None:
    """One SMTP conversation as PORTFOLIO_SMTP_BEVEILIGING says; raises when the mail did not go out."""
    settings = get_settings()
    if settings.smtp_beveiliging == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=15, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15)
    with smtp:
        if settings.smtp_beveiliging == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_gebruiker:
            smtp.login(settings.smtp_gebruiker, settings.smtp_wachtwoord)
        smtp.send_message(mail)


@taken.taak(MAILTAAK, vergeet_argumenten=True)
def mail_taak(_session: Session, ontvanger: str, onderwerp: str, tekst: str) -> None:
    """The job: send one mail. A failure raises, so the job is retried with back-off."""
    if not get_settings().smtp_host:
        raise RuntimeError("PORTFOLIO_SMTP_HOST is niet ingesteld; de mail kan niet worden verstuurd")
    verstuur(bericht(ontvanger, onderwerp, tekst))
    logger.info("mail verstuurd", extra={"fields": {"ontvanger": ontvanger, "onderwerp": onderwerp}})
