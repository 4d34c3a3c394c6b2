"""API shapes for accounts (API.md), and the checks every entry point (form, API, command line) shares."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel, Field

from app.accounts import wachtwoorden
from app.errors import OngeldigeInvoer, te_lang, veldfout
from app.models import Gebruiker, Rol

ROL_LABELS: dict[Rol, str] = {
    Rol.student: "Student",
    Rol.praktijkbegeleider: "Praktijkbegeleider",
    Rol.examencommissie: "Examencommissie",
    Rol.beheerder: "Functioneel beheerder",
}
# Deliberately simple: one @, no spaces, a dot in the domain. The activation mail is the real check.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def rollen_lijst(gebruiker: Gebruiker) -> list[Rol]:
    """Roles in their fixed order (student … beheerder), for stable output and audit records."""
    return [r for r in Rol if r in gebruiker.rollen]


# API shapes.


class IkUit(BaseModel):
    id: int
    email: str
    naam: str
    rollen: list[Rol]

    @classmethod
    def van(cls, g: Gebruiker) -> IkUit:
        return cls(id=g.id, email=g.email, naam=g.naam, rollen=rollen_lijst(g))


class GebruikerUit(IkUit):
    actief: bool

    @classmethod
    def van(cls, g: Gebruiker) -> GebruikerUit:
        return cls(id=g.id, email=g.email, naam=g.naam, rollen=rollen_lijst(g), actief=g.actief)


class GebruikerAangemaakt(GebruikerUit):
    studentnummer: str | None
    activatielink: str = Field(description="Eenmalige link waarmee de persoon een wachtwoord instelt.")


class GebruikerNieuw(BaseModel):
    email: str = Field(max_length=320, examples=["s.devries@politieacademie.nl"])
    naam: str = Field(max_length=200, examples=["Sanne de Vries"])
    # Plain strings, so an unknown role gets the same Dutch message as in the form.
    rollen: list[str] = Field(
        default_factory=list, json_schema_extra={"items": {"type": "string", "enum": [r.value for r in Rol]}}
    )
    studentnummer: str | None = Field(default=None, max_length=40)


# Checks with Dutch messages; errors use the same {veld, melding} shape as the validation handler.


fout = veldfout  # the one field-error shape (app.errors)


def weiger(fouten: list[dict[str, str]]) -> OngeldigeInvoer:
    return OngeldigeInvoer(" ".join(f["melding"] for f in fouten), errors=fouten)


MAX_EMAIL, MAX_NAAM, MAX_STUDENTNUMMER, MAX_TOKENNAAM = 320, 200, 40, 100


def email_fouten(email: str) -> list[dict[str, str]]:
    if not email:
        return [fout("email", "Vul een e-mailadres in.")]
    if len(email) > MAX_EMAIL:
        return [fout("email", te_lang(MAX_EMAIL, len(email), "Het e-mailadres"))]
    if not _EMAIL.match(email):
        return [fout("email", f"“{email}” is geen geldig e-mailadres, bijvoorbeeld naam@politieacademie.nl.")]
    return []


def naam_fouten(naam: str) -> list[dict[str, str]]:
    if not naam:
        return [fout("naam", "Vul een naam in.")]
    if len(naam) > MAX_NAAM:
        return [fout("naam", te_lang(MAX_NAAM, len(naam), "De naam"))]
    return []


def lees_rollen(waarden: Iterable[str]) -> tuple[set[Rol], list[dict[str, str]]]:
    rollen, fouten = set(), []
    for waarde in waarden:
        try:
            rollen.add(Rol(waarde.strip().lower()))
        except ValueError:
            keuzes = ", ".join(r.value for r in Rol)
            kort = waarde if len(waarde) <= 40 else waarde[:40] + "…"  # never echo a whole page of text
            fouten.append(fout("rollen", f"Onbekende rol “{kort}”. Kies uit: {keuzes}."))
    if not rollen and not fouten:
        fouten.append(fout("rollen", "Kies minstens één rol."))
    return rollen, fouten


def wachtwoord_fouten(
    wachtwoord: str, herhaling: str, *, email: str = "", naam: str = "", veld: str = "wachtwoord"
) -> list[dict[str, str]]:
    fouten = [fout(veld, reden) for reden in wachtwoorden.zwakheden(wachtwoord, email=email, naam=naam)]
    if wachtwoord != herhaling:
        fouten.append(fout("herhaling", "De twee wachtwoorden zijn niet gelijk."))
    return fouten


@dataclass(frozen=True)
class NieuweGebruikerInvoer:
    email: str
    naam: str
    rollen: frozenset[Rol]
    studentnummer: str | None


def lees_nieuwe_gebruiker(
    email: str, naam: str, rollen: Iterable[str], studentnummer: str | None
) -> NieuweGebruikerInvoer:
    """Normalised input (e-mail lower-cased), or OngeldigeInvoer listing every problem at once."""
    email = (email or "").strip().lower()
    naam = " ".join((naam or "").split())
    studentnummer = (studentnummer or "").strip() or None
    gelezen_rollen, rol_fouten = lees_rollen(rollen)
    fouten = [*email_fouten(email), *naam_fouten(naam), *rol_fouten]
    if studentnummer and len(studentnummer) > MAX_STUDENTNUMMER:
        melding = te_lang(MAX_STUDENTNUMMER, len(studentnummer), "Het studentnummer")
        fouten.append(fout("studentnummer", melding))
    if fouten:
        raise weiger(fouten)
    return NieuweGebruikerInvoer(email, naam, frozenset(gelezen_rollen), studentnummer)
