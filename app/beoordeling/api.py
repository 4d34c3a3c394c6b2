"""JSON API for beoordelingen and the beoordelingsregel under /api/v1 (API.md)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request, Response

from app.beoordeling import pagina as paginas
from app.beoordeling import repository, service
from app.beoordeling.schemas import (
    BeoordelingIn,
    BeoordelingsregelIn,
    BeoordelingsregelUit,
    BeoordelingUit,
    InzendingUit,
    ReactieIn,
    ReactieUit,
)
from app.db import SessionDep
from app.paginering import PAGINA_ANTWOORD, PagineringDep, zet_headers
from app.toegang.aanvrager import CurrentUser
from app.voortgang import beoordelingen as zichtbare

router = APIRouter(prefix="/api/v1", tags=["beoordelingen"])


@router.post("/studenten/{student_id}/beoordelingen", status_code=201, response_model=BeoordelingUit)
def beoordelen(student_id: int, invoer: BeoordelingIn, session: SessionDep, gebruiker: CurrentUser) -> BeoordelingUit:
    """Een oordeel over één leeruitkomst, op de nieuwste aangeboden versies; `reden` bij een correctie."""
    beoordeling = service.beoordelen(session, gebruiker, student_id, invoer)
    return BeoordelingUit.van(repository.beoordeling(session, beoordeling.id, opnieuw=True))


@router.get("/studenten/{student_id}/beoordelingen", response_model=list[BeoordelingUit], responses=PAGINA_ANTWOORD)
def beoordelingen(
    student_id: int,
    request: Request,
    response: Response,
    paginering: PagineringDep,
    session: SessionDep,
    gebruiker: CurrentUser,
) -> list[BeoordelingUit]:
    """Elke beoordeling, de nieuwste eerst, vervangen beoordelingen inbegrepen."""
    pagina = zichtbare.zichtbare_beoordelingen_pagina(session, gebruiker, student_id, paginering)
    zet_headers(request, response, pagina)
    return [BeoordelingUit.van(b) for b in pagina.items]


@router.get("/te-beoordelen", response_model=list[InzendingUit], responses=PAGINA_ANTWOORD)
def te_beoordelen(
    request: Request,
    response: Response,
    paginering: PagineringDep,
    session: SessionDep,
    gebruiker: CurrentUser,
    student: int | None = Query(default=None, ge=1, le=2**31 - 1),
    cohort: str | None = Query(default=None, max_length=50),
    sorteer: Literal["oudste", "student"] = "oudste",
) -> list[InzendingUit]:
    """Wat op het oordeel van deze praktijkbegeleider wacht, de oudste eerst (`sorteer=student`: per student)."""
    inbox = paginas.inbox(
        session, gebruiker, paginering, student, cohort, op_student=sorteer == "student", met_filters=False
    )
    zet_headers(request, response, inbox.pagina)
    return [
        InzendingUit(
            versie_id=v.id,
            bewijsstuk=v.bewijsstuk_id,
            versie=v.versie,
            titel=v.titel,
            student={"id": v.bewijsstuk.student.id, "naam": v.bewijsstuk.student.naam},
            ingediend_op=v.ingediend_op,
            nieuw=inbox.is_nieuw(v),
            leeruitkomsten=[k.leeruitkomst.code for k in v.koppelingen],
        )
        for v in inbox.versies
    ]


@router.post("/beoordelingen/{beoordeling_id}/reacties", status_code=201, response_model=ReactieUit)
def reageren(beoordeling_id: int, invoer: ReactieIn, session: SessionDep, gebruiker: CurrentUser) -> ReactieUit:
    """Een reactie onder een beoordeling, door de student of wie het oordeel gaf; de ander krijgt een melding."""
    reactie = service.reageren(session, gebruiker, beoordeling_id, invoer.tekst)
    return ReactieUit(id=reactie.id, tekst=reactie.tekst, tijd=reactie.tijd, auteur=gebruiker.naam)


@router.patch("/kwalificaties/{code}/versies/{versie}", response_model=BeoordelingsregelUit)
def beoordelingsregel(
    code: str, versie: str, invoer: BeoordelingsregelIn, session: SessionDep, gebruiker: CurrentUser
) -> BeoordelingsregelUit:
    """Hoeveel verschillende beoordelaars `aangetoond` moeten geven: 1 of 2."""
    k = service.beoordelingsregel_instellen(session, gebruiker, code, versie, invoer.beoordelaars_vereist)
    return BeoordelingsregelUit(code=k.code, versie=k.versie, beoordelaars_vereist=k.beoordelaars_vereist)
