"""Use cases for kwalificaties: loading versions from data files, reading and searching them."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from app.errors import Conflict, NietGevonden
from app.kwalificaties import repository
from app.kwalificaties.bestand import KwalificatieBestand, lees_bestand
from app.models import (
    Beroepsvereiste,
    BeroepsvereisteLeeruitkomst,
    Bouwsteen,
    BouwsteenKernthema,
    Kerntaak,
    Kernthema,
    Kwalificatie,
    Leeruitkomst,
    LeeruitkomstOnderdeel,
    LeeruitkomstRelatie,
)
from app.models.kwalificatie import KwalificatieStatus, RelatieSoort

BUNDLED_DIR = Path(__file__).parent / "data"
# Example versions for the demo, not published ones: loaded by `portfolio demo` only.
VOORBEELD_WA_N6_22 = Path(__file__).parent / "voorbeelden" / "wa-n6-2.2.yaml"


class Laadresultaat(StrEnum):
    geladen = "geladen"
    ongewijzigd = "ongewijzigd"


def inhoud_sha256(bestand: KwalificatieBestand) -> str:
    inhoud = bestand.model_dump(mode="json")
    if inhoud.get("opvolging") is None:
        # Files from before versions could follow one another hash as they always did.
        inhoud.pop("opvolging", None)
    canoniek = json.dumps(inhoud, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canoniek.encode()).hexdigest()


def laad_kwalificatie(session: Session, bestand: KwalificatieBestand) -> Laadresultaat:
    """Add one version beside the others; the same content again changes nothing.

    A version that exists with other content is refused: a published kwalificatie
    never changes, a change is a new version.
    """
    sha = inhoud_sha256(bestand)
    bestaand = repository.kwalificatie(session, bestand.code, bestand.versie)
    if bestaand is not None:
        if bestaand.inhoud_sha256 == sha:
            return Laadresultaat.ongewijzigd
        raise Conflict(
            f"Kwalificatie {bestand.code} versie {bestand.versie} bestaat al met andere inhoud. "
            "Een gepubliceerde versie verandert nooit: geef de wijziging een nieuw versienummer."
        )
    vorige = _vorige_leeruitkomsten(session, bestand)
    _voeg_toe(session, bestand, sha, vorige)
    return Laadresultaat.geladen


def _vorige_leeruitkomsten(session: Session, bestand: KwalificatieBestand) -> dict[str, Leeruitkomst]:
    """The older version's leeruitkomsten by code, checked against every relation before anything is written."""
    opvolging = bestand.opvolging
    if opvolging is None:
        return {}
    code = opvolging.code or bestand.code
    if (code, opvolging.versie) == (bestand.code, bestand.versie):
        raise Conflict(f"Versie {bestand.versie} kan zichzelf niet opvolgen (opvolging.versie).")
    vorige = repository.kwalificatie(session, code, opvolging.versie)
    if vorige is None:
        raise Conflict(
            f"Deze versie volgt {code} versie {opvolging.versie} op, maar die is niet geladen. "
            "Laad eerst de oudere versie."
        )
    per_code = {lu.code: lu for lu in repository.leeruitkomsten_van_versie(session, vorige.id)}
    onbekend = [r.vorige for r in opvolging.relaties if r.vorige not in per_code]
    if onbekend:
        raise Conflict(
            f"opvolging: {code} versie {opvolging.versie} heeft geen leeruitkomst {', '.join(sorted(set(onbekend)))}."
        )
    exact = Counter(r.vorige for r in opvolging.relaties if r.soort is RelatieSoort.exactMatchOf)
    dubbel = sorted(code for code, aantal in exact.items() if aantal > 1)
    if dubbel:
        raise Conflict(f"opvolging: {', '.join(dubbel)} is bij meer dan één leeruitkomst exactMatchOf.")
    return per_code


def _voeg_toe(session: Session, bestand: KwalificatieBestand, sha: str, vorige: dict[str, Leeruitkomst]) -> None:
    kwalificatie = Kwalificatie(
        code=bestand.code,
        versie=bestand.versie,
        versiedatum=bestand.versiedatum,
        titel=bestand.titel,
        niveau=bestand.niveau,
        status=KwalificatieStatus(bestand.status),
        bron=bestand.bron,
        inhoud_sha256=sha,
    )
    session.add(kwalificatie)
    session.flush()

    kernthemas: dict[str, Kernthema] = {}
    leeruitkomsten: dict[str, Leeruitkomst] = {}
    for kt_nr, kt in enumerate(bestand.kerntaken):
        kerntaak = Kerntaak(
            kwalificatie_id=kwalificatie.id,
            volgorde=kt_nr,
            code=kt.code,
            titel=kt.titel,
            omschrijving=kt.omschrijving,
            context=kt.context,
            complexiteit=kt.complexiteit,
            zelfstandigheid_en_verantwoordelijkheid=kt.zelfstandigheid_en_verantwoordelijkheid,
        )
        session.add(kerntaak)
        session.flush()
        for bs_nr, bs in enumerate(kt.bouwstenen):
            bouwsteen = Bouwsteen(
                kerntaak_id=kerntaak.id,
                volgorde=bs_nr,
                code=bs.code,
                titel=bs.titel,
                omschrijving=bs.omschrijving,
            )
            session.add(bouwsteen)
            session.flush()
            for lu_nr, lu in enumerate(bs.leeruitkomsten):
                leeruitkomst = Leeruitkomst(bouwsteen_id=bouwsteen.id, volgorde=lu_nr, code=lu.code)
                session.add(leeruitkomst)
                session.flush()
                leeruitkomsten[lu.code] = leeruitkomst
                session.add_all(
                    LeeruitkomstOnderdeel(
                        leeruitkomst_id=leeruitkomst.id,
                        volgorde=nr,
                        kop=onderdeel.kop,
                        aanvulling=onderdeel.aanvulling,
                        tekst=onderdeel.tekst,
                    )
                    for nr, onderdeel in enumerate(lu.onderdelen)
                )
            for th_nr, thema in enumerate(bs.kernthemas):
                kernthema = kernthemas.get(thema.naam)
                if kernthema is None:
                    kernthema = Kernthema(kwalificatie_id=kwalificatie.id, naam=thema.naam)
                    session.add(kernthema)
                    session.flush()
                    kernthemas[thema.naam] = kernthema
                session.add(
                    BouwsteenKernthema(
                        bouwsteen_id=bouwsteen.id,
                        kernthema_id=kernthema.id,
                        volgorde=th_nr,
                        profielspecifiek=thema.profielspecifiek,
                    )
                )
    for bv_nr, bv in enumerate(bestand.beroepsvereisten):
        vereiste = Beroepsvereiste(
            kwalificatie_id=kwalificatie.id,
            volgorde=bv_nr,
            code=bv.code,
            naam=bv.naam,
            omschrijving=bv.omschrijving,
        )
        session.add(vereiste)
        session.flush()
        session.add_all(
            BeroepsvereisteLeeruitkomst(beroepsvereiste_id=vereiste.id, leeruitkomst_id=leeruitkomsten[code].id)
            for code in bv.leeruitkomsten
        )
    if bestand.opvolging is not None:
        session.add_all(
            LeeruitkomstRelatie(
                leeruitkomst_id=leeruitkomsten[r.leeruitkomst].id, vorige_id=vorige[r.vorige].id, soort=r.soort
            )
            for r in bestand.opvolging.relaties
        )
    session.flush()


def laad_bestand(session: Session, pad: Path) -> tuple[KwalificatieBestand, Laadresultaat]:
    """Validate and load one data file; raises OngeldigBestand before touching the database."""
    bestand = lees_bestand(pad)
    return bestand, laad_kwalificatie(session, bestand)


def laad_meegeleverde(session: Session) -> list[tuple[KwalificatieBestand, Laadresultaat]]:
    """Load every kwalificatie shipped with the app that is not in the database yet."""
    return [laad_bestand(session, pad) for pad in sorted(BUNDLED_DIR.glob("*.yaml"))]


def alle_kwalificaties(session: Session) -> list[Kwalificatie]:
    return repository.alle_kwalificaties(session)


def kwalificatie_boom(session: Session, code: str, versie: str) -> Kwalificatie:
    kwalificatie = repository.kwalificatie_met_boom(session, code, versie)
    if kwalificatie is None:
        raise NietGevonden(f"Kwalificatie {code} versie {versie} bestaat niet.")
    return kwalificatie


@dataclass
class BouwsteenDetails:
    kwalificatie: Kwalificatie
    bouwsteen: Bouwsteen
    beroepsvereisten: list[Beroepsvereiste]


def bouwsteen_details(session: Session, code: str, versie: str, bouwsteen_code: str) -> BouwsteenDetails:
    kwalificatie = repository.kwalificatie(session, code, versie)
    if kwalificatie is None:
        raise NietGevonden(f"Kwalificatie {code} versie {versie} bestaat niet.")
    bouwsteen = repository.bouwsteen(session, kwalificatie.id, bouwsteen_code)
    if bouwsteen is None:
        raise NietGevonden(f"Bouwsteen {bouwsteen_code} bestaat niet in {code} versie {versie}.")
    vereisten = repository.beroepsvereisten_van(session, [lu.id for lu in bouwsteen.leeruitkomsten])
    return BouwsteenDetails(kwalificatie, bouwsteen, vereisten)


@dataclass
class KernthemaTreffer:
    kernthema: Kernthema
    bouwstenen: list[Bouwsteen] = field(default_factory=list)


@dataclass
class Zoekresultaat:
    kwalificatie: Kwalificatie
    term: str
    leeruitkomsten: list[Leeruitkomst]
    kernthemas: list[KernthemaTreffer]


MIN_ZOEKTERM = 2


def zoek(session: Session, code: str, versie: str, term: str) -> Zoekresultaat:
    """Leeruitkomsten and kernthema's that mention the term (at least two characters)."""
    kwalificatie = repository.kwalificatie(session, code, versie)
    if kwalificatie is None:
        raise NietGevonden(f"Kwalificatie {code} versie {versie} bestaat niet.")
    term = term.strip()
    if len(term) < MIN_ZOEKTERM:
        return Zoekresultaat(kwalificatie, term, [], [])
    leeruitkomsten = repository.zoek_leeruitkomsten(session, kwalificatie.id, term)
    themas = repository.zoek_kernthemas(session, kwalificatie.id, term)
    treffers = {t.id: KernthemaTreffer(t) for t in themas}
    if treffers:
        for koppeling in repository.bouwstenen_met_kernthemas(session, list(treffers)):
            treffers[koppeling.kernthema_id].bouwstenen.append(koppeling.bouwsteen)
    return Zoekresultaat(kwalificatie, term, leeruitkomsten, list(treffers.values()))
