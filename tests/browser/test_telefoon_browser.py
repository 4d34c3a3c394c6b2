"""The phone: a header of one line with a menu button, a login form as wide as the screen, decision choices
as full-width options; and screenshots of the main pages at both widths for README.

Screenshots go to a temporary folder; with PORTFOLIO_SCREENSHOTS=docs/screenshots they replace the ones
README shows (`PORTFOLIO_SCREENSHOTS=docs/screenshots make test`).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine

from app.models import Rol
from tests.browser.conftest import inloggen, maak_account
from tests.browser.test_beoordeling_browser import Koppel, _geen_zijwaartse_scroll, koppel  # noqa: F401
from tests.browser.test_besluit_browser import Dossier, dossier  # noqa: F401

TELEFOON = {"width": 390, "height": 844}
BUREAU = {"width": 1280, "height": 900}


def _context(browser: Browser, viewport: dict):  # noqa: ANN202
    return browser.new_context(locale="nl-NL", viewport=viewport)


def test_op_een_telefoon_is_de_kop_een_regel_met_een_menuknop(
    browser: Browser, live_server: str, engine: Engine
) -> None:
    context = _context(browser, TELEFOON)
    page = context.new_page()
    try:
        # Someone with every staff role has the longest menu.
        rollen = (Rol.beheerder, Rol.examencommissie, Rol.praktijkbegeleider)
        inloggen(page, live_server, maak_account(engine, *rollen, naam="Bea Beheerder-Langenaam"))
        kop = page.locator("header.kop")
        assert kop.bounding_box()["height"] < 80, kop.bounding_box()
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        expect(menu).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        for naam in ("Te beoordelen", "Studenten", "Cohortoverzicht", "Examencommissie", "Beheer"):
            expect(menu.get_by_role("link", name=naam)).to_be_visible()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        _geen_zijwaartse_scroll(page)
        page.get_by_text("Menu", exact=True).click()
        expect(menu).to_be_hidden()
    finally:
        context.close()


def test_op_een_bureau_staat_het_menu_open_zonder_knop(browser: Browser, live_server: str, engine: Engine) -> None:
    context = _context(browser, BUREAU)
    page = context.new_page()
    try:
        inloggen(page, live_server, maak_account(engine, Rol.beheerder))
        expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer")).to_be_visible()
        expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
        assert page.locator("header.kop").bounding_box()["height"] < 80
    finally:
        context.close()


def test_het_inlogformulier_is_zo_breed_als_de_telefoon(browser: Browser, live_server: str) -> None:
    context = _context(browser, TELEFOON)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/inloggen")
        email = page.get_by_label("E-mailadres").bounding_box()
        wachtwoord = page.get_by_label("Wachtwoord").bounding_box()
        knop = page.get_by_role("button", name="Inloggen").bounding_box()
        assert email["width"] > 330, email  # 390 px less the page's margins
        assert wachtwoord["width"] == pytest.approx(email["width"], abs=1)
        assert knop["y"] >= wachtwoord["y"] + wachtwoord["height"], (knop, wachtwoord)  # below, not beside
        _geen_zijwaartse_scroll(page)
    finally:
        context.close()


def test_de_besluitkeuzes_zijn_opties_over_de_hele_breedte(
    browser: Browser,
    live_server: str,
    dossier: Dossier,  # noqa: F811
) -> None:
    context = _context(browser, TELEFOON)
    page = context.new_page()
    try:
        inloggen(page, live_server, dossier.lid)
        page.goto(f"{live_server}/examencommissie/studenten/{dossier.student_id}")
        keuzes = page.locator("#besluit-keuze label.keuze")
        expect(keuzes).to_have_count(2)
        vorige_onderkant = 0.0
        for index in range(2):
            label = keuzes.nth(index).bounding_box()
            rondje = keuzes.nth(index).locator("input[type=radio]").bounding_box()
            assert label["width"] > 300, label  # a row of its own
            assert label["y"] >= vorige_onderkant  # one below the other
            # The circle lies inside its own label's box, so it cannot seem to belong to the other.
            assert label["x"] <= rondje["x"] and rondje["x"] + rondje["width"] <= label["x"] + label["width"]
            assert label["y"] <= rondje["y"] and rondje["y"] + rondje["height"] <= label["y"] + label["height"]
            vorige_onderkant = label["y"] + label["height"]
        _geen_zijwaartse_scroll(page)
    finally:
        context.close()


def _map() -> Path:
    doel = os.environ.get("PORTFOLIO_SCREENSHOTS")
    return Path(doel) if doel else Path(tempfile.gettempdir()) / "portfolio-screenshots"


@pytest.mark.parametrize(("breedte", "viewport"), [("390", TELEFOON), ("1280", BUREAU)])
def test_schermafbeeldingen_van_de_hoofdpaginas(
    browser: Browser,
    live_server: str,
    koppel: Koppel,  # noqa: F811
    breedte: str,
    viewport: dict,
) -> None:
    """The pages a new user meets, as README shows them; each must render without sideways scrolling."""
    map_ = _map()
    map_.mkdir(parents=True, exist_ok=True)
    context = _context(browser, viewport)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/inloggen")
        _foto(page, map_ / f"inloggen-{breedte}.png")
        inloggen(page, live_server, koppel.student)
        page.goto(f"{live_server}/portfolio")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        _foto(page, map_ / f"portfolio-{breedte}.png")
        page.goto(f"{live_server}/dashboard")
        _foto(page, map_ / f"voortgang-{breedte}.png")
        context.clear_cookies()
        inloggen(page, live_server, koppel.praktijkbegeleider)
        page.goto(f"{live_server}/te-beoordelen")
        expect(page.get_by_role("heading", level=1)).to_have_text("Te beoordelen")
        _foto(page, map_ / f"te-beoordelen-{breedte}.png")
        page.get_by_role("link", name="Foto van de wijkschouw").click()
        _foto(page, map_ / f"beoordelen-{breedte}.png")
    finally:
        context.close()


def _foto(page: Page, pad: Path) -> None:
    _geen_zijwaartse_scroll(page)
    # The first screen only, as a person sees it on opening the page; small enough to keep in the repository.
    page.screenshot(path=str(pad), type="png", animations="disabled", scale="css")
    assert pad.stat().st_size < 250_000, f"{pad} is {pad.stat().st_size} bytes"
