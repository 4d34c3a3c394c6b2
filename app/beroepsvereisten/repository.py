"""Queries for beroepsvereisten results, with their loading spelled out."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session, selectinload

from app.models import Beroepsvereiste, BeroepsvereisteResultaat, BeroepsvereisteStand, Kwalificatie


def beroepsvereisten(session: Session, kwalificatie_id: int) -> list[Beroepsvereiste]:
    stmt = (
        select(Beroepsvereiste)
        .where(Beroepsvereiste.kwalificatie_id == kwalificatie_id)
        .order_by(Beroepsvereiste.volgorde)
    )
    return list(session.scalars(stmt))


def kwalificatie(session: Session, kwalificatie_id: int) -> Kwalificatie | None:
    return session.get(Kwalificatie, kwalificatie_id)


def resultaten_van(session: Session, student_id: int) -> list[BeroepsvereisteResultaat]:
    """Every recorded result of the student, newest datum first (then the last recorded first)."""
    stmt = (
        select(BeroepsvereisteResultaat)
        .where(BeroepsvereisteResultaat.student_id == student_id)
        .order_by(BeroepsvereisteResultaat.datum.desc(), BeroepsvereisteResultaat.id.desc())
        .options(
            selectinload(BeroepsvereisteResultaat.beroepsvereiste),
            selectinload(BeroepsvereisteResultaat.vastgelegd_door),
        )
    )
    return list(session.scalars(stmt))


def resultaat(session: Session, resultaat_id: int) -> BeroepsvereisteResultaat | None:
    return session.get(BeroepsvereisteResultaat, resultaat_id)


def aflopend_tussen(session: Session, vandaag: dt.date, tot_en_met: dt.date) -> list[Row]:
    """Results that count today, are met, and stop being valid between today and `tot_en_met` (inclusive)."""
    stmt = (
        select(
            BeroepsvereisteStand.uitslag_id,
            BeroepsvereisteStand.student_id,
            BeroepsvereisteStand.geldig_tot,
            Beroepsvereiste.code,
        )
        .join(Beroepsvereiste, Beroepsvereiste.id == BeroepsvereisteStand.beroepsvereiste_id)
        .where(
            BeroepsvereisteStand.van <= vandaag,
            or_(BeroepsvereisteStand.tot.is_(None), BeroepsvereisteStand.tot > vandaag),
            BeroepsvereisteStand.voldaan.is_(True),
            BeroepsvereisteStand.geldig_tot >= vandaag,
            BeroepsvereisteStand.geldig_tot <= tot_en_met,
        )
        .order_by(BeroepsvereisteStand.uitslag_id)
    )
    return list(session.execute(stmt))
