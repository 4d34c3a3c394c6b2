"""The assessor's flow at 390 and 1280 px: the inbox marks new submissions and sorts by student; the evidence is
beside the form on a wide screen and one tap away on a phone; after a save the menu's count follows, the saved
judgement shows, a correction is a second step, and "Volgende inzending" leads on. Then the thread: student and
assessor reply under the judgement, and each one's notification opens it unfolded."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app import tijd
from app.models import Begeleiding, BewijsstukSoort, Cohort, Gebruiker, Inschrijving, Kwalificatie, Rol
from app.opslag import get_storage
from app.portfolio import service as portfolio
from app.portfolio.schemas import BewijsstukInvoer, Upload
from tests.browser.conftest import inloggen, maak_account, open_menu
from tests.browser.test_beoordeling_browser import PNG, _geen_zijwaartse_scroll

AxeCheck = Callable[[Page], None]
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
BREEDTES = (390, 1280)


@dataclass
class Klas:
    begeleider: str
    zoe: str
    anna: str


def _student_met_inzending(session: Session, begeleider: Gebruiker, email: str, titel: str, bestand: Upload) -> None:
    student = session.scalar(select(Gebruiker).where(Gebruiker.email == email))
    wijkagent = session.scalar(select(Kwalificatie).where(Kwalificatie.code == "WA-N6", Kwalificatie.versie == "2.1"))
    cohort = Cohort(code=f"browser-stroom-{student.id}", naam="")
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
        titel=titel,
        soort=BewijsstukSoort.verslag,
        datum=tijd.vandaag(),
        datum_gegeven=True,
        context="",
        koppelingen={"LU1.1": "Zo toon ik het aan."},
    )
    bewijsstuk = portfolio.bewijsstuk_toevoegen(session, get_storage(), student, student.id, invoer, [bestand])
    portfolio.indienen(session, student, bewijsstuk.id)


def _klas(engine: Engine, breedte: int) -> Klas:
    """A praktijkbegeleider with two students: Zoë offered a PDF first, Anna a photo after her."""
    begeleider_email = maak_account(engine, Rol.praktijkbegeleider, naam="Pieter Bakker")
    emails = []
    for naam, titel, bestand in (
        ("Zoë Zwart", f"Verslag van Zoë {breedte}", Upload(naam="verslag.pdf", stream=io.BytesIO(PDF))),
        ("Anna Aalders", f"Foto van Anna {breedte}", Upload(naam="foto.png", stream=io.BytesIO(PNG))),
    ):
        email = maak_account(engine, Rol.student, naam=naam)
        # One transaction each, in turn: Zoë's submission is the older one.
        with Session(engine) as session, session.begin():
            begeleider = session.scalar(select(Gebruiker).where(Gebruiker.email == begeleider_email))
            _student_met_inzending(session, begeleider, email, titel, bestand)
        emails.append(email)
    return Klas(begeleider_email, *emails)


def _telefoon_of_scherm(browser: Browser, breedte: int) -> Page:
    hoogte = 844 if breedte == 390 else 900
    return browser.new_context(locale="nl-NL", viewport={"width": breedte, "height": hoogte}).new_page()


@pytest.mark.parametrize("breedte", BREEDTES)
def test_de_beoordelaar_werkt_de_inbox_af(
    browser: Browser, live_server: str, engine: Engine, axe_check: AxeCheck, breedte: int
) -> None:
    klas = _klas(engine, breedte)
    page = _telefoon_of_scherm(browser, breedte)
    fouten: list[str] = []
    page.on("console", lambda m: fouten.append(m.text) if _is_fout(m) else None)
    try:
        inloggen(page, live_server, klas.begeleider)
        menu = open_menu(page).get_by_role("navigation", name="Hoofdmenu")
        teller = menu.get_by_role("link", name="Te beoordelen")
        expect(teller).to_contain_text("2")

        # The inbox: the oldest first, both marked new (offered within 24 hours); by student Anna comes first.
        teller.click()
        items = page.locator(".inbox-item")
        expect(items).to_have_count(2)
        expect(items.nth(0)).to_contain_text(f"Verslag van Zoë {breedte}")
        expect(items.nth(0).locator(".label-nieuw")).to_be_visible()
        page.get_by_label("Volgorde").select_option("student")
        expect(page.locator(".inbox-item").nth(0)).to_contain_text(f"Foto van Anna {breedte}")
        _geen_zijwaartse_scroll(page)
        axe_check(page)
        page.get_by_label("Volgorde").select_option("")
        expect(page.locator(".inbox-item").nth(0)).to_contain_text(f"Verslag van Zoë {breedte}")

        page.get_by_role("link", name=f"Verslag van Zoë {breedte}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Verslag van Zoë {breedte}")
        paneel = page.locator("#bewijs")
        formulier = page.locator("#lu-LU1-1 form")
        pdf = page.locator("iframe.pdf-voorbeeld")
        if breedte >= 1024:
            # Beside the form, in view together.
            expect(pdf).to_be_visible()
            bewijs_vak, formulier_vak = paneel.bounding_box(), formulier.bounding_box()
            assert bewijs_vak["x"] + bewijs_vak["width"] <= formulier_vak["x"]
            assert formulier_vak["y"] < bewijs_vak["y"] + bewijs_vak["height"]
            expect(page.locator("#lu-LU1-1").get_by_role("link", name="Het bewijs bekijken")).to_be_hidden()
        else:
            # A phone opens the PDF in its own viewer; from the form the evidence is one tap away.
            expect(pdf).to_be_hidden()
            expect(page.get_by_role("link", name="Open de PDF in de browser")).to_be_visible()
            page.locator("#lu-LU1-1").get_by_role("link", name="Het bewijs bekijken").click()
            expect(page.get_by_role("heading", name="Het bewijs")).to_be_in_viewport()
        _geen_zijwaartse_scroll(page)
        axe_check(page)

        lu1 = page.locator("#lu-LU1-1")
        lu1.get_by_label("Aangetoond", exact=True).check()
        lu1.get_by_role("button", name="Oordeel opslaan").click()
        lu1 = page.locator("#lu-LU1-1")
        expect(lu1.get_by_text("Je oordeel over LU1.1 is opgeslagen.")).to_be_visible()
        # The menu's count follows the save, without a reload (folded behind the menu button on a phone).
        aantal = page.locator("#aantal-te-beoordelen")
        expect(aantal).not_to_contain_text("2")
        expect(aantal).to_contain_text("1")
        # The saved judgement is what shows; correcting it is a deliberate second step.
        expect(lu1.locator(".eigen-oordeel")).to_contain_text("Aangetoond")
        reden = lu1.get_by_label("Reden van je correctie")
        expect(reden).to_be_hidden()
        lu1.locator("details.corrigeren > summary", has_text="Corrigeren").click()
        expect(reden).to_be_visible()
        _geen_zijwaartse_scroll(page)
        axe_check(page)

        lu1.get_by_role("link", name="Volgende inzending").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Foto van Anna {breedte}")
        expect(page.get_by_role("img", name=f"Afbeelding foto.png bij Foto van Anna {breedte}")).to_be_visible()
        _geen_zijwaartse_scroll(page)
        assert not fouten, fouten
    finally:
        page.context.close()


def _is_fout(melding: ConsoleMessage) -> bool:
    # A refused frame or an inline style the CSP blocks shows up here.
    return melding.type == "error"


@pytest.mark.parametrize("breedte", BREEDTES)
def test_student_en_beoordelaar_voeren_een_gesprek_onder_het_oordeel(
    browser: Browser, live_server: str, engine: Engine, axe_check: AxeCheck, breedte: int
) -> None:
    klas = _klas(engine, breedte)
    page = _telefoon_of_scherm(browser, breedte)
    try:
        inloggen(page, live_server, klas.begeleider)
        open_menu(page).get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Te beoordelen").click()
        page.get_by_role("link", name=f"Foto van Anna {breedte}").click()
        lu1 = page.locator("#lu-LU1-1")
        lu1.get_by_label("Gedeeltelijk aangetoond").check()
        lu1.get_by_label("Feedback").fill("Vertel ook wat je zelf deed.")
        lu1.get_by_role("button", name="Oordeel opslaan").click()
        expect(page.locator("#lu-LU1-1").get_by_text("Je oordeel over LU1.1 is opgeslagen.")).to_be_visible()
        open_menu(page).get_by_role("button", name="Uitloggen").click()

        inloggen(page, live_server, klas.anna)
        open_menu(page).get_by_role("link", name="Mijn portfolio", exact=True).click()
        lu = page.locator("#lu-LU1-1")
        lu.get_by_label("Reageer op deze feedback").fill("Ik sprak de bewoners zelf aan.")
        lu.get_by_role("button", name="Reactie versturen").click()
        expect(page.locator("#lu-LU1-1").get_by_text("Ik sprak de bewoners zelf aan.")).to_be_visible()
        open_menu(page).get_by_role("button", name="Uitloggen").click()

        # The assessor's notification opens the thread unfolded, with a box to answer in.
        inloggen(page, live_server, klas.begeleider)
        open_menu(page).get_by_role("link", name="Meldingen").click()
        page.get_by_role("link", name="Anna Aalders reageerde op je feedback bij LU1.1.").click()
        lu = page.locator("#lu-LU1-1")
        expect(lu.get_by_text("Ik sprak de bewoners zelf aan.")).to_be_visible()
        lu.get_by_label("Antwoord de student").fill("Goed, zet dat ook in je verslag.")
        _geen_zijwaartse_scroll(page)
        axe_check(page)
        lu.get_by_role("button", name="Reactie versturen").click()
        expect(page.locator("#lu-LU1-1").get_by_text("Goed, zet dat ook in je verslag.")).to_be_visible()
        open_menu(page).get_by_role("button", name="Uitloggen").click()

        inloggen(page, live_server, klas.anna)
        open_menu(page).get_by_role("link", name="Meldingen").click()
        page.get_by_role("link", name="P. Bakker reageerde op jouw reactie bij LU1.1.").click()
        draad = page.locator("#lu-LU1-1 .draad")
        expect(draad.locator("li")).to_have_count(2)
        expect(draad.locator("li").nth(1)).to_contain_text("(beoordelaar)")
        _geen_zijwaartse_scroll(page)
        axe_check(page)
    finally:
        page.context.close()
