"""The OpenAPI document at /api/v1/openapi.json, as the NL API Design Rules (Logius ADR) want it.

Every error is RFC 9457 problem JSON (app.errors), every operation can answer 400, every answer
declares the API-Version header (app.ops.apiversie), `servers` carries the major version (so the
paths are relative to /api/v1), `info` has a contact and a semver version, and a nullable date
still declares its format. tests/api/test_adr.py holds the document to these rules.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from app.config import get_settings
from app.errors import DUTCH_TITLES, PROBLEM_JSON
from app.ops.apiversie import API_PREFIX, API_VERSIE, HEADER
from app.paginering import VEROUDERDE_NAMEN

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details, in Dutch.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Ongeldige invoer"},
        "status": {"type": "integer", "example": 422},
        "detail": {"type": "string", "example": "De invoer is niet geldig."},
        "instance": {"type": "string", "example": "/api/v1/gebruikers"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"veld": {"type": "string"}, "melding": {"type": "string"}},
            },
        },
    },
}

# Every call can meet these; a call with a body also the CSRF check (session users) and the body limit.
_ALTIJD = (400, 401, 404, 422)
_MET_BODY = (403, 413)

_BESCHRIJVINGEN = {
    400: "Ongeldig verzoek: het verzoek zelf is niet te lezen, zoals een body die geen geldige JSON is, "
    "of perPagina en per_pagina met verschillende waarden",
}

_VERSIE_HEADER = {"$ref": f"#/components/headers/{HEADER}"}


def _probleem(beschrijving: str) -> dict[str, Any]:
    return {
        "description": beschrijving,
        "headers": {HEADER: _VERSIE_HEADER},
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def voeg_problemen_toe(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare problem JSON for each operation's error answers, in place of FastAPI's validation shape."""
    for pad, operaties in schema.get("paths", {}).items():
        if not pad.startswith("/api/"):
            continue
        for methode, operatie in operaties.items():
            antwoorden = operatie.setdefault("responses", {})
            codes = [*_ALTIJD, *(_MET_BODY if methode in ("post", "put", "patch", "delete") else ())]
            for code in codes:
                antwoorden.setdefault(str(code), {})
            for code, antwoord in antwoorden.items():
                if code[:1] in ("4", "5"):
                    beschrijving = (
                        antwoord.get("description")
                        or _BESCHRIJVINGEN.get(int(code))
                        or DUTCH_TITLES.get(int(code), "Fout")
                    )
                    antwoorden[code] = _probleem(beschrijving)
            operatie["responses"] = dict(sorted(antwoorden.items()))
    componenten = schema.setdefault("components", {}).setdefault("schemas", {})
    componenten["Problem"] = PROBLEM_SCHEMA
    for ongebruikt in ("HTTPValidationError", "ValidationError"):
        componenten.pop(ongebruikt, None)
    return schema


def _contact() -> dict[str, str]:
    settings = get_settings()
    return {
        "name": settings.api_contact_naam,
        "email": settings.api_contact_email,
        "url": settings.api_contact_url or settings.base_url,
    }


def _formaat_ook_bij_null(schema: Any) -> None:
    """`date | None` comes out as anyOf [string with format, null]: declare the format beside it too,
    so a reader (and the ADR linter) sees a date field's format without opening the anyOf."""
    if isinstance(schema, list):
        for deel in schema:
            _formaat_ook_bij_null(deel)
        return
    if not isinstance(schema, dict):
        return
    takken = schema.get("anyOf")
    if isinstance(takken, list) and "format" not in schema:
        formaten = {t["format"] for t in takken if isinstance(t, dict) and "format" in t}
        rest_is_null = all(t.get("type") == "null" for t in takken if isinstance(t, dict) and "format" not in t)
        if len(formaten) == 1 and rest_is_null:
            schema["format"] = formaten.pop()
    for waarde in schema.values():
        _formaat_ook_bij_null(waarde)


def volg_api_design_rules(schema: dict[str, Any]) -> dict[str, Any]:
    """Servers, contact, semver, the API-Version header on every answer and date formats (NL ADR)."""
    basis = get_settings().base_url.rstrip("/")
    info = schema.setdefault("info", {})
    info["version"] = API_VERSIE
    info["contact"] = _contact()
    schema["servers"] = [{"url": basis + API_PREFIX, "description": "deze installatie, API versie 1"}]
    paden: dict[str, Any] = {}
    for pad, operaties in schema.get("paths", {}).items():
        if pad.startswith(API_PREFIX + "/"):
            pad = pad.removeprefix(API_PREFIX)
        else:
            # Outside /api/v1 (nothing today): the path keeps its full form and names its own server.
            operaties = {**operaties, "servers": [{"url": basis}]}
        for operatie in operaties.values():
            if not isinstance(operatie, dict) or "responses" not in operatie:
                continue
            for antwoord in operatie["responses"].values():
                antwoord.setdefault("headers", {}).setdefault(HEADER, _VERSIE_HEADER)
            for parameter in operatie.get("parameters", []):
                if parameter.get("in") == "query" and parameter.get("name") in VEROUDERDE_NAMEN:
                    parameter["x-deprecated-aliases"] = VEROUDERDE_NAMEN[parameter["name"]]
        paden[pad] = operaties
    schema["paths"] = paden
    componenten = schema.setdefault("components", {})
    componenten.setdefault("headers", {})[HEADER] = {
        "description": "de volledige versie van de API (semver); de hoofdversie staat ook in het pad",
        "required": True,
        "schema": {"type": "string", "example": API_VERSIE},
    }
    _formaat_ook_bij_null(componenten.get("schemas", {}))
    _formaat_ook_bij_null(schema["paths"])
    return schema


def installeer_openapi(app: FastAPI) -> None:
    origineel = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = volg_api_design_rules(voeg_problemen_toe(origineel()))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
