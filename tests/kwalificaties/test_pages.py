"""Reading a kwalificatie in the browser: full pages, htmx fragments and live search."""

from __future__ import annotations

BASIS = "/kwalificaties/WA-N6/versies/2.1"


def test_list_links_to_wijkagent(client, student, als) -> None:  # noqa: ANN001
    als(student)
    html = client.get("/kwalificaties").text
    assert f'href="{BASIS}"' in html
    assert "Wijkagent (niveau 6)" in html


def test_kwalificatie_page_shows_every_kerntaak_and_bouwsteen(client, student, als) -> None:  # noqa: ANN001
    als(student)
    html = client.get(BASIS).text
    for code in ("KT1", "KT5", "B1.1", "B3.2", "B5.3", "LU4.2"):
        assert f'<span class="code">{code}</span>' in html
    assert "Versterken van de (informatie) positie in het veiligheidsnetwerk" in html
    assert 'hx-get="/kwalificaties/WA-N6/versies/2.1/bouwstenen/B3.1"' in html
    assert '<script src="/static/htmx-4.0.1.min.js"' in html


def test_bouwsteen_url_is_a_full_page_without_htmx(client, student, als) -> None:  # noqa: ANN001
    als(student)
    response = client.get(f"{BASIS}/bouwstenen/B3.1")
    assert response.status_code == 200
    assert "<html" in response.text and "Kruimelpad" in response.text
    assert "Leeruitkomst LU3.1" in response.text
    assert response.headers["vary"] == "HX-Request"


def test_bouwsteen_url_is_a_fragment_for_htmx(client, student, als) -> None:  # noqa: ANN001
    als(student)
    response = client.get(f"{BASIS}/bouwstenen/B3.1", headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert "Leeruitkomst LU3.1" in response.text
    assert "RTGP" in response.text  # the beroepsvereiste it demands
    assert "Basis wet- en regelgeving" in response.text or "Relevante wet- en regelgeving" in response.text


def test_bouwsteen_fragment_marks_profile_specific_bok(client, student, als) -> None:  # noqa: ANN001
    als(student)
    html = client.get(f"{BASIS}/bouwstenen/B2.1", headers={"HX-Request": "true"}).text
    assert "Integrale aanpak en samenwerken met partners in het veiligheidsnetwerk" in html
    assert "specifiek voor de wijkagent" in html
    assert '<p class="label">Specifiek voor de Wijkagent op niveau 6 geldt aanvullend:</p>' in html


def test_search_for_rtgp_finds_lu3_1(client, student, als) -> None:  # noqa: ANN001
    als(student)
    response = client.get(f"{BASIS}/zoeken", params={"q": "rtgp"}, headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert '<span class="code">LU3.1</span>' in response.text


def test_search_finds_kernthemas_and_the_bouwstenen_that_need_them(client, student, als) -> None:  # noqa: ANN001
    als(student)
    html = client.get(f"{BASIS}/zoeken", params={"q": "risicomanagement"}, headers={"HX-Request": "true"}).text
    assert "Kwaliteits-, verander-, project-, informatie-, risicomanagement" in html
    assert ">B5.1</a>" in html and ">B5.2</a>" in html


def test_search_without_htmx_is_a_full_page(client, student, als) -> None:  # noqa: ANN001
    als(student)
    html = client.get(f"{BASIS}/zoeken", params={"q": "RTGP"}).text
    assert "<html" in html and "LU3.1" in html


def test_search_explains_short_and_fruitless_terms(client, student, als) -> None:  # noqa: ANN001
    als(student)
    assert "minstens twee tekens" in client.get(f"{BASIS}/zoeken", params={"q": "a"}).text
    assert "Geen leeruitkomsten" in client.get(f"{BASIS}/zoeken", params={"q": "zzzqqq"}).text


def test_search_treats_percent_and_underscore_literally(client, student, als) -> None:  # noqa: ANN001
    als(student)
    assert "Geen leeruitkomsten" in client.get(f"{BASIS}/zoeken", params={"q": "%%"}).text


def test_unknown_bouwsteen_is_a_dutch_404_page(client, student, als) -> None:  # noqa: ANN001
    als(student)
    response = client.get(f"{BASIS}/bouwstenen/B9.9")
    assert response.status_code == 404
    assert "Bouwsteen B9.9 bestaat niet" in response.text
    assert "<html" in response.text


def test_unknown_page_is_a_dutch_404_page(client, student, als) -> None:  # noqa: ANN001
    als(student)
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Niet gevonden" in response.text


def test_kwalificatie_page_costs_a_fixed_number_of_queries(client, student, als, count_queries) -> None:  # noqa: ANN001
    als(student)
    with count_queries:
        client.get(BASIS)
    assert count_queries.count <= 12, count_queries.statements


def test_search_costs_a_fixed_number_of_queries(client, student, als, count_queries) -> None:  # noqa: ANN001
    als(student)
    with count_queries:
        client.get(f"{BASIS}/zoeken", params={"q": "politie"}, headers={"HX-Request": "true"})
    assert count_queries.count <= 11, count_queries.statements
