"""Beheer: the landing page for functioneel beheerders."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.models import Rol
from app.templating import render
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
    ("/beheer/audit", "Audittrail", "Wie deed wat, wanneer — en controle dat niets is gewijzigd."),
]


@router.get("/beheer", dependencies=[met_rol(Rol.beheerder)])
def beheer(request: Request) -> Response:
    return render(request, "beheer/index.html", {"taken": TAKEN})
