"""Application factory: routers, error handlers, middleware and static files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from app.accounts import api as accounts_api
from app.accounts import endpoints as accounts_pages
from app.accounts import oidc_paginas as oidc_pages
from app.accounts import tweede_factor_paginas as tweede_factor_pages
from app.audit import endpoints as audit_pages
from app.beheer import endpoints as beheer_pages
from app.beoordeling import api as beoordeling_api
from app.beoordeling import endpoints as beoordeling_pages
from app.beroepsvereisten import api as beroepsvereisten_api
from app.beroepsvereisten import endpoints as beroepsvereisten_pages
from app.besluit import api as besluit_api
from app.besluit import endpoints as besluit_pages
from app.case import api as case_api
from app.case import beheer as case_beheer
from app.cohortoverzicht import api as cohortoverzicht_api
from app.cohortoverzicht import endpoints as cohortoverzicht_pages
from app.config import get_settings
from app.dashboard import endpoints as dashboard_pages
from app.db import get_engine, lifespan, session_factory
from app.dossier import api as dossier_api
from app.foutafhandeling import install_error_handlers
from app.kwalificaties import api as kwalificaties_api
from app.kwalificaties import endpoints as kwalificaties_pages
from app.meldingen import api as meldingen_api
from app.meldingen import endpoints as meldingen_pages
from app.openbadge import endpoints as openbadge_pages
from app.ops import endpoints as ops
from app.ops.apiversie import API_VERSIE, ApiVersieMiddleware
from app.ops.beveiliging import BeveiligingMiddleware
from app.ops.bodylimiet import BodyLimietMiddleware
from app.ops.invoer import invoer_controle
from app.ops.logging import RequestLogMiddleware, configure_logging
from app.ops.metrics import Metingen, MetricsMiddleware
from app.ops.openapi import installeer_openapi
from app.organisatie import api as organisatie_api
from app.organisatie import endpoints as organisatie_pages
from app.portfolio import api as portfolio_api
from app.portfolio import endpoints as portfolio_pages
from app.taken.werker import Achtergrond
from app.templating import ROOT
from app.toegang.aanvrager import csrf_bescherming
from app.voortgang import api as voortgang_api


def registreer_taken() -> None:
    """Import every module that registers job functions, so any process can run any job."""
    import app.accounts.mail
    import app.audit.service
    import app.beroepsvereisten.herinnering
    import app.besluit.diplomapdf
    import app.dossier.samenvatting
    import app.portfolio.opruimen
    import app.taken.service  # noqa: F401


def draait_taken_zelf(app: FastAPI) -> bool:
    """On SQLite (one machine) the serving process runs the jobs; on PostgreSQL `portfolio worker` does."""
    return app.state.engine.dialect.name == "sqlite" and get_settings().taken_in_proces


@asynccontextmanager
async def _levensloop(app: FastAPI) -> AsyncIterator[None]:
    async with lifespan(app):
        achtergrond = Achtergrond(session_factory(app.state.engine)) if draait_taken_zelf(app) else None
        if achtergrond:
            achtergrond.start()
        try:
            yield
        finally:
            if achtergrond:
                achtergrond.stop()


def create_app() -> FastAPI:
    settings = get_settings()
    configure_logging(settings.log_level)
    registreer_taken()
    app = FastAPI(
        title="Leeruitkomstportfolio API",
        version=API_VERSIE,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI needs inline scripts from a CDN; the CSP allows neither
        redoc_url=None,
        lifespan=_levensloop,
        # Resolves who is asking on every route and checks CSRF on state-changing requests;
        # then refuses input the database cannot hold (NUL characters, ids beyond its integers).
        dependencies=[Depends(csrf_bescherming), Depends(invoer_controle)],
    )
    app.state.engine = get_engine()
    app.state.sessionmaker = session_factory(app.state.engine)
    install_error_handlers(app)
    installeer_openapi(app)
    app.add_middleware(BodyLimietMiddleware)
    app.add_middleware(BeveiligingMiddleware)
    # Outside the security middleware, so that its answer to an unexpected error carries the version too.
    app.add_middleware(ApiVersieMiddleware)
    app.add_middleware(RequestLogMiddleware)
    app.state.metingen = Metingen()
    app.add_middleware(MetricsMiddleware, metingen=app.state.metingen)
    app.mount("/static", StaticFiles(directory=ROOT / "static"), name="static")
    routers = (
        ops.router,
        accounts_pages.router,
        oidc_pages.router,
        tweede_factor_pages.router,
        accounts_api.router,
        kwalificaties_api.router,
        kwalificaties_pages.router,
        organisatie_pages.router,
        organisatie_api.router,
        portfolio_pages.router,
        portfolio_api.router,
        voortgang_api.router,
        beoordeling_pages.router,
        beoordeling_api.router,
        meldingen_pages.router,
        meldingen_api.router,
        audit_pages.router,
        beheer_pages.router,
        beroepsvereisten_pages.router,
        beroepsvereisten_api.router,
        cohortoverzicht_pages.router,
        cohortoverzicht_api.router,
        dossier_api.router,
        openbadge_pages.router,
        besluit_pages.router,
        besluit_api.router,
        dashboard_pages.router,
        case_api.router,
        case_beheer.router,
    )
    for router in routers:
        app.include_router(router)
    return app
