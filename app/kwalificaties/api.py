"""JSON API for kwalificaties under /api/v1 (API.md)."""

from __future__ import annotations

from fastapi import APIRouter

from app.db import SessionDep
from app.kwalificaties import service
from app.kwalificaties.schemas import KwalificatieSamenvatting, KwalificatieUit
from app.toegang.aanvrager import CurrentUser

router = APIRouter(prefix="/api/v1/kwalificaties", tags=["kwalificaties"])


@router.get("", response_model=list[KwalificatieSamenvatting])
def lijst(session: SessionDep, _gebruiker: CurrentUser) -> list[KwalificatieSamenvatting]:
    kwalificaties = service.alle_kwalificaties(session)
    return [KwalificatieSamenvatting.model_validate(k, from_attributes=True) for k in kwalificaties]


@router.get("/{code}/versies/{versie}", response_model=KwalificatieUit)
def versie(code: str, versie: str, session: SessionDep, _gebruiker: CurrentUser) -> KwalificatieUit:
    return KwalificatieUit.van(service.kwalificatie_boom(session, code, versie))
