"""The cohort overview in the browser: 40 students x 12 leeruitkomsten on a 390 px phone and a 1,280 px screen.

The matrix scrolls inside its own labelled region with the student column kept in place,
the page itself never scrolls sideways, htmx filters swap the table, and axe finds nothing serious.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from app import tijd
from app.models import Begeleiding, Cohort, Gebruiker, GebruikerRol, Inschrijving, Rol
from tests import factories
from tests.browser.conftest import inloggen, maak_account, open_menu

TELEFOON = {"width": 390, "height": 844}
BUREAU = {"width": 1280, "height": 800}
LANG = "Wilhelminajohannatheodoraalexandrinavanoldenbarnevelt"


@dataclass(frozen=True)
class Cohortpagina:
    code: str
    examencommissie: str
    praktijkbegeleider: str


@pytest.fixture(scope="module")
def cohortpagina(engine: Engine) -> Iterator[Cohortpagina]:
    code = f"WA6-BROWSER-{secrets.token_hex(3)}"
    examencommissie = maak_account(engine, Rol.examencommissie)
    praktijkbegeleider = maak_account(engine, Rol.praktijkbegeleider)
    with Session(engine) as session, session.begin():
        cohort = factories.create_cohort(session, code)
        begeleider = session.scalar(select(Gebruiker).where(Gebruiker.email == praktijkbegeleider))
        ids = factories.create_veel_studenten(session, 39, cohort=cohort, naam=f"Student {code}")
        lang = factories.create_gebruiker(session, Rol.student, naam=f"{LANG} {LANG} {code}")
        factories.create_inschrijving(session, lang, cohort)
        session.add(Begeleiding(praktijkbegeleider_id=begeleider.id, student_id=lang.id, van=tijd.vandaag()))
        ids.append(lang.id)
    try:
        yield Cohortpagina(code, examencommissie, praktijkbegeleider)
    finally:
        with Session(engine) as session, session.begin():
            session.execute(delete(Begeleiding).where(Begeleiding.student_id.in_(ids)))
            session.execute(delete(Inschrijving).where(Inschrijving.student_id.in_(ids)))
            session.execute(delete(GebruikerRol).where(GebruikerRol.gebruiker_id.in_(ids)))
            session.execute(delete(Gebruiker).where(Gebruiker.id.in_(ids)))
            session.execute(delete(Cohort).where(Cohort.code == code))


def _open(page: Page, live_server: str, email: str, code: str) -> None:
    inloggen(page, live_server, email)
    open_menu(page).get_by_role("link", name="Cohortoverzicht").first.click()
    page.get_by_role("link", name=f"Voortgang {code}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Voortgang cohort {code}")


def test_op_een_telefoon_schuift_alleen_de_tabel(
    page: Page, live_server: str, axe_check, cohortpagina: Cohortpagina
) -> None:  # noqa: ANN001
    page.set_viewport_size(TELEFOON)
    _open(page, live_server, cohortpagina.examencommissie, cohortpagina.code)

    regio = page.get_by_role("region", name="Voortgang per student en leeruitkomst; schuift opzij")
    expect(regio).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert regio.evaluate("e => e.scrollWidth > e.clientWidth + 100")  # the matrix is wider: it scrolls inside
    assert len(page.locator("table.matrix tbody tr").all()) == 40
    assert page.get_by_role("rowheader").first.evaluate("e => getComputedStyle(e).display") == "table-cell"

    # Scrolled sideways, the student column stays at the left edge of the region.
    naam = page.locator("table.matrix tbody th").first
    links_voor = naam.bounding_box()["x"]
    regio.evaluate("e => e.scrollBy(400, 0)")
    page.wait_for_function("() => document.querySelector('.matrix-regio').scrollLeft > 0")
    assert abs(naam.bounding_box()["x"] - links_voor) < 1
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    # Keyboard users reach the region and can scroll it.
    assert regio.get_attribute("tabindex") == "0"
    axe_check(page)


def test_op_een_bureau_en_met_het_filter(page: Page, live_server: str, axe_check, cohortpagina: Cohortpagina) -> None:  # noqa: ANN001
    page.set_viewport_size(BUREAU)
    _open(page, live_server, cohortpagina.examencommissie, cohortpagina.code)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1280
    expect(page.locator("table.matrix caption")).to_contain_text("Voortgang van 40 studenten")
    axe_check(page)

    page.get_by_label("Toon").select_option("diplomabaar")
    expect(page.get_by_text("Geen studenten in dit cohort: diplomabaar.")).to_be_visible()
    assert "status=diplomabaar" in page.url
    page.get_by_label("Toon").select_option("niet_gestart")
    expect(page.locator("table.matrix tbody tr")).to_have_count(40)
    axe_check(page)


def test_praktijkbegeleider_ziet_alleen_de_eigen_student(
    page: Page, live_server: str, axe_check, cohortpagina: Cohortpagina
) -> None:  # noqa: ANN001
    page.set_viewport_size(TELEFOON)
    _open(page, live_server, cohortpagina.praktijkbegeleider, cohortpagina.code)

    expect(page.locator("table.matrix tbody tr")).to_have_count(1)
    expect(page.get_by_role("rowheader")).to_contain_text(LANG)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    axe_check(page)


@pytest.mark.parametrize("scherm", [TELEFOON, BUREAU], ids=["telefoon", "bureau"])
def test_ver_naar_beneden_blijft_de_kop_van_elke_kolom_in_beeld(
    page: Page, live_server: str, cohortpagina: Cohortpagina, scherm: dict
) -> None:
    """Down at the 40th student, a cell like "0/12" or "○ NG" still has its column header (LU5.3) right above it."""
    page.set_viewport_size(scherm)
    _open(page, live_server, cohortpagina.examencommissie, cohortpagina.code)
    regio = page.locator(".matrix-regio")
    laatste = page.locator("table.matrix tbody tr").last
    cel = laatste.locator("td").last  # the last leeruitkomst of the last student
    cel.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.matrix-regio').scrollTop > 0")

    kop = page.locator("table.matrix thead th").last
    expect(kop).to_have_text("LU5.3")
    expect(kop).to_be_in_viewport()
    expect(cel).to_be_in_viewport()
    kop_vak, cel_vak, regio_vak = kop.bounding_box(), cel.bounding_box(), regio.bounding_box()
    assert abs(kop_vak["y"] - regio_vak["y"]) < 3, (kop_vak, regio_vak)  # stuck to the region's top
    assert kop_vak["y"] + kop_vak["height"] <= cel_vak["y"] + 1  # above the cell, not over it
    assert abs(kop_vak["x"] - cel_vak["x"]) < 1 and abs(kop_vak["width"] - cel_vak["width"]) < 1  # its column
    # The same for the first columns: "Aangetoond" stays above "0/12".
    aangetoond = page.locator("table.matrix thead th").nth(1)
    regio.evaluate("e => e.scrollLeft = 0")
    expect(aangetoond).to_have_text("Aangetoond")
    expect(aangetoond).to_be_in_viewport()
    expect(laatste.locator("td").first).to_contain_text("/12")
    expect(laatste.locator("td").first).to_be_in_viewport()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= scherm["width"]
