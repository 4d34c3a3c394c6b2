"""A failed htmx action says why in the page's message area and leaves the part the user worked in alone."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from app.models import Rol
from tests.browser.conftest import inloggen, maak_account

AxeCheck = Callable[[Page], None]
HTMX_KLAAR = "() => typeof window.htmx !== 'undefined'"


def test_een_mislukte_htmx_actie_meldt_het_in_meldingen_en_laat_de_tokens_staan(
    page: Page, live_server: str, engine: Engine, axe_check: AxeCheck
) -> None:
    inloggen(page, live_server, maak_account(engine, Rol.praktijkbegeleider))
    page.goto(f"{live_server}/account")
    page.wait_for_function(HTMX_KLAAR)
    page.get_by_label("Naam van het token").fill("Rapportage-script")
    tokens = page.locator("#tokens")
    voor = tokens.inner_html()
    # The form went stale (as after a session change in another tab): the server refuses it.
    page.evaluate("() => document.querySelector('meta[name=\"csrf-token\"]').content = 'verlopen'")

    with page.expect_response(lambda r: r.url.endswith("/account/tokens")) as antwoord:
        page.get_by_role("button", name="Token aanmaken").click()

    assert antwoord.value.status == 403
    expect(page.locator("#meldingen")).to_contain_text("Het formulier is verlopen of niet van deze site")
    expect(page.locator("#meldingen [role=alert]")).to_be_visible()
    # The token section is as it was, typed name included.
    assert tokens.inner_html() == voor
    expect(page.get_by_label("Naam van het token")).to_have_value("Rapportage-script")
    expect(page.get_by_role("heading", name="Persoonlijke API-tokens")).to_be_visible()
    axe_check(page)


def test_een_htmx_formulier_dat_geweigerd_wordt_houdt_de_invoer_en_meldt_het_bij_het_veld(
    page: Page, live_server: str, engine: Engine
) -> None:
    inloggen(page, live_server, maak_account(engine, Rol.student))
    page.goto(f"{live_server}/account")
    page.wait_for_function(HTMX_KLAAR)
    veld = page.get_by_label("Naam van het token")
    # The browser's maxlength stops typing, not pasting by script; the server is the real check.
    veld.evaluate("(el) => { el.removeAttribute('maxlength'); el.value = 'x'.repeat(150); }")

    page.get_by_role("button", name="Token aanmaken").click()

    expect(page.locator("#token-naam-fout")).to_contain_text("hoogstens 100 tekens")
    expect(page.locator("#meldingen [role=alert]")).to_contain_text("hoogstens 100 tekens")
    expect(page.get_by_label("Naam van het token")).to_have_value("x" * 150)
    expect(page.get_by_role("heading", name="Persoonlijke API-tokens")).to_be_visible()
