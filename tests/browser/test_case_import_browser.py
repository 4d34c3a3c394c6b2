"""A 24-leeruitkomst framework imported by depth on the beheer page, then used on a 390 px phone.

The beheerder uploads the package, chooses "by depth", previews and imports it; a student enrolled
on it sees the dashboard and portfolio, the praktijkbegeleider the assessment page and the cohort
matrix, the examencommissie its list and the student's dossier: none of them scrolls sideways.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app import tijd
from app.models import (
    Begeleiding,
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
    Rol,
    VersieStatus,
)
from tests.browser.conftest import inloggen, maak_account
from tests.case.test_import import raamwerk_24

TELEFOON = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Raamwerk:
    code: str
    cohort: str
    student_id: int
    student: str
    praktijkbegeleider: str
    examencommissie: str
    versie_id: int


def _geen_zijwaartse_scroll(page: Page) -> None:
    page.wait_for_load_state()
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= TELEFOON["width"], f"{page.url}: {breedte}px breed"


def _importeer_via_de_pagina(page: Page, live_server: str, tmp_path: Path, code: str) -> None:
    bestand = tmp_path / "handhaving.json"
    bestand.write_text(json.dumps(raamwerk_24()), encoding="utf-8")
    page.goto(f"{live_server}/beheer/kwalificaties/import")
    _geen_zijwaartse_scroll(page)
    page.get_by_label("Bestand (JSON)").set_input_files(str(bestand))
    page.get_by_label("Code van de nieuwe kwalificatie").fill(code)
    page.get_by_label("Versie").fill("1.0")
    page.get_by_label("Niveaus").select_option("diepte")
    page.get_by_label("Bij diepte: op welke diepte staan de kerntaken?").fill("3")
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    expect(page.get_by_role("heading", name="Voorbeeld van handhaving.json")).to_be_visible()
    expect(page.locator("main")).to_contain_text("24 leeruitkomsten")
    expect(page.locator("main")).to_contain_text("2 items boven de kerntaken blijven weg")
    _geen_zijwaartse_scroll(page)
    page.get_by_role("button", name=f"Importeren als {code} 1.0").click()
    expect(page.locator("main")).to_contain_text(
        f"{code} versie 1.0 is geladen: 4 kerntaken, 8 bouwstenen, 24 leeruitkomsten"
    )


@pytest.fixture(scope="module")
def beheerder_email(engine: Engine) -> str:
    return maak_account(engine, Rol.beheerder, naam="Bea Import")


def _schrijf_in(engine: Engine, code: str) -> Raamwerk:
    """A student on the imported framework with a submitted bewijsstuk, a praktijkbegeleider, a committee member."""
    student = maak_account(engine, Rol.student, naam="Hanna Handhaving")
    begeleider = maak_account(engine, Rol.praktijkbegeleider, naam="Pieter Praktijk")
    commissie = maak_account(engine, Rol.examencommissie, naam="Erik Examen")
    cohort_code = f"HH4-{code}"
    with Session(engine) as session, session.begin():
        kwalificatie = session.scalar(select(Kwalificatie).where(Kwalificatie.code == code))
        s = session.scalar(select(Gebruiker).where(Gebruiker.email == student))
        b = session.scalar(select(Gebruiker).where(Gebruiker.email == begeleider))
        cohort = Cohort(code=cohort_code, naam="")
        session.add(cohort)
        session.flush()
        session.add(
            Inschrijving(
                student_id=s.id, kwalificatie_id=kwalificatie.id, cohort_id=cohort.id, startdatum=tijd.vandaag()
            )
        )
        session.add(Begeleiding(praktijkbegeleider_id=b.id, student_id=s.id, van=tijd.vandaag()))
        lu = session.scalar(
            select(Leeruitkomst)
            .join(Leeruitkomst.bouwsteen)
            .join(Bouwsteen.kerntaak)
            .where(Kerntaak.kwalificatie_id == kwalificatie.id, Leeruitkomst.code == "K4.B2.L3")
        )
        versie = BewijsstukVersie(
            versie=1,
            titel="Verslag van een handhavingsdienst in het centrum",
            soort=BewijsstukSoort.verslag,
            context="",
            status=VersieStatus.ingediend,
            ingediend_op=tijd.nu(),
            koppelingen=[BewijsstukKoppeling(leeruitkomst=lu, onderbouwing="Zo toon ik het aan.")],
            bestanden=[],
        )
        session.add(Bewijsstuk(student_id=s.id, versies=[versie]))
        session.flush()
        return Raamwerk(code, cohort_code, s.id, student, begeleider, commissie, versie.id)


def test_een_raamwerk_van_24_leeruitkomsten_werkt_op_elke_pagina_op_390_px(
    browser: Browser, live_server: str, engine: Engine, beheerder_email: str, tmp_path: Path
) -> None:
    code = f"HH-{secrets.token_hex(3).upper()}"
    context = browser.new_context(locale="nl-NL", viewport=TELEFOON)
    page = context.new_page()
    try:
        inloggen(page, live_server, beheerder_email)
        _importeer_via_de_pagina(page, live_server, tmp_path, code)
    finally:
        context.close()

    raamwerk = _schrijf_in(engine, code)
    paginas = {
        raamwerk.student: ["/dashboard", "/portfolio"],
        raamwerk.praktijkbegeleider: [f"/te-beoordelen/{raamwerk.versie_id}", f"/cohorten/{raamwerk.cohort}/voortgang"],
        raamwerk.examencommissie: ["/examencommissie", f"/examencommissie/studenten/{raamwerk.student_id}"],
    }
    for email, paden in paginas.items():
        context = browser.new_context(locale="nl-NL", viewport=TELEFOON)
        page = context.new_page()
        try:
            inloggen(page, live_server, email)
            for pad in paden:
                antwoord = page.goto(f"{live_server}{pad}")
                assert antwoord is not None and antwoord.status == 200, pad
                _geen_zijwaartse_scroll(page)
                if pad == "/dashboard":
                    expect(page.locator("main")).to_contain_text("0 van de 24 leeruitkomsten aangetoond")
                    expect(page.locator(".lu-tegel")).to_have_count(24)
                if pad == "/portfolio":
                    expect(page.locator(".leeruitkomst-regel")).to_have_count(24)
                    expect(page.locator("#lu-K4-B2-L3")).to_contain_text("Ter beoordeling")
                if pad.startswith("/te-beoordelen/"):
                    expect(page.locator("main")).to_contain_text("K4.B2.L3")
                if pad.startswith("/cohorten/"):
                    expect(page.locator("main")).to_contain_text("Hanna Handhaving")
                    expect(page.locator("main")).to_contain_text("0/24")
                if pad.startswith("/examencommissie/studenten/"):
                    expect(page.locator("main")).to_contain_text("K4.B2.L3")
        finally:
            context.close()
