"""The kwalificatie data file format: a human-readable YAML file, validated here.

One file holds one version of one kwalificatie. The models below are the
contract for every file under app/kwalificaties/data/ and for any other
kwalificatie (Politieagent, Rechercheur, ...) loaded with `portfolio
kwalificatie load FILE`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.models.kwalificatie import Aanvulling, RelatieSoort


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OnderdeelBestand(Strict):
    """One paragraph group of a leeruitkomst: optionally a named part, optionally an addendum.

    `kop` is the heading as published, verbatim: the name of a part, or for an
    addendum its own sentence ("Specifiek voor de wijkagent op niveau 6 geldt aanvullend:").
    """

    kop: str | None = None
    aanvulling: Aanvulling | None = None
    tekst: str = Field(min_length=1)


class LeeruitkomstBestand(Strict):
    code: str = Field(min_length=1)
    onderdelen: list[OnderdeelBestand] = Field(min_length=1)


class KernthemaBestand(Strict):
    naam: str = Field(min_length=1)
    profielspecifiek: bool = False


class BouwsteenBestand(Strict):
    code: str = Field(min_length=1)
    titel: str = Field(min_length=1)
    omschrijving: str = Field(min_length=1)
    leeruitkomsten: list[LeeruitkomstBestand] = Field(min_length=1)
    kernthemas: list[KernthemaBestand] = Field(default_factory=list)


class KerntaakBestand(Strict):
    code: str = Field(min_length=1)
    titel: str = Field(min_length=1)
    omschrijving: str = Field(min_length=1)
    context: str = Field(min_length=1)
    complexiteit: str = Field(min_length=1)
    zelfstandigheid_en_verantwoordelijkheid: str = Field(min_length=1)
    bouwstenen: list[BouwsteenBestand] = Field(min_length=1)


class BeroepsvereisteBestand(Strict):
    code: str = Field(min_length=1)
    naam: str = Field(min_length=1)
    omschrijving: str = ""
    leeruitkomsten: list[str] = Field(min_length=1, description="codes of the leeruitkomsten that name it")


class RelatieBestand(Strict):
    """A leeruitkomst of this version and the one of the older version it follows."""

    leeruitkomst: str = Field(min_length=1, description="code in this version")
    soort: RelatieSoort
    vorige: str = Field(min_length=1, description="code in the older version")


class OpvolgingBestand(Strict):
    """This version follows an older one: per leeruitkomst `exactMatchOf` (the same) or `replacedBy` (reworded).

    A leeruitkomst with no relation is new: nothing shown for the old version counts for it.
    """

    code: str | None = Field(default=None, description="the older version's kwalificatie code; default this one's")
    versie: str = Field(min_length=1)
    relaties: list[RelatieBestand] = Field(min_length=1)

    @field_validator("versie", mode="before")
    @classmethod
    def versie_als_tekst(cls, value: object) -> object:
        return str(value) if isinstance(value, (int, float)) else value


class KwalificatieBestand(Strict):
    code: str = Field(min_length=1)
    versie: str = Field(min_length=1)
    versiedatum: dt.date
    titel: str = Field(min_length=1)
    niveau: int = Field(ge=1, le=8)
    status: str = Field(default="gepubliceerd", pattern="^(concept|gepubliceerd)$")
    bron: str = ""
    kerntaken: list[KerntaakBestand] = Field(min_length=1)
    beroepsvereisten: list[BeroepsvereisteBestand] = Field(default_factory=list)
    opvolging: OpvolgingBestand | None = None

    @field_validator("versie", mode="before")
    @classmethod
    def versie_als_tekst(cls, value: object) -> object:
        # YAML reads 2.1 as a float; a version is a label, not a number.
        return str(value) if isinstance(value, (int, float)) else value


def verwijzingsfouten(bestand: KwalificatieBestand) -> list[str]:
    """Codes are unique within the file and every reference points at something in it."""
    fouten: list[str] = []
    gezien: dict[str, str] = {}

    def registreer(code: str, plaats: str) -> None:
        if code in gezien:
            fouten.append(f"{plaats}: code {code!r} komt al voor bij {gezien[code]}")
        else:
            gezien[code] = plaats

    leeruitkomsten: set[str] = set()
    for i, kt in enumerate(bestand.kerntaken):
        registreer(kt.code, f"kerntaken.{i}")
        for j, bs in enumerate(kt.bouwstenen):
            registreer(bs.code, f"kerntaken.{i}.bouwstenen.{j}")
            namen = [t.naam.casefold() for t in bs.kernthemas]
            for k, naam in enumerate(namen):
                if naam in namen[:k]:
                    fouten.append(
                        f"kerntaken.{i}.bouwstenen.{j}.kernthemas.{k}: kernthema {bs.kernthemas[k].naam!r} staat dubbel"
                    )
            for k, lu in enumerate(bs.leeruitkomsten):
                registreer(lu.code, f"kerntaken.{i}.bouwstenen.{j}.leeruitkomsten.{k}")
                leeruitkomsten.add(lu.code)
    for i, bv in enumerate(bestand.beroepsvereisten):
        registreer(bv.code, f"beroepsvereisten.{i}")
        for j, code in enumerate(bv.leeruitkomsten):
            if code not in leeruitkomsten:
                fouten.append(f"beroepsvereisten.{i}.leeruitkomsten.{j}: onbekende leeruitkomst {code!r}")
            elif code in bv.leeruitkomsten[:j]:
                fouten.append(f"beroepsvereisten.{i}.leeruitkomsten.{j}: leeruitkomst {code!r} staat dubbel")
    if bestand.opvolging is not None:
        eigen: set[str] = set()
        for i, relatie in enumerate(bestand.opvolging.relaties):
            plaats = f"opvolging.relaties.{i}"
            if relatie.leeruitkomst not in leeruitkomsten:
                fouten.append(f"{plaats}.leeruitkomst: onbekende leeruitkomst {relatie.leeruitkomst!r}")
            elif relatie.leeruitkomst in eigen:
                fouten.append(f"{plaats}.leeruitkomst: leeruitkomst {relatie.leeruitkomst!r} staat dubbel")
            eigen.add(relatie.leeruitkomst)
    return fouten


class OngeldigBestand(Exception):
    """The data file cannot be loaded; the message names each place in the file."""

    def __init__(self, pad: Path | str, fouten: list[str]):
        self.pad = str(pad)
        self.fouten = fouten
        super().__init__(f"{pad}: " + "; ".join(fouten))


def lees_bestand(pad: Path) -> KwalificatieBestand:
    """Parse and validate a kwalificatie file, or raise OngeldigBestand naming the places."""
    try:
        ruw = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise OngeldigBestand(pad, [f"kan niet gelezen worden: {exc}"]) from exc
    try:
        bestand = KwalificatieBestand.model_validate(ruw)
    except ValidationError as exc:
        raise OngeldigBestand(pad, [_plaats_en_melding(e) for e in exc.errors()]) from exc
    if fouten := verwijzingsfouten(bestand):
        raise OngeldigBestand(pad, fouten)
    return bestand


def _plaats_en_melding(fout: dict) -> str:
    plaats = ".".join(str(deel) for deel in fout["loc"]) or "(bestand)"
    melding = fout["msg"].removeprefix("Value error, ")
    return f"{plaats}: {melding}"
