"""A CASE CFPackage in, a new kwalificatie version out, or a Dutch refusal naming what was found.

Levels come from `CFItemType` (Kerntaak, Bouwsteen, Leeruitkomst, Beroepsvereiste) or, for
a package without those types, from the depth in the `isChildOf` tree: the CFDocument is
depth 1, its top-level items depth 2. Items above the first mapped level are left out,
items below the last are refused. Everything is checked before anything is written, and
the load runs in the caller's transaction, so a refusal changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from app import tijd
from app.case import identifiers as ids
from app.case.export import EXTENSIE
from app.kwalificaties import repository as kwalificatie_repository
from app.kwalificaties.bestand import (
    BeroepsvereisteBestand,
    BouwsteenBestand,
    KerntaakBestand,
    KernthemaBestand,
    KwalificatieBestand,
    LeeruitkomstBestand,
    OnderdeelBestand,
    OpvolgingBestand,
    RelatieBestand,
    verwijzingsfouten,
)
from app.kwalificaties.service import Laadresultaat, laad_kwalificatie
from app.models.kwalificatie import Aanvulling, RelatieSoort

NIVEAUS = ("kerntaak", "bouwsteen", "leeruitkomst")
TYPES = {"kerntaak": "Kerntaak", "bouwsteen": "Bouwsteen", "leeruitkomst": "Leeruitkomst"}
BEROEPSVEREISTE = "Beroepsvereiste"
MAX_ITEMS = 5000


class PakketPast(Exception):
    """Refused: the message says what the package holds and why it does not fit."""


@dataclass
class Voorbeeld:
    """What an import would add: counts per level and the first items."""

    bestand: KwalificatieBestand
    aantallen: dict[str, int] = field(default_factory=dict)
    weggelaten: int = 0
    # exactMatchOf (leeruitkomst → an item outside the package) and replacedBy (outside → leeruitkomst):
    # (soort, leeruitkomst code, the other item's identifier); resolved against the loaded versions on import.
    extern: list[tuple[RelatieSoort, str, str]] = field(default_factory=list)
    # Of those, the ones whose other item is not a leeruitkomst of a loaded version: left out.
    genegeerd: int = 0


def lees_niveaus(tekst: str) -> dict[str, int]:
    """`kerntaak=2,bouwsteen=3,leeruitkomst=4` → {"kerntaak": 2, ...}."""
    niveaus: dict[str, int] = {}
    for deel in filter(None, (d.strip() for d in tekst.split(","))):
        naam, _, diepte = deel.partition("=")
        if naam.strip() not in NIVEAUS or not diepte.strip().isdigit():
            raise PakketPast(f"--niveaus {tekst!r}: verwacht kerntaak=N,bouwsteen=N,leeruitkomst=N.")
        niveaus[naam.strip()] = int(diepte)
    if set(niveaus) != set(NIVEAUS):
        raise PakketPast(f"--niveaus {tekst!r}: geef kerntaak, bouwsteen en leeruitkomst elk een diepte.")
    k, b, lu = (niveaus[n] for n in NIVEAUS)
    if k < 2 or not (b == k + 1 and lu == b + 1):
        raise PakketPast(
            f"--niveaus {tekst!r}: de niveaus volgen elkaar op (bijvoorbeeld 2, 3, 4); het document is diepte 1."
        )
    return niveaus


def lees_pakket(inhoud: bytes | str) -> dict:
    try:
        pakket = json.loads(inhoud)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise PakketPast(f"Het bestand is geen JSON: {exc}.") from exc
    if not isinstance(pakket, dict) or not isinstance(pakket.get("CFDocument"), dict):
        raise PakketPast("Geen CFPackage: het bestand heeft geen CFDocument.")
    for sleutel in ("CFItems", "CFAssociations"):
        if not isinstance(pakket.get(sleutel, []), list):
            raise PakketPast(f"Geen CFPackage: {sleutel} is geen lijst.")
    if len(pakket.get("CFItems", [])) > MAX_ITEMS:
        raise PakketPast(f"Het pakket heeft meer dan {MAX_ITEMS} CFItems.")
    return pakket


def _tekst(obj: dict, veld: str) -> str:
    waarde = obj.get(veld)
    return waarde.strip() if isinstance(waarde, str) else ""


def _ext(obj: dict) -> dict:
    ext = obj.get("extensions")
    eigen = ext.get(EXTENSIE) if isinstance(ext, dict) else None
    return eigen if isinstance(eigen, dict) else {}


def _link_id(link: object) -> str | None:
    return link.get("identifier") if isinstance(link, dict) else None


def _volgorde(item: dict) -> tuple[float, str]:
    try:
        nummer = float(item.get("listEnumeration", ""))
    except (TypeError, ValueError):
        nummer = float("inf")
    return nummer, _tekst(item, "humanCodingScheme")


def voorbeeld(pakket: dict, code: str, versie: str, niveaus: dict[str, int] | None = None) -> Voorbeeld:
    """Map the package onto a kwalificatie file, or refuse it; touches no database."""
    document = pakket["CFDocument"]
    items: dict[str, dict] = {}
    for nr, item in enumerate(pakket.get("CFItems", [])):
        if not isinstance(item, dict) or not isinstance(item.get("identifier"), str):
            raise PakketPast(f"CFItems.{nr} heeft geen identifier.")
        items[item["identifier"]] = item
    ouder: dict[str, str] = {}
    gerelateerd: dict[str, list[str]] = {}
    extern: list[tuple[RelatieSoort, str, str]] = []  # (soort, item in the package, item outside it)
    for associatie in pakket.get("CFAssociations", []):
        if not isinstance(associatie, dict):
            continue
        van, naar = _link_id(associatie.get("originNodeURI")), _link_id(associatie.get("destinationNodeURI"))
        soort = associatie.get("associationType")
        if soort == "isChildOf" and van in items:
            ouder[van] = naar
        elif soort == "isRelatedTo" and van in items and naar in items:
            gerelateerd.setdefault(van, []).append(naar)
        elif soort == "exactMatchOf" and van in items and naar and naar not in items:
            extern.append((RelatieSoort.exactMatchOf, van, naar))
        elif soort == "replacedBy" and naar in items and van and van not in items:
            extern.append((RelatieSoort.replacedBy, naar, van))

    def diepte(identifier: str) -> int:
        stappen, huidig = 1, identifier
        while huidig in items and stappen <= len(items) + 1:
            huidig, stappen = ouder.get(huidig, document.get("identifier")), stappen + 1
        return stappen

    boom_items = [i for i in items.values() if i.get("CFItemType") != BEROEPSVEREISTE or i["identifier"] in ouder]
    diepten = {i["identifier"]: diepte(i["identifier"]) for i in boom_items}
    if any(d > len(items) + 1 for d in diepten.values()):
        raise PakketPast("De isChildOf-associaties van het pakket vormen een kring.")
    gevonden = (
        f"gevonden: {len(items)} CFItems, diepten {dict(sorted(Counter(diepten.values()).items()))}, "
        f"itemtypes {dict(Counter(str(i.get('CFItemType') or '(geen)') for i in items.values()))}"
    )

    if niveaus is None:
        if not all(i.get("CFItemType") in TYPES.values() for i in boom_items):
            raise PakketPast(
                "Het pakket past niet op kerntaak, bouwsteen en leeruitkomst via CFItemType; "
                f"geef --niveaus (bijvoorbeeld kerntaak=2,bouwsteen=3,leeruitkomst=4); {gevonden}."
            )
        niveau_van = {
            i["identifier"]: next(n for n, t in TYPES.items() if t == i.get("CFItemType")) for i in boom_items
        }
    else:
        per_diepte = {d: n for n, d in niveaus.items()}
        te_diep = [d for d in diepten.values() if d > niveaus["leeruitkomst"]]
        if te_diep:
            raise PakketPast(
                f"{len(te_diep)} items liggen dieper dan leeruitkomst (diepte {niveaus['leeruitkomst']}); {gevonden}."
            )
        niveau_van = {i: per_diepte[d] for i, d in diepten.items() if d in per_diepte}

    kinderen: dict[str | None, list[dict]] = {}
    for identifier in niveau_van:
        kinderen.setdefault(ouder.get(identifier), []).append(items[identifier])
    for lijst in kinderen.values():
        lijst.sort(key=_volgorde)
    kerntaken_items = [items[i] for i, n in niveau_van.items() if n == "kerntaak"]
    kerntaken_items.sort(key=lambda i: (diepten[i["identifier"]], _volgorde(i)))
    fouten: list[str] = []

    def code_van(item: dict) -> str:
        return _tekst(item, "humanCodingScheme") or item["identifier"]

    def kinderen_op(item: dict, niveau: str) -> list[dict]:
        eigen = kinderen.get(item["identifier"], [])
        verkeerd = [code_van(k) for k in eigen if niveau_van[k["identifier"]] != niveau]
        if verkeerd:
            fouten.append(f"{code_van(item)} heeft kinderen die geen {niveau} zijn: {', '.join(verkeerd)}")
        if not eigen:
            fouten.append(f"{code_van(item)} heeft geen {niveau}")
        return [k for k in eigen if niveau_van[k["identifier"]] == niveau]

    def leeruitkomst(item: dict) -> LeeruitkomstBestand:
        onderdelen = _ext(item).get("onderdelen")
        if isinstance(onderdelen, list) and onderdelen:
            delen = [
                OnderdeelBestand.model_construct(
                    kop=o.get("kop"),
                    aanvulling=Aanvulling(o["aanvulling"]) if o.get("aanvulling") else None,
                    tekst=str(o.get("tekst", "")).strip(),
                )
                for o in onderdelen
            ]
        else:
            delen = [OnderdeelBestand.model_construct(kop=None, aanvulling=None, tekst=_tekst(item, "fullStatement"))]
        return LeeruitkomstBestand.model_construct(code=code_van(item), onderdelen=delen)

    def bouwsteen(item: dict) -> BouwsteenBestand:
        themas = _ext(item).get("kernthemas") or []
        return BouwsteenBestand.model_construct(
            code=code_van(item),
            titel=_tekst(item, "abbreviatedStatement") or _tekst(item, "fullStatement"),
            omschrijving=_tekst(item, "fullStatement"),
            leeruitkomsten=[leeruitkomst(k) for k in kinderen_op(item, "leeruitkomst")],
            kernthemas=[
                KernthemaBestand.model_construct(naam=t["naam"], profielspecifiek=bool(t.get("profielspecifiek")))
                for t in themas
                if isinstance(t, dict) and isinstance(t.get("naam"), str)
            ],
        )

    def kerntaak(item: dict) -> KerntaakBestand:
        ext = _ext(item)
        return KerntaakBestand.model_construct(
            code=code_van(item),
            titel=_tekst(item, "abbreviatedStatement") or _tekst(item, "fullStatement"),
            omschrijving=_tekst(item, "fullStatement"),
            context=str(ext.get("context", "")).strip(),
            complexiteit=str(ext.get("complexiteit", "")).strip(),
            zelfstandigheid_en_verantwoordelijkheid=str(ext.get("zelfstandigheid_en_verantwoordelijkheid", "")).strip(),
            bouwstenen=[bouwsteen(k) for k in kinderen_op(item, "bouwsteen")],
        )

    kerntaken = [kerntaak(i) for i in kerntaken_items]
    if not kerntaken:
        fouten.append("geen enkele kerntaak")
    lu_codes = {code_van(items[i]) for i, n in niveau_van.items() if n == "leeruitkomst"}
    vereisten = []
    for item in sorted((i for i in items.values() if i.get("CFItemType") == BEROEPSVEREISTE), key=_volgorde):
        codes = [code_van(items[n]) for n in gerelateerd.get(item["identifier"], []) if code_van(items[n]) in lu_codes]
        if codes:
            vereisten.append(
                BeroepsvereisteBestand.model_construct(
                    code=code_van(item),
                    naam=_tekst(item, "abbreviatedStatement") or _tekst(item, "fullStatement"),
                    omschrijving=_tekst(item, "fullStatement") if _tekst(item, "abbreviatedStatement") else "",
                    leeruitkomsten=codes,
                )
            )
    ext = _ext(document)
    datum = _tekst(document, "lastChangeDateTime")[:10]
    try:
        versiedatum = dt.date.fromisoformat(datum)
    except ValueError:
        fouten.append(f"CFDocument.lastChangeDateTime {datum!r} is geen datum")
        versiedatum = tijd.vandaag()
    niveau = ext.get("niveau") if isinstance(ext.get("niveau"), int) and 1 <= ext.get("niveau") <= 8 else 6
    bestand = KwalificatieBestand.model_construct(
        code=code,
        versie=versie,
        versiedatum=versiedatum,
        titel=_tekst(document, "title") or code,
        niveau=niveau,
        status="gepubliceerd",
        bron=_tekst(document, "officialSourceURL") or _tekst(document, "notes") or _tekst(document, "title"),
        kerntaken=kerntaken,
        beroepsvereisten=vereisten,
    )
    if not fouten:
        fouten = verwijzingsfouten(bestand)
    leeg = [
        lu.code
        for kt in kerntaken
        for bs in kt.bouwstenen
        for lu in bs.leeruitkomsten
        if any(not o.tekst for o in lu.onderdelen)
    ]
    if not fouten and leeg:
        fouten.append(f"leeruitkomsten zonder tekst (fullStatement): {', '.join(leeg)}")
    if fouten:
        raise PakketPast(f"Het pakket past niet: {'; '.join(fouten[:10])}; {gevonden}.")
    aantallen = Counter(niveau_van.values())
    leeruitkomst_ids = {i for i, n in niveau_van.items() if n == "leeruitkomst"}
    return Voorbeeld(
        bestand,
        {n: aantallen.get(n, 0) for n in NIVEAUS} | {"beroepsvereiste": len(vereisten)},
        weggelaten=len(boom_items) - len(niveau_van),
        extern=[(s, code_van(items[i]), ander) for s, i, ander in extern if i in leeruitkomst_ids],
    )


def _met_opvolging(session: Session, gezien: Voorbeeld) -> Voorbeeld:
    """Resolve the relations to items outside the package against the loaded versions' leeruitkomsten.

    They must all point at one older version (a version follows one version); relations to anything
    else (another framework, a version not loaded here) are left out and counted.
    """
    if not gezien.extern:
        return gezien
    bekend = {
        ids.item_id(code, versie, lu): (code, versie, lu)
        for code, versie, lu in kwalificatie_repository.alle_leeruitkomstcodes(session)
    }
    gevonden = [(soort, lu, bekend[ander]) for soort, lu, ander in gezien.extern if ander in bekend]
    versies = sorted({(code, versie) for _, _, (code, versie, _) in gevonden})
    if len(versies) > 1:
        namen = ", ".join(f"{c} {v}" for c, v in versies)
        raise PakketPast(f"De exactMatchOf/replacedBy-associaties wijzen naar meer dan één versie ({namen}).")
    opvolging = None
    if versies:
        code, versie = versies[0]
        relaties = [
            RelatieBestand.model_construct(leeruitkomst=lu, soort=soort, vorige=vorige)
            for soort, lu, (_, _, vorige) in gevonden
        ]
        opvolging = OpvolgingBestand.model_construct(code=code, versie=versie, relaties=relaties)
    bestand = gezien.bestand.model_copy(update={"opvolging": opvolging})
    if opvolging is not None and (fouten := verwijzingsfouten(bestand)):
        raise PakketPast(f"Het pakket past niet: {'; '.join(fouten[:10])}.")
    return replace(gezien, bestand=bestand, genegeerd=len(gezien.extern) - len(gevonden))


def bekijk(
    session: Session, inhoud: bytes | str, code: str, versie: str, niveaus: dict[str, int] | None = None
) -> Voorbeeld:
    """What importing would load, with its relations to loaded versions resolved; writes nothing."""
    try:
        return _met_opvolging(session, voorbeeld(lees_pakket(inhoud), code, versie, niveaus))
    except (TypeError, AttributeError, KeyError, RecursionError) as exc:
        # A package of an unexpected shape (a list where an object belongs, a number for a text) is refused
        # like any misfit, never answered with an error page.
        raise PakketPast("Het pakket heeft een onverwachte vorm: het is geen CASE 1.1 CFPackage.") from exc


def importeer(
    session: Session, inhoud: bytes | str, code: str, versie: str, niveaus: dict[str, int] | None = None
) -> tuple[Voorbeeld, Laadresultaat]:
    gezien = bekijk(session, inhoud, code, versie, niveaus)
    return gezien, laad_kwalificatie(session, gezien.bestand)
