"""The beheer page that imports a CFPackage: preview first, then all or nothing; every refusal in Dutch."""

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import func, select

from app.case import identifiers as ids
from app.models import AuditRecord, Kwalificatie

from .test_import import raamwerk_24

PAD = "/beheer/kwalificaties/import"


def _tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _aantal(db) -> int:  # noqa: ANN001
    return db.scalar(select(func.count()).select_from(Kwalificatie))


def _voorbeeld(client, inhoud: bytes, **velden: str):  # noqa: ANN001, ANN202
    data = {"code": "HH-N4", "versie": "1.0", "indeling": "itemtype", "kerntaak_diepte": "2", **velden}
    return client.post(f"{PAD}/voorbeeld", data=data, files={"bestand": ("raamwerk.json", inhoud, "application/json")})


def test_by_depth_preview_then_import(client, db, als, beheerder) -> None:  # noqa: ANN001
    als(beheerder)
    assert "Kwalificatie importeren (CASE)" in client.get("/beheer").text
    assert client.get(PAD).status_code == 200
    voor = _aantal(db)
    pagina = _voorbeeld(client, json.dumps(raamwerk_24()).encode(), indeling="diepte", kerntaak_diepte="3")
    assert pagina.status_code == 200, _tekst(pagina.text)
    tekst = _tekst(pagina.text)
    assert "4 kerntaken" in tekst and "8 bouwstenen" in tekst and "24 leeruitkomsten" in tekst
    assert "2 items boven de kerntaken blijven weg" in tekst
    assert "Leeruitkomst K1.B1.L1" in tekst
    assert _aantal(db) == voor  # the preview writes nothing

    pakket = re.search(r'name="pakket" value="([^"]*)"', pagina.text).group(1)
    data = {
        "pakket": html.unescape(pakket),
        "code": "HH-N4",
        "versie": "1.0",
        "indeling": "diepte",
        "kerntaak_diepte": "3",
    }
    gedaan = client.post(PAD, data=data)
    assert gedaan.status_code == 200, _tekst(gedaan.text)
    assert "HH-N4 versie 1.0 is geladen: 4 kerntaken, 8 bouwstenen, 24 leeruitkomsten" in _tekst(gedaan.text)
    assert _aantal(db) == voor + 1
    record = db.scalar(select(AuditRecord).where(AuditRecord.actie == "kwalificatie_geimporteerd"))
    assert json.loads(record.gegevens)["code"] == "HH-N4"
    # The same again: refused, nothing loaded twice.
    nogmaals = client.post(PAD, data=data)
    assert nogmaals.status_code == 422
    assert "bestaat al" in _tekst(nogmaals.text)
    assert _aantal(db) == voor + 1


def test_our_own_export_by_item_type(client, db, als, beheerder) -> None:  # noqa: ANN001
    pakket = client.get(f"/ims/case/v1p1/CFPackages/{ids.document_id('WA-N6', '2.1')}").content
    als(beheerder)
    pagina = _voorbeeld(client, pakket, code="WA-KOPIE", versie="2.1")
    assert pagina.status_code == 200
    tekst = _tekst(pagina.text)
    assert "5 kerntaken" in tekst and "12 leeruitkomsten" in tekst and "3 beroepsvereisten" in tekst


@pytest.mark.parametrize(
    ("inhoud", "velden", "woorden"),
    [
        (b"{niet json", {}, ["geen JSON", "niets geladen"]),
        (b"[1, 2]", {}, ["Geen CFPackage"]),
        (json.dumps({"CFDocument": {}, "CFItems": [{"identifier": "x", "CFItemType": 5}]}).encode(), {}, ["past niet"]),
        (json.dumps({"CFDocument": [], "CFItems": {}}).encode(), {}, ["Geen CFPackage"]),
        (b"[" * 100000 + b"]" * 100000, {}, ["niets geladen"]),
        (json.dumps(raamwerk_24()).encode(), {}, ["--niveaus", "diepten {2: 2, 3: 4, 4: 8, 5: 24}"]),
        (
            json.dumps(raamwerk_24()).encode(),
            {"indeling": "diepte", "kerntaak_diepte": "2"},
            ["dieper dan leeruitkomst"],
        ),
        (
            json.dumps(raamwerk_24()).encode(),
            {"indeling": "diepte", "kerntaak_diepte": "nul"},
            ["diepte van 2 tot en met 20"],
        ),
        (json.dumps(raamwerk_24()).encode(), {"code": ""}, ["Vul een code in"]),
        (b"{}" + b" " * (2 * 1024 * 1024), {}, ["groter dan 2 MB"]),
    ],
)
def test_a_refused_package_is_a_dutch_message_and_changes_nothing(  # noqa: ANN001
    client, db, als, beheerder, inhoud: bytes, velden: dict, woorden: list[str]
) -> None:
    als(beheerder)
    voor = _aantal(db)
    pagina = _voorbeeld(client, inhoud, **velden)
    assert pagina.status_code == 422, _tekst(pagina.text)[:500]
    tekst = _tekst(pagina.text)
    for woord in woorden:
        assert woord in tekst
    assert 'name="code"' in pagina.text  # the form is there again
    assert _aantal(db) == voor


def test_without_a_file_and_for_others(client, db, als, beheerder, student) -> None:  # noqa: ANN001
    als(beheerder)
    zonder = client.post(f"{PAD}/voorbeeld", data={"code": "X", "versie": "1"})
    assert zonder.status_code == 422 and "Kies een JSON-bestand" in _tekst(zonder.text)
    als(student)
    assert client.get(PAD).status_code in (403, 404)
