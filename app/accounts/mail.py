"""Sending one-time links: by e-mail when SMTP is configured, on the console in development.

The beheerder always sees the link on screen as well, so a mail problem never
leaves someone without a way in.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from app.config import get_settings
from app.models import LinkDoel

logger = logging.getLogger("portfolio.mail")

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


def bericht(ontvanger: str, naam: str, doel: LinkDoel, link: str) -> EmailMessage:
    settings = get_settings()
    mail = EmailMessage()
    mail["Subject"] = _ONDERWERP[doel]
    mail["From"] = settings.smtp_afzender
    mail["To"] = ontvanger
    mail.set_content(
        f"Beste {naam},\n\n{_UITLEG[doel]}\n\n{link}\n\n"
        f"De link werkt één keer en is {settings.link_geldig_uren} uur geldig. "
        "Heb je hier niet om gevraagd? Neem dan contact op met de functioneel beheerder.\n"
    )
    return mail


def verstuur_link(ontvanger: str, naam: str, doel: LinkDoel, link: str) -> bool:
    """True when the mail went out; failures are logged, never raised (the link is also on screen)."""
    settings = get_settings()
    if not settings.smtp_host:
        if settings.environment == "development":
            # No mail server in development: the console is the mailbox.
            print(f"[portfolio] {_ONDERWERP[doel]} — voor {ontvanger}: {link}", flush=True)  # noqa: T201
        return False
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
            smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_gebruiker:
                smtp.login(settings.smtp_gebruiker, settings.smtp_wachtwoord)
            smtp.send_message(bericht(ontvanger, naam, doel, link))
    except (OSError, smtplib.SMTPException) as fout:
        logger.warning("mail niet verstuurd", extra={"fields": {"ontvanger": ontvanger, "fout": str(fout)}})
        return False
    logger.info("mail verstuurd", extra={"fields": {"ontvanger": ontvanger, "doel": doel.value}})
    return True


def verstuur_bericht(ontvanger: str, onderwerp: str, tekst: str) -> bool:
    """Any other mail (a notification); a no-op without SMTP. True when it went out; failures are logged."""
    settings = get_settings()
    if not settings.smtp_host:
        return False
    mail = EmailMessage()
    mail["Subject"] = onderwerp
    mail["From"] = settings.smtp_afzender
    mail["To"] = ontvanger
    mail.set_content(tekst)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
            smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_gebruiker:
                smtp.login(settings.smtp_gebruiker, settings.smtp_wachtwoord)
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as fout:
        logger.warning("mail niet verstuurd", extra={"fields": {"ontvanger": ontvanger, "fout": str(fout)}})
        return False
    logger.info("mail verstuurd", extra={"fields": {"ontvanger": ontvanger, "onderwerp": onderwerp}})
    return True
