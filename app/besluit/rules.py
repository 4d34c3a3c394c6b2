"""The dossier a decision rests on, its checks, and the diplomanummer: pure, over plain facts.

The dossier page and the frozen snapshot of a decision are the same dictionary,
built here from what the repository loaded; nothing here reads the database or
the clock. The snapshot is canonical JSON (sorted keys, no spaces, UTF-8), so
its sha256 is a fingerprint anyone can recompute from the stored text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.voortgang.rules import Voortgang

# The version of the snapshot's layout, so a reader years later knows which keys to expect.
SNAPSHOT_VERSIE = 1

_NUMMER = re.compile(r"^[A-Z0-9]{1,20}-\d{4}-\d{6,}$")


def prefix_van(kwalificatie_code: str, niveau: int) -> str:
    """'WA-N6' at niveau 6 → 'WA6': the letters of the code's first part and the niveau."""
    eerste = re.split(r"[^A-Za-z0-9]", kwalificatie_code.strip(), maxsplit=1)[0].upper()
    letters = "".join(t for t in eerste if t.isalpha()) or "DIP"
    return f"{letters}{niveau}"


def diplomanummer(prefix: str, jaar: int, volgnummer: int) -> str:
    """'WA6-2026-000123'."""
    return f"{prefix}-{jaar}-{volgnummer:06d}"


def lijkt_diplomanummer(tekst: str) -> bool:
    """Whether a text can be a diplomanummer at all (anything else is unknown without asking the database)."""
    return bool(_NUMMER.match(tekst))


def canoniek(snapshot: Mapping) -> str:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(tekst: str) -> str:
    return hashlib.sha256(tekst.encode()).hexdigest()


# --- Facts the repository loads ------------------------------------------------------------------


@dataclass(frozen=True)
class BestandFeit:
    id: int
    naam: str
    sha256: str
    grootte: int


@dataclass(frozen=True)
class VersieDetail:
    """A bewijsstuk version a judgement rests on, with its files."""

    versie_id: int
    bewijsstuk_id: int
    versie: int
    titel: str
    verborgen: bool
    bestanden: tuple[BestandFeit, ...]


@dataclass(frozen=True)
class OordeelDetail:
    """What a judgement says beyond its verdict: the feedback and, for a correction, why."""

    id: int
    feedback: str
    observatiedatum: dt.date | None
    reden: str | None
    correctie: bool = False


@dataclass(frozen=True)
class StudentFeit:
    id: int
    naam: str
    studentnummer: str | None


@dataclass(frozen=True)
class KwalificatieFeit:
    code: str
    versie: str
    titel: str
    niveau: int
    beoordelaars_vereist: int
    kerntaken: tuple[tuple[str, str], ...]  # (code, titel) in order
    bouwstenen: Mapping[str, str]  # code → titel


@dataclass(frozen=True)
class InschrijvingFeit:
    id: int
    cohort: str
    startdatum: dt.date


@dataclass(frozen=True)
class Controle:
    """One check a committee defends in an appeal, with its outcome in a Dutch sentence."""

    code: str
    omschrijving: str
    geslaagd: bool
    toelichting: str


def _datum(datum: dt.date) -> str:
    return datum.strftime("%d-%m-%Y")


def controles(voortgang: Voortgang, beoordelaars_vereist: int, beslisser: tuple[str, bool] | None) -> list[Controle]:
    """The checks on the dossier; `beslisser` is (naam, judged anything of this student) of the deciding member."""
    tekort = [lu.code for lu in voortgang.leeruitkomsten if not lu.uitleg.genoeg_aangetoond]
    wie = "één beoordelaar" if beoordelaars_vereist == 1 else f"{beoordelaars_vereist} verschillende beoordelaars"
    uitkomst = [
        Controle(
            "beoordelaars",
            f"Elke leeruitkomst aangetoond volgens de beoordelingsregel ({wie})",
            not tekort,
            f"Alle {voortgang.totaal} leeruitkomsten zijn aangetoond volgens {wie}."
            if not tekort
            else f"Nog niet aangetoond volgens {wie}: {', '.join(tekort)}.",
        )
    ]
    if beslisser is not None:
        naam, beoordeelde = beslisser
        uitkomst.append(
            Controle(
                "onafhankelijk",
                "Het beslissende lid beoordeelde niets van deze student",
                not beoordeelde,
                f"{naam} beoordeelde deze student zelf en kan daarom niet beslissen."
                if beoordeelde
                else f"{naam} gaf geen enkele beoordeling van deze student.",
            )
        )
    wachtend = [(lu.code, v.versie) for lu in voortgang.leeruitkomsten for v in lu.uitleg.wachtend]
    uitkomst.append(
        Controle(
            "niets_wachtend",
            "Geen inzending wacht op beoordeling",
            not wachtend,
            "Er wacht geen bewijs op beoordeling."
            if not wachtend
            else "Wacht op beoordeling: " + ", ".join(f"{code} (versie {n})" for code, n in wachtend) + ".",
        )
    )
    niet_voldaan = [v.code for v in voortgang.vereisten if not v.stand.voldaan]
    uitkomst.append(
        Controle(
            "beroepsvereisten",
            f"Beroepsvereisten voldaan en geldig op {_datum(voortgang.datum)}",
            not niet_voldaan,
            "Alle beroepsvereisten zijn voldaan en geldig."
            if not niet_voldaan
            else f"Niet voldaan of niet geldig: {', '.join(niet_voldaan)}.",
        )
    )
    return uitkomst


def _tijd(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def dossier(
    student: StudentFeit,
    kwalificatie: KwalificatieFeit,
    inschrijving: InschrijvingFeit,
    voortgang: Voortgang,
    oordelen: Mapping[int, OordeelDetail],
    versies: Mapping[int, VersieDetail],
    gecontroleerd: list[Controle],
) -> dict:
    """The dossier as the committee sees it and as a decision freezes it: plain JSON values only."""
    per_kerntaak: dict[str, list[dict]] = {code: [] for code, _ in kwalificatie.kerntaken}
    for lu in voortgang.leeruitkomsten:
        tellend = []
        for o in lu.uitleg.tellend:
            detail = oordelen.get(o.id)
            bewijs = [_versie(versies[v]) for v in sorted(o.versie_ids) if v in versies]
            tellend.append(
                {
                    "id": o.id,
                    "beoordelaar": {"id": o.beoordelaar_id, "naam": o.beoordelaar_naam},
                    "tijd": _tijd(o.tijd),
                    "oordeel": o.oordeel.value,
                    "feedback": detail.feedback if detail else "",
                    "observatiedatum": detail.observatiedatum.isoformat()
                    if detail and detail.observatiedatum
                    else None,
                    # A correction names the judgement it corrects; a re-judgement of newer evidence the one
                    # it took over from.
                    "correctie_van": o.vervangt_id if detail and detail.correctie else None,
                    "herbeoordeling_van": o.vervangt_id if detail and not detail.correctie else None,
                    "reden": detail.reden if detail else None,
                    "bewijs": bewijs,
                }
            )
        per_kerntaak.setdefault(lu.kerntaak, []).append(
            {
                "code": lu.code,
                "bouwsteen": {"code": lu.bouwsteen, "titel": kwalificatie.bouwstenen.get(lu.bouwsteen, "")},
                "status": lu.status.value,
                "aangetoond": lu.uitleg.genoeg_aangetoond,
                "toelichting": lu.uitleg.toelichting,
                "oordelen": tellend,
                "wachtend": [{"bewijsstuk_id": v.bewijsstuk_id, "versie": v.versie} for v in lu.uitleg.wachtend],
            }
        )
    titels = dict(kwalificatie.kerntaken)
    diplomabaarheid = voortgang.diplomabaarheid
    return {
        "snapshot_versie": SNAPSHOT_VERSIE,
        "datum": voortgang.datum.isoformat(),
        "student": {"id": student.id, "naam": student.naam, "studentnummer": student.studentnummer},
        "kwalificatie": {
            "code": kwalificatie.code,
            "versie": kwalificatie.versie,
            "titel": kwalificatie.titel,
            "niveau": kwalificatie.niveau,
            "beoordelaars_vereist": kwalificatie.beoordelaars_vereist,
        },
        "inschrijving": {
            "id": inschrijving.id,
            "cohort": inschrijving.cohort,
            "startdatum": inschrijving.startdatum.isoformat(),
        },
        "kerntaken": [
            {"code": code, "titel": titels.get(code, ""), "leeruitkomsten": lus} for code, lus in per_kerntaak.items()
        ],
        "beroepsvereisten": [
            {
                "code": v.code,
                "naam": v.naam,
                "voldaan": v.stand.voldaan,
                "geldig_tot": v.stand.geldig_tot.isoformat() if v.stand.geldig_tot else None,
                "resultaat": None
                if v.stand.geldt is None
                else {
                    "id": v.stand.geldt.id,
                    "datum": v.stand.geldt.datum.isoformat(),
                    "voldaan": v.stand.geldt.voldaan,
                    "geldig_tot": v.stand.geldt.geldig_tot.isoformat() if v.stand.geldt.geldig_tot else None,
                },
            }
            for v in voortgang.vereisten
        ],
        "controles": [
            {"code": c.code, "omschrijving": c.omschrijving, "geslaagd": c.geslaagd, "toelichting": c.toelichting}
            for c in gecontroleerd
        ],
        "diplomabaar": diplomabaarheid.diplomabaar,
        "redenen": [{"soort": r.soort, "code": r.code, "melding": r.melding} for r in diplomabaarheid.redenen],
    }


def _versie(v: VersieDetail) -> dict:
    return {
        "bewijsstuk_id": v.bewijsstuk_id,
        "versie_id": v.versie_id,
        "versie": v.versie,
        "titel": v.titel,
        "verborgen": v.verborgen,
        "bestanden": [{"id": b.id, "naam": b.naam, "sha256": b.sha256, "grootte": b.grootte} for b in v.bestanden],
    }
