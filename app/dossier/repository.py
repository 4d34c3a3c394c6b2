"""The few queries of the dossier export beyond what the portfolio page already loads."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Cohort


def cohort(session: Session, cohort_id: int) -> Cohort | None:
    return session.get(Cohort, cohort_id)
