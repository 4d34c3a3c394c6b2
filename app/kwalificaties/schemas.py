"""API shapes for kwalificaties, exactly as API.md describes them."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from app.models import Kwalificatie
from app.models.kwalificatie import Aanvulling


class KwalificatieSamenvatting(BaseModel):
    code: str
    versie: str
    titel: str
    niveau: int
    versiedatum: dt.date


class OnderdeelUit(BaseModel):
    """A named part or an addendum; `kop` is the published heading, verbatim."""

    kop: str | None
    aanvulling: Aanvulling | None
    tekst: str


class LeeruitkomstUit(BaseModel):
    code: str
    tekst: str
    onderdelen: list[OnderdeelUit]


class KernthemaUit(BaseModel):
    naam: str
    profielspecifiek: bool


class BouwsteenUit(BaseModel):
    code: str
    titel: str
    omschrijving: str
    leeruitkomsten: list[LeeruitkomstUit]
    kernthemas: list[KernthemaUit]


class KerntaakUit(BaseModel):
    code: str
    titel: str
    omschrijving: str
    context: str
    complexiteit: str
    zelfstandigheid_en_verantwoordelijkheid: str
    bouwstenen: list[BouwsteenUit]


class BeroepsvereisteUit(BaseModel):
    code: str
    naam: str
    omschrijving: str
    leeruitkomsten: list[str]


class KwalificatieUit(BaseModel):
    code: str
    versie: str
    titel: str
    niveau: int
    versiedatum: dt.date
    kerntaken: list[KerntaakUit]
    beroepsvereisten: list[BeroepsvereisteUit]
    beoordelaars_vereist: int

    @classmethod
    def van(cls, k: Kwalificatie) -> KwalificatieUit:
        return cls(
            code=k.code,
            versie=k.versie,
            beoordelaars_vereist=k.beoordelaars_vereist,
            titel=k.titel,
            niveau=k.niveau,
            versiedatum=k.versiedatum,
            kerntaken=[
                KerntaakUit(
                    code=kt.code,
                    titel=kt.titel,
                    omschrijving=kt.omschrijving,
                    context=kt.context,
                    complexiteit=kt.complexiteit,
                    zelfstandigheid_en_verantwoordelijkheid=kt.zelfstandigheid_en_verantwoordelijkheid,
                    bouwstenen=[
                        BouwsteenUit(
                            code=bs.code,
                            titel=bs.titel,
                            omschrijving=bs.omschrijving,
                            leeruitkomsten=[
                                LeeruitkomstUit(
                                    code=lu.code,
                                    tekst=lu.tekst,
                                    onderdelen=[
                                        OnderdeelUit(kop=o.kop, aanvulling=o.aanvulling, tekst=o.tekst)
                                        for o in lu.onderdelen
                                    ],
                                )
                                for lu in bs.leeruitkomsten
                            ],
                            kernthemas=[
                                KernthemaUit(naam=k.kernthema.naam, profielspecifiek=k.profielspecifiek)
                                for k in bs.kernthema_koppelingen
                            ],
                        )
                        for bs in kt.bouwstenen
                    ],
                )
                for kt in k.kerntaken
            ],
            beroepsvereisten=[
                BeroepsvereisteUit(
                    code=b.code,
                    naam=b.naam,
                    omschrijving=b.omschrijving,
                    leeruitkomsten=[lu.code for lu in b.leeruitkomsten],
                )
                for b in k.beroepsvereisten
            ],
        )
