"""The Content-Security-Policy holds through htmx swaps: no inline style or script is refused on the pages
where a form comes back in place (the judgement and the decision)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from tests.browser.conftest import inloggen
from tests.browser.test_beoordeling_browser import Koppel, koppel  # noqa: F401 (fixture)
from tests.browser.test_besluit_browser import Dossier, dossier  # noqa: F401 (fixture)

SCHERMEN = {"telefoon": {"width": 390, "height": 844}, "bureau": {"width": 1280, "height": 800}}


def _verzamel(page: Page) -> list[str]:
    """Every console message and CSP violation report on this page, as text."""
    meldingen: list[str] = []

    def console(bericht: ConsoleMessage) -> None:
        meldingen.append(f"{bericht.type}: {bericht.text}")

    page.on("console", console)
    page.on("response", lambda r: meldingen.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => console.error("
        "'CSP ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '') + ' ' + e.sourceFile"
        " + ':' + e.lineNumber))"
    )
    return meldingen


def _csp_fouten(meldingen: list[str]) -> list[str]:
    """Refused by the policy, or a request the page should not have made (a 403 or a server error); a refused
    form's own 422 is expected."""
    return [
        m
        for m in meldingen
        if "CSP" in m or "Content Security Policy" in m or m.startswith(("HTTP 403", "HTTP 5")) or "(Forbidden)" in m
    ]


@pytest.mark.parametrize("scherm", list(SCHERMEN))
def test_een_oordeel_opslaan_geeft_geen_csp_fout(
    browser: Browser,
    live_server: str,
    koppel: Koppel,  # noqa: F811
    scherm: str,
) -> None:
    context = browser.new_context(locale="nl-NL", viewport=SCHERMEN[scherm])
    page = context.new_page()
    meldingen = _verzamel(page)
    try:
        inloggen(page, live_server, koppel.praktijkbegeleider)
        page.goto(f"{live_server}/te-beoordelen")
        page.get_by_role("link", name="Foto van de wijkschouw").click()
        lu1 = page.locator("#lu-LU1-1")
        lu1.get_by_label("Aangetoond", exact=True).check()
        lu1.get_by_role("button", name="Oordeel opslaan").click()
        expect(page.locator("#lu-LU1-1").get_by_text("Je oordeel over LU1.1 is opgeslagen.")).to_be_visible()
        page.wait_for_timeout(300)  # settle
        assert _csp_fouten(meldingen) == [], meldingen
    finally:
        context.close()


@pytest.mark.parametrize("scherm", list(SCHERMEN))
def test_een_besluit_nemen_geeft_geen_csp_fout(
    browser: Browser,
    live_server: str,
    dossier: Dossier,  # noqa: F811
    scherm: str,
) -> None:
    context = browser.new_context(locale="nl-NL", viewport=SCHERMEN[scherm])
    page = context.new_page()
    meldingen = _verzamel(page)
    try:
        inloggen(page, live_server, dossier.lid)
        page.goto(f"{live_server}/examencommissie/studenten/{dossier.student_id}")
        formulier = page.locator("#besluit")
        formulier.get_by_label("Diploma vaststellen").check()
        formulier.get_by_label("Motivering").fill("   ")
        formulier.get_by_role("button", name="Besluit vastleggen").click()
        expect(page.locator("#meldingen")).to_contain_text("Schrijf een motivering")
        page.locator("#besluit").get_by_label("Motivering").fill("Het dossier is volledig en overtuigend.")
        page.locator("#besluit").get_by_role("button", name="Besluit vastleggen").click()
        expect(page.get_by_role("status")).to_have_text("Het diploma is vastgesteld.")
        page.wait_for_timeout(300)
        assert _csp_fouten(meldingen) == [], meldingen
    finally:
        context.close()
