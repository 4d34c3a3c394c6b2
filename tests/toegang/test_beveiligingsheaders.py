"""Security headers on every kind of response: pages, API JSON, errors and static files."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app


def csp(response) -> dict[str, list[str]]:  # noqa: ANN001
    richtlijnen = {}
    for deel in response.headers["Content-Security-Policy"].split(";"):
        naam, *waarden = deel.split()
        richtlijnen[naam] = waarden
    return richtlijnen


def controleer(response) -> None:  # noqa: ANN001
    beleid = csp(response)
    bronnen = beleid.get("script-src", beleid.get("default-src"))
    assert bronnen, "no script-src or default-src"
    assert "'unsafe-inline'" not in bronnen and "'unsafe-eval'" not in bronnen, bronnen
    assert "*" not in bronnen and "data:" not in bronnen, bronnen
    assert beleid["frame-ancestors"] == ["'none'"]
    assert beleid["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in beleid.get("style-src", beleid.get("default-src"))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")


@pytest.mark.parametrize(
    ("pad", "status"),
    [
        ("/inloggen", 200),  # a page, anonymous
        ("/healthz", 200),  # JSON
        ("/api/v1/openapi.json", 200),  # API JSON
        ("/api/v1/kwalificaties", 401),  # API problem JSON
        ("/bestaat-niet", 404),  # error page
        ("/api/v1/bestaat-niet", 404),  # API error
        ("/static/app.css", 200),  # static file
        ("/static/app.js", 200),
        ("/kwalificaties", 303),  # redirect to the login page
    ],
)
def test_elk_antwoord_heeft_de_beveiligingsheaders(client, pad: str, status: int) -> None:  # noqa: ANN001
    response = client.get(pad, follow_redirects=False)

    assert response.status_code == status
    controleer(response)


def test_ingelogde_pagina_en_api_hebben_de_headers(client, als, beheerder) -> None:  # noqa: ANN001
    als(beheerder)
    for pad in ("/kwalificaties", "/api/v1/ik", "/beheer/audit"):
        response = client.get(pad)
        assert response.status_code == 200, pad
        controleer(response)


def test_een_geweigerd_formulier_heeft_de_headers(client) -> None:  # noqa: ANN001
    response = client.post("/inloggen", data={})

    assert response.status_code == 403
    controleer(response)


def test_een_onverwachte_fout_heeft_de_headers_ook(db_sessionmaker) -> None:  # noqa: ANN001
    app: FastAPI = create_app()
    app.state.sessionmaker = db_sessionmaker

    @app.get("/kapot")
    def kapot() -> None:
        raise RuntimeError("stuk")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/kapot")

    assert response.status_code == 500
    assert "Er ging onverwacht iets mis" in response.text
    controleer(response)
