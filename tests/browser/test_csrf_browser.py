"""CSRF with htmx 4's fetch-based requests, in a real browser; and the audit page for a beheerder."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine

from app.models import Rol
from tests.browser.conftest import inloggen, maak_account

AxeCheck = Callable[[Page], None]
HTMX_KLAAR = "() => typeof window.htmx !== 'undefined'"
CSRF_MELDING = "Het formulier is verlopen of niet van deze site"


def _is_post(pad: str):  # noqa: ANN202
    return lambda r: r.request.method == "POST" and urlparse(r.url).path == pad


def _csrf_meta(page: Page) -> str:
    return page.locator('meta[name="csrf-token"]').get_attribute("content")


def test_htmx_post_stuurt_het_csrf_token_mee_in_de_header(page: Page, live_server: str, engine: Engine) -> None:
    inloggen(page, live_server, maak_account(engine, Rol.praktijkbegeleider))
    page.goto(f"{live_server}/kwalificaties")
    page.wait_for_function(HTMX_KLAAR)
    token = _csrf_meta(page)
    assert token

    with page.expect_response(_is_post("/uitloggen")) as antwoord:
        page.evaluate('() => htmx.ajax("POST", "/uitloggen", {swap: "none"})')

    response = antwoord.value
    verzonden = response.request.all_headers()
    assert verzonden["hx-request"] == "true"
    assert verzonden["x-csrf-token"] == token
    assert response.status == 204
    # htmx follows HX-Redirect to the login page; logged out, other pages send them there too.
    expect(page).to_have_url(re.compile(r"/inloggen$"))
    page.goto(f"{live_server}/kwalificaties")
    expect(page).to_have_url(re.compile(r"/inloggen\?volgende="))


def test_htmx_post_zonder_token_wordt_geweigerd_en_je_blijft_ingelogd(
    page: Page, live_server: str, engine: Engine
) -> None:
    inloggen(page, live_server, maak_account(engine, Rol.praktijkbegeleider))
    page.goto(f"{live_server}/kwalificaties")
    page.wait_for_function(HTMX_KLAAR)
    page.evaluate("() => document.querySelector('meta[name=\"csrf-token\"]').remove()")

    with page.expect_response(_is_post("/uitloggen")) as antwoord:
        page.evaluate('() => htmx.ajax("POST", "/uitloggen", {swap: "none"})')

    response = antwoord.value
    assert "x-csrf-token" not in response.request.all_headers()
    assert response.status == 403
    assert CSRF_MELDING in response.text()
    page.goto(f"{live_server}/kwalificaties")
    expect(page).to_have_url(f"{live_server}/kwalificaties")
    expect(page.locator('header form[action="/uitloggen"] button')).to_be_attached()


def test_beheerder_controleert_de_keten_en_filtert_met_htmx(
    page: Page, live_server: str, engine: Engine, axe_check: AxeCheck
) -> None:
    inloggen(page, live_server, maak_account(engine, Rol.beheerder, naam="Bea Beheer"))
    page.goto(f"{live_server}/beheer")
    page.get_by_role("link", name="Audittrail").click()
    expect(page).to_have_url(f"{live_server}/beheer/audit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audittrail")
    # Their own login is on the record, newest first (with the second factor they set up right after it).
    eerste_rijen = page.locator("table.audit tbody tr").filter(has_text="Bea Beheer")
    expect(eerste_rijen.first).to_be_visible()
    expect(
        page.locator("table.audit tbody tr").filter(has_text="Ingelogd").filter(has_text="Bea Beheer")
    ).not_to_have_count(0)
    page.wait_for_function(HTMX_KLAAR)
    axe_check(page)

    # "Keten controleren" is a real htmx POST: the token travels in the header, the result lands in place.
    url_voor = page.url
    with page.expect_response(_is_post("/beheer/audit/controle")) as antwoord:
        page.get_by_role("button", name="Keten controleren").click()
    verzonden = antwoord.value.request.all_headers()
    assert verzonden["hx-request"] == "true"
    assert verzonden["x-csrf-token"] == _csrf_meta(page)
    assert antwoord.value.status == 200
    expect(page.locator("#ketencontrole")).to_contain_text(re.compile(r"Keten in orde: \d+ records? gecontroleerd"))
    assert page.url == url_voor
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    axe_check(page)

    # Choosing an action filters the table in place and puts the filter in the address bar.
    with page.expect_response(lambda r: "/beheer/audit?" in r.url) as gefilterd:
        page.get_by_label("Actie").select_option("ingelogd")
    assert gefilterd.value.request.all_headers()["hx-request"] == "true"
    expect(page).to_have_url(re.compile(r"actie=ingelogd"))
    acties = page.locator("table.audit tbody tr td:nth-child(4)")
    expect(acties.first).to_have_text("Ingelogd")
    assert set(acties.all_inner_texts()) == {"Ingelogd"}
    expect(page.locator("header.kop")).to_have_count(1)  # only the table was swapped

    # Back restores the unfiltered page as a whole page, not a table fragment in place of the body.
    page.go_back()
    expect(page).to_have_url(f"{live_server}/beheer/audit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audittrail")
    expect(page.locator("header.kop")).to_have_count(1)
    expect(page.get_by_label("Actie")).to_have_value("")
    page.go_forward()
    expect(page).to_have_url(re.compile(r"actie=ingelogd"))
    expect(page.get_by_label("Actie")).to_have_value("ingelogd")

    # Searching for a person who did nothing shows the empty state.
    page.get_by_label("Wie (naam of e-mailadres)").fill("niemand-die-bestaat")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator("#auditresultaten")).to_contain_text("Geen records gevonden met deze filters.")
    axe_check(page)


def test_de_auditpagina_werkt_zonder_javascript(browser: Browser, live_server: str, engine: Engine) -> None:
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    try:
        inloggen(page, live_server, maak_account(engine, Rol.beheerder, naam="Nina Zonderscript"))
        page.goto(f"{live_server}/beheer/audit")

        page.get_by_label("Actie").select_option("ingelogd")
        page.get_by_label("Wie (naam of e-mailadres)").fill("Zonderscript")
        page.get_by_role("button", name="Filteren").click()

        assert parse_qs(urlparse(page.url).query)["actie"] == ["ingelogd"]
        rijen = page.locator("table.audit tbody tr")
        expect(rijen).to_have_count(1)
        expect(rijen.first).to_contain_text("Nina Zonderscript")

        page.get_by_role("button", name="Keten controleren").click()
        expect(page).to_have_url(f"{live_server}/beheer/audit/controle")
        expect(page.locator("#ketencontrole")).to_contain_text("Keten in orde")
        expect(page.locator("table.audit")).to_be_visible()
    finally:
        context.close()
