"""API shapes of the decision, the revocation and the verification (API.md)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.models import Diplomabesluit, Heropening

# A motivering or a reason: the one limit of the form, the API and the service.
MAX_TEKST = 10_000


class BesluitIn(BaseModel):
    besluit: str = Field(max_length=40, description="`vastgesteld` of `afgewezen`")
    motivering: str = Field(max_length=MAX_TEKST)


class IntrekkingIn(BaseModel):
    reden: str = Field(max_length=MAX_TEKST)


class HeropeningUit(BaseModel):
    datum: dt.date
    reden: str

    @classmethod
    def van(cls, heropening: Heropening) -> HeropeningUit:
        from app.tijd import lokaal

        return cls(datum=lokaal(heropening.tijd).date(), reden=heropening.reden)


class IntrekkingUit(BaseModel):
    datum: dt.date
    reden: str
    # The examencommissie reopened the dossier: the revocation no longer stands in the way by itself.
    heropening: HeropeningUit | None = None


class BesluitUit(BaseModel):
    id: int
    besluit: str
    motivering: str
    datum: dt.date
    diplomanummer: str | None
    snapshot_sha256: str
    # Printed on the diploma; with the number it shows name, kwalificatie and date to a verifier.
    verificatiecode: str | None = None
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
            verificatiecode=besluit.verificatiecode,
            intrekking=IntrekkingUit(
                datum=lokaal(intrekking.tijd).date(),
                reden=intrekking.reden,
                heropening=HeropeningUit(
                    datum=lokaal(intrekking.heropening.tijd).date(), reden=intrekking.heropening.reden
                )
                if intrekking.heropening
                else None,
            )
            if intrekking
            else None,
        )


class HeropeningIn(BaseModel):
    reden: str = Field(max_length=MAX_TEKST)


class HeropeningAntwoord(BaseModel):
    diplomanummer: str
    datum: dt.date
    reden: str


class IntrekkingAntwoord(BaseModel):
    diplomanummer: str
    datum: dt.date
    reden: str


class Kaal(BaseModel):
    """What the number alone says: whether the diploma is valid, nothing about its holder."""

    diplomanummer: str
    geldig: bool


class Geldig(BaseModel):
    diplomanummer: str
    geldig: bool
    kwalificatie: str
    naam: str
    datum: dt.date


class Ingetrokken(BaseModel):
    diplomanummer: str
    geldig: bool
    kwalificatie: str
    naam: str
    datum: dt.date
    reden: str


class OpenBadgeIn(BaseModel):
    # A diploma's VC-JWT is a few kilobytes; the body as a whole is limited to 64 KB.
    credential: str = Field(max_length=60_000, description="Het credential als compacte JWS (VC-JWT).")


class OpenBadgeUitslag(BaseModel):
    geldig: bool
    uitgever: str | None = None
    naam: str | None = Field(default=None, description="Uit onze administratie; alleen voor een credential van ons.")
    kwalificatie: str | None = None
    datum: dt.date | None = None
    redenen: list[str] = Field(default_factory=list, description="Wat er mis is, in het Nederlands; leeg als geldig.")
