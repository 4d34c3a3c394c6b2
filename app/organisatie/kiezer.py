"""Choosing a person in a form by typing: a few matches instead of a select with every student in it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Row
from sqlalchemy.orm import Session

from app.models import Gebruiker, Rol
from app.organisatie import repository
from app.paginering import zoekterm as zoekterm_van
from app.toegang import policy

MAX_KEUZES = 20


@dataclass
class Keuzes:
    """What a search-as-you-type field shows: the matches, and the person already chosen (kept on top)."""

    veld: str
    rol: Rol
    zoekterm: str
    personen: list[Row] = field(default_factory=list)
    meer: bool = False  # more people match than MAX_KEUZES
    gekozen_id: int | None = None

    @property
    def gezocht(self) -> bool:
        return bool(self.zoekterm) or bool(self.personen)


def keuzes(session: Session, actor: Gebruiker, rol: Rol, zoekterm: str = "", gekozen: str = "") -> Keuzes:
    """Up to MAX_KEUZES people with this role matching the term; a deactivated praktijkbegeleider is not offered.
    Without a term only the (few) praktijkbegeleiders are listed, never the whole school."""
    policy.vereis_een_rol(actor, Rol.beheerder)
    alleen_actief = rol == Rol.praktijkbegeleider
    resultaat = Keuzes(veld=rol.value, rol=rol, zoekterm=zoekterm_van(zoekterm))
    gekozen = (gekozen or "").strip()
    if gekozen.isascii() and gekozen.isdigit() and len(gekozen) < 10:
        rij = repository.persoon_met_rol(session, rol, int(gekozen), alleen_actief=alleen_actief)
        if rij is not None:
            resultaat.gekozen_id = rij.id
            resultaat.personen.append(rij)
    if resultaat.zoekterm or rol == Rol.praktijkbegeleider:
        rijen = repository.personen(
            session, rol, resultaat.zoekterm, alleen_actief=alleen_actief, limiet=MAX_KEUZES + 1
        )
        gevonden = [r for r in rijen if r.id != resultaat.gekozen_id]
        resultaat.meer = len(gevonden) > MAX_KEUZES
        resultaat.personen.extend(gevonden[:MAX_KEUZES])
    return resultaat
