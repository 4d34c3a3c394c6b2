"""Pages of the examencommissie (workspace, dossier, decision, revocation) and the public diploma page."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from app.besluit import drempel, service
from app.besluit.schemas import MAX_TEKST
from app.db import SessionDep
from app.errors import DomainError, per_veld
from app.formulieren import Weigering, formulier
from app.models import Gebruiker, Rol
from app.openbadge import service as openbadge
from app.paginering import PagineringDep
from app.templating import is_htmx, render, templates
from app.tijd import lokaal
from app.toegang.aanvrager import met_rol

router = APIRouter(include_in_schema=False)


def iso_datum(waarde: str | None) -> str:
    """A date or moment from the snapshot (ISO text) as a Dutch date, on the clock of the Netherlands."""
    if not waarde:
        return ""
    if "T" in waarde:
        return lokaal(dt.datetime.fromisoformat(waarde)).strftime("%d-%m-%Y")
    return dt.date.fromisoformat(waarde).strftime("%d-%m-%Y")


templates.env.globals["iso_datum"] = iso_datum

Lid = Annotated[Gebruiker, met_rol(Rol.examencommissie)]
Tekst = Annotated[str, Form(max_length=MAX_TEKST)]

MELDINGEN = {
    "vastgesteld": "Het diploma is vastgesteld.",
    "afgewezen": "Het besluit is vastgelegd: het diploma is afgewezen.",
    "ingetrokken": "Het diploma is ingetrokken.",
    "heropend": "Het dossier is heropend: een nieuw besluit kan volgen als de student diplomabaar is.",
}


def _naar(request: Request, url: str) -> Response:
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url, "Vary": "HX-Request"})
    return RedirectResponse(url, status_code=303)


@router.get("/examencommissie")
def werkruimte(
    request: Request,
    session: SessionDep,
    gebruiker: Lid,
    paginering: PagineringDep,
    cohort: str = "",
    toon: str = "alle",
) -> Response:
    """Diplomabare students and those with one point left, filterable by cohort, paged."""
    lijst = service.werkruimte(session, gebruiker, cohort, toon, paginering)
    return render(request, "besluit/werkruimte.html", {"lijst": lijst, "toon_keuzes": service.TOON}, block="lijst")


def _dossierpagina(
    request: Request,
    session: Session,
    gebruiker: Gebruiker,
    student_id: int,
    fout: DomainError | None = None,
    invoer: dict | None = None,
) -> Response:
    gevonden = service.dossier(session, gebruiker, student_id)
    formulier_naam = request.url.path.rsplit("/", 1)[-1] if fout else ""
    context = {
        "dossier": gevonden,
        "d": gevonden.inhoud,
        "besluit_fouten": per_veld(fout) if formulier_naam == "besluit" else {},
        # A refusal with reasons (not diplomabaar) says so above its list; a field error has its own heading.
        "besluit_titel": fout.detail
        if fout is not None and fout.extra.get("redenen")
        else "Het besluit is niet genomen.",
        "intrek_fouten": per_veld(fout) if formulier_naam == "intrekking" else {},
        "heropen_fouten": per_veld(fout) if formulier_naam == "heropening" else {},
        "invoer": invoer or {},
        "melding": MELDINGEN.get(request.query_params.get("melding", "")),
    }
    status = fout.status_code if fout else 200
    block = {"besluit": "besluitformulier", "intrekking": "besluitenlijst", "heropening": "besluitenlijst"}.get(
        formulier_naam
    )
    return render(request, "besluit/dossier.html", context, block=block, status_code=status)


def _geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    """The refused form again, filled in (the motivering kept), with the message at its field."""
    student_id = int(request.path_params["student_id"])
    return _dossierpagina(request, session, weigering.gebruiker, student_id, weigering.fout, dict(weigering.invoer))


@router.get("/examencommissie/studenten/{student_id}")
def dossier(request: Request, student_id: int, session: SessionDep, gebruiker: Lid) -> Response:
    """The dossier assembled by the system, its checks, earlier decisions and the decision form."""
    return _dossierpagina(request, session, gebruiker, student_id)


@router.post("/examencommissie/studenten/{student_id}/besluit", dependencies=[formulier(_geweigerd)])
def beslissen(
    request: Request,
    student_id: int,
    session: SessionDep,
    gebruiker: Lid,
    besluit: Annotated[str, Form(max_length=40)] = "",
    motivering: Tekst = "",
) -> Response:
    genomen = service.beslissen(session, gebruiker, student_id, besluit, motivering)
    return _naar(request, f"/examencommissie/studenten/{student_id}?melding={genomen.besluit.value}#besluiten")


@router.post(
    "/examencommissie/studenten/{student_id}/diplomas/{diplomanummer}/intrekking",
    dependencies=[formulier(_geweigerd)],
)
def intrekken(
    request: Request,
    student_id: int,
    diplomanummer: str,
    session: SessionDep,
    gebruiker: Lid,
    reden: Tekst = "",
) -> Response:
    service.intrekken(session, gebruiker, diplomanummer, reden)
    return _naar(request, f"/examencommissie/studenten/{student_id}?melding=ingetrokken#besluiten")


@router.post(
    "/examencommissie/studenten/{student_id}/diplomas/{diplomanummer}/heropening",
    dependencies=[formulier(_geweigerd)],
)
def heropenen(
    request: Request,
    student_id: int,
    diplomanummer: str,
    session: SessionDep,
    gebruiker: Lid,
    reden: Tekst = "",
) -> Response:
    service.heropenen(session, gebruiker, diplomanummer, reden)
    return _naar(request, f"/examencommissie/studenten/{student_id}?melding=heropend#besluiten")


# Registered before /diplomas/{diplomanummer}, which would otherwise take "verifieren" for a number.
@router.get("/diplomas/verifieren")
def openbadge_pagina(request: Request) -> Response:
    """The public page where anyone pastes or uploads an Open Badge credential to check it."""
    response = render(request, "besluit/openbadge_verifieren.html", {"uitslag": None, "credential": ""})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/diplomas/verifieren", dependencies=[Depends(drempel.controleer)])
def openbadge_verifieren(
    request: Request,
    session: SessionDep,
    credential: Annotated[str, Form(max_length=60_000)] = "",
) -> Response:
    """The outcome on the same page: valid with name, kwalificatie and date, or every reason in Dutch."""
    tekst = credential.strip()
    uitslag = openbadge.verifieer(session, tekst) if tekst else None
    context = {"uitslag": uitslag, "credential": tekst, "leeg": not tekst}
    response = render(
        request, "besluit/openbadge_verifieren.html", context, block="uitslag" if is_htmx(request) else None
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/diplomas/{diplomanummer}", dependencies=[Depends(drempel.controleer)])
def diploma(
    request: Request, diplomanummer: str, session: SessionDep, code: Annotated[str, Query(max_length=64)] = ""
) -> Response:
    """The public verification page: valid or revoked; with the diploma's verification code also name,
    kwalificatie, date (and the reason of a revocation); no login, nothing more."""
    gevonden = service.verificatie(session, diplomanummer, code)
    context = {"v": gevonden, "nummer": quote(diplomanummer), "code_fout": bool(code) and not gevonden.volledig}
    response = render(request, "besluit/diploma.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response
