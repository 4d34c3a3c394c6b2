"""The status of a leeruitkomst, its vocabulary and its derivation from plain facts: linked evidence versions
and judgements.

Pure functions, no database and no ORM objects: the facts are first reduced to a Samenvatting
(what is stored per leeruitkomst), and every status — a page, a list of 2,000 students, the
stored progress and a frozen dossier — is derived from that with `status_van`.

The beoordelingsregel (DOMAIN.md): each assessor's latest judgement counts (an
earlier one is superseded, never deleted); `beoordelaars_vereist` different
assessors must hold `aangetoond`. A newer submitted version that nobody has
judged yet shows `ter_beoordeling` without erasing an earlier `aangetoond`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from app.models.beoordeling import Oordeel
from app.models.portfolio import VersieStatus
from app.tijd import lokaal
from app.toegang import policy


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


@dataclass(frozen=True)
class VersieFeit:
    """A bewijsstuk version linked to the leeruitkomst."""

    versie_id: int
    bewijsstuk_id: int
    versie: int
    status: VersieStatus
    ingediend_op: dt.datetime | None = None


@dataclass(frozen=True)
class OordeelFeit:
    """One judgement of the leeruitkomst, with the versions it rests on."""

    id: int
    beoordelaar_id: int
    beoordelaar_naam: str
    tijd: dt.datetime
    oordeel: Oordeel
    versie_ids: frozenset[int]
    vervangt_id: int | None = None
    # The numbers of the versions it rests on that the portfolio still shows, for the sentence
    # ("versie 2"); filled in by `samenvatten`.
    nummers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Samenvatting:
    """Everything a leeruitkomst's status depends on, and nothing that grows with its history.

    Only the latest offered version of a bewijsstuk can wait, and only each assessor's latest
    judgement counts; what an assessor judged matters only for those versions. So a leeruitkomst
    corrected fifty times is summarised as small as one judged once, and this is what is stored
    (app.models.voortgang) and what every status is derived from, live or stored.
    """

    heeft_bewijs: bool = False
    # The latest offered (not concept) version of each bewijsstuk, by bewijsstuk.
    aanbod: tuple[VersieFeit, ...] = ()
    # Each assessor's latest judgement that no correction replaced, oldest first.
    tellend: tuple[OordeelFeit, ...] = ()
    # Per assessor, which versions of `aanbod` and of the counting judgements they ever judged.
    beoordeeld: Mapping[int, frozenset[int]] = field(default_factory=dict)

    def gezien_door_iemand(self) -> frozenset[int]:
        return frozenset().union(*self.beoordeeld.values())


@dataclass(frozen=True)
class StatusUitleg:
    status: LeeruitkomstStatus
    toelichting: str
    # The judgements that count (each assessor's latest), oldest first.
    tellend: tuple[OordeelFeit, ...] = ()
    # Aangetoond under the beoordelingsregel, even while a newer version waits (the status then says so).
    genoeg_aangetoond: bool = False
    # The latest submitted versions nobody has judged yet.
    wachtend: tuple[VersieFeit, ...] = ()


def korte_naam(naam: str) -> str:
    """'Pieter Bakker' → 'P. Bakker', as a status sentence names an assessor."""
    delen = naam.split()
    if len(delen) < 2:
        return naam.strip()
    return f"{delen[0][0]}. {' '.join(delen[1:])}"


def tellende_oordelen(oordelen: Iterable[OordeelFeit]) -> list[OordeelFeit]:
    """Each assessor's latest judgement that no correction replaced, oldest first."""
    oordelen = list(oordelen)
    vervangen = {o.vervangt_id for o in oordelen if o.vervangt_id is not None}
    laatste: dict[int, OordeelFeit] = {}
    for oordeel in sorted((o for o in oordelen if o.id not in vervangen), key=_volgorde):
        laatste[oordeel.beoordelaar_id] = oordeel
    return sorted(laatste.values(), key=_volgorde)


def laatst_aangeboden(versies: Iterable[VersieFeit]) -> list[VersieFeit]:
    """The latest offered version of each bewijsstuk, by bewijsstuk: the only one up for assessment.

    A newer submission supersedes an older one, and withdrawing that latest one takes the bewijsstuk
    out of assessment, so an older submission does not keep the leeruitkomst "ter beoordeling"
    behind the student's back.
    """
    laatste: dict[int, VersieFeit] = {}
    for versie in versies:
        if versie.status == VersieStatus.concept:
            continue
        huidige = laatste.get(versie.bewijsstuk_id)
        if huidige is None or versie.versie > huidige.versie:
            laatste[versie.bewijsstuk_id] = versie
    return [laatste[b] for b in sorted(laatste)]


def samenvatten(
    versies: Iterable[VersieFeit],
    oordelen: Iterable[OordeelFeit],
    beoordeeld: Mapping[int, Collection[int]] | None = None,
) -> Samenvatting:
    """The facts of one leeruitkomst reduced to what its status depends on.

    `versies` are the linked versions the portfolio shows (hidden evidence is out); `oordelen` its
    judgements (replaced ones may be left out); `beoordeeld` per assessor the versions any of their
    judgements rests on, superseded ones included (by default taken from `oordelen`).
    """
    versies, oordelen = list(versies), list(oordelen)
    if beoordeeld is None:
        gezien: dict[int, set[int]] = {}
        for o in oordelen:
            gezien.setdefault(o.beoordelaar_id, set()).update(o.versie_ids)
        beoordeeld = gezien
    nummers = {v.versie_id: v.versie for v in versies}
    aanbod = laatst_aangeboden(versies)
    tellend = [
        replace(o, nummers=tuple(sorted(nummers[i] for i in o.versie_ids if i in nummers)))
        for o in tellende_oordelen(oordelen)
    ]
    telt = {v.versie_id for v in aanbod} | {i for o in tellend for i in o.versie_ids}
    return Samenvatting(
        heeft_bewijs=bool(versies),
        aanbod=tuple(aanbod),
        tellend=tuple(tellend),
        beoordeeld={b: frozenset(set(v) & telt) for b, v in sorted(beoordeeld.items()) if set(v) & telt},
    )


def wachtende_versies(
    versies: Iterable[VersieFeit], oordelen: Iterable[OordeelFeit], beoordeeld: Collection[int] | None = None
) -> list[VersieFeit]:
    """The latest offered version of each bewijsstuk, when it is still submitted and no judgement rests on it yet."""
    if beoordeeld is None:
        beoordeeld = {versie_id for o in oordelen for versie_id in o.versie_ids}
    return [
        v for v in laatst_aangeboden(versies) if v.status == VersieStatus.ingediend and v.versie_id not in beoordeeld
    ]


def leeruitkomst_status(
    versies: Iterable[VersieFeit],
    oordelen: Iterable[OordeelFeit],
    beoordelaars_vereist: int = 1,
    beoordeeld: Mapping[int, Collection[int]] | None = None,
    kijker_id: int | None = None,
) -> StatusUitleg:
    """The status of one leeruitkomst from its facts (see `samenvatten` and `status_van`)."""
    return status_van(samenvatten(versies, oordelen, beoordeeld), beoordelaars_vereist, kijker_id)


def status_van(samenvatting: Samenvatting, beoordelaars_vereist: int = 1, kijker_id: int | None = None) -> StatusUitleg:
    """The status of one leeruitkomst and why, in a Dutch sentence a student understands.

    `kijker_id` names an assessor who judges independently (policy.beoordeelt_onafhankelijk): of the
    counting judgements they see only what policy.oordeel_zichtbaar allows, and a version waits for
    them until they judged it themselves. Without it, as the student, the committee and beheer see it.
    """
    if kijker_id is None:
        tellend = list(samenvatting.tellend)
        gezien = samenvatting.gezien_door_iemand()
    else:
        gezien = samenvatting.beoordeeld.get(kijker_id, frozenset())
        tellend = [
            o
            for o in samenvatting.tellend
            if policy.oordeel_zichtbaar(kijker_id, o.beoordelaar_id, o.versie_ids, gezien)
        ]
    wachtend = [v for v in samenvatting.aanbod if v.status == VersieStatus.ingediend and v.versie_id not in gezien]
    aangetoond = [o for o in tellend if o.oordeel == Oordeel.aangetoond]
    anders = [o for o in tellend if o.oordeel != Oordeel.aangetoond]
    genoeg = len(aangetoond) >= beoordelaars_vereist

    zinnen = [_zin(o) for o in tellend]
    if wachtend:
        zinnen.append(_wacht(wachtend))
    elif not genoeg and aangetoond and not anders:
        zinnen.append(_nog_nodig(beoordelaars_vereist - len(aangetoond)))

    if wachtend:
        status = LeeruitkomstStatus.ter_beoordeling
    elif genoeg:
        status = LeeruitkomstStatus.aangetoond
    elif anders:
        status = max((LeeruitkomstStatus(o.oordeel.value) for o in anders), key=_RANG.index)
        if aangetoond:
            zinnen.append(_nog_nodig(beoordelaars_vereist - len(aangetoond)))
    elif aangetoond:
        # Judged aangetoond, but the rule wants another assessor: it waits for them.
        status = LeeruitkomstStatus.ter_beoordeling
    elif samenvatting.heeft_bewijs:
        status = LeeruitkomstStatus.in_concept
        zinnen.append("Er is bewijs in concept; het is nog niet ter beoordeling aangeboden")
    else:
        status = LeeruitkomstStatus.niet_gestart
        zinnen.append("Nog geen bewijs gekoppeld")
    return StatusUitleg(status, _eerste_hoofdletter("; ".join(zinnen)) + ".", tuple(tellend), genoeg, tuple(wachtend))


_RANG = [LeeruitkomstStatus.niet_aangetoond, LeeruitkomstStatus.gedeeltelijk_aangetoond]


def _volgorde(oordeel: OordeelFeit) -> tuple[dt.datetime, int]:
    return (oordeel.tijd, oordeel.id)


def _datum(tijd: dt.datetime) -> str:
    return lokaal(tijd).strftime("%d-%m-%Y")


def _zin(oordeel: OordeelFeit) -> str:
    versies = ""
    if oordeel.nummers:
        versies = f" (versie {_opsomming([str(n) for n in oordeel.nummers])})"
    return f"{oordeel.oordeel.label} volgens {korte_naam(oordeel.beoordelaar_naam)} op {_datum(oordeel.tijd)}{versies}"


def _wacht(wachtend: list[VersieFeit]) -> str:
    delen = [
        f"versie {v.versie}" + (f" (aangeboden op {_datum(v.ingediend_op)})" if v.ingediend_op else "")
        for v in wachtend
    ]
    werkwoord = "wacht" if len(delen) == 1 else "wachten"
    return f"{_opsomming(delen)} {werkwoord} op beoordeling"


def _nog_nodig(aantal: int) -> str:
    return "nog één tweede beoordelaar nodig" if aantal == 1 else f"nog {aantal} beoordelaars nodig"


def _opsomming(delen: list[str]) -> str:
    return delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]


def _eerste_hoofdletter(tekst: str) -> str:
    return tekst[:1].upper() + tekst[1:]
