"""Queries on accounts: people, roles, sessions, one-time links, API tokens and failed logins."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, delete, exists, func, or_, select, text, update
from sqlalchemy.orm import Session

from app.models import ApiToken, EenmaligeLink, Gebruiker, GebruikerRol, Inlogpoging, LinkDoel, Rol, Sessie


def gebruiker_op_email(session: Session, email: str) -> Gebruiker | None:
    return session.scalar(select(Gebruiker).where(Gebruiker.email == email.strip().lower()))


def gebruiker(session: Session, gebruiker_id: int) -> Gebruiker | None:
    return session.get(Gebruiker, gebruiker_id)


def studentnummer_bestaat(session: Session, studentnummer: str) -> bool:
    return bool(session.scalar(select(exists().where(Gebruiker.studentnummer == studentnummer))))


def gebruikers_stmt(term: str = "", rol: Rol | None = None) -> Select[tuple[Gebruiker]]:
    """People whose name, e-mail or studentnummer contains the term (and who hold `rol`), by name;
    roles load in one extra query."""
    stmt = select(Gebruiker).order_by(func.lower(Gebruiker.naam), Gebruiker.id)
    if rol is not None:
        stmt = stmt.where(exists().where(GebruikerRol.gebruiker_id == Gebruiker.id, GebruikerRol.rol == rol))
    term = term.strip().lower()
    if term:
        stmt = stmt.where(
            or_(
                func.lower(Gebruiker.naam).contains(term, autoescape=True),
                Gebruiker.email.contains(term, autoescape=True),
                func.lower(Gebruiker.studentnummer).contains(term, autoescape=True),
            )
        )
    # rol_records is lazy="selectin": one IN query per page (at most 250 ids, inside one IN batch).
    return stmt


def er_is_een_actieve_beheerder(session: Session) -> bool:
    stmt = select(
        exists().where(
            GebruikerRol.gebruiker_id == Gebruiker.id,
            GebruikerRol.rol == Rol.beheerder,
            Gebruiker.actief.is_(True),
        )
    )
    return bool(session.scalar(stmt))


# Failed logins (throttling).


def mislukte_pogingen(session: Session, sleutel: str, sinds: dt.datetime) -> int:
    stmt = (
        select(func.count()).select_from(Inlogpoging).where(Inlogpoging.sleutel == sleutel, Inlogpoging.tijd >= sinds)
    )
    return session.scalar(stmt) or 0


# Advisory lock namespace (PostgreSQL's two-key form) for counting login attempts per key.
_POGINGEN_LOCK = 7207


def reserveer_poging(
    session: Session, maxima: dict[str, int], sinds: dt.datetime, tijd: dt.datetime
) -> list[Inlogpoging] | None:
    """Count the attempts per key and record this one, under one lock per key: None when a key is at its limit.

    The attempt is recorded before its password is checked, so attempts arriving at the
    same moment all count: no more than the limit are ever checked. On SQLite the
    writing request's immediate transaction is the lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        for sleutel in sorted(maxima):  # always in the same order: no deadlock between two keys
            session.execute(
                text("SELECT pg_advisory_xact_lock(:ruimte, hashtext(:sleutel))"),
                {"ruimte": _POGINGEN_LOCK, "sleutel": sleutel},
            )
    if any(mislukte_pogingen(session, sleutel, sinds) >= maximum for sleutel, maximum in maxima.items()):
        return None
    pogingen = [Inlogpoging(sleutel=sleutel, tijd=tijd) for sleutel in maxima]
    session.add_all(pogingen)
    session.flush()
    return pogingen


def registreer_mislukking(session: Session, sleutel: str, tijd: dt.datetime) -> None:
    session.add(Inlogpoging(sleutel=sleutel, tijd=tijd))
    session.flush()


def vergeet_pogingen(session: Session, pogingen: list[Inlogpoging]) -> None:
    session.execute(delete(Inlogpoging).where(Inlogpoging.id.in_([p.id for p in pogingen])))


def wis_pogingen(session: Session, sleutel: str) -> None:
    session.execute(delete(Inlogpoging).where(Inlogpoging.sleutel == sleutel))


# Sessions.


def beeindig_andere_sessies(session: Session, gebruiker_id: int, behalve_sessie_id: int) -> None:
    session.execute(delete(Sessie).where(Sessie.gebruiker_id == gebruiker_id, Sessie.id != behalve_sessie_id))


# One-time links.


def link_op_hash(session: Session, token_hash: str) -> EenmaligeLink | None:
    return session.scalar(select(EenmaligeLink).where(EenmaligeLink.token_hash == token_hash))


def laat_open_links_verlopen(session: Session, doel: LinkDoel, gebruiker_id: int | None, moment: dt.datetime) -> None:
    """Older unused links for the same purpose stop working when a new one is made."""
    voorwaarde = (
        EenmaligeLink.gebruiker_id.is_(None) if gebruiker_id is None else EenmaligeLink.gebruiker_id == gebruiker_id
    )
    session.execute(
        update(EenmaligeLink)
        .where(
            EenmaligeLink.doel == doel,
            voorwaarde,
            EenmaligeLink.gebruikt_op.is_(None),
            EenmaligeLink.verloopt_op > moment,
        )
        .values(verloopt_op=moment)
        .execution_options(synchronize_session="fetch")
    )


def markeer_link_gebruikt(session: Session, link_id: int, moment: dt.datetime) -> bool:
    """Atomically use a link up; False when another request was first (or it expired meanwhile)."""
    resultaat = session.execute(
        update(EenmaligeLink)
        .where(
            EenmaligeLink.id == link_id,
            EenmaligeLink.gebruikt_op.is_(None),
            EenmaligeLink.verloopt_op > moment,
        )
        .values(gebruikt_op=moment)
        .execution_options(synchronize_session="fetch")
    )
    return resultaat.rowcount == 1


# API tokens.


def tokens_van(session: Session, gebruiker_id: int) -> list[ApiToken]:
    stmt = (
        select(ApiToken)
        .where(ApiToken.gebruiker_id == gebruiker_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(session.scalars(stmt))


def token_van(session: Session, gebruiker_id: int, token_id: int) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.gebruiker_id == gebruiker_id))
