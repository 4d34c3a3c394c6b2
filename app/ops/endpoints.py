"""Liveness and readiness probes for orchestration (docker compose, Kubernetes)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.opslag import BestandNietGevonden, Storage, StorageDep
from app.ops.migrations import at_head
from app.taken import service as taken

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def healthz() -> dict:
    """The process is alive; says nothing about the database."""
    return {"status": "ok"}


# A key no file ever gets (keys are random hex): asking its size reaches the store and finds nothing.
_PROEFSLEUTEL = "0" * 32


def opslag_bereikbaar(storage: Storage) -> bool:
    """The store answers (a missing file is an answer; a refused connection or credentials are not)."""
    try:
        storage.size(_PROEFSLEUTEL)
    except BestandNietGevonden:
        return True
    except Exception:  # any failure to reach the store, whatever the backend raises
        return False
    return True


# A due job that waited this long means no worker is taking jobs: worth a warning, not unreadiness.
WERKER_WAARSCHUWING_SECONDEN = 60


@router.get("/readyz")
def readyz(request: Request, storage: StorageDep) -> JSONResponse:
    """Ready when the database answers, its schema is at the newest migration and the file store answers;
    the job queue is reported.

    A queue nobody works on leaves this server able to serve: it stays 200, with a warning.
    """
    engine = request.app.state.engine
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            migrated = at_head(connection)
    except SQLAlchemyError:
        return JSONResponse({"status": "database onbereikbaar", "database": "onbereikbaar"}, status_code=503)
    if not migrated:
        return JSONResponse({"status": "migraties niet bijgewerkt", "database": "ok"}, status_code=503)
    if not opslag_bereikbaar(storage):
        return JSONResponse(
            {"status": "opslag onbereikbaar", "database": "ok", "opslag": "onbereikbaar"}, status_code=503
        )
    try:
        with request.app.state.sessionmaker() as session:
            stand = taken.stand(session)
    except SQLAlchemyError:
        return JSONResponse({"status": "database onbereikbaar", "database": "onbereikbaar"}, status_code=503)
    waarschuwingen = []
    if stand.wachtrij_leeftijd > WERKER_WAARSCHUWING_SECONDEN:
        waarschuwingen.append(
            f"de oudste taak wacht al {stand.wachtrij_leeftijd:.0f} seconden: draait er een werker "
            "(`portfolio worker`)?"
        )
    if stand.per_status["mislukt"]:
        waarschuwingen.append(f"{stand.per_status['mislukt']} mislukte taken (zie /beheer/taken)")
    wachtrij = {**stand.per_status, "leeftijd_seconden": round(stand.wachtrij_leeftijd, 1)}
    return JSONResponse(
        {"status": "ok", "database": "ok", "opslag": "ok", "wachtrij": wachtrij, "waarschuwingen": waarschuwingen}
    )
