"""Liveness and readiness probes for orchestration (docker compose, Kubernetes)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.ops.migrations import at_head

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def healthz() -> dict:
    """The process is alive; says nothing about the database."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """Ready when the database answers and its schema is at the newest migration."""
    engine = request.app.state.engine
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            migrated = at_head(connection)
    except SQLAlchemyError:
        return JSONResponse({"status": "database onbereikbaar"}, status_code=503)
    if not migrated:
        return JSONResponse({"status": "migraties niet bijgewerkt"}, status_code=503)
    return JSONResponse({"status": "ok"})
