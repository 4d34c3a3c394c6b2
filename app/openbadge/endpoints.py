"""The public Open Badges URLs a verifier fetches: the issuer Profile, each public key, the revocation lists."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from app.db import SessionDep
from app.errors import NietGevonden
from app.openbadge import credential, service, sleutels

# Outside /api/v1 and its OpenAPI document: URLs a credential names, fetched by any verifier.
router = APIRouter(prefix="/ob", include_in_schema=False)

# A revocation shows within this many seconds, whatever a cache in between keeps.
STATUS_MAX_AGE = 60


@router.get("/uitgever", response_class=JSONResponse)
def uitgever() -> JSONResponse:
    """De uitgever van de diploma's als Open Badges-`Profile` (openbaar)."""
    return JSONResponse(credential.profiel(), headers={"Cache-Control": "max-age=3600"})


@router.get("/sleutels/{kid}", response_class=JSONResponse)
def sleutel(kid: str) -> JSONResponse:
    """Het publieke deel van één ondertekeningssleutel, als één JWK (openbaar); ook oude sleutels blijven hier."""
    gevonden = sleutels.zoek(kid)
    if gevonden is None:
        raise NietGevonden("Deze sleutel bestaat niet.")
    return JSONResponse(gevonden.publiek(), headers={"Cache-Control": "max-age=3600"})


@router.get(
    "/statuslijst/{lijst}",
    response_class=Response,
    responses={200: {"content": {"application/vc+jwt": {}}, "description": "De ondertekende statuslijst."}},
)
def statuslijst(lijst: int, session: SessionDep) -> Response:
    """De intrekkingslijst (BitstringStatusListCredential, VC-JWT) zoals die nu is (openbaar)."""
    return Response(
        service.statuslijst(session, lijst),
        media_type="application/vc+jwt",
        headers={"Cache-Control": f"max-age={STATUS_MAX_AGE}"},
    )
