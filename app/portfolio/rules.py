"""Pure rules, no database: the status vocabulary and what still stands between a student and a diploma.

A leeruitkomst's status itself is derived by app.beoordeling.rules from its
evidence versions and judgements.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class LeeruitkomstStatus(StrEnum):
    niet_gestart = "niet_gestart"
    in_concept = "in_concept"
    ter_beoordeling = "ter_beoordeling"
    niet_aangetoond = "niet_aangetoond"
    gedeeltelijk_aangetoond = "gedeeltelijk_aangetoond"
    aangetoond = "aangetoond"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    LeeruitkomstStatus.niet_gestart: "Niet gestart",
    LeeruitkomstStatus.in_concept: "In concept",
    LeeruitkomstStatus.ter_beoordeling: "Ter beoordeling",
    LeeruitkomstStatus.niet_aangetoond: "Niet aangetoond",
    LeeruitkomstStatus.gedeeltelijk_aangetoond: "Gedeeltelijk aangetoond",
    LeeruitkomstStatus.aangetoond: "Aangetoond",
}


@dataclass(frozen=True)
class Reden:
    """One thing that is missing for the diploma: a leeruitkomst or a beroepsvereiste, in plain Dutch."""

    soort: str  # "leeruitkomst" or "beroepsvereiste"
    code: str
    melding: str


@dataclass(frozen=True)
class Diplomabaarheid:
    diplomabaar: bool
    redenen: list[Reden]


def diplomabaarheid(
    leeruitkomsten: Sequence[tuple[str, LeeruitkomstStatus]],
    beroepsvereisten: Sequence[tuple[str, str]],
    voldane_beroepsvereisten: Collection[str] = (),
) -> Diplomabaarheid:
    """Diplomabaar only when every leeruitkomst is aangetoond and every beroepsvereiste is met.

    `beroepsvereisten` are (code, naam) pairs; until results are recorded
    (assessment issue) none is met, and the reasons say so honestly.
    """
    redenen = [
        Reden("leeruitkomst", code, f"Leeruitkomst {code} is nog niet aangetoond (status: {status.label.lower()}).")
        for code, status in leeruitkomsten
        if status != LeeruitkomstStatus.aangetoond
    ]
    redenen += [
        Reden("beroepsvereiste", code, f"Beroepsvereiste {naam}: er is nog geen geldig resultaat.")
        for code, naam in beroepsvereisten
        if code not in voldane_beroepsvereisten
    ]
    return Diplomabaarheid(diplomabaar=not redenen, redenen=redenen)


def aantal_aangetoond(statussen: Iterable[LeeruitkomstStatus]) -> int:
    return sum(1 for status in statussen if status == LeeruitkomstStatus.aangetoond)
