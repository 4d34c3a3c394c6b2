"""The kwalificatie API answers in the shapes API.md promises integrators."""

from __future__ import annotations


def test_list_shows_wijkagent_n6_with_its_version(client, student, als) -> None:  # noqa: ANN001
    als(student)
    response = client.get("/api/v1/kwalificaties")
    assert response.status_code == 200
    assert {"code": "WA-N6", "versie": "2.1", "titel": "Wijkagent", "niveau": 6, "versiedatum": "2021-12-03"} in (
        response.json()
    )


def test_a_version_has_the_whole_tree_in_the_documented_shape(client, student, als) -> None:  # noqa: ANN001
    als(student)
    body = client.get("/api/v1/kwalificaties/WA-N6/versies/2.1").json()
    assert set(body) == {
        "code",
        "versie",
        "titel",
        "niveau",
        "versiedatum",
        "kerntaken",
        "beroepsvereisten",
        "beoordelaars_vereist",
    }
    kerntaak = body["kerntaken"][0]
    assert set(kerntaak) == {
        "code",
        "titel",
        "omschrijving",
        "context",
        "complexiteit",
        "zelfstandigheid_en_verantwoordelijkheid",
        "bouwstenen",
    }
    bouwsteen = kerntaak["bouwstenen"][0]
    assert set(bouwsteen) == {"code", "titel", "omschrijving", "leeruitkomsten", "kernthemas"}
    assert set(bouwsteen["leeruitkomsten"][0]) == {"code", "tekst", "onderdelen"}
    assert set(bouwsteen["leeruitkomsten"][0]["onderdelen"][0]) == {"kop", "aanvulling", "tekst"}
    assert set(bouwsteen["kernthemas"][0]) == {"naam", "profielspecifiek"}
    assert set(body["beroepsvereisten"][0]) == {"code", "naam", "omschrijving", "leeruitkomsten"}
    assert body["beroepsvereisten"][0]["code"] == "RTGP"
    assert len([b for k in body["kerntaken"] for b in k["bouwstenen"]]) == 12


def test_leeruitkomst_text_marks_the_niveau_6_addendum(client, student, als) -> None:  # noqa: ANN001
    als(student)
    body = client.get("/api/v1/kwalificaties/WA-N6/versies/2.1").json()
    tekst = body["kerntaken"][0]["bouwstenen"][0]["leeruitkomsten"][0]["tekst"]
    assert tekst.startswith("De politiefunctionaris kan de taken en positie")
    assert "Voor de politiefunctionaris op niveau 6 geldt aanvullend:\nDe politiefunctionaris heeft kritisch" in tekst


def test_unknown_code_is_a_404_problem_in_dutch(client, student, als) -> None:  # noqa: ANN001
    als(student)
    response = client.get("/api/v1/kwalificaties/XX-N9/versies/2.1")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 404
    assert problem["title"] == "Niet gevonden"
    assert "XX-N9" in problem["detail"]


def test_unknown_version_is_a_404_problem(client, student, als) -> None:  # noqa: ANN001
    als(student)
    response = client.get("/api/v1/kwalificaties/WA-N6/versies/9.9")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_unknown_api_path_is_a_problem_too(client, student, als) -> None:  # noqa: ANN001
    als(student)
    response = client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response.json()["title"] == "Niet gevonden"


def test_openapi_is_published_under_api_v1(client, student, als) -> None:  # noqa: ANN001
    als(student)
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    # Every path is relative to the one server, /api/v1; none names a server of its own.
    assert [server["url"].rsplit("/", 2)[1:] for server in spec["servers"]] == [["api", "v1"]]
    assert "/kwalificaties/{code}/versies/{versie}" in spec["paths"]
    assert not any(path.startswith("/api/") or "servers" in item for path, item in spec["paths"].items())


def test_the_tree_costs_a_fixed_number_of_queries(client, student, als, count_queries) -> None:  # noqa: ANN001
    als(student)
    with count_queries:
        client.get("/api/v1/kwalificaties/WA-N6/versies/2.1")
    assert count_queries.count <= 12, count_queries.statements


def test_the_api_gives_the_parts_headings_kerntaak_texts_and_linked_beroepsvereisten(
    client,
    student,
    als,  # noqa: ANN001
) -> None:
    als(student)
    body = client.get("/api/v1/kwalificaties/WA-N6/versies/2.1").json()
    kt1 = body["kerntaken"][0]
    assert kt1["context"] and kt1["complexiteit"] and kt1["zelfstandigheid_en_verantwoordelijkheid"]
    assert "Voor de politiefunctionaris op niveau 6 geldt aanvullend:" in kt1["complexiteit"]
    lu1_1 = kt1["bouwstenen"][0]["leeruitkomsten"][0]
    assert [(o["kop"], o["aanvulling"]) for o in lu1_1["onderdelen"]] == [
        (None, None),
        ("Voor de politiefunctionaris op niveau 6 geldt aanvullend:", "niveau_6"),
    ]
    assert lu1_1["onderdelen"][1]["tekst"].startswith("De politiefunctionaris heeft kritisch inzicht")
    # The whole text is the parts in order, each under its heading.
    assert lu1_1["tekst"] == "\n\n".join(
        f"{o['kop']}\n{o['tekst']}" if o["kop"] else o["tekst"] for o in lu1_1["onderdelen"]
    )
    lu1_2 = kt1["bouwstenen"][1]["leeruitkomsten"][0]
    assert [o["kop"] for o in lu1_2["onderdelen"]] == [
        "Organisatiedoelen en maatschappelijk effect",
        "Samenwerken binnen de politie",
        "Samenwerken in het veiligheidsdomein",
        "Samenwerken met burgers",
        "Voor de politiefunctie op niveau 6 geldt aanvullend:",
    ]
    vereisten = {b["code"]: b["leeruitkomsten"] for b in body["beroepsvereisten"]}
    assert vereisten == {"RTGP": ["LU3.1", "LU3.2"], "IBT": ["LU3.2"], "PV": ["LU3.1", "LU3.2"]}
    pv = body["beroepsvereisten"][2]
    assert pv["naam"] == "het ambtsedig opmaken van een proces-verbaal"
    assert "proces-verbaal" in pv["omschrijving"]
