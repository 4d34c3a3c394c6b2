"""JSON, CSV and XLSX of the cohort overview under /api/v1 (API.md); the page's download links point here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse

from app.cohortoverzicht import export, service
from app.cohortoverzicht.schemas import CohortRijUit
from app.db import SessionDep
from app.opslag.storage import content_disposition
from app.paginering import PAGINA_ANTWOORD, PagineringDep, zet_headers
from app.toegang.aanvrager import CurrentUser, met_rol

router = APIRouter(prefix="/api/v1", tags=["cohortoverzicht"])

STAFF = met_rol(*service.STAFF)
Status = Annotated[
    str, Query(max_length=40, description="studenten met minstens één leeruitkomst met deze status, of: diplomabaar")
]
Sorteer = Annotated[str, Query(max_length=20, description="naam (standaard), meest of minst aangetoond eerst")]


@router.get(
    "/cohorten/{cohortcode}/voortgang",
    response_model=list[CohortRijUit],
    dependencies=[STAFF],
    responses=PAGINA_ANTWOORD,
)
def voortgang(
    request: Request,
    response: Response,
    session: SessionDep,
    gebruiker: CurrentUser,
    paginering: PagineringDep,
    cohortcode: str,
    status: Status = "",
    sorteer: Sorteer = "",
) -> list[CohortRijUit]:
    """Per student van het cohort de status van elke leeruitkomst, aangetoond/totaal en diplomabaar; een
    praktijkbegeleider krijgt alleen de studenten die hij of zij nu begeleidt."""
    overzicht = service.overzicht(session, gebruiker, cohortcode, service.lees_keuze(status, sorteer), paginering)
    zet_headers(request, response, overzicht.pagina)
    return [CohortRijUit.van(rij) for rij in overzicht.rijen]


def _headers(uitvoer: service.Export, formaat: str) -> dict[str, str]:
    return {
        "Content-Disposition": content_disposition(export.bestandsnaam(uitvoer, formaat), inline=False),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }


@router.get(
    "/cohorten/{cohortcode}/voortgang.csv",
    dependencies=[STAFF],
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "Eén regel per student, ; als scheidingsteken"}},
)
def voortgang_csv(request: Request, session: SessionDep, gebruiker: CurrentUser, cohortcode: str) -> Response:
    """Het hele overzicht als CSV (alle studenten die je mag zien, op naam); de export komt in de audittrail."""
    uitvoer = service.begin_export(session, gebruiker, cohortcode, "csv")
    # The rows stream after the request's session has committed: each stuk reads in a session of its own.
    stukken = service.rijen_in_stukken(request.app.state.sessionmaker, gebruiker, uitvoer)
    return StreamingResponse(
        export.csv_stukken(uitvoer, stukken), media_type=export.MEDIATYPE["csv"], headers=_headers(uitvoer, "csv")
    )


@router.get(
    "/cohorten/{cohortcode}/voortgang.xlsx",
    dependencies=[STAFF],
    response_class=Response,
    responses={200: {"content": {export.MEDIATYPE["xlsx"]: {}}, "description": "Eén regel per student"}},
)
def voortgang_xlsx(request: Request, session: SessionDep, gebruiker: CurrentUser, cohortcode: str) -> Response:
    """Het hele overzicht als Excel-werkmap (XLSX); de export komt in de audittrail."""
    uitvoer = service.begin_export(session, gebruiker, cohortcode, "xlsx")
    # Read in sessions of their own, so the request's (writing) transaction stays short.
    stukken = service.rijen_in_stukken(request.app.state.sessionmaker, gebruiker, uitvoer)
    headers = _headers(uitvoer, "xlsx")
    return StreamingResponse(
        export.xlsx_stukken(uitvoer, stukken), media_type=export.MEDIATYPE["xlsx"], headers=headers
    )
