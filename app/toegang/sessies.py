"""Server-side sessions: a random token in an HttpOnly cookie, its sha256 in the database."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.config import get_settings
from app.db import terloops_na_commit
from app.models import Gebruiker, Sessie
from app.tijd import nu

COOKIE = "portfolio_sessie"
# Touch the session at most this often, so reading pages does not write on every request.
_AANRAAK_INTERVAL = dt.timedelta(seconds=60)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, gebruiker: Gebruiker) -> tuple[str, Sessie]:
    """A brand-new session id at every login (no fixation)."""
    token = secrets.token_urlsafe(32)
    moment = nu()
    _verwijder_verlopen(session, gebruiker.id, moment)
    sessie = Sessie(
        token_hash=token_hash(token),
        gebruiker_id=gebruiker.id,
        csrf_token=secrets.token_urlsafe(32),
        aangemaakt_op=moment,
        laatst_gezien_op=moment,
    )
    session.add(sessie)
    session.flush()
    return token, sessie


def _verwijder_verlopen(session: Session, gebruiker_id: int, moment: dt.datetime) -> None:
    settings = get_settings()
    session.execute(
        delete(Sessie).where(
            Sessie.gebruiker_id == gebruiker_id,
            (Sessie.laatst_gezien_op < moment - dt.timedelta(minutes=settings.sessie_idle_minuten))
            | (Sessie.aangemaakt_op < moment - dt.timedelta(hours=settings.sessie_max_uren)),
        )
    )


def laad(session: Session, token: str) -> Sessie | None:
    """The live session for this cookie, or None when unknown, idle too long or too old."""
    sessie = session.scalar(select(Sessie).where(Sessie.token_hash == token_hash(token)))
    if sessie is None:
        return None
    settings = get_settings()
    moment = nu()
    verlopen = moment - sessie.laatst_gezien_op > dt.timedelta(
        minutes=settings.sessie_idle_minuten
    ) or moment - sessie.aangemaakt_op > dt.timedelta(hours=settings.sessie_max_uren)
    if verlopen:
        # Not deleted here: the request goes on to fail and roll back. The row can never
        # be used again and is purged at the person's next login (start).
        return None
    if moment - sessie.laatst_gezien_op > _AANRAAK_INTERVAL:
        # Not in the request's own transaction: a page view must never wait for, or fail on, this write.
        terloops_na_commit(
            session,
            update(Sessie)
            .where(Sessie.id == sessie.id, Sessie.laatst_gezien_op < moment)
            .values(laatst_gezien_op=moment)
            .execution_options(synchronize_session=False),
        )
    return sessie


def beeindig(session: Session, sessie: Sessie) -> None:
    session.delete(sessie)
    session.flush()


def beeindig_alle(session: Session, gebruiker_id: int) -> None:
    """Log a person out everywhere (deactivation, password reset)."""
    session.execute(delete(Sessie).where(Sessie.gebruiker_id == gebruiker_id))
