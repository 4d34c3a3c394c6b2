"""JSON API for a student's progress under /api/v1 (API.md)."""

from __future__ import annotations

from fastapi import APIRouter

from app.db import SessionDep
from app.toegang.aanvrager import CurrentUser
from app.voortgang import service
from app.voortgang.schemas import VoortgangUit

router = APIRouter(prefix="/api/v1", tags=["voortgang"])


@router.get("/studenten/{student_id}/voortgang", response_model=VoortgangUit)
def voortgang(student_id: int, session: SessionDep, gebruiker: CurrentUser) -> VoortgangUit:
    """De status van elke leeruitkomst, en wat er nog ontbreekt voor het diploma."""
    gevonden = service.voortgang_van_student(session, gebruiker, student_id)
    return VoortgangUit.van(gevonden.kwalificatie.code, gevonden.kwalificatie.versie, gevonden.voortgang)
