"""The page of one's own meldingen and the count beside it in the navigation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.db import SessionDep
from app.meldingen import service
from app.paginering import Paginering, paginering_met
from app.templating import render, teller
from app.toegang.aanvrager import CurrentUser

router = APIRouter(include_in_schema=False)

MELDINGEN_PER_PAGINA = 50


@router.get("/meldingen")
def meldingen(
    request: Request,
    session: SessionDep,
    gebruiker: CurrentUser,
    paginering: Annotated[Paginering, paginering_met(MELDINGEN_PER_PAGINA)],
) -> Response:
    """Own notifications, newest first; opening the page marks them read."""
    pagina = service.meldingen_pagina(session, gebruiker, paginering, markeer_gelezen=True)
    context = {"meldingen": pagina.items, "totaal": pagina.totaal, "pagina": pagina}
    return render(request, "meldingen/meldingen.html", context)


@router.get("/meldingen/aantal")
def aantal_meldingen(session: SessionDep, gebruiker: CurrentUser) -> Response:
    return teller(service.ongelezen_meldingen(session, gebruiker), "ongelezen melding", "ongelezen meldingen")
