"""JSON API for inschrijvingen, begeleidingen and the students staff may see, under /api/v1 (API.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.db import SessionDep
from app.models import Rol
from app.organisatie import service, studentenlijst
from app.organisatie.schemas import BegeleidingIn, BegeleidingUit, InschrijvingIn, InschrijvingUit, StudentUit
from app.paginering import PAGINA_ANTWOORD, PagineringDep, zet_headers
from app.toegang.aanvrager import CurrentUser, met_rol

router = APIRouter(prefix="/api/v1", tags=["organisatie"])


@router.post("/inschrijvingen", status_code=201, response_model=InschrijvingUit, dependencies=[met_rol(Rol.beheerder)])
def inschrijving_aanmaken(body: InschrijvingIn, session: SessionDep, gebruiker: CurrentUser) -> InschrijvingUit:
    inschrijving = service.schrijf_in(
        session, gebruiker, body.student, body.kwalificatie, body.versie, body.cohort, body.startdatum
    )
    return InschrijvingUit.van(inschrijving)


@router.post("/begeleidingen", status_code=201, response_model=BegeleidingUit, dependencies=[met_rol(Rol.beheerder)])
def begeleiding_aanmaken(body: BegeleidingIn, session: SessionDep, gebruiker: CurrentUser) -> BegeleidingUit:
    begeleiding = service.koppel(session, gebruiker, body.praktijkbegeleider, body.student, body.van, body.tot)
    return BegeleidingUit.van_model(begeleiding)


@router.get(
    "/studenten",
    response_model=list[StudentUit],
    dependencies=[met_rol(*service.STAFF)],
    responses=PAGINA_ANTWOORD,
)
def studenten(
    request: Request,
    response: Response,
    session: SessionDep,
    gebruiker: CurrentUser,
    paginering: PagineringDep,
    q: str = "",
    cohort: str = "",
    diplomabaar: Annotated[str, Query(description="true: alleen wie vandaag diplomabaar is; false: wie niet")] = "",
) -> list[StudentUit]:
    """The students this person may see today, by name, per page, with their progress; `q` searches naam,
    studentnummer, e-mail or cohort, `cohort` keeps only the students enrolled in that cohort (its code),
    `diplomabaar` only those who are (true) or are not (false) diplomabaar today."""
    lijst = studentenlijst.studenten(
        session, gebruiker, q, paginering, cohort, studentenlijst.lees_diplomabaar(diplomabaar)
    )
    zet_headers(request, response, lijst.pagina)
    return [
        StudentUit(
            id=s.id,
            naam=s.naam,
            studentnummer=s.studentnummer,
            cohort=s.cohort,
            aangetoond=s.aangetoond,
            totaal=s.totaal,
            diplomabaar=s.diplomabaar,
        )
        for s in lijst.studenten
    ]
