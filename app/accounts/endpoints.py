"""Login and logout pages."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.accounts import service, sessies
from app.config import get_settings
from app.db import SessionDep
from app.errors import DomainError
from app.templating import render
from app.toegang.aanvrager import AanvragerDep, CurrentUser

router = APIRouter(include_in_schema=False)


def veilige_volgende(volgende: str | None) -> str:
    """Only local paths: a login link must never send someone to another site."""
    if not volgende or not volgende.startswith("/") or volgende.startswith("//") or urlparse(volgende).netloc:
        return "/"
    return volgende


def _client_adres(request: Request) -> str:
    return request.client.host if request.client else "onbekend"


@router.get("/inloggen")
def inlogpagina(request: Request, aanvrager: AanvragerDep, volgende: str = "/") -> Response:
    if aanvrager.gebruiker is not None:
        return RedirectResponse(veilige_volgende(volgende), status_code=303)
    return render(request, "accounts/inloggen.html", {"volgende": volgende, "email": "", "fout": None})


@router.post("/inloggen")
def inloggen(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=320)] = "",
    wachtwoord: Annotated[str, Form(max_length=1024)] = "",
    volgende: Annotated[str, Form()] = "/",
) -> Response:
    try:
        ingelogd = service.inloggen(session, email, wachtwoord, _client_adres(request))
    except DomainError as fout:
        # Returning normally lets the request commit the failed attempt (throttling, audit).
        context = {"volgende": volgende, "email": email, "fout": fout.detail}
        return render(request, "accounts/inloggen.html", context, status_code=fout.status_code)
    response = RedirectResponse(veilige_volgende(volgende), status_code=303)
    settings = get_settings()
    response.set_cookie(
        sessies.COOKIE,
        ingelogd.token,
        max_age=settings.sessie_max_uren * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    return response


@router.post("/uitloggen")
def uitloggen(session: SessionDep, gebruiker: CurrentUser, aanvrager: AanvragerDep) -> Response:
    if aanvrager.sessie is not None:
        service.uitloggen(session, gebruiker, aanvrager.sessie)
    response = RedirectResponse("/inloggen", status_code=303)
    response.delete_cookie(sessies.COOKIE)
    return response
