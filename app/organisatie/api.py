"""JSON API for inschrijvingen, begeleidingen and the students staff may see, under /api/v1 (API.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.db import SessionDep
from app.models import Rol
from app.organisatie import service, studentenlijst, versiewissel
from app.organisatie.schemas import (
    BegeleidingIn,
    BegeleidingUit,
    CohortVersiewisselIn,
    CohortVersiewisselUit,
    CohortVersiewisselVoorbeeldUit,
    InschrijvingIn,
    InschrijvingUit,
    StudentUit,
    VersiewisselIn,
    VersiewisselUit,
    VersiewisselVoorbeeldUit,
)
from app.paginering import PAGINA_ANTWOORD, PagineringDep, zet_headers
from app.toegang.aanvrager import CurrentUser, met_rol

router = APIRouter(prefix="/api/v1", tags=["organisatie"])


@router.post("/inschrijvingen", status_code=201, response_model=InschrijvingUit, dependencies=[met_rol(Rol.beheerder)])
def inschrijving_aanmaken(body: InschrijvingIn, session: SessionDep, gebruiker: CurrentUser) -> InschrijvingUit:
    inschrijving = service.schrijf_in(
        session, gebruiker, body.student, body.kwalificatie, body.versie, body.cohort, body.startdatum
    )
    return InschrijvingUit.van(inschrijving)


@router.get(
    "/inschrijvingen/{inschrijving_id}/versiewissel",
    response_model=VersiewisselVoorbeeldUit,
    dependencies=[met_rol(Rol.beheerder)],
)
def versiewissel_voorbeeld(
    inschrijving_id: int,
    session: SessionDep,
    gebruiker: CurrentUser,
    naar: Annotated[str, Query(max_length=20, description="de nieuwe versie, zoals 2.2")],
    kwalificatie: Annotated[str, Query(max_length=40, description="code van de nieuwe kwalificatie")] = "",
) -> VersiewisselVoorbeeldUit:
    """What moving this enrolment to version `naar` carries over, per leeruitkomst; writes nothing."""
    gezien = versiewissel.voorbeeld(session, gebruiker, inschrijving_id, naar, kwalificatie or None)
    return VersiewisselVoorbeeldUit.van_voorbeeld(gezien)


@router.post(
    "/inschrijvingen/{inschrijving_id}/versiewissel",
    status_code=201,
    response_model=VersiewisselUit,
    dependencies=[met_rol(Rol.beheerder)],
)
def versiewissel_uitvoeren(
    inschrijving_id: int, body: VersiewisselIn, session: SessionDep, gebruiker: CurrentUser
) -> VersiewisselUit:
    """Move the enrolment to version `naar` in one audited transaction; 409 when it was moved meanwhile."""
    wissel = versiewissel.wissel(session, gebruiker, inschrijving_id, body.naar, body.kwalificatie)
    return VersiewisselUit(
        id=wissel.id,
        van=InschrijvingUit.van(wissel.van_inschrijving),
        naar=InschrijvingUit.van(wissel.naar_inschrijving),
    )


@router.get(
    "/cohorten/{code}/versiewissel",
    response_model=CohortVersiewisselVoorbeeldUit,
    dependencies=[met_rol(Rol.beheerder)],
)
def cohort_versiewissel_voorbeeld(
    code: str,
    session: SessionDep,
    gebruiker: CurrentUser,
    kwalificatie: Annotated[str, Query(max_length=40, description="code, zoals WA-N6")],
    naar: Annotated[str, Query(max_length=20, description="de nieuwe versie, zoals 2.2")],
) -> CohortVersiewisselVoorbeeldUit:
    """Per active student of the cohort on another version of `kwalificatie`: what a move to `naar` carries over."""
    gezien = versiewissel.cohort_voorbeeld(session, gebruiker, code, kwalificatie, naar)
    return CohortVersiewisselVoorbeeldUit(
        cohort=gezien.cohort.code,
        naar=f"{gezien.naar.code} {gezien.naar.versie}",
        studenten=[VersiewisselVoorbeeldUit.van_voorbeeld(v) for v in gezien.studenten],
    )


@router.post(
    "/cohorten/{code}/versiewissel",
    status_code=201,
    response_model=CohortVersiewisselUit,
    dependencies=[met_rol(Rol.beheerder)],
)
def cohort_versiewissel_uitvoeren(
    code: str, body: CohortVersiewisselIn, session: SessionDep, gebruiker: CurrentUser
) -> CohortVersiewisselUit:
    """Move every active enrolment of the cohort to version `naar`, all in one transaction."""
    wissels = versiewissel.wissel_cohort(session, gebruiker, code, body.kwalificatie, body.naar)
    return CohortVersiewisselUit(
        cohort=wissels[0].naar_inschrijving.cohort.code,
        naar=f"{wissels[0].naar_inschrijving.kwalificatie.code} {wissels[0].naar_inschrijving.kwalificatie.versie}",
        wissels=[
            VersiewisselUit(
                id=w.id, van=InschrijvingUit.van(w.van_inschrijving), naar=InschrijvingUit.van(w.naar_inschrijving)
            )
            for w in wissels
        ],
    )


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
