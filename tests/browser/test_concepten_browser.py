"""Nothing typed is lost: a draft survives a reload and an expired session, comes back after logging in with
one sentence, can be thrown away, and ends once saved; a length limit is counted, never cut."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app import tijd
from app.models import Cohort, Gebruiker, Inschrijving, Kwalificatie, Rol
from tests.browser.conftest import WACHTWOORD, inloggen, maak_account, tweede_factor_als_gevraagd
from tests.browser.test_beoordeling_browser import PNG, _geen_zijwaartse_scroll, _sessies_verlopen

TERUGGEZET = re.compile(r"Je niet-opgeslagen concept van \S+ is teruggezet")
CONTEXT = "Avonddienst in de wijk Kanaleneiland, melding van overlast bij het winkelcentrum."
ONDERBOUWING = "Ik sprak de jongeren aan en maakte afspraken met de beheerder van het centrum."


def _ingeschreven_student(engine: Engine) -> str:
    email = maak_account(engine, Rol.student, naam="Concept Student")
    with Session(engine) as session, session.begin():
        student = session.scalar(select(Gebruiker).where(Gebruiker.email == email))
        wijkagent = session.scalar(select(Kwalificatie).where(Kwalificatie.code == "WA-N6"))
        cohort = Cohort(code=f"browser-concept-{student.id}", naam="")
        session.add(cohort)
        session.flush()
        session.add(
            Inschrijving(
                student_id=student.id, kwalificatie_id=wijkagent.id, cohort_id=cohort.id, startdatum=tijd.vandaag()
            )
        )
    return email


def _opnieuw_inloggen(page: Page, email: str) -> None:
    expect(page.get_by_text("Je sessie is verlopen; log opnieuw in.")).to_be_visible()
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    tweede_factor_als_gevraagd(page, email)


def test_een_nieuw_bewijsstuk_overleeft_herladen_en_een_verlopen_sessie_op_een_telefoon(
    browser: Browser, live_server: str, engine: Engine, tmp_path: Path
) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        email = _ingeschreven_student(engine)
        inloggen(page, live_server, email)
        page.goto(f"{live_server}/portfolio/bewijsstukken/nieuw")
        page.get_by_label("Titel", exact=True).fill("Overlast bij het winkelcentrum")
        page.get_by_label("Context", exact=True).fill(CONTEXT)
        page.get_by_label(re.compile(r"^LU1\.1")).check()
        page.get_by_label(re.compile(r"^Onderbouwing voor LU1\.1")).fill(ONDERBOUWING)

        page.reload()
        expect(page.get_by_text(TERUGGEZET)).to_be_visible()
        expect(page.get_by_text("Kies je bestanden opnieuw")).to_be_visible()
        expect(page.get_by_label("Titel", exact=True)).to_have_value("Overlast bij het winkelcentrum")
        expect(page.get_by_label(re.compile(r"^Onderbouwing voor LU1\.1"))).to_have_value(ONDERBOUWING)
        _geen_zijwaartse_scroll(page)

        # The session expires before sending: the login page, then back to the form with everything typed.
        _sessies_verlopen(engine, email)
        foto = tmp_path / "overlast.png"
        foto.write_bytes(PNG)
        page.get_by_label("Kies bestanden").set_input_files(str(foto))
        page.get_by_role("button", name="Opslaan als concept").click()
        _opnieuw_inloggen(page, email)
        expect(page).to_have_url(re.compile(r"/portfolio/bewijsstukken/nieuw$"))
        expect(page.get_by_text(TERUGGEZET)).to_be_visible()
        expect(page.get_by_label("Context", exact=True)).to_have_value(CONTEXT)
        expect(page.get_by_label(re.compile(r"^LU1\.1"))).to_be_checked()
        expect(page.get_by_label(re.compile(r"^Onderbouwing voor LU1\.1"))).to_have_value(ONDERBOUWING)

        # Saved: the draft is gone, a new form starts empty.
        page.get_by_label("Kies bestanden").set_input_files(str(foto))
        page.get_by_role("button", name="Opslaan als concept").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Overlast bij het winkelcentrum")
        page.goto(f"{live_server}/portfolio/bewijsstukken/nieuw")
        expect(page.get_by_label("Titel", exact=True)).to_have_value("")
        expect(page.get_by_text(TERUGGEZET)).to_have_count(0)
    finally:
        context.close()


def test_beheer_telt_tekens_houdt_een_weigering_en_gooit_een_concept_weg_op_de_desktop(
    browser: Browser, live_server: str, engine: Engine
) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        email = maak_account(engine, Rol.beheerder)
        inloggen(page, live_server, email)
        page.goto(f"{live_server}/beheer/cohorten")
        formulier = page.locator('form[data-concept="cohort-nieuw"]')
        te_lang = "najaar-" + "x" * 60
        formulier.get_by_label("Code").fill(te_lang)  # 67 characters, past the limit of 60: kept, and counted
        expect(formulier.get_by_label("Code")).to_have_value(te_lang)
        expect(formulier.get_by_text("67 tekens: 7 te veel (hoogstens 60)")).to_be_visible()

        # Refused by the server: the message names the limit, the text is still there, no "restored" sentence.
        formulier.get_by_role("button").click()
        expect(page.get_by_text("Dit veld is te lang: hoogstens 60 tekens (je gaf 67).").first).to_be_visible()
        formulier = page.locator('form[data-concept="cohort-nieuw"]')
        expect(formulier.get_by_label("Code")).to_have_value(te_lang)
        expect(page.get_by_text(TERUGGEZET)).to_have_count(0)

        # An expired session: back on the page after logging in, with the draft; then thrown away on purpose.
        formulier.get_by_label("Code").fill("najaar-2027")
        formulier.get_by_label("Naam (niet verplicht)").fill("Najaar 2027, Den Haag")
        _sessies_verlopen(engine, email)
        formulier.get_by_role("button").click()
        _opnieuw_inloggen(page, email)
        expect(page).to_have_url(re.compile(r"/beheer/cohorten$"))
        formulier = page.locator('form[data-concept="cohort-nieuw"]')
        expect(page.get_by_text(TERUGGEZET)).to_be_visible()
        expect(formulier.get_by_label("Code")).to_have_value("najaar-2027")
        page.get_by_role("button", name="Concept weggooien").click()
        expect(formulier.get_by_label("Code")).to_have_value("")
        page.reload()
        expect(page.get_by_text(TERUGGEZET)).to_have_count(0)
        expect(page.locator('form[data-concept="cohort-nieuw"]').get_by_label("Code")).to_have_value("")
        _geen_zijwaartse_scroll(page)
    finally:
        context.close()
