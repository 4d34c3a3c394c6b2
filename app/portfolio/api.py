"""JSON API for the portfolio under /api/v1 (API.md): upload, list, download, submit, progress."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from app.db import SessionDep
from app.models import Bewijsstuk, Gebruiker
from app.opslag import StorageDep, bestand_response
from app.paginering import PAGINA_ANTWOORD, PagineringDep, zet_headers
from app.portfolio import overzicht, schemas, service
from app.portfolio.schemas import BewijsstukDetailUit, BewijsstukUit
from app.portfolio.upload import UPLOAD_OPENAPI, UploadFormulier
from app.toegang.aanvrager import CurrentUser

router = APIRouter(prefix="/api/v1", tags=["portfolio"])


def _uit(gebruiker: Gebruiker, bewijsstuk: Bewijsstuk) -> BewijsstukUit:
    return BewijsstukUit.van_bewijsstuk(bewijsstuk, inhoud_zichtbaar=overzicht.inhoud_zichtbaar(gebruiker, bewijsstuk))


@router.post(
    "/studenten/{student_id}/bewijsstukken",
    status_code=201,
    response_model=BewijsstukUit,
    openapi_extra=UPLOAD_OPENAPI,
)
def bewijsstuk_uploaden(
    student_id: int, formulier: UploadFormulier, session: SessionDep, gebruiker: CurrentUser, storage: StorageDep
) -> BewijsstukUit:
    """Een nieuw bewijsstuk (versie 1, concept) met bestanden en leeruitkomsten."""
    invoer = schemas.lees_formulier(formulier, nieuw=True)
    uploads = schemas.uploads_uit(formulier)
    bewijsstuk = service.bewijsstuk_toevoegen(session, storage, gebruiker, student_id, invoer, uploads)
    return _uit(gebruiker, bewijsstuk)


@router.get("/studenten/{student_id}/bewijsstukken", response_model=list[BewijsstukUit], responses=PAGINA_ANTWOORD)
def bewijsstukken(
    request: Request,
    response: Response,
    student_id: int,
    session: SessionDep,
    gebruiker: CurrentUser,
    paginering: PagineringDep,
) -> list[BewijsstukUit]:
    """Newest first, per page; X-Total-Count and Link say what else there is."""
    pagina = overzicht.bewijsstukken_pagina(session, gebruiker, student_id, paginering)
    zet_headers(request, response, pagina)
    return [_uit(gebruiker, b) for b in pagina.items]


@router.get("/bewijsstukken/{bewijsstuk_id}", response_model=BewijsstukDetailUit)
def bewijsstuk(bewijsstuk_id: int, session: SessionDep, gebruiker: CurrentUser) -> BewijsstukDetailUit:
    """Het bewijsstuk met al zijn versies."""
    gevonden = overzicht.bewijsstuk_details(session, gebruiker, bewijsstuk_id)
    return BewijsstukDetailUit.van_details(gevonden, inhoud_zichtbaar=overzicht.inhoud_zichtbaar(gebruiker, gevonden))


@router.patch("/bewijsstukken/{bewijsstuk_id}", response_model=BewijsstukUit, openapi_extra=UPLOAD_OPENAPI)
def bewijsstuk_wijzigen(
    bewijsstuk_id: int, formulier: UploadFormulier, session: SessionDep, gebruiker: CurrentUser, storage: StorageDep
) -> BewijsstukUit:
    """Wijzig wat meegestuurd wordt; is de laatste versie aangeboden, dan wordt het een nieuwe versie."""
    invoer = schemas.lees_formulier(formulier, nieuw=False)
    uploads = schemas.uploads_uit(formulier)
    gewijzigd = service.bewijsstuk_wijzigen(session, storage, gebruiker, bewijsstuk_id, invoer, uploads)
    return _uit(gebruiker, gewijzigd)


@router.delete("/bewijsstukken/{bewijsstuk_id}", status_code=204)
def concept_verwijderen(
    bewijsstuk_id: int, session: SessionDep, gebruiker: CurrentUser, storage: StorageDep
) -> Response:
    """Verwijder de conceptversie; een aangeboden versie wordt nooit verwijderd (409)."""
    service.concept_verwijderen(session, storage, gebruiker, bewijsstuk_id)
    return Response(status_code=204)


@router.post("/bewijsstukken/{bewijsstuk_id}/indienen", response_model=BewijsstukUit)
def indienen(bewijsstuk_id: int, session: SessionDep, gebruiker: CurrentUser) -> BewijsstukUit:
    """Ter beoordeling aanbieden: de versie wordt bevroren."""
    return _uit(gebruiker, service.indienen(session, gebruiker, bewijsstuk_id))


@router.post("/bewijsstukken/{bewijsstuk_id}/intrekken", response_model=BewijsstukUit)
def intrekken(bewijsstuk_id: int, session: SessionDep, gebruiker: CurrentUser) -> BewijsstukUit:
    """Trek de aangeboden versie in, zolang niemand haar beoordeeld heeft."""
    return _uit(gebruiker, service.intrekken(session, gebruiker, bewijsstuk_id))


class VerbergenIn(BaseModel):
    reden: str


@router.post("/bewijsstukken/{bewijsstuk_id}/verbergen", response_model=BewijsstukDetailUit)
def verbergen(
    bewijsstuk_id: int, verzoek: VerbergenIn, session: SessionDep, gebruiker: CurrentUser
) -> BewijsstukDetailUit:
    """Beheer verbergt een bewijsstuk om privacyredenen, met reden; er wordt niets verwijderd."""
    verborgen = service.verbergen(session, gebruiker, bewijsstuk_id, verzoek.reden)
    return BewijsstukDetailUit.van_details(verborgen)


@router.get("/bewijsstukken/{bewijsstuk_id}/bestanden/{bestand_id}", response_class=Response)
def bestand(
    request: Request,
    bewijsstuk_id: int,
    bestand_id: int,
    session: SessionDep,
    gebruiker: CurrentUser,
    storage: StorageDep,
    download: bool = False,
) -> Response:
    """Het bestand: getoond in de browser als het veilig kan (afbeelding, PDF), anders als download."""
    gevonden = overzicht.bestand_voor_download(session, gebruiker, bewijsstuk_id, bestand_id)
    return bestand_response(
        request,
        storage,
        gevonden.opslag_sleutel,
        naam=gevonden.naam,
        mediatype=gevonden.mediatype,
        sha256=gevonden.sha256,
        inline=not download,
    )
