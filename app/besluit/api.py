"""JSON API of the diploma under /api/v1 (API.md): the decision, the decisions, revocation, verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from app.besluit import diplomapdf, drempel, service
from app.besluit.schemas import (
    BesluitIn,
    BesluitUit,
    Geldig,
    HeropeningAntwoord,
    HeropeningIn,
    Ingetrokken,
    IntrekkingAntwoord,
    IntrekkingIn,
    Kaal,
    OpenBadgeIn,
    OpenBadgeUitslag,
)
from app.db import SessionDep
from app.diploma.pdf import diploma_pdf
from app.openbadge import service as openbadge
from app.opslag import content_disposition
from app.paginering import PAGINA_ANTWOORD, Pagina, PagineringDep, zet_headers
from app.tijd import lokaal
from app.toegang.aanvrager import OPENBARE_BODY_LIMIET, CurrentUser

router = APIRouter(prefix="/api/v1", tags=["diploma"])


@router.post("/studenten/{student_id}/diplomabesluit", status_code=201, response_model=BesluitUit)
def beslissen(student_id: int, invoer: BesluitIn, session: SessionDep, gebruiker: CurrentUser) -> BesluitUit:
    """Het besluit van de examencommissie: `vastgesteld` (met diplomanummer) of `afgewezen`, altijd met motivering.

    409 met `redenen` als de student niet diplomabaar is; 403 voor een lid dat de student zelf beoordeelde.
    """
    return BesluitUit.van(service.beslissen(session, gebruiker, student_id, invoer.besluit, invoer.motivering))


@router.get("/studenten/{student_id}/diplomabesluiten", response_model=list[BesluitUit], responses=PAGINA_ANTWOORD)
def besluiten(
    student_id: int,
    request: Request,
    response: Response,
    paginering: PagineringDep,
    session: SessionDep,
    gebruiker: CurrentUser,
) -> list[BesluitUit]:
    """Elk besluit over de student, het nieuwste eerst, met een eventuele intrekking."""
    alle = service.besluiten(session, gebruiker, student_id)
    pagina = Pagina(alle[paginering.offset : paginering.offset + paginering.per_pagina], len(alle), paginering)
    zet_headers(request, response, pagina)
    return [BesluitUit.van(b) for b in pagina.items]


@router.post("/diplomas/{diplomanummer}/intrekking", status_code=201, response_model=IntrekkingAntwoord)
def intrekken(
    diplomanummer: str, invoer: IntrekkingIn, session: SessionDep, gebruiker: CurrentUser
) -> IntrekkingAntwoord:
    """Trek een vastgesteld diploma in, met een reden; het besluit zelf blijft bewaard."""
    intrekking = service.intrekken(session, gebruiker, diplomanummer, invoer.reden)
    return IntrekkingAntwoord(diplomanummer=diplomanummer, datum=lokaal(intrekking.tijd).date(), reden=intrekking.reden)


@router.post("/diplomas/{diplomanummer}/heropening", status_code=201, response_model=HeropeningAntwoord)
def heropenen(
    diplomanummer: str, invoer: HeropeningIn, session: SessionDep, gebruiker: CurrentUser
) -> HeropeningAntwoord:
    """Heropen het dossier van een ingetrokken diploma, met een reden: pas daarna kan een nieuw besluit volgen."""
    heropening = service.heropenen(session, gebruiker, diplomanummer, invoer.reden)
    return HeropeningAntwoord(diplomanummer=diplomanummer, datum=lokaal(heropening.tijd).date(), reden=heropening.reden)


@router.get(
    "/diplomas/{diplomanummer}/verificatie",
    response_model=Geldig | Ingetrokken | Kaal,
    dependencies=[Depends(drempel.controleer)],
)
def verificatie(
    diplomanummer: str,
    session: SessionDep,
    response: Response,
    code: Annotated[str | None, Query(max_length=64, description="De verificatiecode van het diploma.")] = None,
) -> Geldig | Ingetrokken | Kaal:
    """Openbaar, zonder inloggen: is dit diploma geldig? Het nummer alleen geeft `{diplomanummer, geldig}`;
    naam, kwalificatie en datum (en bij intrekking de reden) alleen met de verificatiecode van het diploma."""
    gevonden = service.verificatie(session, diplomanummer, code)
    response.headers["Cache-Control"] = "no-store"
    if not gevonden.volledig:
        return Kaal(diplomanummer=gevonden.diplomanummer, geldig=gevonden.geldig)
    if not gevonden.geldig:
        return Ingetrokken(
            diplomanummer=gevonden.diplomanummer,
            geldig=False,
            kwalificatie=gevonden.kwalificatie,
            naam=gevonden.naam,
            datum=gevonden.datum,
            reden=gevonden.reden or "",
        )
    return Geldig(
        diplomanummer=gevonden.diplomanummer,
        geldig=True,
        kwalificatie=gevonden.kwalificatie,
        naam=gevonden.naam,
        datum=gevonden.datum,
    )


@router.get(
    "/diplomas/{diplomanummer}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "Het diploma als PDF."}},
)
def diploma_als_pdf(diplomanummer: str, session: SessionDep, gebruiker: CurrentUser) -> Response:
    """Het diploma als PDF, uit de bevroren momentopname; voor de student zelf en de examencommissie."""
    gegevens, opgeslagen = service.diploma_pdf(session, gebruiker, diplomanummer)
    # The database is not needed while the file is read or WeasyPrint renders: give the connection back first.
    session.commit()
    # Rendered by the job once; until it has run (no worker yet), rendered here.
    pdf = diplomapdf.lees(opgeslagen) if opgeslagen is not None else diploma_pdf(gegevens)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": content_disposition(f"diploma-{diplomanummer}.pdf")},
    )


@router.get(
    "/diplomas/{diplomanummer}/openbadge.jwt",
    response_class=Response,
    responses={200: {"content": {"application/vc+jwt": {}}, "description": "Het diploma als Open Badge (VC-JWT)."}},
)
def diploma_als_openbadge(diplomanummer: str, session: SessionDep, gebruiker: CurrentUser) -> Response:
    """Het diploma als ondertekend Open Badges 3.0-credential (compacte JWS), elke keer hetzelfde, ook na
    intrekking (dan verifieert het als ingetrokken); voor de student zelf en de examencommissie."""
    return Response(
        openbadge.download(session, gebruiker, diplomanummer),
        media_type="application/vc+jwt",
        headers={"Content-Disposition": content_disposition(f"diploma-{diplomanummer}.jwt")},
    )


@router.post(
    "/openbadges/verificatie",
    response_model=OpenBadgeUitslag,
    dependencies=[Depends(drempel.controleer)],
    openapi_extra={"security": []},
    max_body_size=OPENBARE_BODY_LIMIET,
)
def openbadge_verificatie(invoer: OpenBadgeIn, session: SessionDep, response: Response) -> OpenBadgeUitslag:
    """Openbaar, zonder inloggen: is dit Open Badge-credential van ons, ongeschonden en niet ingetrokken?

    `redenen` zegt in het Nederlands wat er mis is (leeg als het geldig is); `naam` komt uit onze administratie.
    """
    response.headers["Cache-Control"] = "no-store"
    uitslag = openbadge.verifieer(session, invoer.credential)
    return OpenBadgeUitslag(**vars(uitslag))
