"""The cohort overview page and its API: who sees which students, filters, order, paging, fixed query counts."""

from __future__ import annotations

import re

import pytest

from app.models import Rol
from tests import factories
from tests.beoordeling.conftest import maak_beoordeling, maak_ingediend
from tests.cohortoverzicht.conftest import Cohortdata

PAD = "/cohorten/WA6-OVERZICHT-01/voortgang"
API = "/api/v1" + PAD


def _namen(client, url: str = API, **params) -> list[str]:  # noqa: ANN001, ANN003
    antwoord = client.get(url, params=params)
    assert antwoord.status_code == 200, antwoord.text
    return [r["student"]["naam"] for r in antwoord.json()]


def _rijkoppen(html: str) -> list[str]:
    """The student names in the matrix, in order (the row headers)."""
    return re.findall(r'<th scope="row"[^>]*><a href="/studenten/\d+/portfolio">([^<]+)</a>', html)


def test_examencommissie_ziet_iedereen_van_het_cohort_met_status_in_tekst(
    client, als, examencommissielid, cohortdata: Cohortdata
) -> None:  # noqa: ANN001
    als(examencommissielid)
    antwoord = client.get(PAD)

    assert antwoord.status_code == 200
    html = antwoord.text
    assert _rijkoppen(html) == ["Anna Aangetoond", "Bart Beoordeling", "Cas Concept"]
    assert "Dirk Elders" not in html
    # A labelled region that scrolls by keyboard too, and every status as words, never colour alone.
    assert re.search(r'<div class="matrix-regio" role="region" aria-label="[^"]+" tabindex="0">', html)
    assert '<abbr title="Aangetoond" aria-hidden="true">✓ A</abbr>' in html
    assert '<span class="visueel-verborgen">Aangetoond</span>' in html
    assert '<abbr title="Ter beoordeling" aria-hidden="true">◷ TB</abbr>' in html
    assert ">1/12<" in html and ">0/12<" in html
    for code in ("LU1.1", "LU3.2", "LU5.3"):
        assert f'<th scope="col" data-label="">{code}</th>' in html
    assert 'href="/api/v1/cohorten/WA6-OVERZICHT-01/voortgang.csv"' in html
    assert 'href="/api/v1/cohorten/WA6-OVERZICHT-01/voortgang.xlsx"' in html


def test_praktijkbegeleider_ziet_alleen_de_eigen_studenten_van_dat_cohort(client, als, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    als(cohortdata.begeleider)

    assert _namen(client) == ["Anna Aangetoond", "Bart Beoordeling"]
    assert _rijkoppen(client.get(PAD).text) == ["Anna Aangetoond", "Bart Beoordeling"]


def test_andere_praktijkbegeleider_ziet_niemand_van_het_cohort(client, db, als, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    als(factories.create_gebruiker(db, Rol.praktijkbegeleider))

    assert _namen(client) == []
    assert "Er zijn (nu) geen studenten in dit cohort die je mag zien." in client.get(PAD).text
    assert "WA6-OVERZICHT-01" not in client.get("/cohorten/voortgang").text


def test_student_krijgt_404_op_pagina_en_api(client, als, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    als(cohortdata.anna)

    for url in (PAD, API, API + ".csv", API + ".xlsx", "/cohorten/voortgang"):
        assert client.get(url).status_code == 404, url
    assert "Cohortoverzicht" not in client.get("/portfolio").text


def test_anoniem_krijgt_401_van_de_api(client, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    antwoord = client.get(API)
    assert antwoord.status_code == 401
    assert antwoord.headers["content-type"] == "application/problem+json"


def test_onbekend_cohort_is_een_nederlands_probleem(client, als, beheerder) -> None:  # noqa: ANN001
    als(beheerder)
    antwoord = client.get("/api/v1/cohorten/BESTAAT-NIET/voortgang")

    assert antwoord.status_code == 404
    assert antwoord.headers["content-type"] == "application/problem+json"
    assert antwoord.json()["detail"] == "Cohort BESTAAT-NIET bestaat niet."
    assert client.get("/cohorten/BESTAAT-NIET/voortgang").status_code == 404
    assert client.get("/api/v1/cohorten/BESTAAT-NIET/voortgang.csv").status_code == 404


def test_api_geeft_per_student_de_statussen_zoals_voortgang_ze_meldt(
    client, als, examencommissielid, cohortdata: Cohortdata
) -> None:  # noqa: ANN001
    als(examencommissielid)
    [anna, bart, cas] = client.get(API).json()

    assert anna["student"] == {
        "id": cohortdata.anna.id,
        "naam": "Anna Aangetoond",
        "studentnummer": cohortdata.anna.studentnummer,
    }
    assert (anna["aangetoond"], anna["totaal"], anna["diplomabaar"]) == (1, 12, False)
    assert list(anna["leeruitkomsten"])[:3] == ["LU1.1", "LU1.2", "LU2.1"]  # document order
    assert bart["leeruitkomsten"]["LU1.1"] == bart["leeruitkomsten"]["LU1.2"] == "ter_beoordeling"
    assert set(cas["leeruitkomsten"].values()) == {"niet_gestart"}
    for rij, persoon in ((anna, cohortdata.anna), (bart, cohortdata.bart), (cas, cohortdata.cas)):
        eigen = client.get(f"/api/v1/studenten/{persoon.id}/voortgang").json()
        assert rij["leeruitkomsten"] == {lu["code"]: lu["status"] for lu in eigen["leeruitkomsten"]}
        assert rij["aangetoond"] == eigen["aangetoond"]


def test_cohortcode_is_hoofdletterongevoelig(client, als, beheerder, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    als(beheerder)
    assert len(_namen(client, API.lower())) == 3


@pytest.mark.parametrize(
    ("status", "verwacht"),
    [
        ("ter_beoordeling", ["Bart Beoordeling"]),
        ("aangetoond", ["Anna Aangetoond"]),
        ("niet_gestart", ["Anna Aangetoond", "Bart Beoordeling", "Cas Concept"]),
        ("niet_aangetoond", []),
        ("diplomabaar", []),
    ],
)
def test_filter_op_status(client, als, beheerder, cohortdata: Cohortdata, status: str, verwacht: list[str]) -> None:  # noqa: ANN001
    als(beheerder)
    assert _namen(client, status=status) == verwacht
    assert _rijkoppen(client.get(PAD, params={"status": status}).text) == verwacht


def test_sorteren_op_voortgang(client, db, als, beheerder, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    # Cas gets two leeruitkomsten aangetoond: most progress now.
    for code in ("LU2.1", "LU2.2"):
        maak_beoordeling(db, cohortdata.cas, cohortdata.begeleider, maak_ingediend(db, cohortdata.cas, (code,)))
    als(beheerder)

    assert _namen(client, sorteer="meest") == ["Cas Concept", "Anna Aangetoond", "Bart Beoordeling"]
    assert _namen(client, sorteer="minst") == ["Bart Beoordeling", "Anna Aangetoond", "Cas Concept"]
    assert _rijkoppen(client.get(PAD, params={"sorteer": "meest"}).text)[0] == "Cas Concept"


def test_onbekende_filterwaarde_is_422_geen_500(client, als, beheerder, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    als(beheerder)
    antwoord = client.get(API, params={"status": "kapot", "sorteer": "x"})

    assert antwoord.status_code == 422
    assert "Kies een status uit de lijst." in antwoord.json()["detail"]
    assert client.get(PAD, params={"status": "kapot"}).status_code == 422


def test_api_pagineert_met_headers(client, als, beheerder, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    als(beheerder)
    antwoord = client.get(API, params={"per_pagina": "2", "sorteer": "minst"})

    assert [r["student"]["naam"] for r in antwoord.json()] == ["Bart Beoordeling", "Cas Concept"]
    assert antwoord.headers["X-Total-Count"] == "3"
    assert 'rel="next"' in antwoord.headers["Link"] and "pagina=2" in antwoord.headers["Link"]
    assert _namen(client, per_pagina="2", pagina="2") == ["Cas Concept"]


def test_htmx_filter_geeft_alleen_de_tabel(client, als, beheerder, cohortdata: Cohortdata) -> None:  # noqa: ANN001
    als(beheerder)
    antwoord = client.get(PAD, params={"status": "ter_beoordeling"}, headers={"HX-Request": "true"})

    assert "<h1>" not in antwoord.text
    assert _rijkoppen(antwoord.text) == ["Bart Beoordeling"]


def test_keuzepagina_en_links_voor_wie_cohorten_ziet(client, als, cohortdata: Cohortdata, beheerder) -> None:  # noqa: ANN001
    link = f'href="{PAD}"'
    als(cohortdata.begeleider)
    keuze = client.get("/cohorten/voortgang").text
    assert link in keuze and 'href="/cohorten/voortgang"' in keuze  # the nav entry
    assert link in client.get("/studenten", params={"cohort": "WA6-OVERZICHT-01"}).text

    als(beheerder)
    assert link in client.get("/cohorten/voortgang").text
    assert link in client.get("/beheer/cohorten", params={"per_pagina": "250"}).text


def test_examencommissie_heeft_het_cohortoverzicht_in_het_menu(client, als, examencommissielid) -> None:  # noqa: ANN001
    als(examencommissielid)
    assert '<a href="/cohorten/voortgang"' in client.get("/kwalificaties").text


# A fixed number of queries, whatever the cohort's size.


def _vul(db, cohortdata: Cohortdata, aantal: int) -> None:  # noqa: ANN001
    ids = factories.create_veel_studenten(db, aantal, cohort=cohortdata.cohort, begeleider=cohortdata.begeleider)
    # Evidence for some of them, so the statuses are not all empty.
    for student_id in ids[:5]:
        student = db.get(type(cohortdata.anna), student_id)
        maak_ingediend(db, student, ("LU2.1",))


@pytest.mark.parametrize(
    "url",
    [PAD, PAD + "?sorteer=minst", PAD + "?status=ter_beoordeling", "/cohorten/voortgang", API, API + "?sorteer=meest"],
)
@pytest.mark.parametrize("wie", ["examencommissie", "praktijkbegeleider"])
def test_vast_aantal_queries_bij_3_en_205_studenten(
    client, db, als, count_queries, examencommissielid, cohortdata: Cohortdata, url: str, wie: str
) -> None:  # noqa: ANN001
    als(examencommissielid if wie == "examencommissie" else cohortdata.begeleider)
    with count_queries:
        assert client.get(url).status_code == 200
    bij_3 = count_queries.count

    _vul(db, cohortdata, 202)
    with count_queries:
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    assert count_queries.count == bij_3, count_queries.statements
    if url == PAD:
        # The page shows 50 students at once, then pages.
        assert len(_rijkoppen(antwoord.text)) == 50
        totaal = 205 if wie == "examencommissie" else 204  # Cas is not the begeleider's
        assert f"1–50 van {totaal}" in antwoord.text
