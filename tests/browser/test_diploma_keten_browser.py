"""The whole diploma chain on a phone: the committee confirms, the student downloads, anyone verifies, it is revoked.

Every page on the way is 390 px wide without sideways scrolling and has no serious or critical axe violations.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.models import Gebruiker, Rol
from tests import factories
from tests.besluit.conftest import maak_diplomabaar
from tests.browser.conftest import inloggen, maak_account, open_menu

AxeCheck = Callable[[Page], None]
BREEDTES = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
TELEFOON = {"width": 390, "height": 844}


@dataclass
class Keten:
    student_email: str
    student_naam: str
    student_id: int
    cohort: str
    lid_email: str


@pytest.fixture
def keten(engine: Engine) -> Iterator[Keten]:
    """A student who can log in, made diplomabaar by a praktijkbegeleider and a beheerder; a committee member.

    Committed for the live server; the rows stay (a decision is history, never deleted)."""
    naam = f"Lotte Keten {secrets.token_hex(2)}"
    student_email = maak_account(engine, Rol.student, naam=naam)
    lid_email = maak_account(engine, Rol.examencommissie, naam="Karin de Wit")
    cohort = f"KETEN-{secrets.token_hex(3)}"
    with Session(engine) as session, session.begin():
        student = session.scalars(select(Gebruiker).where(Gebruiker.email == student_email)).one()
        factories.create_inschrijving(session, student, factories.create_cohort(session, cohort))
        begeleider = factories.create_gebruiker(session, Rol.praktijkbegeleider, naam="Pieter Bakker")
        beheerder = factories.create_gebruiker(session, Rol.beheerder)
        maak_diplomabaar(session, student, begeleider, beheerder)
        student_id = student.id
    yield Keten(student_email, naam, student_id, cohort, lid_email)


def _telefoon(browser: Browser) -> BrowserContext:
    return browser.new_context(locale="nl-NL", viewport=TELEFOON, accept_downloads=True)


def _bekijk(page: Page, axe_check: AxeCheck) -> None:
    """The page fits a phone's width and passes axe."""
    scroll_width, client_width = page.evaluate(BREEDTES)
    assert scroll_width <= client_width + 1, f"{page.url}: {scroll_width} > {client_width}"
    axe_check(page)


def test_van_besluit_tot_download_verificatie_en_intrekking(
    browser: Browser, live_server: str, keten: Keten, axe_check: AxeCheck
) -> None:
    commissie = _telefoon(browser)
    leerling = _telefoon(browser)
    publiek = _telefoon(browser)
    try:
        # The examencommissie opens the workspace, narrows it to the cohort and opens the student's dossier.
        lid = commissie.new_page()
        inloggen(lid, live_server, keten.lid_email)
        open_menu(lid).get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Examencommissie").click()
        expect(lid.get_by_role("heading", level=1)).to_have_text("Examencommissie")
        lid.get_by_label("Cohort").select_option(keten.cohort)
        kandidaten = lid.locator("#kandidaten")
        expect(kandidaten).to_contain_text(f"1 student in cohort {keten.cohort}")
        expect(kandidaten.get_by_role("row", name=keten.student_naam)).to_contain_text("Diplomabaar")
        _bekijk(lid, axe_check)
        kandidaten.get_by_role("link", name=keten.student_naam).click()
        expect(lid.get_by_role("heading", level=1)).to_have_text(f"Dossier van {keten.student_naam}")
        _bekijk(lid, axe_check)

        # It decides: vastgesteld, with a motivering.
        formulier = lid.locator("#besluit")
        formulier.get_by_label("Diploma vaststellen").check()
        formulier.get_by_label("Motivering").fill("Alle leeruitkomsten zijn door de praktijk aangetoond.")
        formulier.get_by_role("button", name="Besluit vastleggen").click()
        expect(lid.get_by_role("status")).to_have_text("Het diploma is vastgesteld.")
        besluiten = lid.locator("#besluiten")
        expect(besluiten).to_contain_text("Alle leeruitkomsten zijn door de praktijk aangetoond.")
        nummer = re.search(r"WA6-\d{4}-\d{6}", besluiten.inner_text()).group(0)
        expect(besluiten.get_by_role("link", name="Diploma (PDF)", exact=True)).to_have_attribute(
            "href", f"/api/v1/diplomas/{nummer}/pdf"
        )
        _bekijk(lid, axe_check)

        # The student logs in, sees the diploma on the dashboard and downloads it.
        student = leerling.new_page()
        inloggen(student, live_server, keten.student_email)
        expect(student).to_have_url(f"{live_server}/dashboard")
        diploma = student.get_by_role("region", name="Mijn diploma")
        expect(diploma).to_contain_text("Je diploma is vastgesteld")
        expect(diploma).to_contain_text(f"Diplomanummer: {nummer}")
        _bekijk(student, axe_check)
        with student.expect_download() as download:
            diploma.get_by_role("link", name="Diploma downloaden (PDF)").click()
        assert download.value.suggested_filename == f"diploma-{nummer}.pdf"
        pad = download.value.path()
        with open(pad, "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
        tekst = " ".join(p.extract_text() for p in PdfReader(pad).pages)
        assert nummer in tekst
        assert keten.student_naam in tekst

        # And as an Open Badge, beside the PDF.
        with student.expect_download() as download:
            diploma.get_by_role("link", name="Download als Open Badge").click()
        assert download.value.suggested_filename == f"diploma-{nummer}.jwt"
        badge = download.value.path()
        with open(badge) as bestand:
            assert bestand.read().count(".") == 2

        # Anyone, not logged in, verifies the number: valid, and nothing more without the code.
        link = diploma.get_by_role("link", name="Openbare verificatiepagina").get_attribute("href")
        assert re.fullmatch(rf"/diplomas/{nummer}\?code=[A-Z0-9-]{{19}}", link)
        iemand = publiek.new_page()
        iemand.goto(f"{live_server}/diplomas/{nummer}")
        expect(iemand.get_by_text("Dit diploma is geldig.")).to_be_visible()
        expect(iemand.get_by_text(keten.student_naam)).to_have_count(0)
        _bekijk(iemand, axe_check)
        # With the code (the student's link, the QR code on the PDF) the page also shows the name.
        iemand.goto(f"{live_server}{link}")
        expect(iemand.get_by_text("Dit diploma is geldig.")).to_be_visible()
        expect(iemand.get_by_text(keten.student_naam)).to_be_visible()
        expect(iemand.get_by_role("button", name="Uitloggen")).to_have_count(0)
        _bekijk(iemand, axe_check)

        # An employer checks the Open Badge file the student handed over.
        werkgever = publiek.new_page()
        werkgever.goto(f"{live_server}/diplomas/verifieren")
        werkgever.get_by_label("Bestand kiezen").set_input_files(badge)
        expect(werkgever.get_by_label("Of plak het credential")).not_to_have_value("")
        werkgever.get_by_role("button", name="Controleren").click()
        expect(werkgever.get_by_role("status")).to_contain_text("Dit Open Badge-diploma is echt en geldig.")
        expect(werkgever.locator("#uitslag")).to_contain_text(keten.student_naam)
        _bekijk(werkgever, axe_check)

        # The committee revokes it, with a reason.
        lid.get_by_text(f"Diploma {nummer} intrekken").click()
        reden = "Het verslag voor LU3.1 bleek niet door de student geschreven."
        lid.get_by_label("Reden van de intrekking").fill(reden)
        lid.get_by_role("button", name="Diploma intrekken").click()
        expect(lid.get_by_role("status")).to_have_text("Het diploma is ingetrokken.")
        expect(lid.locator("#besluiten")).to_contain_text(reden)
        _bekijk(lid, axe_check)

        # The Open Badge, checked again, now says it was revoked.
        werkgever.get_by_role("button", name="Controleren").click()
        expect(werkgever.get_by_role("alert")).to_contain_text("Dit Open Badge-diploma is niet geldig.")
        expect(werkgever.get_by_role("alert")).to_contain_text("ingetrokken door de examencommissie")
        _bekijk(werkgever, axe_check)

        # The public page now says it is not valid, why, and since when.
        iemand.reload()
        expect(iemand.get_by_role("alert")).to_contain_text("Dit diploma is niet geldig: het is ingetrokken op")
        expect(iemand.get_by_text(reden)).to_be_visible()
        expect(iemand.get_by_text("Dit diploma is geldig.")).to_have_count(0)
        _bekijk(iemand, axe_check)

        # And the student's dashboard no longer offers it as a valid diploma.
        student.reload()
        diploma = student.get_by_role("region", name="Mijn diploma")
        expect(diploma).to_contain_text("Het is niet meer geldig.")
        expect(diploma).to_contain_text(f"Reden: {reden}")
        expect(diploma.get_by_role("link", name="Diploma downloaden (PDF)")).to_have_count(0)
        # Nor is the student diplomabaar again by the revocation alone: the dashboard names it as the reason.
        expect(student.locator(".diploma-kort")).to_contain_text("Nog niet diplomabaar")
        expect(student.get_by_text(f"Diploma {nummer} is op")).to_be_visible()
        _bekijk(student, axe_check)

        # The committee reopens the dossier, with a reason; from then on the rule alone decides again.
        lid.locator("summary", has_text="Dossier heropenen").click()
        lid.get_by_label("Reden om het dossier te heropenen").fill("Het verslag is opnieuw beoordeeld.")
        lid.get_by_role("button", name="Dossier heropenen").click()
        expect(lid.get_by_role("status")).to_contain_text("Het dossier is heropend")
        expect(lid.locator("#besluiten")).to_contain_text("Het verslag is opnieuw beoordeeld.")
        _bekijk(lid, axe_check)
        student.reload()
        expect(student.locator(".diploma-kort")).to_contain_text("Diplomabaar")
    finally:
        for context in (commissie, leerling, publiek):
            context.close()
