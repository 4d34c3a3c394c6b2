"""The examencommissielid opens a dossier on a phone, reads the checks, decides; the diploma verifies publicly."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.models import Rol
from tests import factories
from tests.besluit.conftest import maak_diplomabaar
from tests.browser.conftest import inloggen, maak_account, open_menu

AxeCheck = Callable[[Page], None]
BREEDTES = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@dataclass
class Dossier:
    student_id: int
    student_naam: str
    lid: str


@pytest.fixture
def dossier(engine: Engine) -> Iterator[Dossier]:
    """A committed diplomabare student (judged by a praktijkbegeleider, results valid) and a committee member.

    The rows stay: judgements and the decision are history, and browser tests run last."""
    lid = maak_account(engine, Rol.examencommissie, naam="Erik van Dam")
    naam = f"Dewi Diplomabaar {secrets.token_hex(2)}"
    with Session(engine) as session, session.begin():
        student = factories.create_gebruiker(session, Rol.student, naam=naam, email=f"{secrets.token_hex(5)}@b.nl")
        factories.create_inschrijving(session, student, factories.create_cohort(session, f"BR-{secrets.token_hex(3)}"))
        begeleider = factories.create_gebruiker(session, Rol.praktijkbegeleider, naam="Pieter Bakker")
        beheerder = factories.create_gebruiker(session, Rol.beheerder)
        maak_diplomabaar(session, student, begeleider, beheerder)
        student_id = student.id
    yield Dossier(student_id, naam, lid)


def _past(page: Page) -> None:
    scroll_width, client_width = page.evaluate(BREEDTES)
    assert scroll_width <= client_width + 1, f"{page.url}: {scroll_width} > {client_width}"


def test_de_examencommissie_stelt_op_een_telefoon_het_diploma_vast(
    browser: Browser, live_server: str, dossier: Dossier, axe_check: AxeCheck
) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        inloggen(page, live_server, dossier.lid)
        open_menu(page).get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Examencommissie").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Examencommissie")
        _past(page)
        axe_check(page)

        page.goto(f"{live_server}/examencommissie/studenten/{dossier.student_id}")
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier van {dossier.student_naam}")
        controles = page.locator("#controles")
        expect(controles.get_by_text("Het beslissende lid beoordeelde niets van deze student")).to_be_visible()
        expect(controles.get_by_text("Erik van Dam gaf geen enkele beoordeling van deze student.")).to_be_visible()
        expect(page.locator("#lu-LU1-1").get_by_role("link", name="Eindverslag, versie 1")).to_be_visible()
        _past(page)
        axe_check(page)

        # Without a motivering the browser itself asks for one; with a blank one the server refuses, kept in place.
        formulier = page.locator("#besluit")
        formulier.get_by_label("Diploma vaststellen").check()
        formulier.get_by_label("Motivering").fill("   ")
        formulier.get_by_role("button", name="Besluit vastleggen").click()
        expect(page.locator("#meldingen")).to_contain_text("Schrijf een motivering")
        expect(page.locator("#besluit").get_by_label("Diploma vaststellen")).to_be_checked()

        page.locator("#besluit").get_by_label("Motivering").fill("Het dossier is volledig en overtuigend.")
        page.locator("#besluit").get_by_role("button", name="Besluit vastleggen").click()
        expect(page.get_by_role("status")).to_have_text("Het diploma is vastgesteld.")
        besluiten = page.locator("#besluiten")
        expect(besluiten).to_contain_text("Diploma vastgesteld")
        expect(besluiten).to_contain_text("Het dossier is volledig en overtuigend.")
        _past(page)
        axe_check(page)

        besluiten.get_by_role("link", name="WA6-").click()
        expect(page.get_by_text("Dit diploma is geldig.")).to_be_visible()
        expect(page.get_by_text(dossier.student_naam)).to_be_visible()
        _past(page)
        axe_check(page)
    finally:
        context.close()
