"""Application factory: routers, error handlers, middleware and static files."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from app.accounts import endpoints as accounts_pages
from app.config import get_settings
from app.db import get_engine, session_factory
from app.errors import install_error_handlers
from app.kwalificaties import api as kwalificaties_api
from app.kwalificaties import endpoints as kwalificaties_pages
from app.ops import endpoints as ops
from app.ops.beveiliging import BeveiligingMiddleware
from app.ops.logging import RequestLogMiddleware, configure_logging
from app.templating import ROOT
from app.toegang.aanvrager import csrf_bescherming


def create_app() -> FastAPI:
    settings = get_settings()
    configure_logging(settings.log_level)
    app = FastAPI(
        title="Leeruitkomstportfolio API",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI needs inline scripts from a CDN; the CSP allows neither
        redoc_url=None,
        # Resolves who is asking on every route and checks CSRF on state-changing requests.
        dependencies=[Depends(csrf_bescherming)],
    )
    app.state.engine = get_engine()
    app.state.sessionmaker = session_factory(app.state.engine)
    install_error_handlers(app)
    app.add_middleware(BeveiligingMiddleware)
    app.add_middleware(RequestLogMiddleware)
    app.mount("/static", StaticFiles(directory=ROOT / "static"), name="static")
    for router in (ops.router, accounts_pages.router, kwalificaties_api.router, kwalificaties_pages.router):
        app.include_router(router)
    return app
