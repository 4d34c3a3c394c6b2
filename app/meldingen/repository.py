"""Every query on meldingen, and who hears of what."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models import Begeleiding, Gebruiker, Melding
from app.paginering import Pagina, Paginering, pagineer


def meldingen_van(session: Session, ontvanger_id: int, paginering: Paginering) -> Pagina[Melding]:
    """A page of own notifications, newest first, and how many there are: two queries."""
    stmt = select(Melding).where(Melding.ontvanger_id == ontvanger_id).order_by(Melding.tijd.desc(), Melding.id.desc())
    return pagineer(session, stmt, paginering)


def ongelezen(session: Session, ontvanger_id: int) -> int:
    stmt = select(func.count(Melding.id)).where(Melding.ontvanger_id == ontvanger_id, Melding.gelezen.is_(False))
    return int(session.scalar(stmt) or 0)


def begeleiders_op(session: Session, student_id: int, datum: dt.date) -> list[Gebruiker]:
    """The praktijkbegeleiders supervising the student on that date: who hears of a new submission."""
    stmt = (
        select(Gebruiker)
        .join(Begeleiding, Begeleiding.praktijkbegeleider_id == Gebruiker.id)
        .where(
            Begeleiding.student_id == student_id,
            Begeleiding.van <= datum,
            or_(Begeleiding.tot.is_(None), Begeleiding.tot >= datum),
        )
        .distinct()
    )
    return list(session.scalars(stmt))
