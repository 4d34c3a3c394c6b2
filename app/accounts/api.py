"""JSON API for accounts under /api/v1 (API.md): who am I, and the beheerder's list of users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response

from app.accounts import mail, service
from app.accounts.schemas import GebruikerAangemaakt, GebruikerNieuw, GebruikerUit, IkUit, rollen_lijst
from app.db import SessionDep
from app.models import Gebruiker, LinkDoel, Rol
from app.paginering import PAGINA_ANTWOORD, PagineringDep, zet_headers
from app.toegang.aanvrager import CurrentUser, met_rol

router = APIRouter(prefix="/api/v1", tags=["accounts"])

BeheerderDep = Annotated[Gebruiker, met_rol(Rol.beheerder)]


@router.get("/ik", response_model=IkUit, summary="Wie ben ik")
def ik(gebruiker: CurrentUser) -> IkUit:
    return IkUit.van(gebruiker)


@router.get(
    "/gebruikers",
    response_model=list[GebruikerUit],
    summary="Alle gebruikers (beheerder), per pagina",
    responses=PAGINA_ANTWOORD,
)
def gebruikers(
    request: Request,
    response: Response,
    session: SessionDep,
    _beheerder: BeheerderDep,
    paginering: PagineringDep,
    q: str = "",
    rol: str = "",
) -> list[GebruikerUit]:
    """By name; `q` filters on naam, e-mail or studentnummer, `rol` on a role. X-Total-Count and Link say
    what else there is."""
    pagina = service.gebruikers_pagina(session, q, paginering, rol)
    zet_headers(request, response, pagina)
    return [GebruikerUit.van(g) for g in pagina.items]


@router.post(
    "/gebruikers",
    response_model=GebruikerAangemaakt,
    status_code=201,
    summary="Gebruiker aanmaken (beheerder)",
    responses={
        409: {"description": "E-mailadres of studentnummer bestaat al"},
        422: {"description": "Ongeldige invoer"},
    },
)
def maak_gebruiker(invoer: GebruikerNieuw, session: SessionDep, beheerder: BeheerderDep) -> GebruikerAangemaakt:
    account = service.maak_gebruiker(
        session, beheerder, invoer.email, invoer.naam, invoer.rollen, invoer.studentnummer, via="api"
    )
    persoon = account.gebruiker
    mail.mail_link(session, persoon.email, persoon.naam, LinkDoel.activatie, account.link)
    return GebruikerAangemaakt(
        id=persoon.id,
        email=persoon.email,
        naam=persoon.naam,
        rollen=rollen_lijst(persoon),
        actief=persoon.actief,
        studentnummer=persoon.studentnummer,
        activatielink=account.link,
    )
