"""JSON API for beroepsvereisten results, under /api/v1 (API.md)."""

from __future__ import annotations

from fastapi import APIRouter

from app.beroepsvereisten import service
from app.beroepsvereisten.schemas import ResultaatIn, ResultaatUit
from app.db import SessionDep
from app.models import Rol
from app.toegang.aanvrager import CurrentUser, met_rol

router = APIRouter(prefix="/api/v1", tags=["beroepsvereisten"])


@router.post(
    "/studenten/{student_id}/beroepsvereisten",
    status_code=201,
    response_model=ResultaatUit,
    dependencies=[met_rol(Rol.beheerder)],
)
def resultaat_vastleggen(
    student_id: int, body: ResultaatIn, session: SessionDep, gebruiker: CurrentUser
) -> ResultaatUit:
    """Record an RTGP, IBT or PV result; a correction is a new result naming the one it corrects."""
    nieuw = service.registreer_resultaat(
        session, gebruiker, student_id, body.code, body.resultaat, body.datum, body.geldig_tot or "", body.corrigeert
    )
    session.flush()
    session.refresh(nieuw, ["created_at"])
    return ResultaatUit.van(nieuw)


@router.get("/studenten/{student_id}/beroepsvereisten", response_model=list[ResultaatUit])
def resultaten(student_id: int, session: SessionDep, gebruiker: CurrentUser) -> list[ResultaatUit]:
    """Every recorded result of the student, newest first."""
    return [ResultaatUit.van(r) for r in service.resultaten(session, gebruiker, student_id)]
