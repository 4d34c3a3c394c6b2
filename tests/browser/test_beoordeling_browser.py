"""A praktijkbegeleider judges on a phone; the student sees the feedback, the melding and the explained statuses."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from app import tijd
from app.models import Begeleiding, BewijsstukSoort, Cohort, Gebruiker, Inschrijving, Kwalificatie, Rol, Sessie
from app.opslag import get_storage
from app.portfolio import service as portfolio
from app.portfolio.schemas import BewijsstukInvoer, Upload
from tests.browser.conftest import WACHTWOORD, inloggen, maak_account, open_menu

AxeCheck = Callable[[Page], None]
BREEDTES = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
# The deepest elements that stick out on the right: named in the failure, so the fix is obvious.
TE_BREED = """() => {
  const buiten = (e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
  return Array.from(document.querySelectorAll('body *')).filter(buiten)
    .filter((e) => !Array.from(e.children).some(buiten)).slice(0, 5).map((e) => e.outerHTML.slice(0, 160));
}"""
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@dataclass
class Koppel:
    student: str
    praktijkbegeleider: str


@pytest.fixture
def koppel(engine: Engine) -> Iterator[Koppel]:
    """A committed student with a submitted photo for LU1.1 and LU2.1, and their praktijkbegeleider.

    The rows stay: judgements and the audit trail refer to them, and browser tests run last."""
    student_email = maak_account(engine, Rol.student, naam="Bianca Browser")
    begeleider_email = maak_account(engine, Rol.praktijkbegeleider, naam="Pieter Bakker")
    with Session(engine) as session, session.begin():
        student = session.scalar(select(Gebruiker).where(Gebruiker.email == student_email))
        begeleider = session.scalar(select(Gebruiker).where(Gebruiker.email == begeleider_email))
        wijkagent = session.scalar(
            select(Kwalificatie).where(Kwalificatie.code == "WA-N6", Kwalificatie.versie == "2.1")
        )
        cohort = Cohort(code=f"browser-beoordeling-{student.id}", naam="")
        session.add(cohort)
        session.flush()
        session.add(
            Inschrijving(
                student_id=student.id, kwalificatie_id=wijkagent.id, cohort_id=cohort.id, startdatum=tijd.vandaag()
            )
        )
        session.add(Begeleiding(praktijkbegeleider_id=begeleider.id, student_id=student.id, van=tijd.vandaag()))
        session.flush()
        invoer = BewijsstukInvoer(
            titel="Foto van de wijkschouw",
            soort=BewijsstukSoort.observatie,
            datum=tijd.vandaag(),
            datum_gegeven=True,
            context="Wijkschouw met de gemeente.",
            koppelingen={"LU1.1": "Ik leidde de schouw.", "LU2.1": "Ik vroeg om feedback."},
        )
        bewijsstuk = portfolio.bewijsstuk_toevoegen(
            session, get_storage(), student, student.id, invoer, [Upload(naam="schouw.png", stream=io.BytesIO(PNG))]
        )
        portfolio.indienen(session, student, bewijsstuk.id)
    yield Koppel(student_email, begeleider_email)


def _geen_zijwaartse_scroll(page: Page) -> None:
    scroll_width, client_width = page.evaluate(BREEDTES)
    assert scroll_width <= client_width + 1, (
        f"{page.url}: scrollWidth {scroll_width} > clientWidth {client_width}: {page.evaluate(TE_BREED)}"
    )


def _sessies_verlopen(engine: Engine, email: str) -> None:
    """Every session of this person as it is after an afternoon without requests (the cookie stays)."""
    with Session(engine) as session, session.begin():
        gebruiker_id = session.scalar(select(Gebruiker.id).where(Gebruiker.email == email))
        session.execute(
            update(Sessie)
            .where(Sessie.gebruiker_id == gebruiker_id)
            .values(laatst_gezien_op=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3))
        )


def test_beoordelen_op_een_telefoon_en_de_student_leest_het_terug(
    browser: Browser, live_server: str, koppel: Koppel, axe_check: AxeCheck, engine: Engine
) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        inloggen(page, live_server, koppel.praktijkbegeleider)
        menu = open_menu(page).get_by_role("navigation", name="Hoofdmenu")
        expect(menu.get_by_role("link", name="Te beoordelen")).to_contain_text("1")

        menu.get_by_role("link", name="Te beoordelen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Te beoordelen")
        _geen_zijwaartse_scroll(page)
        axe_check(page)
        page.get_by_role("link", name="Foto van de wijkschouw").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Foto van de wijkschouw")
        expect(page.get_by_role("img", name="Afbeelding schouw.png bij Foto van de wijkschouw")).to_be_visible()
        expect(page.get_by_text("Ik vroeg om feedback.")).to_be_visible()
        _geen_zijwaartse_scroll(page)
        axe_check(page)

        # A draft survives a reload.
        lu2 = page.locator("#lu-LU2-1")
        lu2.get_by_label("Gedeeltelijk aangetoond").check()
        lu2.get_by_label("Feedback").fill("Beschrijf ook wat je met de feedback deed.")
        page.reload()
        lu2 = page.locator("#lu-LU2-1")
        expect(lu2.get_by_label("Feedback")).to_have_value("Beschrijf ook wat je met de feedback deed.")
        expect(lu2.get_by_label("Gedeeltelijk aangetoond")).to_be_checked()
        expect(lu2.get_by_text(re.compile(r"Je niet-opgeslagen concept van \S+ is teruggezet"))).to_be_visible()

        # The session expires while typing: saving leads to the login page, which says why, and back to
        # this leeruitkomst's form with the text restored.
        adres = page.url
        _sessies_verlopen(engine, koppel.praktijkbegeleider)
        lu2.get_by_label("Feedback").fill("Beschrijf ook wat je met de feedback deed. Noem een voorbeeld.")
        lu2.get_by_role("button", name="Oordeel opslaan").click()
        expect(page.get_by_text("Je sessie is verlopen; log opnieuw in.")).to_be_visible()
        page.get_by_label("E-mailadres").fill(koppel.praktijkbegeleider)
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Foto van de wijkschouw")
        assert page.url == adres + "#lu-LU2-1"
        lu2 = page.locator("#lu-LU2-1")
        expect(lu2.get_by_label("Feedback")).to_have_value(
            "Beschrijf ook wat je met de feedback deed. Noem een voorbeeld."
        )
        expect(lu2.get_by_label("Gedeeltelijk aangetoond")).to_be_checked()

        # LU1.1 aangetoond, saved without leaving the page.
        lu1 = page.locator("#lu-LU1-1")
        lu1.get_by_label("Aangetoond", exact=True).check()
        lu1.get_by_role("button", name="Oordeel opslaan").click()
        expect(page.locator("#lu-LU1-1").get_by_text("Je oordeel over LU1.1 is opgeslagen.")).to_be_visible()
        page.locator("#lu-LU2-1").get_by_role("button", name="Oordeel opslaan").click()
        expect(page.locator("#lu-LU2-1").get_by_text("Je oordeel over LU2.1 is opgeslagen.")).to_be_visible()
        assert page.url.split("#")[0] == adres
        # Saved, so the draft is gone: a reload shows an empty correction form.
        page.reload()
        expect(page.locator("#lu-LU2-1").get_by_label("Feedback")).to_have_value("")
        _geen_zijwaartse_scroll(page)
        axe_check(page)
        open_menu(page).get_by_role("button", name="Uitloggen").click()

        # The student: the melding, the statuses with their explanation, the feedback; and a reply.
        inloggen(page, live_server, koppel.student)
        expect(open_menu(page).get_by_role("link", name="Meldingen")).to_contain_text("2")
        page.get_by_role("link", name="Meldingen").click()
        expect(page.get_by_text("P. Bakker beoordeelde LU2.1: gedeeltelijk aangetoond.")).to_be_visible()
        axe_check(page)
        open_menu(page).get_by_role("link", name="Mijn portfolio", exact=True).click()
        expect(page.locator("#lu-LU1-1 .status")).to_have_text("Aangetoond")
        expect(page.locator("#lu-LU1-1 .toelichting")).to_contain_text("Aangetoond volgens P. Bakker op")
        expect(page.locator("#lu-LU2-1 .status")).to_have_text("Gedeeltelijk aangetoond")
        expect(page.locator("#lu-LU2-1 .toelichting")).to_contain_text("Gedeeltelijk aangetoond volgens P. Bakker")
        lu2 = page.locator("#lu-LU2-1")
        expect(lu2.get_by_text("Beschrijf ook wat je met de feedback deed. Noem een voorbeeld.")).to_be_visible()
        lu2.get_by_label("Reageer op deze feedback").fill("Ik voeg mijn aanpak toe.")
        lu2.get_by_role("button", name="Reactie versturen").click()
        expect(page.locator("#lu-LU2-1").get_by_text("Ik voeg mijn aanpak toe.")).to_be_visible()
        _geen_zijwaartse_scroll(page)
        axe_check(page)
    finally:
        context.close()
