"""The OpenAPI document says what every error looks like: RFC 9457 problem JSON (app.errors)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from app.errors import DUTCH_TITLES, PROBLEM_JSON

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
_ALTIJD = (401, 404, 422)
_MET_BODY = (403, 413)


def _probleem(beschrijving: str) -> dict[str, Any]:
    return {
        "description": beschrijving,
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
                    beschrijving = antwoord.get("description") or DUTCH_TITLES.get(int(code), "Fout")
                    antwoorden[code] = _probleem(beschrijving)
            operatie["responses"] = dict(sorted(antwoorden.items()))
    componenten = schema.setdefault("components", {}).setdefault("schemas", {})
    componenten["Problem"] = PROBLEM_SCHEMA
    for ongebruikt in ("HTTPValidationError", "ValidationError"):
        componenten.pop(ongebruikt, None)
    return schema


def installeer_openapi(app: FastAPI) -> None:
    origineel = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = voeg_problemen_toe(origineel())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
