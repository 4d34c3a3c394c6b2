"""Progress and diplomabaarheid on a given date, from plain facts: no database, no clock, no ORM objects.

DOMAIN.md: diplomabaar on a date means every leeruitkomst aangetoond under the
beoordelingsregel, every beroepsvereiste met and valid on that date, no
submission waiting for judgement, and no revoked diploma whose dossier was not
reopened. Otherwise every reason is listed, each naming the leeruitkomst,
beroepsvereiste or diploma and the dates. The dashboard, the voortgang
API, the cohort overview and the examencommissie's dossier all call `voortgang`,
so they can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.models.beoordeling import Oordeel
from app.voortgang.geldigheid import Stand
from app.voortgang.status import LeeruitkomstStatus, StatusUitleg, korte_naam


@dataclass(frozen=True)
class LeeruitkomstMetStatus:
    """One leeruitkomst of the kwalificatie with where it stands."""

    code: str
    bouwsteen: str
    kerntaak: str
    uitleg: StatusUitleg

    @property
    def status(self) -> LeeruitkomstStatus:
        return self.uitleg.status


@dataclass(frozen=True)
class Teller:
    """x of y leeruitkomsten aangetoond, for a kerntaak or a bouwsteen."""

    code: str
    aangetoond: int
    totaal: int


class RedenSoort:
    leeruitkomst = "leeruitkomst"
    beroepsvereiste = "beroepsvereiste"
    wachtend = "wachtend"  # a submission that still waits for judgement
    intrekking = "intrekking"  # a revoked diploma whose dossier was not reopened


@dataclass(frozen=True)
class Reden:
    """One thing between the student and the diploma, in plain Dutch."""

    soort: str
    code: str
    melding: str


@dataclass(frozen=True)
class IntrekkingFeit:
    """A revoked diploma of the student whose dossier the examencommissie has not reopened."""

    diplomanummer: str
    datum: dt.date  # of the revocation
    reden: str


def reden_voor_intrekking(intrekking: IntrekkingFeit) -> Reden:
    return Reden(
        RedenSoort.intrekking,
        intrekking.diplomanummer,
        f"Diploma {intrekking.diplomanummer} is op {_datum(intrekking.datum)} ingetrokken ({intrekking.reden}). "
        "De examencommissie heropent eerst het dossier, met een reden, voordat een nieuw besluit kan volgen.",
    )


@dataclass(frozen=True)
class Diplomabaarheid:
    diplomabaar: bool
    redenen: tuple[Reden, ...]
    datum: dt.date


@dataclass(frozen=True)
class Vereiste:
    """A beroepsvereiste of the kwalificatie and the student's state of it on the date."""

    code: str
    naam: str
    stand: Stand


@dataclass(frozen=True)
class Voortgang:
    datum: dt.date
    leeruitkomsten: tuple[LeeruitkomstMetStatus, ...]
    kerntaken: tuple[Teller, ...]
    bouwstenen: tuple[Teller, ...]
    vereisten: tuple[Vereiste, ...]
    diplomabaarheid: Diplomabaarheid

    @property
    def aangetoond(self) -> int:
        return sum(1 for lu in self.leeruitkomsten if lu.uitleg.genoeg_aangetoond)

    @property
    def totaal(self) -> int:
        return len(self.leeruitkomsten)

    @property
    def waarschuwingen(self) -> tuple[Vereiste, ...]:
        """Beroepsvereisten met today that end within 30 days: a warning before they become a reason."""
        return tuple(v for v in self.vereisten if v.stand.verloopt_binnenkort)

    @property
    def stappen(self) -> tuple[Stap, ...]:
        """The first concrete step per open leeruitkomst, in the order of the kwalificatie."""
        return tuple(s for lu in self.leeruitkomsten if (s := volgende_stap(lu)) is not None)


class StapSoort:
    koppelen = "koppelen"  # no evidence linked yet
    aanbieden = "aanbieden"  # evidence only in concept (or withdrawn)
    feedback = "feedback"  # judged, not (yet) enough: work on the feedback
    wachten = "wachten"  # a submission waits for an assessor
    tweede_beoordelaar = "tweede_beoordelaar"  # aangetoond by one, the rule wants another


@dataclass(frozen=True)
class Stap:
    """What the student can do next for one leeruitkomst, as a sentence on the dashboard."""

    code: str
    soort: str
    tekst: str


def volgende_stap(stand: LeeruitkomstMetStatus) -> Stap | None:
    """The first concrete step for a leeruitkomst that is still open; None when nothing is left to do.

    A waiting submission comes first (nothing else helps until an assessor has looked),
    then the feedback of the assessors whose verdict is not aangetoond, then the
    evidence itself: offer the concept, or link evidence at all.
    """
    uitleg, code = stand.uitleg, stand.code
    if uitleg.wachtend:
        over = f"de nieuwe versie voor {code}" if uitleg.genoeg_aangetoond else code
        return Stap(code, StapSoort.wachten, f"Wacht op het oordeel van je praktijkbegeleider over {over}")
    if uitleg.genoeg_aangetoond:
        return None
    niet_genoeg = [o for o in uitleg.tellend if o.oordeel != Oordeel.aangetoond]
    if niet_genoeg:
        namen = list(dict.fromkeys(korte_naam(o.beoordelaar_naam) for o in reversed(niet_genoeg)))
        return Stap(code, StapSoort.feedback, f"Verwerk de feedback van {_opsomming(namen)} op {code}")
    if uitleg.tellend:
        return Stap(code, StapSoort.tweede_beoordelaar, f"Wacht op het oordeel van een tweede beoordelaar over {code}")
    if stand.status == LeeruitkomstStatus.in_concept:
        return Stap(code, StapSoort.aanbieden, f"Bied je concept voor {code} ter beoordeling aan")
    return Stap(code, StapSoort.koppelen, f"Koppel bewijs aan {code}")


def _opsomming(delen: list[str]) -> str:
    return delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]


def _datum(datum: dt.date) -> str:
    return datum.strftime("%d-%m-%Y")


def _tellers(standen: Sequence[LeeruitkomstMetStatus], sleutel: str) -> tuple[Teller, ...]:
    volgorde: dict[str, list[LeeruitkomstMetStatus]] = {}
    for stand in standen:
        volgorde.setdefault(getattr(stand, sleutel), []).append(stand)
    return tuple(
        Teller(code, sum(1 for s in groep if s.uitleg.genoeg_aangetoond), len(groep))
        for code, groep in volgorde.items()
    )


def reden_voor_vereiste(vereiste: Vereiste, datum: dt.date) -> Reden | None:
    """Why a beroepsvereiste is not met on `datum`, naming the result and its dates; None when it is met."""
    stand, naam = vereiste.stand, vereiste.naam[:1].upper() + vereiste.naam[1:]
    if stand.voldaan:
        return None
    geldt = stand.geldt
    if geldt is None:
        melding = f"{naam}: er is op {_datum(datum)} geen resultaat vastgelegd."
    elif not geldt.voldaan:
        melding = f"{naam}: het resultaat van {_datum(geldt.datum)} is niet voldaan."
    elif geldt.geldig_tot is None:
        melding = f"{naam}: het resultaat van {_datum(geldt.datum)} heeft geen geldigheidsdatum."
    else:
        melding = (
            f"{naam}: het resultaat van {_datum(geldt.datum)} was geldig tot {_datum(geldt.geldig_tot)}; "
            f"op {_datum(datum)} is er geen geldig resultaat."
        )
    return Reden(RedenSoort.beroepsvereiste, vereiste.code, melding)


def redenen_voor_leeruitkomst(stand: LeeruitkomstMetStatus) -> list[Reden]:
    redenen = []
    if not stand.uitleg.genoeg_aangetoond:
        redenen.append(
            Reden(
                RedenSoort.leeruitkomst,
                stand.code,
                f"{stand.code} is nog niet aangetoond ({stand.status.label.lower()}): {stand.uitleg.toelichting}",
            )
        )
    for versie in stand.uitleg.wachtend:
        sinds = f" sinds {_datum(versie.ingediend_op.date())}" if versie.ingediend_op else ""
        redenen.append(
            Reden(
                RedenSoort.wachtend,
                stand.code,
                f"{stand.code}: versie {versie.versie} van een bewijsstuk wacht{sinds} op beoordeling.",
            )
        )
    return redenen


def voortgang(
    leeruitkomsten: Sequence[LeeruitkomstMetStatus],
    vereisten: Sequence[tuple[str, str]],
    standen: Mapping[str, Stand],
    datum: dt.date,
    ingetrokken: Sequence[IntrekkingFeit] = (),
) -> Voortgang:
    """Progress per kerntaak and bouwsteen, the beroepsvereisten and diplomabaarheid on `datum`.

    `vereisten` are the kwalificatie's (code, naam) pairs in order; `standen` the
    student's state of each on `datum` (app.voortgang.geldigheid.stand_op); `ingetrokken`
    the revoked diplomas not reopened, each a reason whatever the evidence says (DOMAIN.md).
    """
    vereist = tuple(Vereiste(code, naam, standen[code]) for code, naam in vereisten)
    redenen = [reden_voor_intrekking(i) for i in ingetrokken]
    redenen += [r for lu in leeruitkomsten for r in redenen_voor_leeruitkomst(lu)]
    redenen += [r for v in vereist if (r := reden_voor_vereiste(v, datum)) is not None]
    return Voortgang(
        datum=datum,
        leeruitkomsten=tuple(leeruitkomsten),
        kerntaken=_tellers(leeruitkomsten, "kerntaak"),
        bouwstenen=_tellers(leeruitkomsten, "bouwsteen"),
        vereisten=vereist,
        diplomabaarheid=Diplomabaarheid(not redenen, tuple(redenen), datum),
    )
