"""Every route has an access decision: public by name in policy.PUBLIEKE_ROUTES, or it needs a login.

A new route that forgets `CurrentUser` / `met_rol(...)` fails this test with its method and path.
"""

from __future__ import annotations

from collections.abc import Iterator

import fastapi.routing
from fastapi import APIRouter, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.responses import PlainTextResponse
from starlette.routing import BaseRoute, Mount

from app.main import create_app
from app.models import Rol
from app.toegang import policy
from app.toegang.aanvrager import CurrentUser, huidige_gebruiker, met_rol

UITLEG = (
    "vraag om een ingelogde gebruiker (CurrentUser of met_rol(...)) of zet het pad bewust in "
    "app.toegang.policy.PUBLIEKE_ROUTES"
)


def _routes(app: FastAPI) -> Iterator[BaseRoute]:
    """Every route the app serves, with included routers flattened (FastAPI ≥ 0.137 keeps them nested)."""
    iter_route_contexts = getattr(fastapi.routing, "iter_route_contexts", None)
    if iter_route_contexts is None:
        yield from app.routes
    else:
        yield from iter_route_contexts(app.routes)


def vraagt_login(dependant: Dependant | None) -> bool:
    """Does huidige_gebruiker occur anywhere in this dependency tree?"""
    te_bekijken = [dependant] if dependant is not None else []
    while te_bekijken:
        huidig = te_bekijken.pop()
        if huidig.call is huidige_gebruiker:
            return True
        te_bekijken.extend(huidig.dependencies)
    return False


def routes_zonder_besluit(app: FastAPI, publiek: frozenset[str] = policy.PUBLIEKE_ROUTES) -> list[str]:
    """'METHOD path' of each route that is neither listed as public nor requires a login."""
    fouten = []
    for route in _routes(app):
        pad = getattr(route, "path", None)
        if pad in publiek:
            continue
        soort = getattr(route, "original_route", route)  # RouteContext wraps the route it describes
        if not isinstance(soort, Mount) and vraagt_login(getattr(route, "dependant", None)):
            continue
        methoden = ",".join(sorted(getattr(route, "methods", None) or [])) or type(soort).__name__
        fouten.append(f"{methoden} {pad}")
    return sorted(fouten)


def test_elke_route_is_publiek_of_vraagt_om_een_login() -> None:
    fouten = routes_zonder_besluit(create_app())

    assert not fouten, "Routes zonder toegangsbesluit — " + UITLEG + ":\n  " + "\n  ".join(fouten)


def test_de_routetabel_is_niet_leeg() -> None:
    """Guard against a checker that passes because it sees nothing (e.g. nested routers not walked)."""
    paden = {getattr(r, "path", None) for r in _routes(create_app())}

    assert {"/inloggen", "/uitloggen", "/kwalificaties", "/beheer/audit", "/static"} <= paden


# --- the checker itself -------------------------------------------------------------------------------------------


def test_de_controle_vindt_een_onbewaakte_route() -> None:
    app = create_app()

    @app.get("/onbewaakt")
    def onbewaakt() -> PlainTextResponse:
        return PlainTextResponse("geheim")

    assert routes_zonder_besluit(app) == ["GET /onbewaakt"]


def test_de_controle_vindt_een_onbewaakte_route_in_een_router_en_een_mount() -> None:
    app = create_app()
    router = APIRouter(prefix="/intern")

    @router.post("/export")
    def export() -> PlainTextResponse:
        return PlainTextResponse("alles")

    app.include_router(router)
    app.mount("/bestanden", PlainTextResponse("bestand"))

    assert routes_zonder_besluit(app) == ["Mount /bestanden", "POST /intern/export"]


def test_de_controle_accepteert_login_rollen_en_publieke_paden() -> None:
    app = create_app()
    router = APIRouter(dependencies=[met_rol(Rol.beheerder)])

    @app.get("/met-login")
    def met_login(_gebruiker: CurrentUser) -> None: ...

    @app.get("/met-rol", dependencies=[met_rol(Rol.examencommissie)])
    def alleen_rol() -> None: ...

    @router.get("/via-router")
    def via_router() -> None: ...

    @app.get("/bewust-publiek")
    def bewust_publiek() -> None: ...

    app.include_router(router)

    assert routes_zonder_besluit(app) == ["GET /bewust-publiek"]
    assert routes_zonder_besluit(app, policy.PUBLIEKE_ROUTES | {"/bewust-publiek"}) == []
