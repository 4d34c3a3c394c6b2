"""Pages: signing in through the OpenID Connect provider (/inloggen/oidc and its redirect URI)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.accounts import oidc
from app.accounts.endpoints import veilige_volgende, zet_sessiecookie
from app.audit import service as audit
from app.config import get_settings
from app.db import SessionDep
from app.errors import NietGevonden
from app.ops.proxy import client_adres
from app.templating import render
from app.toegang import sessies
from app.toegang.aanvrager import AanvragerDep

router = APIRouter(include_in_schema=False)


def _weigering(request: Request, session: SessionDep, fout: oidc.OidcGeweigerd) -> Response:
    """A Dutch page that says what to do; returned (not raised) so that its audit record is committed."""
    audit.registreer(
        session,
        None,
        "oidc_geweigerd",
        "gebruiker",
        None,
        reden=fout.reden,
        adres=client_adres(request),
        **fout.gegevens,
    )
    response = render(request, "accounts/oidc_fout.html", {"detail": fout.melding}, status_code=fout.status_code)
    response.delete_cookie(oidc.STATE_COOKIE, path="/inloggen/oidc")
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/inloggen/oidc")
def start(request: Request, session: SessionDep, volgende: str = "/") -> Response:
    settings = get_settings()
    if not settings.oidc_aan:
        raise NietGevonden("Inloggen via een inlogdienst is hier niet ingesteld.")
    try:
        url, state = oidc.start(session, veilige_volgende(volgende))
    except oidc.OidcGeweigerd as fout:
        return _weigering(request, session, fout)
    response = RedirectResponse(url, status_code=303)
    # Only this browser can come back with this state: it is compared with the cookie on the way back.
    response.set_cookie(
        oidc.STATE_COOKIE,
        state,
        max_age=int(oidc.AANVRAAG_GELDIG.total_seconds()),
        path="/inloggen/oidc",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    return response


@router.get("/inloggen/oidc/terug")
def terug(request: Request, session: SessionDep, aanvrager: AanvragerDep) -> Response:
    if not get_settings().oidc_aan:
        raise NietGevonden("Inloggen via een inlogdienst is hier niet ingesteld.")
    try:
        aanmelding = oidc.terug(session, dict(request.query_params), request.cookies.get(oidc.STATE_COOKIE))
        persoon = oidc.account_voor(session, aanmelding)
    except oidc.OidcGeweigerd as fout:
        return _weigering(request, session, fout)
    if aanvrager.sessie is not None:
        vorige = session.get(type(aanvrager.sessie), aanvrager.sessie.id)
        if vorige is not None:
            sessies.beeindig(session, vorige)
    token, sessie = sessies.start(session, persoon)  # a brand-new session id: no fixation
    sessie.oidc_issuer = aanmelding.issuer
    audit.registreer(session, persoon, "ingelogd", "gebruiker", persoon.id, adres=client_adres(request), via="oidc")
    response = RedirectResponse(veilige_volgende(aanmelding.volgende), status_code=303)
    zet_sessiecookie(response, token)
    response.delete_cookie(oidc.STATE_COOKIE, path="/inloggen/oidc")
    return response
