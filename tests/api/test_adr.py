"""/api/v1 keeps the NL API Design Rules (Logius ADR) that its linter checks, tested with our own code.

The Spectral ruleset itself stays outside the repository; these tests hold the OpenAPI document
and the real answers to the same rules: lowerCamelCase query keys, a declared 400 and problem JSON
for every error, the API-Version header declared and sent, date formats, servers, contact, semver.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.routing import Match

from app.main import create_app
from app.models import Rol
from tests import factories

DOCUMENT = create_app().openapi()
METHODEN = ("get", "put", "post", "delete", "patch", "head", "options")
# As the ADR ruleset has them (nlgov:query-keys-camel-case, nlgov:semver).
LOWER_CAMEL_CASE = re.compile(r"^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$")
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)"
    r"(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


def _volg(waarde: Any) -> Any:
    """Follow a local $ref (#/components/...) to what it names."""
    while isinstance(waarde, dict) and "$ref" in waarde:
        doel: Any = DOCUMENT
        for deel in waarde["$ref"].removeprefix("#/").split("/"):
            doel = doel[deel]
        waarde = doel
    return waarde


def _operaties() -> Iterator[tuple[str, str, dict]]:
    for pad, item in DOCUMENT["paths"].items():
        for methode, operatie in item.items():
            if methode in METHODEN:
                yield pad, methode, operatie


OPERATIES = list(_operaties())
IDS = [f"{m.upper()} {p}" for p, m, _ in OPERATIES]


def _eigenschappen(schema: Any, pad: str = "") -> Iterator[tuple[str, str, dict]]:
    """Every (place, name, schema) of a property anywhere in the document."""
    if isinstance(schema, list):
        for i, deel in enumerate(schema):
            yield from _eigenschappen(deel, f"{pad}[{i}]")
    elif isinstance(schema, dict):
        for naam, eigenschap in (schema.get("properties") or {}).items():
            if isinstance(eigenschap, dict):
                yield pad, naam, eigenschap
        for sleutel, waarde in schema.items():
            yield from _eigenschappen(waarde, f"{pad}/{sleutel}")


def test_het_document_noemt_server_contact_en_een_semver_versie() -> None:
    assert DOCUMENT["servers"], "geen servers"
    for server in DOCUMENT["servers"]:
        assert re.search(r"/v\d+$", server["url"]), server["url"]  # the major version in the URI
        assert server["url"].endswith("/api/v1")
    contact = DOCUMENT["info"]["contact"]
    assert {"name", "email", "url"} <= set(contact) and all(contact[k] for k in ("name", "email", "url"))
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", contact["email"])
    assert SEMVER.match(DOCUMENT["info"]["version"]), DOCUMENT["info"]["version"]
    assert DOCUMENT["info"]["version"].startswith("1.")  # the v1 of the path


def test_elk_pad_onder_de_server_is_een_echte_route() -> None:
    """Paths are relative to /api/v1: each one, with that prefix, is a route of the app (so generated
    requests, as schemathesis sends them, reach the operation and not a 404)."""
    app = create_app()
    for pad, methode, _ in OPERATIES:
        voorbeeld = re.sub(r"\{[^}]+\}", "1", f"/api/v1{pad}")
        scope = {"type": "http", "method": methode.upper(), "path": voorbeeld, "root_path": ""}
        assert any(route.matches(scope)[0] == Match.FULL for route in app.router.routes), f"{methode} {pad}"
    assert not any(pad.startswith("/api/") or pad.endswith("/") for pad in DOCUMENT["paths"])


@pytest.mark.parametrize(("pad", "methode", "operatie"), OPERATIES, ids=IDS)
def test_elke_querysleutel_is_lower_camel_case(pad: str, methode: str, operatie: dict) -> None:
    for parameter in map(_volg, operatie.get("parameters", [])):
        if parameter["in"] == "query":
            assert LOWER_CAMEL_CASE.match(parameter["name"]), f"{methode} {pad}: {parameter['name']}"


def test_per_pagina_staat_als_verouderde_naam_bij_per_pagina() -> None:
    gepagineerd = [o for _, _, o in OPERATIES if any(p["name"] == "perPagina" for p in o.get("parameters", []))]
    assert len(gepagineerd) >= 7
    for operatie in gepagineerd:
        parameter = next(p for p in operatie["parameters"] if p["name"] == "perPagina")
        assert parameter["x-deprecated-aliases"] == ["per_pagina"]
        assert "per_pagina" in parameter["description"]


@pytest.mark.parametrize(("pad", "methode", "operatie"), OPERATIES, ids=IDS)
def test_elke_operatie_kan_400_geven_en_elke_fout_is_problem_json(pad: str, methode: str, operatie: dict) -> None:
    antwoorden = operatie["responses"]
    assert "400" in antwoorden, f"{methode} {pad}"
    for code, antwoord in antwoorden.items():
        if code[0] in "45":
            inhoud = _volg(antwoord)["content"]
            assert list(inhoud) == ["application/problem+json"], f"{methode} {pad} {code}"
            schema = _volg(inhoud["application/problem+json"]["schema"])
            assert {"status", "title", "detail"} <= set(schema["properties"])
            assert {"status", "title", "detail"} <= set(schema["required"])


@pytest.mark.parametrize(("pad", "methode", "operatie"), OPERATIES, ids=IDS)
def test_elk_antwoord_declareert_de_api_version_header(pad: str, methode: str, operatie: dict) -> None:
    for code, antwoord in operatie["responses"].items():
        headers = {naam.lower(): _volg(h) for naam, h in (_volg(antwoord).get("headers") or {}).items()}
        assert "api-version" in headers, f"{methode} {pad} {code}"
        assert headers["api-version"]["schema"]["type"] == "string"


def test_elk_datumveld_declareert_zijn_formaat() -> None:
    gezien = 0
    for plaats, naam, eigenschap in _eigenschappen(DOCUMENT):
        takken = [eigenschap, *eigenschap.get("anyOf", []), *eigenschap.get("allOf", [])]
        formaten = {t.get("format") for t in takken if isinstance(t, dict)} - {None}
        # A nullable date (anyOf [date, null]) says its format beside the anyOf, where readers look.
        if formaten & {"date", "date-time"}:
            gezien += 1
            assert eigenschap.get("format") in ("date", "date-time"), f"{plaats}.{naam}"
        # A date is a date, not a date-time (nlgov:use-date-instead-of-datetime), and has a format.
        if naam in ("date", "datum") or re.search(r"(\w+D|_[dD])(ate|atum)", naam):
            assert eigenschap.get("format") == "date", f"{plaats}.{naam}"
        assert eigenschap.get("format") not in ("date-time-local", "time"), f"{plaats}.{naam}"
    assert gezien > 20


# --- The real answers --------------------------------------------------------------------------


def _versie(antwoord) -> str | None:  # noqa: ANN001
    return antwoord.headers.get("API-Version")


def test_elk_antwoord_onder_api_v1_draagt_de_versie(app, client, db, student, beheerder) -> None:  # noqa: ANN001
    versie = DOCUMENT["info"]["version"]

    def stuk() -> None:
        raise RuntimeError("onverwacht")

    app.add_api_route("/api/v1/stuk-voor-de-test", stuk, include_in_schema=False)
    token = factories.create_api_token(db, beheerder)
    auth = {"Authorization": f"Bearer {token}"}

    antwoorden = {
        "200": client.get("/api/v1/gebruikers", headers=auth),
        "openapi": client.get("/api/v1/openapi.json"),
        "201": client.post(
            "/api/v1/gebruikers",
            headers=auth,
            json={"email": "adr@example.nl", "naam": "A. D. R.", "rollen": ["praktijkbegeleider"]},
        ),
        "400": client.post("/api/v1/gebruikers", headers={**auth, "Content-Type": "application/json"}, content=b"{"),
        "401": client.get("/api/v1/gebruikers"),
        "404": client.get("/api/v1/bestaat-niet", headers=auth),
        "422": client.get("/api/v1/gebruikers", headers=auth, params={"perPagina": "0"}),
        "500": client.get("/api/v1/stuk-voor-de-test", headers=auth),
    }
    for soort, antwoord in antwoorden.items():
        assert _versie(antwoord) == versie, f"{soort}: {antwoord.status_code} {dict(antwoord.headers)}"
    assert [antwoorden[c].status_code for c in ("200", "201", "400", "401", "404", "422", "500")] == [
        200,
        201,
        400,
        401,
        404,
        422,
        500,
    ]
    # Pages are no API: no version header there.
    assert _versie(client.get("/inloggen")) is None


def test_per_pagina_en_zijn_oude_naam_werken_allebei(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    for n in range(3):
        factories.create_gebruiker(db, Rol.student, naam=f"Camel {n}", email=f"camel{n}@example.nl")

    for naam in ("perPagina", "per_pagina"):
        antwoord = client.get("/api/v1/gebruikers", params={"q": "camel", naam: 2})
        assert antwoord.status_code == 200 and len(antwoord.json()) == 2, naam
        assert antwoord.headers["X-Total-Count"] == "3"
        assert f"{naam}=2" in antwoord.headers["Link"]  # the next page keeps the name the caller used

    # An error names the parameter as it was sent.
    for naam in ("perPagina", "per_pagina"):
        fout = client.get("/api/v1/gebruikers", params={naam: "251"})
        assert fout.status_code == 422
        assert fout.json()["errors"] == [{"veld": naam, "melding": f"{naam} is hoogstens 250."}]

    gelijk = client.get("/api/v1/gebruikers", params={"q": "camel", "perPagina": 2, "per_pagina": 2})
    assert gelijk.status_code == 200 and len(gelijk.json()) == 2
    tegenstrijdig = client.get("/api/v1/gebruikers", params={"perPagina": 2, "per_pagina": 3})
    assert tegenstrijdig.status_code == 400
    assert tegenstrijdig.headers["content-type"] == "application/problem+json"
    assert tegenstrijdig.json()["detail"] == "Geef perPagina of per_pagina, niet allebei met een andere waarde."


def test_validatiefouten_zijn_problem_json_met_een_melding_per_veld(client, db, beheerder) -> None:  # noqa: ANN001
    auth = {"Authorization": f"Bearer {factories.create_api_token(db, beheerder)}"}

    antwoord = client.post("/api/v1/gebruikers", headers=auth, json={"email": "zonder-naam@example.nl"})

    assert antwoord.status_code == 422
    assert antwoord.headers["content-type"] == "application/problem+json"
    body = antwoord.json()
    assert {k: body[k] for k in ("type", "title", "status", "detail")} == {
        "type": "about:blank",
        "title": "Ongeldige invoer",
        "status": 422,
        "detail": "De invoer is niet geldig.",
    }
    assert {"veld": "naam", "melding": "Vul dit veld in."} in body["errors"]

    pad = client.get("/api/v1/studenten/abc/voortgang", headers=auth)
    assert pad.status_code == 422 and pad.json()["errors"] == [
        {"veld": "path.student_id", "melding": "Vul een getal in."}
    ]


def test_een_body_die_geen_json_is_geeft_400_in_het_nederlands(client, db, beheerder) -> None:  # noqa: ANN001
    auth = {"Authorization": f"Bearer {factories.create_api_token(db, beheerder)}", "Content-Type": "application/json"}

    antwoord = client.post("/api/v1/gebruikers", headers=auth, content=b'{"email": ')

    assert antwoord.status_code == 400
    assert antwoord.headers["content-type"] == "application/problem+json"
    body = antwoord.json()
    assert body["title"] == "Ongeldig verzoek" and body["status"] == 400
    assert body["detail"].startswith("De body is geen geldige JSON")
    assert body["errors"][0]["veld"] == "body"
