"""A newcomer reads the Wijkagent kwalificatie in a real browser: list, tree, htmx details, live search."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine

from app.models import Rol
from tests.browser.conftest import inloggen, maak_account

KWALIFICATIE = "/kwalificaties/WA-N6/versies/2.1"
KERNTAKEN = ["KT1", "KT2", "KT3", "KT4", "KT5"]
BOUWSTENEN = ["B1.1", "B1.2", "B2.1", "B2.2", "B2.3", "B3.1", "B3.2", "B4.1", "B4.2", "B5.1", "B5.2", "B5.3"]
LU31_BEGIN = "De politiefunctionaris heeft de RTGP (Regeling Toetsing Geweldsbeheersing Politie) toetsen"
AxeCheck = Callable[[Page], None]
BREEDTES = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def test_een_nieuwkomer_leest_de_kwalificatie_wijkagent(
    student_page: Page, live_server: str, axe_check: AxeCheck
) -> None:
    page = student_page
    # They open the list of kwalificaties and see the Wijkagent.
    page.goto(f"{live_server}/kwalificaties")
    expect(page).to_have_title(re.compile("Kwalificaties"))
    link = page.get_by_role("link", name=re.compile("Wijkagent"))
    expect(link).to_be_visible()
    axe_check(page)

    # They follow the link to the kwalificatie page.
    link.click()
    expect(page).to_have_url(f"{live_server}{KWALIFICATIE}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wijkagent")

    # They see all five kerntaken and the twelve bouwstenen.
    kerntaken = page.locator("section.kerntaak h2 .code")
    expect(kerntaken).to_have_text(KERNTAKEN)
    bouwstenen = page.locator("li.bouwsteen h3 .code")
    expect(bouwstenen).to_have_text(BOUWSTENEN)
    expect(page.get_by_role("link", name=re.compile(r"^Open bouwsteen "))).to_have_count(len(BOUWSTENEN))

    # They open bouwsteen B3.1: htmx puts its details in the box right below, no page navigation.
    url_voor = page.url
    details = page.locator("#details-B3-1")
    expect(details).to_be_empty()
    page.get_by_role("link", name="Open bouwsteen B3.1", exact=True).click()
    expect(details.get_by_role("heading", name="Leeruitkomst LU3.1")).to_be_visible()
    expect(details).to_contain_text(LU31_BEGIN)
    expect(details.get_by_role("heading", name="Vereiste vakkennis (BOK)", exact=True)).to_be_visible()
    expect(details.get_by_role("heading", name="Vereiste vakkennis (BOK) specifiek voor de wijkagent")).to_be_visible()
    bok = details.locator("ul.kernthemas > li")
    expect(bok.first).to_be_visible()
    expect(bok).to_have_count(14)
    expect(bok.filter(has_text="Legitimiteit, geweldsmonopolie en morele dilemma's")).to_have_count(1)
    # Only the fragment came back: no second page header, and the other boxes stay empty.
    expect(details.locator("header, h1, footer")).to_have_count(0)
    expect(page.locator("#details-B3-2")).to_be_empty()
    assert page.url == url_voor

    # They type RTGP in the search box and see LU3.1 among the live results.
    zoekveld = page.get_by_label("Zoek in leeruitkomsten en kernthema's")
    zoekveld.press_sequentially("RTGP")
    resultaten = page.locator("#zoekresultaten")
    expect(resultaten.locator(".treffer", has_text="LU3.1")).to_be_visible()
    expect(resultaten.get_by_role("link", name=re.compile(r"LU3\.1"))).to_have_attribute(
        "href", f"{KWALIFICATIE}/bouwstenen/B3.1"
    )
    expect(resultaten.locator("header, h1, footer")).to_have_count(0)
    assert page.url == url_voor
    axe_check(page)


def test_de_bouwsteen_als_eigen_pagina(student_page: Page, live_server: str, axe_check: AxeCheck) -> None:
    page = student_page
    page.goto(f"{live_server}{KWALIFICATIE}/bouwstenen/B3.1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("B3.1")
    expect(page.get_by_role("navigation", name="Kruimelpad")).to_be_visible()
    expect(page.get_by_role("heading", name="Leeruitkomst LU3.1")).to_be_visible()
    expect(page.locator("main")).to_contain_text(LU31_BEGIN)
    expect(page.locator("ul.kernthemas > li")).to_have_count(14)
    axe_check(page)


def test_de_zoekpagina_zonder_javascript_url(student_page: Page, live_server: str, axe_check: AxeCheck) -> None:
    page = student_page
    page.goto(f"{live_server}{KWALIFICATIE}/zoeken?q=RTGP")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zoeken in Wijkagent")
    expect(page.get_by_label("Zoekterm")).to_have_value("RTGP")
    expect(page.locator(".treffer", has_text="LU3.1")).to_be_visible()
    axe_check(page)


def test_op_een_telefoon_scrolt_de_kwalificatie_niet_zijwaarts(
    browser: Browser, live_server: str, engine: Engine
) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        inloggen(page, live_server, maak_account(engine, Rol.student))
        page.goto(f"{live_server}{KWALIFICATIE}")
        expect(page.locator("li.bouwsteen")).to_have_count(len(BOUWSTENEN))
        # Also with a bouwsteen opened: its long texts must wrap too.
        page.get_by_role("link", name="Open bouwsteen B3.1", exact=True).click()
        details = page.locator("#details-B3-1")
        expect(details.get_by_role("heading", name="Leeruitkomst LU3.1")).to_be_visible()
        scroll_width, client_width = page.evaluate(BREEDTES)
        assert scroll_width <= client_width + 1, f"scrollWidth {scroll_width} > clientWidth {client_width}"
    finally:
        context.close()
