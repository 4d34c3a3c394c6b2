"""Where an error lands: htmx gets it in the page's message area, a page a Dutch error page, both marked Vary."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.models import Rol
from tests import factories

HTMX = {"HX-Request": "true"}


def test_een_mislukte_htmx_actie_gaat_naar_meldingen_en_laat_het_doel_staan(client: TestClient, db) -> None:  # noqa: ANN001
    factories.login(client, db, factories.create_gebruiker(db, Rol.student))

    antwoord = client.post("/account/tokens/999999/intrekken", headers=HTMX)

    assert antwoord.status_code == 404
    assert antwoord.headers["HX-Retarget"] == "#meldingen"
    assert antwoord.headers["HX-Reswap"] == "innerHTML"
    assert antwoord.headers["Vary"] == "HX-Request"
    assert 'role="alert"' in antwoord.text and "Dit token bestaat niet of is niet van jou." in antwoord.text
    assert "<html" not in antwoord.text  # a fragment, not a page


def test_dezelfde_fout_zonder_htmx_is_een_pagina_met_vary(client: TestClient, db) -> None:  # noqa: ANN001
    factories.login(client, db, factories.create_gebruiker(db, Rol.student))

    antwoord = client.post("/account/tokens/999999/intrekken")

    assert antwoord.status_code == 404
    assert "HX-Retarget" not in antwoord.headers
    assert antwoord.headers["Vary"] == "HX-Request"
    assert "<h1>Niet gevonden</h1>" in antwoord.text


def test_een_geweigerd_htmx_formulier_vervangt_alleen_zijn_eigen_deel_met_de_invoer(client: TestClient, db) -> None:  # noqa: ANN001
    factories.login(client, db, factories.create_gebruiker(db, Rol.student))

    antwoord = client.post("/account/tokens", data={"naam": "n" * 101}, headers=HTMX)

    assert antwoord.status_code == 422
    assert "HX-Retarget" not in antwoord.headers  # the form itself comes back, into its own section
    assert antwoord.headers["Vary"] == "HX-Request"
    assert antwoord.text.lstrip().startswith('<section id="tokens"')
    assert 'id="token-naam-fout">Dit veld is te lang: hoogstens 100 tekens' in antwoord.text
    assert f'value="{"n" * 101}"' in antwoord.text
    # …and the message is also sent out of band to the page's message area.
    assert '<div id="meldingen" hx-swap-oob="innerHTML">' in antwoord.text
    toast = antwoord.text.split('<div id="meldingen" hx-swap-oob="innerHTML">', 1)[1]
    assert "hoogstens 100 tekens (je gaf 101)" in toast  # the field's own message, not "De invoer is niet geldig."
