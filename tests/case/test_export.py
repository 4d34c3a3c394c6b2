"""The CASE 1.1 export of Wijkagent N6 2.1: shape, identifiers, hierarchy and published texts."""

from __future__ import annotations

import re

import pytest

from app.case import identifiers as ids
from tests.kwalificaties.seed import section_4_1_rows

BASIS = "/ims/case/v1p1"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

# The keys the CFPackage schema allows, spelled out (CASE 1.1 CFPackageDType and its parts).
PAKKET = {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics", "extensions"}
DOCUMENT = {
    "identifier", "uri", "frameworkType", "caseVersion", "creator", "title", "lastChangeDateTime",
    "officialSourceURL", "publisher", "description", "subject", "subjectURI", "language", "version",
    "adoptionStatus", "statusStartDate", "statusEndDate", "licenseURI", "notes", "extensions",
}  # fmt: skip
ITEM = {
    "identifier", "fullStatement", "alternativeLabel", "CFItemType", "uri", "humanCodingScheme",
    "listEnumeration", "abbreviatedStatement", "conceptKeywords", "conceptKeywordsURI", "notes", "subject",
    "subjectURI", "language", "educationLevel", "CFItemTypeURI", "licenseURI", "statusStartDate",
    "statusEndDate", "lastChangeDateTime", "extensions",
}  # fmt: skip
ASSOCIATIE = {
    "identifier", "associationType", "sequenceNumber", "uri", "originNodeURI", "destinationNodeURI",
    "CFAssociationGroupingURI", "lastChangeDateTime", "notes", "extensions",
}  # fmt: skip
LINK = {"title", "identifier", "uri"}


def _letters(tekst: str) -> str:
    return "".join(tekst.split())


@pytest.fixture
def pakket(client) -> dict:  # noqa: ANN001
    return client.get(f"{BASIS}/CFPackages/{ids.document_id('WA-N6', '2.1')}").json()


def test_documents_list_is_public_with_paging_and_total(client) -> None:  # noqa: ANN001
    response = client.get(f"{BASIS}/CFDocuments", params={"limit": 1, "offset": 0})
    assert response.status_code == 200
    assert int(response.headers["X-Total-Count"]) >= 1
    (doc,) = response.json()["CFDocuments"]
    assert doc["creator"] == "Politieacademie"
    assert doc["caseVersion"] == "1.1" and doc["language"] == "nl"
    assert set(doc["CFPackageURI"]) == LINK
    assert client.get(f"{BASIS}/CFDocuments", params={"offset": 10**6}).json() == {"CFDocuments": []}


def test_bad_paging_and_unknown_ids_answer_imsx_status_info(client) -> None:  # noqa: ANN001
    fout = client.get(f"{BASIS}/CFDocuments", params={"limit": "veel"})
    assert fout.status_code == 400
    assert fout.json()["imsx_codeMajor"] == "failure" and fout.json()["imsx_severity"] == "error"
    for pad in ("CFDocuments", "CFPackages", "CFItems", "CFAssociations", "CFItemAssociations", "CFItemTypes"):
        for sourced_id in ("geen-uuid", "00000000-0000-5000-8000-000000000000"):
            response = client.get(f"{BASIS}/{pad}/{sourced_id}")
            assert response.status_code == 404, pad
            assert {"imsx_codeMajor": "failure", "imsx_severity": "error"}.items() <= response.json().items()


def test_package_has_only_allowed_keys_and_no_document_links_inside(pakket: dict) -> None:
    assert set(pakket) <= PAKKET
    assert set(pakket["CFDocument"]) <= DOCUMENT
    for item in pakket["CFItems"]:
        assert set(item) <= ITEM, item["humanCodingScheme"]
    for associatie in pakket["CFAssociations"]:
        assert set(associatie) <= ASSOCIATIE
        assert set(associatie["originNodeURI"]) == set(associatie["destinationNodeURI"]) == LINK


def test_items_and_associations_of_the_wijkagent_tree(pakket: dict) -> None:
    per_type: dict[str, list[str]] = {}
    for item in pakket["CFItems"]:
        per_type.setdefault(item["CFItemType"], []).append(item["humanCodingScheme"])
    assert per_type["Kerntaak"] == ["KT1", "KT2", "KT3", "KT4", "KT5"]
    assert len(per_type["Bouwsteen"]) == len(per_type["Leeruitkomst"]) == 12
    assert per_type["Beroepsvereiste"] == ["RTGP", "IBT", "PV"]
    soorten = [a["associationType"] for a in pakket["CFAssociations"]]
    # 12 leeruitkomst → bouwsteen, 12 bouwsteen → kerntaak, 5 kerntaak → document.
    assert soorten.count("isChildOf") == 29
    assert soorten.count("isRelatedTo") == 5
    doc_id = pakket["CFDocument"]["identifier"]
    naar_document = [a for a in pakket["CFAssociations"] if a["destinationNodeURI"]["identifier"] == doc_id]
    assert [a["originNodeURI"]["title"] for a in naar_document] == per_type["Kerntaak"]


def test_identifiers_are_lowercase_uuids_and_stable_across_exports(client, pakket: dict) -> None:  # noqa: ANN001
    objecten = [pakket["CFDocument"], *pakket["CFItems"], *pakket["CFAssociations"]]
    assert all(UUID.match(o["identifier"]) for o in objecten)
    assert len({o["identifier"] for o in objecten}) == len(objecten)
    tweede = client.get(f"{BASIS}/CFPackages/{pakket['CFDocument']['identifier']}").json()
    assert tweede == pakket
    for obj in objecten[1:]:
        assert obj["uri"].endswith(obj["identifier"]) and f"{BASIS}/CF" in obj["uri"]


def test_every_full_statement_is_the_published_text(pakket: dict) -> None:
    rows = section_4_1_rows()
    bron = {
        "Leeruitkomst": [r.text for r in rows if r.label == "Leeruitkomst"],
        "Bouwsteen": [r.text for r in rows if r.label == "Bouwsteen"],
        "Kerntaak": [r.text for r in rows if r.label == "Kerntaak"],
    }
    for soort, cellen in bron.items():
        items = [i for i in pakket["CFItems"] if i["CFItemType"] == soort]
        assert len(items) == len(cellen)
        for item, cel in zip(items, cellen, strict=True):
            if soort == "Leeruitkomst":
                # All parts with the addendum headings: every word of the source, in order.
                assert _letters(item["fullStatement"]) == _letters(cel), item["humanCodingScheme"]
            else:
                assert _letters(item["fullStatement"]) in _letters(cel), item["humanCodingScheme"]
                assert _letters(cel).startswith(_letters(item["abbreviatedStatement"]))
    lu12 = next(i for i in pakket["CFItems"] if i["humanCodingScheme"] == "LU1.2")
    assert "Voor de politiefunctie op niveau 6 geldt aanvullend:" in lu12["fullStatement"]
    kt1 = pakket["CFItems"][0]
    assert kt1["notes"].startswith("Context van deze kerntaak\nDe politie heeft een bijzondere positie")


def test_single_objects_carry_their_document_and_item_associations(client, pakket: dict) -> None:  # noqa: ANN001
    lu = next(i for i in pakket["CFItems"] if i["humanCodingScheme"] == "LU3.2")
    enkel = client.get(f"{BASIS}/CFItems/{lu['identifier'].upper()}").json()
    assert enkel["CFDocumentURI"]["identifier"] == pakket["CFDocument"]["identifier"]
    assert {k: v for k, v in enkel.items() if k != "CFDocumentURI"} == lu
    samen = client.get(f"{BASIS}/CFItemAssociations/{lu['identifier']}").json()
    soorten = sorted((a["associationType"], a["originNodeURI"]["title"]) for a in samen["CFAssociations"])
    assert soorten == [("isChildOf", "LU3.2"), ("isRelatedTo", "IBT"), ("isRelatedTo", "PV"), ("isRelatedTo", "RTGP")]
    associatie = samen["CFAssociations"][0]
    assert client.get(f"{BASIS}/CFAssociations/{associatie['identifier']}").json() == associatie
    types = client.get(f"{BASIS}/CFItemTypes").json()["CFItemTypes"]
    assert [t["title"] for t in types] == ["Kerntaak", "Bouwsteen", "Leeruitkomst", "Beroepsvereiste"]
    assert client.get(f"{BASIS}/CFItemTypes/{types[0]['identifier']}").json() == {"CFItemTypes": [types[0]]}
