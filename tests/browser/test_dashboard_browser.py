"""A student opens the app and lands on their dashboard: where they stand, at desk and phone width."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from app.models import (
    Beoordeling,
    BeoordelingBewijs,
    Beroepsvereiste,
    BeroepsvereisteResultaat,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukSoort,
    BewijsstukVersie,
    Bouwsteen,
    Cohort,
    Gebruiker,
    Inschrijving,
    Kerntaak,
    Kwalificatie,
    Leeruitkomst,
    Oordeel,
    Resultaat,
    Rol,
    VersieStatus,
)
from app.tijd import nu, vandaag
from app.voortgang import stand
from tests.browser.conftest import inloggen, maak_account

AxeCheck = Callable[[Page], None]
SCHERMEN = {"bureau": {"width": 1280, "height": 800}, "telefoon": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def student_met_voortgang(engine: Engine) -> Iterator[str]:
    """A committed student: LU1.1 gedeeltelijk aangetoond with feedback, LU2.1 waiting, RTGP expiring in 20 days."""
    email = maak_account(engine, Rol.student, naam="Dewi Dashboard")
    beoordelaar_email = maak_account(engine, Rol.praktijkbegeleider, naam="Pieter Bakker")
    with Session(engine) as session, session.begin():
        student = session.scalar(select(Gebruiker).where(Gebruiker.email == email))
        beoordelaar = session.scalar(select(Gebruiker).where(Gebruiker.email == beoordelaar_email))
        wijkagent = session.scalar(
            select(Kwalificatie).where(Kwalificatie.code == "WA-N6", Kwalificatie.versie == "2.1")
        )
        cohort = Cohort(code=f"dashboard-{student.id}", naam="")
        session.add(cohort)
        session.flush()
        session.add(
            Inschrijving(student_id=student.id, kwalificatie_id=wijkagent.id, cohort_id=cohort.id, startdatum=vandaag())
        )
        per_code = {
            lu.code: lu
            for lu in session.scalars(
                select(Leeruitkomst)
                .join(Leeruitkomst.bouwsteen)
                .join(Bouwsteen.kerntaak)
                .where(Kerntaak.kwalificatie_id == wijkagent.id, Leeruitkomst.code.in_(["LU1.1", "LU2.1"]))
            )
        }
        versies = {}
        for code in ("LU1.1", "LU2.1"):
            versie = BewijsstukVersie(
                versie=1,
                titel=f"Verslag {code}",
                soort=BewijsstukSoort.verslag,
                context="",
                status=VersieStatus.ingediend,
                ingediend_op=nu(),
                koppelingen=[BewijsstukKoppeling(leeruitkomst=per_code[code], onderbouwing="Zo toon ik het aan.")],
                bestanden=[],
            )
            session.add(Bewijsstuk(student_id=student.id, versies=[versie]))
            versies[code] = versie
        session.flush()
        session.add(
            Beoordeling(
                student_id=student.id,
                leeruitkomst_id=per_code["LU1.1"].id,
                beoordelaar_id=beoordelaar.id,
                tijd=nu(),
                oordeel=Oordeel.gedeeltelijk_aangetoond,
                feedback="Beschrijf ook wat je zelf deed.",
                bewijs=[BeoordelingBewijs(versie_id=versies["LU1.1"].id)],
                reacties=[],
            )
        )
        rtgp = session.scalar(
            select(Beroepsvereiste).where(
                Beroepsvereiste.kwalificatie_id == wijkagent.id, Beroepsvereiste.code == "RTGP"
            )
        )
        session.add(
            BeroepsvereisteResultaat(
                student_id=student.id,
                beroepsvereiste_id=rtgp.id,
                datum=vandaag() - dt.timedelta(days=300),
                resultaat=Resultaat.voldaan,
                geldig_tot=vandaag() + dt.timedelta(days=20),
                vastgelegd_door_id=beoordelaar.id,
            )
        )
        student_id = student.id
    try:
        yield email
    finally:
        with Session(engine) as session, session.begin():
            beoordelingen = select(Beoordeling.id).where(Beoordeling.student_id == student_id)
            session.execute(delete(BeoordelingBewijs).where(BeoordelingBewijs.beoordeling_id.in_(beoordelingen)))
            session.execute(delete(Beoordeling).where(Beoordeling.student_id == student_id))
            session.execute(delete(BeroepsvereisteResultaat).where(BeroepsvereisteResultaat.student_id == student_id))
            session.execute(delete(Bewijsstuk).where(Bewijsstuk.student_id == student_id))
            session.execute(delete(Inschrijving).where(Inschrijving.student_id == student_id))
            stand.bijwerken(session, [student_id])  # bulk deletes pass by the hook
            session.execute(delete(Cohort).where(Cohort.code == f"dashboard-{student_id}"))


@pytest.mark.parametrize("scherm", list(SCHERMEN))
def test_de_student_ziet_na_inloggen_het_dashboard(
    browser: Browser, live_server: str, student_met_voortgang: str, axe_check: AxeCheck, scherm: str
) -> None:
    context = browser.new_context(locale="nl-NL", viewport=SCHERMEN[scherm])
    page = context.new_page()
    try:
        inloggen(page, live_server, student_met_voortgang)

        expect(page).to_have_url(f"{live_server}/dashboard")
        expect(page.get_by_role("heading", level=1)).to_have_text("Mijn voortgang")
        tegel = page.locator(".lu-tegel", has_text="LU1.1")
        expect(tegel).to_contain_text("Gedeeltelijk aangetoond")
        expect(page.locator(".lu-tegel", has_text="LU2.1")).to_contain_text("Ter beoordeling")
        expect(page.get_by_role("link", name="Verwerk de feedback van P. Bakker op LU1.1")).to_be_visible()
        expect(
            page.get_by_role("link", name="Wacht op het oordeel van je praktijkbegeleider over LU2.1")
        ).to_be_visible()
        expect(page.locator(".melding-waarschuwing")).to_contain_text("Let op: RTGP")
        expect(page.locator(".recente-feedback")).to_contain_text("Beschrijf ook wat je zelf deed.")
        expect(page.locator(".diploma-kort")).to_contain_text("Nog niet diplomabaar: 15 punten ontbreken")
        expect(page.locator(".diplomabaarheid .redenen li")).to_have_count(15)
        expect(page.locator("progress").first).to_have_attribute("max", "2")
        breedte = page.evaluate("document.documentElement.scrollWidth")
        assert breedte <= SCHERMEN[scherm]["width"], f"{breedte}px breed"
        axe_check(page)

        # The ten leeruitkomsten without evidence are one step; each opens the upload form with it ticked.
        stap = page.locator('.stappen > li[data-soort="koppelen"]')
        expect(stap).to_have_count(1)
        expect(stap).to_contain_text("Voeg bewijs toe voor de 10 leeruitkomsten zonder bewijs")
        expect(page.get_by_text("Koppel bewijs aan")).to_have_count(0)
        stap.get_by_role("link", name="Bewijs toevoegen voor LU3.2").click()
        expect(page).to_have_url(f"{live_server}/portfolio/bewijsstukken/nieuw?leeruitkomst=LU3.2")
        expect(page.locator('input[name="leeruitkomsten"][value="LU3.2"]')).to_be_checked()
        expect(page.locator('input[name="leeruitkomsten"]:checked')).to_have_count(1)
        page.go_back()

        # A tile leads to that leeruitkomst in the portfolio.
        tegel.get_by_role("link").click()
        expect(page).to_have_url(f"{live_server}/portfolio#lu-LU1-1")
        expect(page.locator("#lu-LU1-1 .status")).to_have_text("Gedeeltelijk aangetoond")
    finally:
        context.close()
