"""Beheer: the landing page for functioneel beheerders."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.db import SessionDep
from app.models import Rol
from app.taken import service as taken
from app.templating import render
from app.tijd import tijdstip
from app.toegang.aanvrager import met_rol

router = APIRouter(include_in_schema=False)

# (url, title, what it is for) — each task's own package adds its pages under /beheer/.
TAKEN = [
    (
        "/beheer/gebruikers",
        "Gebruikers",
        "Accounts zoeken, aanmaken, rollen wijzigen en deactiveren.",
    ),
    ("/beheer/cohorten", "Cohorten", "Cohorten zoals WA6-2026-09."),
    (
        "/cohorten/voortgang",
        "Cohortoverzicht",
        "De voortgang van een cohort: studenten x leeruitkomsten, met CSV- en Excel-export.",
    ),
    ("/beheer/inschrijvingen", "Inschrijvingen", "Studenten inschrijven op een kwalificatieversie."),
    ("/beheer/begeleidingen", "Begeleidingen", "Praktijkbegeleiders aan studenten koppelen, met van- en totdatum."),
    (
        "/beheer/beroepsvereisten",
        "Beroepsvereisten",
        "Resultaten van RTGP, IBT en PV per student vastleggen, met hun geldigheid.",
    ),
    ("/beheer/import", "Studenten importeren", "CSV-bestand met studenten: eerst een voorbeeld, dan alles of niets."),
    (
        "/beheer/kwalificaties/import",
        "Kwalificatie importeren (CASE)",
        "Een CASE 1.1 CFPackage als nieuwe kwalificatieversie: eerst een voorbeeld, dan alles of niets.",
    ),
    ("/beheer/audit", "Audittrail", "Wie deed wat, wanneer — en controle dat niets is gewijzigd."),
    ("/beheer/taken", "Taken", "E-mails, checkpoints en herinneringen die na hun laatste poging mislukten."),
]

BEHEERDER = met_rol(Rol.beheerder)
TAAKNAMEN = {
    "mail": "E-mail",
    "audit.checkpoint": "Checkpoint van de audittrail",
    "beroepsvereisten.herinneringen": "Herinneringen beroepsvereisten zoeken",
    "beroepsvereisten.herinner": "Herinnering beroepsvereiste",
    "opslag.tijdelijk_opruimen": "Tijdelijke bestanden opruimen",
    "taken.opruimen": "Oude taken opruimen",
    "diploma.pdf": "Diploma-PDF maken",
}


@router.get("/beheer", dependencies=[met_rol(Rol.beheerder)])
def beheer(request: Request) -> Response:
    return render(request, "beheer/index.html", {"taken": TAKEN})


@router.get("/beheer/taken", dependencies=[BEHEERDER])
def taken_pagina(request: Request, session: SessionDep) -> Response:
    context = {
        "stand": taken.stand(session),
        "mislukt": taken.mislukte(session),
        "namen": TAAKNAMEN,
        "tijdstip": tijdstip,
        "opnieuw": request.query_params.get("opnieuw", ""),
    }
    return render(request, "beheer/taken.html", context)


@router.post("/beheer/taken/{taak_id}/opnieuw", dependencies=[BEHEERDER])
def taak_opnieuw(session: SessionDep, taak_id: int) -> Response:
    taken.opnieuw(session, taak_id)
    return RedirectResponse(f"/beheer/taken?opnieuw={taak_id}", status_code=303)
