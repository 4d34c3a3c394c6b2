"""API shapes of beoordelingen (API.md)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.models import Beoordeling, Oordeel


class BewijsVerwijzing(BaseModel):
    id: int = Field(ge=1, le=2**31 - 1)
    versie: int = Field(ge=1, le=2**31 - 1)


class BeoordelingIn(BaseModel):
    leeruitkomst: str = Field(max_length=20)
    oordeel: Oordeel
    feedback: str = Field(default="", max_length=20_000)
    bewijsstukken: list[BewijsVerwijzing] = Field(default_factory=list, max_length=50)
    reden: str | None = Field(default=None, max_length=5_000)
    observatiedatum: dt.date | None = None


class ReactieUit(BaseModel):
    id: int
    tekst: str
    tijd: dt.datetime
    auteur: str


class BeoordelingUit(BaseModel):
    id: int
    leeruitkomst: str
    oordeel: Oordeel
    feedback: str
    observatiedatum: dt.date | None
    tijd: dt.datetime
    beoordelaar: dict
    bewijsstukken: list[BewijsVerwijzing]
    vervangt: int | None
    # A correction (the same evidence judged again, with its reden); a re-judgement of newer evidence is not.
    correctie: bool = False
    reden: str | None
    reacties: list[ReactieUit]

    @classmethod
    def van(cls, b: Beoordeling) -> BeoordelingUit:
        return cls(
            id=b.id,
            leeruitkomst=b.leeruitkomst.code,
            oordeel=b.oordeel,
            feedback=b.feedback,
            observatiedatum=b.observatiedatum,
            tijd=b.tijd,
            beoordelaar={"id": b.beoordelaar.id, "naam": b.beoordelaar.naam},
            bewijsstukken=[BewijsVerwijzing(id=x.versie.bewijsstuk_id, versie=x.versie.versie) for x in b.bewijs],
            vervangt=b.vervangt_id,
            correctie=b.correctie,
            reden=b.reden,
            reacties=[ReactieUit(id=r.id, tekst=r.tekst, tijd=r.tijd, auteur=r.auteur.naam) for r in b.reacties],
        )


class InzendingUit(BaseModel):
    """A submission waiting in the assessor's inbox."""

    versie_id: int
    bewijsstuk: int
    versie: int
    titel: str
    student: dict
    ingediend_op: dt.datetime | None
    # Offered within the last 24 hours.
    nieuw: bool
    leeruitkomsten: list[str]


class ReactieIn(BaseModel):
    tekst: str = Field(max_length=5_000)


class BeoordelingsregelIn(BaseModel):
    beoordelaars_vereist: int


class BeoordelingsregelUit(BaseModel):
    code: str
    versie: str
    beoordelaars_vereist: int
