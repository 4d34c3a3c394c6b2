"""Browser: on a phone, a beheerder enrols a student chosen by typing and the keyboard alone."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from playwright.sync_api import Page, expect
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.models import Cohort, Rol
from tests.browser.conftest import inloggen, maak_account


def test_beheerder_kiest_op_de_telefoon_met_het_toetsenbord_een_student(
    page: Page, live_server: str, engine: Engine, axe_check: Callable[[Page], None]
) -> None:
    code = secrets.token_hex(3)
    naam = f"Toetsenbord Student {code}"
    maak_account(engine, Rol.student, naam=naam)
    maak_account(engine, Rol.student, naam=f"Toetsenbord Ander {code}")
    with Session(engine) as session, session.begin():
        session.add(Cohort(code=f"WA6-KIES-{code}", naam=""))
    page.set_viewport_size({"width": 390, "height": 844})
    inloggen(page, live_server, maak_account(engine, Rol.beheerder))
    page.goto(f"{live_server}/beheer/inschrijvingen")

    student = page.get_by_role("group", name="Student", exact=True)
    zoekveld = student.get_by_role("searchbox")
    zoekveld.focus()
    page.keyboard.type(f"student {code}")
    keuze = student.get_by_role("radio", name=naam)
    expect(keuze).to_be_visible()
    expect(student.get_by_role("radio")).to_have_count(1)
    # Enter in the search box searches; it neither submits the enrolment nor reloads the page.
    page.keyboard.press("Enter")
    expect(zoekveld).to_have_value(f"student {code}")
    expect(page.get_by_role("alert")).to_have_count(0)

    page.keyboard.press("Tab")  # the Zoeken button
    page.keyboard.press("Tab")  # into the radio group
    page.keyboard.press("Space")
    expect(keuze).to_be_checked()

    # The picker fits the phone: nothing in it sticks out or scrolls sideways.
    box = student.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert student.evaluate("e => e.scrollWidth <= e.clientWidth")
    regel = page.locator(f"li:has(> #{keuze.get_attribute('id')})")
    assert regel.bounding_box()["height"] >= 44  # a touch target
    axe_check(page)

    page.get_by_label("Kwalificatieversie").select_option(index=1)
    page.get_by_label("Cohort", exact=True).select_option(label=f"WA6-KIES-{code}")
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_role("status").first).to_contain_text("De student is ingeschreven.")
    page.get_by_role("searchbox", name="Zoek op naam, studentnummer, e-mailadres of cohort").fill(code)
    expect(page.get_by_role("row", name=naam)).to_be_visible()
