"""Pages: the beheerder records beroepsvereisten results; the student and their staff read them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from app.beroepsvereisten import service
from app.db import SessionDep
from app.errors import DomainError, per_veld
from app.formulieren import Weigering, formulier
from app.models import Resultaat, Rol
from app.organisatie import studentenlijst as organisatie
from app.paginering import PagineringDep
from app.templating import render
from app.toegang.aanvrager import CurrentUser, met_rol

router = APIRouter(include_in_schema=False)

BEHEERDER = met_rol(Rol.beheerder)
Tekst = Annotated[str, Form(max_length=1000)]

MELDINGEN = {"vastgelegd": "Het resultaat is vastgelegd."}


@router.get("/beheer/beroepsvereisten", dependencies=[BEHEERDER])
def kies_student(
    request: Request, session: SessionDep, gebruiker: CurrentUser, paginering: PagineringDep, q: str = ""
) -> Response:
    lijst = organisatie.studenten(session, gebruiker, q, paginering, met_voortgang=False)
    return render(request, "beroepsvereisten/kies_student.html", {"lijst": lijst}, block="resultaten")


def _beheerpagina(
    request: Request,
    session: SessionDep,
    gebruiker: CurrentUser,
    student_id: int,
    fout: DomainError | None = None,
    invoer: dict | None = None,
) -> Response:
    context = {
        "overzicht": service.overzicht(session, gebruiker, student_id),
        "resultaten": list(Resultaat),
        "labels": service.RESULTAAT_LABELS,
        "melding": MELDINGEN.get(request.query_params.get("melding", "")),
        "fouten": per_veld(fout),
        "invoer": invoer or {},
    }
    return render(request, "beroepsvereisten/beheer.html", context, status_code=fout.status_code if fout else 200)


def _geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    """The refused form again, filled in, with the message at its field."""
    student_id = int(request.path_params["student_id"])
    return _beheerpagina(request, session, weigering.gebruiker, student_id, weigering.fout, dict(weigering.invoer))


@router.get("/beheer/studenten/{student_id}/beroepsvereisten", dependencies=[BEHEERDER])
def beheer(request: Request, student_id: int, session: SessionDep, gebruiker: CurrentUser) -> Response:
    return _beheerpagina(request, session, gebruiker, student_id)


@router.post("/beheer/studenten/{student_id}/beroepsvereisten", dependencies=[BEHEERDER, formulier(_geweigerd)])
def vastleggen(
    student_id: int,
    session: SessionDep,
    gebruiker: CurrentUser,
    code: Tekst = "",
    resultaat: Tekst = "",
    datum: Tekst = "",
    geldig_tot: Tekst = "",
    corrigeert: Tekst = "",
) -> Response:
    te_corrigeren = int(corrigeert) if corrigeert.strip().isdigit() else None
    service.registreer_resultaat(session, gebruiker, student_id, code, resultaat, datum, geldig_tot, te_corrigeren)
    return RedirectResponse(f"/beheer/studenten/{student_id}/beroepsvereisten?melding=vastgelegd", status_code=303)


@router.get("/studenten/{student_id}/beroepsvereisten")
def overzicht(request: Request, student_id: int, session: SessionDep, gebruiker: CurrentUser) -> Response:
    """The student's results as the student, their praktijkbegeleiders and the examencommissie see them."""
    context = {"overzicht": service.overzicht(session, gebruiker, student_id), "labels": service.RESULTAAT_LABELS}
    return render(request, "beroepsvereisten/overzicht.html", context)
