"""JSON API of the dossier export under /api/v1 (API.md)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.db import SessionDep
from app.dossier import service, stroom
from app.opslag import StorageDep
from app.toegang.aanvrager import CurrentUser

router = APIRouter(prefix="/api/v1", tags=["dossier"])


@router.get(
    "/studenten/{student_id}/dossier",
    response_class=Response,
    responses={
        200: {"content": {"application/zip": {}}, "description": "manifest.json, samenvatting.pdf en de bestanden"}
    },
)
def dossier(
    request: Request, student_id: int, session: SessionDep, gebruiker: CurrentUser, storage: StorageDep
) -> Response:
    """Het hele dossier als ZIP: manifest.json, samenvatting.pdf en de bestanden van elke versie van elk bewijsstuk."""
    export = service.dossier_exporteren(session, storage, gebruiker, student_id, request.app.state.sessionmaker)
    return stroom.zip_response(export, storage)
