"""The leeruitkomst status vocabulary.

A leeruitkomst's status itself is derived by app.beoordeling.rules from its
evidence versions and judgements; progress and diplomabaarheid by app.voortgang.rules.
"""

from __future__ import annotations

from collections.abc import Iterable
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

    @property
    def symbool(self) -> str:
        """Shown beside the label, so that no page says a status by colour alone."""
        return STATUS_SYMBOLEN[self]

    @property
    def afkorting(self) -> str:
        """For a matrix cell, beside the symbol (the full label is its title)."""
        return STATUS_AFKORTINGEN[self]


STATUS_LABELS = {
    LeeruitkomstStatus.niet_gestart: "Niet gestart",
    LeeruitkomstStatus.in_concept: "In concept",
    LeeruitkomstStatus.ter_beoordeling: "Ter beoordeling",
    LeeruitkomstStatus.niet_aangetoond: "Niet aangetoond",
    LeeruitkomstStatus.gedeeltelijk_aangetoond: "Gedeeltelijk aangetoond",
    LeeruitkomstStatus.aangetoond: "Aangetoond",
}


# Characters the fonts of Debian's Chromium have (U+29D7 "⧗" shows as an empty box there).
STATUS_SYMBOLEN = {
    LeeruitkomstStatus.niet_gestart: "○",
    LeeruitkomstStatus.in_concept: "✎",
    LeeruitkomstStatus.ter_beoordeling: "◷",
    LeeruitkomstStatus.niet_aangetoond: "✗",
    LeeruitkomstStatus.gedeeltelijk_aangetoond: "◐",
    LeeruitkomstStatus.aangetoond: "✓",
}

STATUS_AFKORTINGEN = {
    LeeruitkomstStatus.niet_gestart: "NG",
    LeeruitkomstStatus.in_concept: "IC",
    LeeruitkomstStatus.ter_beoordeling: "TB",
    LeeruitkomstStatus.niet_aangetoond: "NA",
    LeeruitkomstStatus.gedeeltelijk_aangetoond: "GA",
    LeeruitkomstStatus.aangetoond: "A",
}


def aantal_aangetoond(statussen: Iterable[LeeruitkomstStatus]) -> int:
    return sum(1 for status in statussen if status == LeeruitkomstStatus.aangetoond)
