"""Between versions: 2.2's exactMatchOf / replacedBy to 2.1 go out as CFAssociations and come back in on import."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.case import identifiers as ids
from app.case.importeren import importeer
from app.kwalificaties import repository
from app.kwalificaties import service as kwalificaties
from app.models import Kwalificatie
from app.models.kwalificatie import RelatieSoort
from tests.case.test_export import ASSOCIATIE, BASIS, LINK
from tests.organisatie.test_versiewissel import VOORBEELD_22


@pytest.fixture
def pakket_22(client, db) -> dict:  # noqa: ANN001
    kwalificaties.laad_bestand(db, VOORBEELD_22)
    return client.get(f"{BASIS}/CFPackages/{ids.document_id('WA-N6', '2.2')}").json()


def _tussen_versies(pakket: dict) -> list[tuple[str, str, str]]:
    return [
        (a["associationType"], a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
        for a in pakket["CFAssociations"]
        if a["associationType"] in ("exactMatchOf", "replacedBy")
    ]


def test_the_export_of_22_carries_its_relations_to_21(client, pakket_22: dict) -> None:  # noqa: ANN001
    relaties = _tussen_versies(pakket_22)
    exact = [(van, naar) for soort, van, naar in relaties if soort == "exactMatchOf"]
    vervangen = [(van, naar) for soort, van, naar in relaties if soort == "replacedBy"]
    assert len(exact) == 11
    assert (ids.item_id("WA-N6", "2.2", "LU1.1"), ids.item_id("WA-N6", "2.1", "LU1.1")) in exact
    # replacedBy runs from the old item to the new one.
    assert vervangen == [(ids.item_id("WA-N6", "2.1", "LU2.2"), ids.item_id("WA-N6", "2.2", "LU2.2"))]
    for a in pakket_22["CFAssociations"]:
        assert set(a) <= ASSOCIATIE
        assert set(a["originNodeURI"]) <= LINK and set(a["destinationNodeURI"]) <= LINK
    # The other end is a real item of 2.1, served at its URI.
    oud = client.get(f"{BASIS}/CFItems/{ids.item_id('WA-N6', '2.1', 'LU2.2')}")
    assert oud.status_code == 200 and oud.json()["humanCodingScheme"] == "LU2.2"
    # 2.1's own package is unchanged by its successor: no relations in it.
    pakket_21 = client.get(f"{BASIS}/CFPackages/{ids.document_id('WA-N6', '2.1')}").json()
    assert _tussen_versies(pakket_21) == []


def test_importing_the_export_of_22_keeps_the_relations_to_21(db, pakket_22: dict) -> None:  # noqa: ANN001
    gezien, _ = importeer(db, json.dumps(pakket_22), "WA-KOPIE", "2.2")
    assert gezien.genegeerd == 0
    kopie = db.scalar(select(Kwalificatie).where(Kwalificatie.code == "WA-KOPIE"))
    relaties = repository.relaties_van(db, kopie.id)
    assert len(relaties) == 12
    assert {(r.vorige_code, r.vorige_versie) for r in relaties} == {("WA-N6", "2.1")}
    assert [
        (r.soort, r.leeruitkomst, r.vorige_leeruitkomst) for r in relaties if r.soort is RelatieSoort.replacedBy
    ] == [(RelatieSoort.replacedBy, "LU2.2", "LU2.2")]


def test_relations_to_items_not_loaded_here_are_left_out_and_counted(db, pakket_22: dict) -> None:  # noqa: ANN001
    for a in pakket_22["CFAssociations"]:
        if a["associationType"] == "exactMatchOf":
            a["destinationNodeURI"]["identifier"] = "00000000-0000-4000-8000-000000000000"
    gezien, _ = importeer(db, json.dumps(pakket_22), "WA-ANDERS", "2.2")
    assert gezien.genegeerd == 11
    anders = db.scalar(select(Kwalificatie).where(Kwalificatie.code == "WA-ANDERS"))
    assert [r.soort for r in repository.relaties_van(db, anders.id)] == [RelatieSoort.replacedBy]
