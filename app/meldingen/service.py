"""In-app notifications, and the same text by e-mail when SMTP is configured."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts import mail
from app.config import get_settings
from app.meldingen import repository
from app.models import BewijsstukVersie, Gebruiker, Melding, MeldingSoort
from app.paginering import Pagina, Paginering
from app.tijd import nu
from app.toegang import policy

_ONDERWERP = {
    MeldingSoort.nieuwe_feedback: "Nieuwe feedback in je portfolio",
    MeldingSoort.nieuwe_inzending: "Nieuw bewijs om te beoordelen",
    MeldingSoort.nieuwe_reactie: "Een student reageerde op je feedback",
    MeldingSoort.diplomabesluit: "Besluit van de examencommissie over je diploma",
    MeldingSoort.beroepsvereiste_verloopt: "Een beroepsvereiste verloopt binnenkort",
}


def meld(
    session: Session, ontvanger: Gebruiker, soort: MeldingSoort, tekst: str, link: str, *, sleutel: str | None = None
) -> Melding:
    """Store the notification and enqueue its e-mail in the same transaction (sent once that commits)."""
    melding = Melding(ontvanger_id=ontvanger.id, soort=soort, tekst=tekst, link=link, gelezen=False, tijd=nu())
    session.add(melding)
    inhoud = f"Beste {ontvanger.naam},\n\n{tekst}\n\n{get_settings().base_url.rstrip('/')}{link}\n"
    mail.mail_bericht(session, ontvanger.email, _ONDERWERP[soort], inhoud, sleutel=sleutel)
    return melding


def nieuwe_inzending(session: Session, student: Gebruiker, versie: BewijsstukVersie) -> None:
    """Tell the student's current praktijkbegeleiders that a version waits for them."""
    codes = ", ".join(k.leeruitkomst.code for k in versie.koppelingen)
    for begeleider in repository.begeleiders_op(session, student.id, policy.vandaag()):
        meld(
            session,
            begeleider,
            MeldingSoort.nieuwe_inzending,
            f"{student.naam} bood '{versie.titel}' (versie {versie.versie}) ter beoordeling aan voor {codes}.",
            f"/te-beoordelen/{versie.id}",
        )


def markeer_als_gelezen(meldingen: list[Melding]) -> None:
    for melding in meldingen:
        melding.gelezen = True


def meldingen_pagina(
    session: Session, gebruiker: Gebruiker, paginering: Paginering, *, markeer_gelezen: bool = False
) -> Pagina[Melding]:
    """A page of own notifications, newest first, and their total; the page in the browser marks them read."""
    pagina = repository.meldingen_van(session, gebruiker.id, paginering)
    if markeer_gelezen:
        markeer_als_gelezen([m for m in pagina.items if not m.gelezen])
        session.flush()
    return pagina


def ongelezen_meldingen(session: Session, gebruiker: Gebruiker) -> int:
    return repository.ongelezen(session, gebruiker.id)
