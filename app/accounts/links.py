"""One-time links: activation, password reset and creating the first beheerder.

The link carries a random token; the database keeps only its sha256, when it
expires and when it was used, so a copy of the database opens no account.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy.orm import Session

from app.accounts import repository
from app.config import get_settings
from app.errors import DomainError
from app.models import EenmaligeLink, LinkDoel
from app.toegang import sessies

PADEN: dict[LinkDoel, str] = {
    LinkDoel.activatie: "/activeren",
    LinkDoel.reset: "/wachtwoord-herstellen",
    LinkDoel.eerste_beheerder: "/eerste-beheerder",
}

VRAAG_NIEUWE = "Vraag de functioneel beheerder om een nieuwe link."


class LinkOngeldig(DomainError):
    """Unknown token (or one made for another page)."""

    status_code = 404
    foutpagina = "accounts/link_ongeldig.html"


class LinkVerbruikt(LinkOngeldig):
    """Used, expired or otherwise no longer usable: it existed, but is gone."""

    status_code = 410


def maak(session: Session, doel: LinkDoel, gebruiker_id: int | None = None) -> str:
    """A fresh link; older unused links for the same person and purpose stop working. Returns the token."""
    moment = sessies.nu()
    repository.laat_open_links_verlopen(session, doel, gebruiker_id, moment)
    token = secrets.token_urlsafe(32)
    session.add(
        EenmaligeLink(
            token_hash=sessies.token_hash(token),
            doel=doel,
            gebruiker_id=gebruiker_id,
            verloopt_op=moment + dt.timedelta(hours=get_settings().link_geldig_uren),
        )
    )
    session.flush()
    return token


def url(doel: LinkDoel, token: str) -> str:
    return f"{get_settings().base_url.rstrip('/')}{PADEN[doel]}/{token}"


def geldige_link(session: Session, doel: LinkDoel, token: str) -> EenmaligeLink:
    """The link behind this token if it can still be used for this purpose; LinkOngeldig otherwise."""
    link = repository.link_op_hash(session, sessies.token_hash(token)) if token else None
    if link is None or link.doel != doel:
        raise LinkOngeldig(f"Deze link kennen we niet. Controleer of je hem helemaal hebt overgenomen. {VRAAG_NIEUWE}")
    if doel is LinkDoel.eerste_beheerder and repository.er_is_een_actieve_beheerder(session):
        raise LinkVerbruikt(
            "Er is al een functioneel beheerder. Log in, of vraag een beheerder om een account voor je aan te maken."
        )
    if link.gebruikt_op is not None:
        raise LinkVerbruikt(f"Deze link is al gebruikt en werkt maar één keer. {VRAAG_NIEUWE}")
    if link.verloopt_op <= sessies.nu():
        raise LinkVerbruikt(f"Deze link is verlopen. {VRAAG_NIEUWE}")
    if link.gebruiker_id is not None:
        gebruiker = repository.gebruiker(session, link.gebruiker_id)
        if gebruiker is None or not gebruiker.actief:
            raise LinkVerbruikt(f"Dit account is gedeactiveerd. {VRAAG_NIEUWE}")
    return link


def gebruik(session: Session, link: EenmaligeLink) -> None:
    """Use the link up, exactly once even when two requests race for it."""
    if not repository.markeer_link_gebruikt(session, link.id, sessies.nu()):
        raise LinkVerbruikt(f"Deze link is al gebruikt en werkt maar één keer. {VRAAG_NIEUWE}")


def eerste_beheerder_link_als_nodig(session: Session) -> str | None:
    """While no active beheerder exists: a fresh link (full URL) to create the first one; older ones stop working.

    The caller commits, then prints the link (`portfolio serve`).
    """
    if repository.er_is_een_actieve_beheerder(session):
        return None
    return url(LinkDoel.eerste_beheerder, maak(session, LinkDoel.eerste_beheerder))
