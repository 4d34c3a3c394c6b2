"""JSON API for one's own meldingen under /api/v1 (API.md)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.db import SessionDep
from app.meldingen import service
from app.meldingen.schemas import MeldingUit
from app.paginering import PAGINA_ANTWOORD, PagineringDep, zet_headers
from app.toegang.aanvrager import CurrentUser

router = APIRouter(prefix="/api/v1", tags=["meldingen"])


@router.get("/meldingen", response_model=list[MeldingUit], responses=PAGINA_ANTWOORD)
def meldingen(
    request: Request, response: Response, paginering: PagineringDep, session: SessionDep, gebruiker: CurrentUser
) -> list[MeldingUit]:
    """Je eigen meldingen, de nieuwste eerst."""
    pagina = service.meldingen_pagina(session, gebruiker, paginering)
    zet_headers(request, response, pagina)
    return [MeldingUit.van(m) for m in pagina.items]
