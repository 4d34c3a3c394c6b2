"""Who is asking: a bearer token, a session cookie, or nobody — and the CSRF check that goes with it."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload
from starlette.datastructures import FormData

from app.db import SessionDep, alleen_lezen, terloops_na_commit, tussentijds_vastleggen
from app.errors import DomainError, is_api_request
from app.models import ApiToken, Gebruiker, Rol, Sessie
from app.toegang import sessies

CSRF_COOKIE = "portfolio_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
_VEILIG = {"GET", "HEAD", "OPTIONS"}
# API routes anyone may call with a body: checking a presented credential changes nothing, so it needs
# neither a login nor a CSRF token; its body is bounded by OPENBARE_BODY_LIMIET.
OPENBARE_API_POSTS = frozenset({"/api/v1/openbadges/verificatie"})
OPENBARE_BODY_LIMIET = 64 * 1024
_TOKEN_AANRAAK_INTERVAL = dt.timedelta(seconds=60)


class NietIngelogd(DomainError):
    status_code = 401

    def __init__(self) -> None:
        super().__init__("Log in om verder te gaan.")


class SessieVerlopen(NietIngelogd):
    """A page's form sent without a live session (it expired, or the person logged out elsewhere).

    Not a forgery to refuse but a login to ask for: app.errors sends the browser to the login page,
    which brings it back to the page afterwards.
    """

    def __init__(self) -> None:
        DomainError.__init__(self, "Je sessie is verlopen; log opnieuw in.")


class CsrfFout(DomainError):
    status_code = 403

    def __init__(self) -> None:
        super().__init__(
            "Het formulier is verlopen of niet van deze site. Laad de pagina opnieuw en probeer het nog eens."
        )


@dataclass(frozen=True)
class Ik:
    """A plain copy of who is logged in, for templates: still valid after a rollback."""

    id: int
    naam: str
    rollen: frozenset[Rol]
    # The session still waits for its second factor: the pages behind it (and their counters) answer 403.
    tweede_factor_open: bool = False


@dataclass
class Aanvrager:
    gebruiker: Gebruiker | None = None
    sessie: Sessie | None = None
    via_token: bool = False


def _bearer(request: Request) -> str | None:
    schema, _, waarde = request.headers.get("Authorization", "").partition(" ")
    return waarde.strip() if schema.lower() == "bearer" and waarde.strip() else None


def _via_token(session: Session, token: str) -> Gebruiker | None:
    api_token = session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == sessies.token_hash(token), ApiToken.ingetrokken_op.is_(None))
        .options(selectinload(ApiToken.gebruiker))
    )
    if api_token is None or not api_token.gebruiker.actief:
        return None
    moment = sessies.nu()
    laatst = api_token.laatst_gebruikt_op
    if laatst is None or moment - laatst > _TOKEN_AANRAAK_INTERVAL:
        # Outside the request's transaction, like a session's "last seen" (sessies.laad).
        terloops_na_commit(
            session,
            update(ApiToken)
            .where(ApiToken.id == api_token.id)
            .values(laatst_gebruikt_op=moment)
            .execution_options(synchronize_session=False),
        )
    return api_token.gebruiker


def _via_sessie(session: Session, token: str) -> tuple[Gebruiker, Sessie] | None:
    sessie = sessies.laad(session, token)
    if sessie is None:
        return None
    gebruiker = session.get(Gebruiker, sessie.gebruiker_id)
    if gebruiker is None or not gebruiker.actief:
        return None
    return gebruiker, sessie


def huidige_aanvrager(request: Request, session: SessionDep) -> Aanvrager:
    """Resolved once per request; sets the CSRF token templates put into forms."""
    with alleen_lezen(session):
        aanvrager = _zoek_aanvrager(request, session)
        # Who is asking is known; give the connection back before a body streams in or the endpoint waits.
        tussentijds_vastleggen(session)
    return aanvrager


def _zoek_aanvrager(request: Request, session: Session) -> Aanvrager:
    if (token := _bearer(request)) is not None:
        gebruiker = _via_token(session, token)
        if gebruiker is None:
            raise NietIngelogd()
        aanvrager = Aanvrager(gebruiker, None, via_token=True)
    elif (cookie := request.cookies.get(sessies.COOKIE)) and (gevonden := _via_sessie(session, cookie)):
        aanvrager = Aanvrager(*gevonden)
    else:
        aanvrager = Aanvrager()
    request.state.aanvrager = aanvrager
    # A cookie that opens no session: it expired, or the person logged out elsewhere (app.errors says so).
    request.state.sessie_verlopen = bool(request.cookies.get(sessies.COOKIE)) and aanvrager.sessie is None
    request.state.ik = (
        Ik(
            aanvrager.gebruiker.id,
            aanvrager.gebruiker.naam,
            frozenset(aanvrager.gebruiker.rollen),
            bool(aanvrager.sessie and aanvrager.sessie.tweede_factor_open),
        )
        if aanvrager.gebruiker
        else None
    )
    request.state.csrf_token = (
        aanvrager.sessie.csrf_token if aanvrager.sessie else request.cookies.get(CSRF_COOKIE) or ""
    )
    return aanvrager


AanvragerDep = Annotated[Aanvrager, Depends(huidige_aanvrager)]


async def csrf_bescherming(request: Request, aanvrager: AanvragerDep) -> None:
    """Every state-changing request from a browser carries the token of its session (or login form).

    The token comes from the X-CSRF-Token header (htmx and the upload script send it) or from the
    form. A urlencoded form is small (the body limit), so it is read here; a multipart body is
    never read for an anonymous request, and for a logged-in one only by the route's own reader,
    with that route's limits (`controleer_formulier_token`).
    """
    if request.method in _VEILIG or aanvrager.via_token or request.url.path in OPENBARE_API_POSTS:
        return
    if is_api_request(request) and aanvrager.gebruiker is None:
        raise NietIngelogd()
    verwacht = request.state.csrf_token
    gegeven = request.headers.get(CSRF_HEADER)
    soort = request.headers.get("content-type", "")
    if gegeven is None and soort.startswith("multipart/form-data"):
        if aanvrager.gebruiker is None:
            raise _zonder_sessie(request)
        if _is_upload(request):
            request.state.csrf_uit_formulier = True
            return
        # Bounded by the route's body limit; a declared File()/Form() body is already parsed and cached.
        gegeven = (await request.form()).get(CSRF_FIELD)
    elif gegeven is None and soort.startswith("application/x-www-form-urlencoded"):
        gegeven = (await request.form()).get(CSRF_FIELD)
    try:
        _vergelijk(verwacht, gegeven)
    except CsrfFout:
        if aanvrager.gebruiker is None:
            raise _zonder_sessie(request) from None
        raise


def _zonder_sessie(request: Request) -> DomainError:
    """A page POST without a live session whose token does not match: an expired session when the
    browser still sent a session cookie or the route needs a login anyway; a real CSRF refusal only for
    the anonymous forms themselves (logging in, activating an account)."""
    if request.cookies.get(sessies.COOKIE) or _vraagt_login(request.scope.get("route")):
        return SessieVerlopen()
    return CsrfFout()


def _vraagt_login(route: object) -> bool:
    """Does the route depend, directly or through met_rol, on a logged-in person?"""
    te_doen = [getattr(route, "dependant", None)]
    while te_doen:
        afhankelijk = te_doen.pop()
        if afhankelijk is None:
            continue
        if afhankelijk.call is huidige_gebruiker:
            return True
        te_doen.extend(afhankelijk.dependencies)
    return False


def _vergelijk(verwacht: str, gegeven: object) -> None:
    if not verwacht or not isinstance(gegeven, str) or not secrets.compare_digest(verwacht, gegeven):
        raise CsrfFout()


def eigen_lezer(route: object) -> Callable[..., object] | None:
    """The dependency through which a route reads its own (large) body, if any: a callable that carries
    its limit as `body_limiet` (app.portfolio.upload). The body limit and the CSRF check both ask here."""
    dependant = getattr(route, "dependant", None)
    stapel = list(dependant.dependencies) if dependant else []
    while stapel:
        afhankelijk = stapel.pop()
        if hasattr(afhankelijk.call, "body_limiet"):
            return afhankelijk.call
        stapel.extend(afhankelijk.dependencies)
    return None


def _is_upload(request: Request) -> bool:
    return eigen_lezer(request.scope.get("route")) is not None


def controleer_formulier_token(request: Request, form: FormData) -> None:
    """For a multipart form read by the route itself: the CSRF token from the form, once it is parsed."""
    if getattr(request.state, "csrf_uit_formulier", False):
        _vergelijk(request.state.csrf_token, form.get(CSRF_FIELD))
        request.state.csrf_uit_formulier = False


class TweedeFactorNodig(DomainError):
    status_code = 403
    foutpagina = "accounts/tweede_factor_nodig.html"

    def __init__(self) -> None:
        super().__init__("Stel eerst je tweede factor in, of typ de code uit je app, voordat je verder gaat.")


# What a session still waiting for its second factor may do: enrol or enter a code, and log out.
_ZONDER_TWEEDE_FACTOR = ("/account/tweede-factor", "/uitloggen")


def huidige_gebruiker(request: Request, aanvrager: AanvragerDep) -> Gebruiker:
    """The logged-in person; anonymous requests get 401 (API) or the login page."""
    if aanvrager.gebruiker is None:
        raise NietIngelogd()
    # Only the web session waits: personal API tokens are separate credentials and keep working.
    sessie = aanvrager.sessie
    if sessie is not None and sessie.tweede_factor_open and not request.url.path.startswith(_ZONDER_TWEEDE_FACTOR):
        raise TweedeFactorNodig()
    return aanvrager.gebruiker


CurrentUser = Annotated[Gebruiker, Depends(huidige_gebruiker)]


def met_rol(*rollen: Rol):  # noqa: ANN201
    """Dependency: the current user holds one of these roles, else 404 (reveals nothing)."""

    def controle(gebruiker: CurrentUser) -> Gebruiker:
        from app.toegang import policy

        policy.vereis_een_rol(gebruiker, *rollen)
        return gebruiker

    controle.vereiste_rollen = rollen  # read by the route table test
    return Depends(controle)
