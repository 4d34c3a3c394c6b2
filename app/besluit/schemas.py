"""API shapes of the decision, the revocation and the verification (API.md)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.models import Diplomabesluit


class BesluitIn(BaseModel):
    besluit: str = Field(max_length=40, description="`vastgesteld` of `afgewezen`")
    motivering: str = Field(max_length=20_000)


class IntrekkingIn(BaseModel):
    reden: str = Field(max_length=20_000)


class IntrekkingUit(BaseModel):
    datum: dt.date
    reden: str


class BesluitUit(BaseModel):
    id: int
    besluit: str
    motivering: str
    datum: dt.date
    diplomanummer: str | None
    snapshot_sha256: str
    intrekking: IntrekkingUit | None

    @classmethod
    def van(cls, besluit: Diplomabesluit) -> BesluitUit:
        from app.tijd import lokaal

        intrekking = besluit.intrekking
        return cls(
            id=besluit.id,
            besluit=besluit.besluit.value,
            motivering=besluit.motivering,
            datum=besluit.datum,
            diplomanummer=besluit.diplomanummer,
            snapshot_sha256=besluit.snapshot_sha256,
            intrekking=IntrekkingUit(datum=lokaal(intrekking.tijd).date(), reden=intrekking.reden)
            if intrekking
            else None,
        )


class IntrekkingAntwoord(BaseModel):
    diplomanummer: str
    datum: dt.date
    reden: str


class Geldig(BaseModel):
    diplomanummer: str
    geldig: bool
    kwalificatie: str
    naam: str
    datum: dt.date


class Ingetrokken(BaseModel):
    diplomanummer: str
    geldig: bool
    reden: str
