"""The student's start page: where they stand, what to do next, and what still stands between them and the diploma."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.dashboard import service
from app.db import SessionDep
from app.diploma.pdf import verificatie_url
from app.models import Diplomabesluit, Gebruiker, Rol
from app.openbadge.credential import linkedin_url
from app.templating import render, templates
from app.toegang.aanvrager import met_rol

router = APIRouter(include_in_schema=False)


def diploma_op_linkedin(besluit: Diplomabesluit) -> str:
    """The diploma as a certification on LinkedIn, its URL the verification page with the code (so it shows the
    name); the name of the kwalificatie from the frozen snapshot."""
    kwalificatie = json.loads(besluit.snapshot)["kwalificatie"]
    naam = f"Diploma {kwalificatie['titel']} (niveau {kwalificatie['niveau']})"
    url = verificatie_url(besluit.diplomanummer or "", besluit.verificatiecode or "")
    return linkedin_url(naam, besluit.datum, url, besluit.diplomanummer or "")


templates.env.globals["diploma_op_linkedin"] = diploma_op_linkedin

Student = Annotated[Gebruiker, met_rol(Rol.student)]


@router.get("/dashboard")
def dashboard(request: Request, session: SessionDep, gebruiker: Student) -> Response:
    try:
        gegevens = service.dashboard(session, gebruiker)
    except service.GeenInschrijving:
        return render(request, "dashboard/dashboard.html", {"dashboard": None})
    return render(request, "dashboard/dashboard.html", {"dashboard": gegevens})
