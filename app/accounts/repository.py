"""Queries on accounts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.models import Gebruiker, Inlogpoging


def gebruiker_op_email(session: Session, email: str) -> Gebruiker | None:
    return session.scalar(select(Gebruiker).where(Gebruiker.email == email.strip().lower()))


def mislukte_pogingen(session: Session, sleutel: str, sinds: dt.datetime) -> int:
    stmt = (
        select(func.count()).select_from(Inlogpoging).where(Inlogpoging.sleutel == sleutel, Inlogpoging.tijd >= sinds)
    )
    return session.scalar(stmt) or 0


def noteer_mislukt(session: Session, *sleutels: str, tijd: dt.datetime) -> None:
    session.add_all(Inlogpoging(sleutel=s, tijd=tijd) for s in sleutels)
    session.flush()


def wis_pogingen(session: Session, sleutel: str) -> None:
    session.execute(delete(Inlogpoging).where(Inlogpoging.sleutel == sleutel))
