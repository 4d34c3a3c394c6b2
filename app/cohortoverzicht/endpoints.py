"""Pages: choose a cohort, then its matrix of students x leeruitkomsten (filter, order, pages of 200)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app.cohortoverzicht import service
from app.db import SessionDep
from app.paginering import Paginering, PagineringDep, lees_paginering
from app.templating import render
from app.toegang.aanvrager import CurrentUser, met_rol
from app.voortgang.status import LeeruitkomstStatus

router = APIRouter(include_in_schema=False)

STAFF = met_rol(*service.STAFF)
# 50 students a page: a page renders 50 x 12 cells in well under the 50 ms a list may take, and still shows
# a quarter of a cohort (about 200 students) at a glance; filters and sorting find the rest.
PER_PAGINA = 50

# Symbol and abbreviation per status, the same symbols as every other page: never colour alone.
SYMBOLEN: dict[LeeruitkomstStatus, tuple[str, str]] = {s: (s.symbool, s.afkorting) for s in LeeruitkomstStatus}


def _paginering(pagina: str | None = None, per_pagina: str | None = None) -> Paginering:
    gelezen = lees_paginering(pagina, per_pagina)
    return gelezen if (per_pagina or "").strip() else Paginering(gelezen.pagina, PER_PAGINA)


@router.get("/cohorten/voortgang", dependencies=[STAFF])
def kies_cohort(request: Request, session: SessionDep, gebruiker: CurrentUser, paginering: PagineringDep) -> Response:
    pagina = service.cohorten(session, gebruiker, paginering)
    return render(request, "cohortoverzicht/kies.html", {"pagina": pagina})


@router.get("/cohorten/{cohortcode}/voortgang", dependencies=[STAFF])
def cohortoverzicht(
    request: Request,
    session: SessionDep,
    gebruiker: CurrentUser,
    paginering: Annotated[Paginering, Depends(_paginering)],
    cohortcode: str,
    status: str = "",
    sorteer: str = "",
) -> Response:
    overzicht = service.overzicht(session, gebruiker, cohortcode, service.lees_keuze(status, sorteer), paginering)
    context = {
        "overzicht": overzicht,
        "symbolen": SYMBOLEN,
        "filters": service.FILTERS,
        "sorteringen": service.SORTERINGEN,
    }
    return render(request, "cohortoverzicht/overzicht.html", context, block="resultaten")
