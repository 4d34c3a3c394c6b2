"""The student's start page: where they stand, what to do next, and what still stands between them and the diploma."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.dashboard import service
from app.db import SessionDep
from app.models import Gebruiker, Rol
from app.templating import render
from app.toegang.aanvrager import met_rol

router = APIRouter(include_in_schema=False)

Student = Annotated[Gebruiker, met_rol(Rol.student)]


@router.get("/dashboard")
def dashboard(request: Request, session: SessionDep, gebruiker: Student) -> Response:
    try:
        gegevens = service.dashboard(session, gebruiker)
    except service.GeenInschrijving:
        return render(request, "dashboard/dashboard.html", {"dashboard": None})
    return render(request, "dashboard/dashboard.html", {"dashboard": gegevens})
