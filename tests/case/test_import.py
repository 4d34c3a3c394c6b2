"""Importing a CASE 1.1 CFPackage: our own export round trips, a foreign one maps by depth, misfits change nothing."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import func, select

from app.case import identifiers as ids
from app.case.importeren import PakketPast, importeer, lees_niveaus
from app.kwalificaties.service import Laadresultaat
from app.models import Kwalificatie, Leeruitkomst

BASIS = "/ims/case/v1p1"


def _boom(client, code: str, versie: str) -> dict:  # noqa: ANN001
    body = client.get(f"/api/v1/kwalificaties/{code}/versies/{versie}").json()
    return {k: v for k, v in body.items() if k != "code"}


def _aantal(db) -> int:  # noqa: ANN001
    return db.scalar(select(func.count()).select_from(Kwalificatie))


def test_our_own_export_imported_under_another_code_gives_the_same_tree(client, db, student, als) -> None:  # noqa: ANN001
    pakket = client.get(f"{BASIS}/CFPackages/{ids.document_id('WA-N6', '2.1')}").json()
    gezien, resultaat = importeer(db, json.dumps(pakket), "WA-KOPIE", "2.1")
    assert resultaat is Laadresultaat.geladen
    assert gezien.aantallen == {"kerntaak": 5, "bouwsteen": 12, "leeruitkomst": 12, "beroepsvereiste": 3}
    als(student)
    assert _boom(client, "WA-KOPIE", "2.1") == _boom(client, "WA-N6", "2.1")
    # The copy has identifiers of its own, and exports with the same texts.
    kopie = client.get(f"{BASIS}/CFPackages/{ids.document_id('WA-KOPIE', '2.1')}").json()
    assert [i["fullStatement"] for i in kopie["CFItems"]] == [i["fullStatement"] for i in pakket["CFItems"]]
    assert kopie["CFItems"][0]["identifier"] != pakket["CFItems"][0]["identifier"]


def _knoop(titel: str, soort: str | None = None, volgorde: int = 0) -> dict:
    item = {
        "identifier": str(uuid.uuid4()),
        "uri": f"https://voorbeeld.nl/{titel}",
        "fullStatement": f"Tekst van {titel}.",
        "humanCodingScheme": titel,
        "listEnumeration": str(volgorde + 1),
        "lastChangeDateTime": "2025-01-01T00:00:00Z",
    }
    if soort:
        item["CFItemType"] = soort
    return item


def _kind(kind: dict, ouder: dict) -> dict:
    def link(o: dict) -> dict:
        return {"title": o.get("humanCodingScheme", "doc"), "identifier": o["identifier"], "uri": o["uri"]}

    return {
        "identifier": str(uuid.uuid4()),
        "associationType": "isChildOf",
        "uri": "https://voorbeeld.nl/a",
        "originNodeURI": link(kind),
        "destinationNodeURI": link(ouder),
        "lastChangeDateTime": "2025-01-01T00:00:00Z",
    }


def raamwerk_24(extra_diepte: bool = False) -> dict:
    """A framework without item types: 2 domains, 4 kerntaken, 8 bouwstenen, 24 leeruitkomsten (depth 2-5)."""
    document = {
        "identifier": str(uuid.uuid4()),
        "uri": "https://voorbeeld.nl/doc",
        "creator": "Voorbeeldschool",
        "title": "Handhaver",
        "lastChangeDateTime": "2025-01-01T00:00:00Z",
    }
    items, associaties = [], []

    def voeg(titel: str, ouder: dict, volgorde: int) -> dict:
        item = _knoop(titel, volgorde=volgorde)
        items.append(item)
        associaties.append(_kind(item, ouder))
        return item

    for d in range(2):
        domein = voeg(f"D{d + 1}", document, d)
        for k in range(2):
            kt = voeg(f"K{d * 2 + k + 1}", domein, k)
            for b in range(2):
                bs = voeg(f"{kt['humanCodingScheme']}.B{b + 1}", kt, b)
                for lu in range(3):
                    leeruitkomst = voeg(f"{bs['humanCodingScheme']}.L{lu + 1}", bs, lu)
                    if extra_diepte and lu == 0:
                        voeg(f"{leeruitkomst['humanCodingScheme']}.X", leeruitkomst, 0)
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associaties}


def test_a_framework_without_types_is_mapped_by_depth(db) -> None:  # noqa: ANN001
    niveaus = lees_niveaus("kerntaak=3,bouwsteen=4,leeruitkomst=5")
    gezien, _ = importeer(db, json.dumps(raamwerk_24()), "HH-N4", "1.0", niveaus)
    assert gezien.aantallen == {"kerntaak": 4, "bouwsteen": 8, "leeruitkomst": 24, "beroepsvereiste": 0}
    assert gezien.weggelaten == 2  # the two domains above the kerntaken
    codes = db.scalars(select(Leeruitkomst.code).join(Leeruitkomst.bouwsteen).order_by(Leeruitkomst.id)).all()
    assert "K1.B1.L1" in codes and "K4.B2.L3" in codes


def _weigert(db, pakket: dict, niveaus: str | None, *woorden: str) -> None:  # noqa: ANN001
    voor = _aantal(db)
    with pytest.raises(PakketPast) as fout:
        importeer(db, json.dumps(pakket), "XX-N1", "1.0", lees_niveaus(niveaus) if niveaus else None)
    for woord in woorden:
        assert woord in str(fout.value)
    assert _aantal(db) == voor


def test_a_package_that_does_not_fit_is_refused_naming_what_it_found(db) -> None:  # noqa: ANN001
    # No item types and no --niveaus: the message names the depths and types it found.
    _weigert(db, raamwerk_24(), None, "--niveaus", "diepten {2: 2, 3: 4, 4: 8, 5: 24}", "(geen)")
    # Items below the leeruitkomst level are refused, not dropped.
    _weigert(db, raamwerk_24(extra_diepte=True), "kerntaak=3,bouwsteen=4,leeruitkomst=5", "dieper dan leeruitkomst")
    # Mapped one level too high: a "leeruitkomst" with children.
    _weigert(db, raamwerk_24(), "kerntaak=2,bouwsteen=3,leeruitkomst=4", "dieper dan leeruitkomst")
    with pytest.raises(PakketPast, match="geen JSON"):
        importeer(db, b"{niet json", "XX-N1", "1.0")
    with pytest.raises(PakketPast, match="niveaus volgen elkaar op"):
        lees_niveaus("kerntaak=2,bouwsteen=4,leeruitkomst=5")


def test_importing_under_an_existing_version_with_other_content_changes_nothing(client, db) -> None:  # noqa: ANN001
    niveaus = lees_niveaus("kerntaak=3,bouwsteen=4,leeruitkomst=5")
    with pytest.raises(Exception, match="bestaat al met andere inhoud"):
        importeer(db, json.dumps(raamwerk_24()), "WA-N6", "2.1", niveaus)
