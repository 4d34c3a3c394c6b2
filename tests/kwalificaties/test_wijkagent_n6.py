"""The loaded Wijkagent N6 versie 2.1 equals section 4.1 of the published text."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.kwalificaties import service
from app.models import Kernthema, Kwalificatie

from .seed import ADDENDUM_HEADING, SEED, section_4_1_rows, sentences, strip_tags


@pytest.fixture
def wijkagent(db) -> Kwalificatie:  # noqa: ANN001
    return service.kwalificatie_boom(db, "WA-N6", "2.1")


@pytest.fixture(scope="module")
def rows():  # noqa: ANN201
    assert SEED.exists(), f"de bron {SEED} ontbreekt"
    return section_4_1_rows()


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _letters(text: str) -> str:
    # Page breaks split some words ("(multi-" / ")interventies"); compare without white space.
    return "".join(text.split())


def test_wijkagent_has_five_kerntaken_and_twelve_bouwstenen(wijkagent: Kwalificatie) -> None:
    assert [kt.code for kt in wijkagent.kerntaken] == ["KT1", "KT2", "KT3", "KT4", "KT5"]
    codes = [bs.code for kt in wijkagent.kerntaken for bs in kt.bouwstenen]
    assert codes == [
        "B1.1",
        "B1.2",
        "B2.1",
        "B2.2",
        "B2.3",
        "B3.1",
        "B3.2",
        "B4.1",
        "B4.2",
        "B5.1",
        "B5.2",
        "B5.3",
    ]
    lu_codes = [lu.code for kt in wijkagent.kerntaken for bs in kt.bouwstenen for lu in bs.leeruitkomsten]
    assert lu_codes == [c.replace("B", "LU") for c in codes]


def test_kerntaak_titles_are_those_of_section_4_1(wijkagent: Kwalificatie, rows) -> None:  # noqa: ANN001
    source = [r.text for r in rows if r.label == "Kerntaak"]
    assert len(source) == 5
    for kerntaak, cell in zip(wijkagent.kerntaken, source, strict=True):
        # The cell is "<titel> <omschrijving>"; the export dropped the label for KT5's title.
        assert cell.startswith(kerntaak.titel), (kerntaak.code, cell[:90])
        assert _letters(kerntaak.omschrijving) in _letters(cell)


def test_bouwsteen_titles_and_descriptions_are_those_of_section_4_1(wijkagent: Kwalificatie, rows) -> None:  # noqa: ANN001
    source = [r.text for r in rows if r.label == "Bouwsteen"]
    bouwstenen = [bs for kt in wijkagent.kerntaken for bs in kt.bouwstenen]
    assert len(source) == len(bouwstenen) == 12
    for bouwsteen, cell in zip(bouwstenen, source, strict=True):
        assert cell.startswith(bouwsteen.titel), (bouwsteen.code, cell[:90])
        assert _letters(bouwsteen.omschrijving) in _letters(cell), bouwsteen.code


def test_every_leeruitkomst_text_is_complete_from_first_to_last_sentence(
    wijkagent: Kwalificatie,
    rows,  # noqa: ANN001
) -> None:
    source = [r.text for r in rows if r.label == "Leeruitkomst"]
    leeruitkomsten = [lu for kt in wijkagent.kerntaken for bs in kt.bouwstenen for lu in bs.leeruitkomsten]
    assert len(source) == len(leeruitkomsten) == 12
    for leeruitkomst, cell in zip(leeruitkomsten, source, strict=True):
        # The published words, the addendum headings included, as the text the API gives.
        tekst = _normalise(leeruitkomst.tekst)
        zinnen = sentences(cell)
        assert zinnen[0] in tekst, (leeruitkomst.code, zinnen[0])
        assert zinnen[-1] in tekst, (leeruitkomst.code, zinnen[-1])
        # Nothing dropped in between: every word of the source, in order.
        assert _letters(tekst) == _letters(cell), leeruitkomst.code


def test_kerntaak_context_texts_are_kept_whole(wijkagent: Kwalificatie, rows) -> None:  # noqa: ANN001
    fields = {
        "Context van deze kerntaak": "context",
        "Complexiteit van deze kerntaak": "complexiteit",
        "Zelfstandigheid en verantwoordelijkheid van deze kerntaak": "zelfstandigheid_en_verantwoordelijkheid",
    }
    for label, attribute in fields.items():
        source = [r.text for r in rows if r.label == label]
        assert len(source) == 5
        for kerntaak, cell in zip(wijkagent.kerntaken, source, strict=True):
            assert _letters(getattr(kerntaak, attribute)) == _letters(cell), (kerntaak.code, label)


def test_every_addendum_carries_its_published_heading_verbatim(wijkagent: Kwalificatie, rows) -> None:  # noqa: ANN001
    source = [r.text for r in rows if r.label == "Leeruitkomst"]
    leeruitkomsten = [lu for kt in wijkagent.kerntaken for bs in kt.bouwstenen for lu in bs.leeruitkomsten]
    for leeruitkomst, cell in zip(leeruitkomsten, source, strict=True):
        published = [m.group(0).strip() for m in ADDENDUM_HEADING.finditer(cell)]
        addenda = [o for o in leeruitkomst.onderdelen if o.aanvulling]
        assert [o.kop for o in addenda] == published, leeruitkomst.code
        for onderdeel in addenda:
            # The heading stands right before the addendum's own first words, as in the source.
            eerste_woorden = " ".join(onderdeel.tekst.split()[:6])
            assert f"{onderdeel.kop} {eerste_woorden}" in cell, (leeruitkomst.code, onderdeel.kop)
    alle = [o.kop for lu in leeruitkomsten for o in lu.onderdelen if o.aanvulling]
    assert len(alle) == 6
    assert "Specifiek voor de wijkagent op niveau 6 geldt aanvullend:" in alle
    assert "Voor de politiefunctie op niveau 6 geldt aanvullend:" in alle


def test_niveau_6_and_wijkagent_addenda_are_kept_apart_and_marked(wijkagent: Kwalificatie) -> None:
    b1_1 = wijkagent.kerntaken[0].bouwstenen[0].leeruitkomsten[0]
    assert [o.aanvulling for o in b1_1.onderdelen] == [None, "niveau_6"]
    assert b1_1.onderdelen[1].tekst.startswith("De politiefunctionaris heeft kritisch inzicht")
    b1_2 = wijkagent.kerntaken[0].bouwstenen[1].leeruitkomsten[0]
    assert [o.kop for o in b1_2.onderdelen if o.kop and not o.aanvulling] == [
        "Organisatiedoelen en maatschappelijk effect",
        "Samenwerken binnen de politie",
        "Samenwerken in het veiligheidsdomein",
        "Samenwerken met burgers",
    ]
    profiel = [
        o
        for kt in wijkagent.kerntaken
        for bs in kt.bouwstenen
        for lu in bs.leeruitkomsten
        for o in lu.onderdelen
        if o.aanvulling == "profiel"
    ]
    assert profiel, "de wijkagent-aanvullingen ontbreken"


def test_bok_themes_are_one_record_each_however_spelled(db, wijkagent: Kwalificatie) -> None:  # noqa: ANN001
    namen = list(db.scalars(select(Kernthema.naam).where(Kernthema.kwalificatie_id == wijkagent.id)))
    assert "Kwaliteits-, verander-, project-, informatie-, risicomanagement" in namen
    assert not any("risicomangement" in n for n in namen)
    assert "Ontwikkeling in wijk, web en wereld" not in namen
    folded = [" ".join(n.casefold().split()) for n in namen]
    assert len(folded) == len(set(folded))
    # Themes the export glued together without a bullet are separate records.
    assert not any("vakmanschap Positionering" in n for n in namen)
    b5_1, b5_2 = wijkagent.kerntaken[4].bouwstenen[:2]
    management = [
        k.kernthema_id
        for bs in (b5_1, b5_2)
        for k in bs.kernthema_koppelingen
        if k.kernthema.naam.startswith("Kwaliteits-")
    ]
    assert len(management) == 2 and len(set(management)) == 1


def test_every_bouwsteen_lists_its_bok_and_profile_themes_are_flagged(wijkagent: Kwalificatie) -> None:
    bouwstenen = [bs for kt in wijkagent.kerntaken for bs in kt.bouwstenen]
    assert all(bs.kernthema_koppelingen for bs in bouwstenen)
    b2_1 = bouwstenen[2]
    specifiek = [k.kernthema.naam for k in b2_1.kernthema_koppelingen if k.profielspecifiek]
    assert "Integrale aanpak en samenwerken met partners in het veiligheidsnetwerk" in specifiek


def test_beroepsvereisten_are_linked_to_every_leeruitkomst_that_names_them(wijkagent: Kwalificatie) -> None:
    vereisten = {bv.code: [lu.code for lu in bv.leeruitkomsten] for bv in wijkagent.beroepsvereisten}
    assert vereisten == {"RTGP": ["LU3.1", "LU3.2"], "IBT": ["LU3.2"], "PV": ["LU3.1", "LU3.2"]}
    rtgp, _, pv = wijkagent.beroepsvereisten
    assert "Regeling Toetsing Geweldsbeheersing Politie" in rtgp.naam
    assert pv.naam == "het ambtsedig opmaken van een proces-verbaal"
    # Section 4.2 names PV; both leeruitkomsten name RTGP in their text.
    lu3 = {lu.code: lu.tekst for bs in wijkagent.kerntaken[2].bouwstenen for lu in bs.leeruitkomsten}
    assert all("RTGP" in tekst for tekst in lu3.values())


def test_section_4_2_names_pv(rows) -> None:  # noqa: ANN001
    assert "het ambtsedig opmaken van een proces-verbaal" in SEED.read_text(encoding="utf-8")


def test_the_bundled_file_loads_once(db) -> None:  # noqa: ANN001
    resultaten = service.laad_meegeleverde(db)
    assert [r for _, r in resultaten] == [service.Laadresultaat.ongewijzigd]
    assert db.scalar(select(func.count()).select_from(Kwalificatie).where(Kwalificatie.code == "WA-N6")) == 1


def test_strip_tags_reads_the_export_as_text() -> None:
    assert strip_tags("<p><i>Weet</i> &amp; doet</p>") == "Weet & doet"


def test_the_api_gives_every_leeruitkomst_as_published_parts_and_headings_included(
    client,
    student,
    als,
    rows,  # noqa: ANN001
) -> None:
    als(student)
    body = client.get("/api/v1/kwalificaties/WA-N6/versies/2.1").json()
    leeruitkomsten = [lu for kt in body["kerntaken"] for bs in kt["bouwstenen"] for lu in bs["leeruitkomsten"]]
    source = [r.text for r in rows if r.label == "Leeruitkomst"]
    assert len(leeruitkomsten) == len(source) == 12
    for leeruitkomst, cell in zip(leeruitkomsten, source, strict=True):
        # The parts in order, each under its heading as published: together they are the cell of section 4.1.
        delen = " ".join(f"{o['kop']} {o['tekst']}" if o["kop"] else o["tekst"] for o in leeruitkomst["onderdelen"])
        assert _letters(delen) == _letters(cell), leeruitkomst["code"]
        for onderdeel in leeruitkomst["onderdelen"]:
            if onderdeel["kop"]:
                # A heading verbatim, in the source just before its part's first words.
                eerste_woorden = " ".join(onderdeel["tekst"].split()[:4])
                assert f"{onderdeel['kop']} {eerste_woorden}" in cell, (leeruitkomst["code"], onderdeel["kop"])
