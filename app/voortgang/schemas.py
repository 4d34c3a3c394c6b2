"""API shapes of a student's progress (API.md: GET /studenten/{id}/voortgang)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.voortgang.rules import Diplomabaarheid, Voortgang
from app.voortgang.status import LeeruitkomstStatus


class KwalificatieVerwijzing(BaseModel):
    code: str
    versie: str


class LeeruitkomstVoortgang(BaseModel):
    code: str
    status: LeeruitkomstStatus
    toelichting: str = Field(description="Waarom deze status: wie wat beoordeelde en wat nog nodig is.")


class KerntaakVoortgang(BaseModel):
    code: str
    aangetoond: int
    totaal: int


class BeroepsvereisteVoortgang(BaseModel):
    code: str
    voldaan: bool = Field(description="Voldaan en geldig op de datum van de voortgang.")
    geldig_tot: dt.date | None


class RedenUit(BaseModel):
    soort: str = Field(description="`leeruitkomst`, `beroepsvereiste` of `wachtend` (een inzending wacht op oordeel).")
    code: str
    melding: str


class DiplomabaarheidUit(BaseModel):
    diplomabaar: bool
    datum: dt.date
    redenen: list[RedenUit]

    @classmethod
    def van(cls, uitkomst: Diplomabaarheid) -> DiplomabaarheidUit:
        redenen = [RedenUit(soort=r.soort, code=r.code, melding=r.melding) for r in uitkomst.redenen]
        return cls(diplomabaar=uitkomst.diplomabaar, datum=uitkomst.datum, redenen=redenen)


class VoortgangUit(BaseModel):
    kwalificatie: KwalificatieVerwijzing
    leeruitkomsten: list[LeeruitkomstVoortgang]
    kerntaken: list[KerntaakVoortgang]
    aangetoond: int
    totaal: int
    beroepsvereisten: list[BeroepsvereisteVoortgang]
    diplomabaarheid: DiplomabaarheidUit

    @classmethod
    def van(cls, code: str, versie: str, voortgang: Voortgang) -> VoortgangUit:
        return cls(
            kwalificatie=KwalificatieVerwijzing(code=code, versie=versie),
            leeruitkomsten=[
                LeeruitkomstVoortgang(code=lu.code, status=lu.status, toelichting=lu.uitleg.toelichting)
                for lu in voortgang.leeruitkomsten
            ],
            kerntaken=[
                KerntaakVoortgang(code=t.code, aangetoond=t.aangetoond, totaal=t.totaal) for t in voortgang.kerntaken
            ],
            aangetoond=voortgang.aangetoond,
            totaal=voortgang.totaal,
            beroepsvereisten=[
                BeroepsvereisteVoortgang(code=v.code, voldaan=v.stand.voldaan, geldig_tot=v.stand.geldig_tot)
                for v in voortgang.vereisten
            ],
            diplomabaarheid=DiplomabaarheidUit.van(voortgang.diplomabaarheid),
        )
