"""A loaded kwalificatie version as a CASE 1.1 CFPackage (pure: a tree in, JSON-ready dicts out).

Mapping (README "CASE 1.1"):
- kerntaak, bouwsteen, leeruitkomst and beroepsvereiste are CFItems with CFItemType
  Kerntaak / Bouwsteen / Leeruitkomst / Beroepsvereiste;
- `fullStatement` is the published text word for word: a kerntaak's and bouwsteen's
  description, a leeruitkomst's parts with their headings, a beroepsvereiste's description;
- a kerntaak's context texts go in `notes` (under their published labels), and, with a
  leeruitkomst's parts and a bouwsteen's BOK themes, structured in `extensions` so that an
  import of the package gives the same tree back;
- `isChildOf` leeruitkomst → bouwsteen → kerntaak → CFDocument (29 for Wijkagent N6),
  `isRelatedTo` beroepsvereiste → each leeruitkomst that names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.case import identifiers as ids
from app.kwalificaties.repository import Relatie
from app.models import Kwalificatie
from app.models.kwalificatie import KwalificatieStatus, RelatieSoort

CREATOR = "Politieacademie"
EXTENSIE = "nl.politieacademie.portfolio"

ITEMTYPES = ("Kerntaak", "Bouwsteen", "Leeruitkomst", "Beroepsvereiste")
_ITEMTYPE_OMSCHRIJVING = {
    "Kerntaak": "Een kerntaak van een kwalificatie.",
    "Bouwsteen": "Een bouwsteen binnen een kerntaak.",
    "Leeruitkomst": "Een leeruitkomst van een bouwsteen: wat de student aantoont.",
    "Beroepsvereiste": "Een wettelijke voorwaarde voor startbekwaamheid, genoemd door leeruitkomsten.",
}
_ADOPTIE = {
    KwalificatieStatus.concept: "Draft",
    KwalificatieStatus.gepubliceerd: "Adopted",
    KwalificatieStatus.vervallen: "Deprecated",
}
_CONTEXTLABELS = (
    ("context", "Context van deze kerntaak"),
    ("complexiteit", "Complexiteit van deze kerntaak"),
    ("zelfstandigheid_en_verantwoordelijkheid", "Zelfstandigheid en verantwoordelijkheid van deze kerntaak"),
)


def tijdstip(datum: dt.date) -> str:
    # A published version has no time of day; midnight UTC of its date keeps exports identical.
    return f"{datum.isoformat()}T00:00:00Z"


def itemtype(basis: str, naam: str) -> dict:
    identifier = ids.itemtype_id(naam)
    return {
        "identifier": identifier,
        "uri": f"{basis}{ids.BASIS}/CFItemTypes/{identifier}",
        "title": naam,
        "description": _ITEMTYPE_OMSCHRIJVING[naam],
        "hierarchyCode": str(ITEMTYPES.index(naam) + 1),
        "typeCode": naam,
        "lastChangeDateTime": "2026-12-07T00:00:00Z",
    }


def link(obj: dict, titel: str) -> dict:
    return {"title": titel, "identifier": obj["identifier"], "uri": obj["uri"]}


@dataclass
class Pakket:
    """One version's package, with its objects by identifier for the single-object endpoints."""

    document: dict
    items: list[dict] = field(default_factory=list)
    associaties: list[dict] = field(default_factory=list)

    def als_cfpackage(self) -> dict:
        return {
            "CFDocument": self.document,
            "CFItems": self.items,
            "CFAssociations": self.associaties,
            "CFDefinitions": {"CFItemTypes": [itemtype(self._basis, naam) for naam in ITEMTYPES]},
        }

    @property
    def _basis(self) -> str:
        return self.document["uri"].split(ids.BASIS, 1)[0]

    @property
    def document_link(self) -> dict:
        return link(self.document, self.document["title"])

    def buiten_pakket_document(self) -> dict:
        """A CFDocument on its own names its package."""
        uri = f"{self._basis}{ids.BASIS}/CFPackages/{self.document['identifier']}"
        pakket = {"title": self.document["title"], "identifier": self.document["identifier"], "uri": uri}
        return {**self.document, "CFPackageURI": pakket}

    def buiten_pakket(self, obj: dict) -> dict:
        """An item or association on its own names its document."""
        return {**obj, "CFDocumentURI": self.document_link}


def document(basis: str, kwalificatie: Kwalificatie) -> dict:
    identifier = ids.document_id(kwalificatie.code, kwalificatie.versie)
    doc = {
        "identifier": identifier,
        "uri": f"{basis}{ids.BASIS}/CFDocuments/{identifier}",
        "creator": CREATOR,
        "title": kwalificatie.titel,
        "version": kwalificatie.versie,
        "lastChangeDateTime": tijdstip(kwalificatie.versiedatum),
        "caseVersion": "1.1",
        "language": "nl",
        "adoptionStatus": _ADOPTIE[kwalificatie.status],
        "notes": kwalificatie.bron,
        "extensions": {
            EXTENSIE: {
                "code": kwalificatie.code,
                "niveau": kwalificatie.niveau,
                "beoordelaars_vereist": kwalificatie.beoordelaars_vereist,
            }
        },
    }
    # CFDocument has no humanCodingScheme: the kwalificatie code travels in the extension.
    if kwalificatie.bron.startswith(("https://", "http://")):
        doc["officialSourceURL"] = kwalificatie.bron
    return doc


def pakket(basis: str, kwalificatie: Kwalificatie, relaties: Iterable[Relatie] = ()) -> Pakket:
    """The whole tree as CFItems and CFAssociations, in published order.

    `relaties` are this version's leeruitkomsten following an older version's: `exactMatchOf` new → old and
    `replacedBy` old → new, both in this (the newer) package, so a published package never changes when a
    successor is loaded. Their other end is the older version's item, named by its identifier and URI.
    """
    code, versie = kwalificatie.code, kwalificatie.versie
    moment = tijdstip(kwalificatie.versiedatum)
    resultaat = Pakket(document(basis, kwalificatie))
    types = {naam: itemtype(basis, naam) for naam in ITEMTYPES}
    per_code: dict[str, dict] = {}

    def item(soort: str, item_code: str, volgorde: int, volledig: str, **extra: object) -> dict:
        identifier = ids.item_id(code, versie, item_code)
        obj = {
            "identifier": identifier,
            "uri": f"{basis}{ids.BASIS}/CFItems/{identifier}",
            "fullStatement": volledig,
            "humanCodingScheme": item_code,
            "listEnumeration": str(volgorde + 1),
            "CFItemType": soort,
            "CFItemTypeURI": link(types[soort], soort),
            "language": "nl",
            "lastChangeDateTime": moment,
            **{k: v for k, v in extra.items() if v not in (None, "")},
        }
        resultaat.items.append(obj)
        per_code[item_code] = obj
        return obj

    def associatie(soort: str, van: dict, naar: dict, volgorde: int | None = None) -> None:
        identifier = ids.associatie_id(code, versie, soort, van["identifier"], naar["identifier"])
        obj = {
            "identifier": identifier,
            "associationType": soort,
            "uri": f"{basis}{ids.BASIS}/CFAssociations/{identifier}",
            "originNodeURI": link(van, van.get("humanCodingScheme") or van["title"]),
            "destinationNodeURI": link(naar, naar.get("humanCodingScheme") or naar["title"]),
            "lastChangeDateTime": moment,
        }
        if volgorde is not None:
            obj["sequenceNumber"] = volgorde + 1
        resultaat.associaties.append(obj)

    for kerntaak in kwalificatie.kerntaken:
        notities = "\n\n".join(f"{label}\n{getattr(kerntaak, veld)}" for veld, label in _CONTEXTLABELS)
        kt = item(
            "Kerntaak",
            kerntaak.code,
            kerntaak.volgorde,
            kerntaak.omschrijving,
            abbreviatedStatement=kerntaak.titel,
            notes=notities,
            extensions={EXTENSIE: {veld: getattr(kerntaak, veld) for veld, _ in _CONTEXTLABELS}},
        )
        associatie("isChildOf", kt, resultaat.document, kerntaak.volgorde)
        for bouwsteen in kerntaak.bouwstenen:
            themas = [
                {"naam": k.kernthema.naam, "profielspecifiek": k.profielspecifiek}
                for k in bouwsteen.kernthema_koppelingen
            ]
            bs = item(
                "Bouwsteen",
                bouwsteen.code,
                bouwsteen.volgorde,
                bouwsteen.omschrijving,
                abbreviatedStatement=bouwsteen.titel,
                extensions={EXTENSIE: {"kernthemas": themas}},
            )
            associatie("isChildOf", bs, kt, bouwsteen.volgorde)
            for leeruitkomst in bouwsteen.leeruitkomsten:
                onderdelen = [
                    {"kop": o.kop, "aanvulling": o.aanvulling.value if o.aanvulling else None, "tekst": o.tekst}
                    for o in leeruitkomst.onderdelen
                ]
                lu = item(
                    "Leeruitkomst",
                    leeruitkomst.code,
                    leeruitkomst.volgorde,
                    leeruitkomst.tekst,
                    extensions={EXTENSIE: {"onderdelen": onderdelen}},
                )
                associatie("isChildOf", lu, bs, leeruitkomst.volgorde)
    for vereiste in kwalificatie.beroepsvereisten:
        bv = item(
            "Beroepsvereiste",
            vereiste.code,
            vereiste.volgorde,
            vereiste.omschrijving or vereiste.naam,
            abbreviatedStatement=vereiste.naam,
        )
        for leeruitkomst in vereiste.leeruitkomsten:
            associatie("isRelatedTo", bv, per_code[leeruitkomst.code])
    for relatie in relaties:
        vorige_id = ids.item_id(relatie.vorige_code, relatie.vorige_versie, relatie.vorige_leeruitkomst)
        vorige = {
            "identifier": vorige_id,
            "uri": f"{basis}{ids.BASIS}/CFItems/{vorige_id}",
            "humanCodingScheme": relatie.vorige_leeruitkomst,
        }
        nieuw = per_code[relatie.leeruitkomst]
        if relatie.soort is RelatieSoort.exactMatchOf:
            associatie("exactMatchOf", nieuw, vorige)
        else:
            associatie("replacedBy", vorige, nieuw)
    return resultaat
