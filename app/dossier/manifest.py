"""manifest.json of the dossier export (API.md): every fact of the dossier as plain JSON, with the files' paths.

The manifest is what an archive or another system reads: the student, the
kwalificatie, every bewijsstuk version with its files `{pad, sha256, grootte}`,
every beoordeling, every beroepsvereiste result and every decision. Times are
ISO 8601 in UTC, dates ISO 8601.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from app.diploma.pdf import DiplomaGegevens
from app.dossier import rules
from app.models import Beoordeling, BeroepsvereisteResultaat, Bewijsstuk, Cohort, Gebruiker
from app.portfolio.overzicht import Portfolio

FORMAAT = "leeruitkomstportfolio-dossier/1"
VERBORGEN_TOELICHTING = (
    "Bewijsstukken die een functioneel beheerder om privacyredenen heeft verborgen, horen niet bij het dossier: "
    "ze tellen voor geen leeruitkomst en hun bestanden staan niet in deze export. Beoordelingen die op zo'n "
    "bewijsstuk rusten, staan er wel in, met de versie die zij bekeken."
)
ONTBREKEND_TOELICHTING = (
    "Deze bestanden staan in het dossier, maar ontbraken in de opslag toen de export werd gemaakt; "
    "ze zitten niet in de ZIP. Meld dit bij de functioneel beheerder."
)


@dataclass(frozen=True)
class Bewijs:
    """A bewijsstuk whose files go into the export, with the path in the ZIP of each file of each version."""

    bewijsstuk: Bewijsstuk
    # Per version number, the paths of its files, in file order.
    paden: dict[int, list[str]]


def _tijd(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat() if moment else None


def _datum(datum: dt.date | None) -> str | None:
    return datum.isoformat() if datum else None


def _persoon(persoon: Gebruiker) -> dict:
    return {"id": persoon.id, "naam": persoon.naam}


def bewijs_van(bewijsstuk: Bewijsstuk) -> Bewijs:
    # One folder per bewijsstuk, named after its current title; one per version inside it.
    titel = bewijsstuk.laatste_versie.titel
    paden = {}
    for v in bewijsstuk.versies:
        map_ = rules.map_van(bewijsstuk.id, titel, v.versie)
        paden[v.versie] = [f"{map_}/{naam}" for naam in rules.bestandsnamen(b.naam for b in v.bestanden)]
    return Bewijs(bewijsstuk, paden)


def bestanden_van(bewijs: Sequence[Bewijs]) -> list[rules.DossierBestand]:
    """Every file of every version, at its path in the ZIP, in the manifest's order."""
    return [
        rules.DossierBestand(pad, bestand.opslag_sleutel, bestand.sha256, bestand.grootte)
        for b in bewijs
        for v in b.bewijsstuk.versies
        for bestand, pad in zip(v.bestanden, b.paden[v.versie], strict=True)
    ]


def _bewijsstuk(b: Bewijs) -> dict:
    return {
        "id": b.bewijsstuk.id,
        "titel": b.bewijsstuk.laatste_versie.titel,
        "versies": [
            {
                "versie": v.versie,
                "titel": v.titel,
                "soort": v.soort.value,
                "datum": _datum(v.datum),
                "context": v.context,
                "status": v.status.value,
                "aangemaakt_op": _tijd(v.created_at),
                "ingediend_op": _tijd(v.ingediend_op),
                "ingetrokken_op": _tijd(v.ingetrokken_op),
                "leeruitkomsten": [
                    {"code": k.leeruitkomst.code, "onderbouwing": k.onderbouwing} for k in v.koppelingen
                ],
                "bestanden": [
                    {
                        "pad": pad,
                        "naam": bestand.naam,
                        "mediatype": bestand.mediatype,
                        "sha256": bestand.sha256,
                        "grootte": bestand.grootte,
                    }
                    for bestand, pad in zip(v.bestanden, b.paden[v.versie], strict=True)
                ],
            }
            for v in b.bewijsstuk.versies
        ],
    }


def _beoordeling(b: Beoordeling, vervangen: set[int]) -> dict:
    return {
        "id": b.id,
        "leeruitkomst": b.leeruitkomst.code,
        "beoordelaar": _persoon(b.beoordelaar),
        "tijd": _tijd(b.tijd),
        "oordeel": b.oordeel.value,
        "feedback": b.feedback,
        "observatiedatum": _datum(b.observatiedatum),
        "vervangt": b.vervangt_id,
        "correctie": b.correctie,
        "reden": b.reden,
        "vervangen": b.id in vervangen,
        "bewijsstukken": [{"id": x.versie.bewijsstuk_id, "versie": x.versie.versie} for x in b.bewijs],
        "reacties": [{"tijd": _tijd(r.tijd), "auteur": _persoon(r.auteur), "tekst": r.tekst} for r in b.reacties],
    }


def _resultaat(r: BeroepsvereisteResultaat, gecorrigeerd: set[int]) -> dict:
    return {
        "id": r.id,
        "code": r.beroepsvereiste.code,
        "naam": r.beroepsvereiste.naam,
        "datum": _datum(r.datum),
        "resultaat": r.resultaat.value,
        "geldig_tot": _datum(r.geldig_tot),
        "corrigeert": r.corrigeert_id,
        "gecorrigeerd": r.id in gecorrigeerd,
        "vastgelegd_door": _persoon(r.vastgelegd_door),
    }


def manifest(
    *,
    portfolio: Portfolio,
    cohort: Cohort,
    bewijs: Sequence[Bewijs],
    verborgen: Sequence[Bewijsstuk],
    resultaten: Sequence[BeroepsvereisteResultaat],
    besluiten: list[dict],
    ontbrekend: Sequence[str],
    diplomas: Sequence[tuple[str, DiplomaGegevens]] = (),
    samengesteld_voor: Gebruiker,
    moment: dt.datetime,
) -> dict:
    """The manifest as a dict; `ontbrekend` are the paths whose file was not in storage."""
    student, kwalificatie, voortgang = portfolio.student, portfolio.kwalificatie, portfolio.voortgang
    vervangen = {b.vervangt_id for b in portfolio.beoordelingen if b.vervangt_id is not None}
    gecorrigeerd = {r.corrigeert_id for r in resultaten if r.corrigeert_id is not None}
    inhoud: dict = {
        "formaat": FORMAAT,
        "samengesteld_op": _tijd(moment),
        "samengesteld_voor": _persoon(samengesteld_voor),
        "student": {"id": student.id, "naam": student.naam, "studentnummer": student.studentnummer},
        "inschrijving": {
            "cohort": cohort.code,
            "startdatum": _datum(portfolio.inschrijving.startdatum),
            "status": portfolio.inschrijving.status.value,
        },
        "kwalificatie": {
            "code": kwalificatie.code,
            "versie": kwalificatie.versie,
            "titel": kwalificatie.titel,
            "niveau": kwalificatie.niveau,
            "versiedatum": _datum(kwalificatie.versiedatum),
            "beoordelaars_vereist": kwalificatie.beoordelaars_vereist,
        },
        "voortgang": {
            "datum": _datum(voortgang.datum),
            "aangetoond": voortgang.aangetoond,
            "totaal": voortgang.totaal,
            "diplomabaar": voortgang.diplomabaarheid.diplomabaar,
            "redenen": [
                {"soort": r.soort, "code": r.code, "melding": r.melding} for r in voortgang.diplomabaarheid.redenen
            ],
            "leeruitkomsten": [
                {
                    "code": lu.code,
                    "bouwsteen": lu.bouwsteen,
                    "kerntaak": lu.kerntaak,
                    "status": lu.status.value,
                    "toelichting": lu.uitleg.toelichting,
                }
                for lu in voortgang.leeruitkomsten
            ],
        },
        "bewijsstukken": [_bewijsstuk(b) for b in bewijs],
        "verborgen_bewijsstukken": {
            "toelichting": VERBORGEN_TOELICHTING,
            # Only the student is told which of theirs were hidden, and why (as on their portfolio page).
            "bewijsstukken": [
                {
                    "id": b.id,
                    "titel": b.laatste_versie.titel,
                    "verborgen_op": _tijd(b.verborgen_op),
                    "reden": b.verborgen_reden,
                }
                for b in verborgen
            ],
        },
        "beoordelingen": [_beoordeling(b, vervangen) for b in portfolio.beoordelingen],
        "beroepsvereisten": [_resultaat(r, gecorrigeerd) for r in resultaten],
        "besluiten": besluiten,
        "diplomas": [
            {"pad": pad, "diplomanummer": g.diplomanummer, "datum": _datum(g.datum), "ingetrokken": g.ingetrokken}
            for pad, g in diplomas
        ],
        "samenvatting": rules.SAMENVATTING,
    }
    if ontbrekend:
        inhoud["ontbrekende_bestanden"] = {"toelichting": ONTBREKEND_TOELICHTING, "paden": list(ontbrekend)}
    return inhoud


def als_json(inhoud: dict) -> bytes:
    return json.dumps(inhoud, ensure_ascii=False, indent=2).encode() + b"\n"
