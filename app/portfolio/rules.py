"""Pure rules, no database: a leeruitkomst's status and what still stands between a student and a diploma.

The assessment issue extends both: judgements decide niet_aangetoond,
gedeeltelijk_aangetoond and aangetoond, beroepsvereiste results fill in the rest.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.models.portfolio import VersieStatus


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


def leeruitkomst_status(versie_statussen: Iterable[VersieStatus]) -> LeeruitkomstStatus:
    """The status from every visible bewijsstuk version linked to the leeruitkomst.

    A submitted version puts it up for assessment; a concept or a withdrawn
    version means the student is working on it; no evidence means not started.
    """
    statussen = set(versie_statussen)
    if VersieStatus.ingediend in statussen:
        return LeeruitkomstStatus.ter_beoordeling
    if statussen:
        return LeeruitkomstStatus.in_concept
    return LeeruitkomstStatus.niet_gestart


def tellende_versies(statussen: Sequence[VersieStatus]) -> list[int]:
    """Which versions of one bewijsstuk (statuses in version order) count for a leeruitkomst's status.

    The concept being worked on, and the latest version that was offered: a newer submission
    supersedes an older one (only the latest submitted version can be judged), and withdrawing
    that latest one takes the bewijsstuk out of assessment, so an older submission does not
    keep the leeruitkomst "ter beoordeling" behind the student's back.
    """
    aangeboden = [i for i, status in enumerate(statussen) if status != VersieStatus.concept]
    laatste = aangeboden[-1] if aangeboden else None
    return [i for i, status in enumerate(statussen) if status == VersieStatus.concept or i == laatste]


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
