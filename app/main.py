"""Application factory: routers, error handlers, middleware and static files."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.config import get_settings
from app.db import get_engine, session_factory
from app.errors import install_error_handlers
from app.kwalificaties import api as kwalificaties_api
from app.kwalificaties import endpoints as kwalificaties_pages
from app.ops import endpoints as ops
from app.ops.logging import RequestLogMiddleware, configure_logging
from app.templating import ROOT


def create_app() -> FastAPI:
    settings = get_settings()
    configure_logging(settings.log_level)
    app = FastAPI(
        title="Leeruitkomstportfolio API",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.engine = get_engine()
    app.state.sessionmaker = session_factory(app.state.engine)
    install_error_handlers(app)
    app.add_middleware(RequestLogMiddleware)
    app.mount("/static", StaticFiles(directory=ROOT / "static"), name="static")
    for router in (ops.router, kwalificaties_api.router, kwalificaties_pages.router):
        app.include_router(router)
    return app
