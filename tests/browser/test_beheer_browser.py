"""Browser journey: a beheerder imports two students and links them to a praktijkbegeleider,
who then sees exactly those two."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from app.models import Rol
from tests.browser.conftest import inloggen, maak_account, open_menu


def test_beheerder_importeert_en_koppelt_twee_studenten_die_de_praktijkbegeleider_dan_ziet(
    page: Page, live_server: str, engine: Engine, axe_check: Callable[[Page], None], tmp_path: Path
) -> None:
    beheerder = maak_account(engine, Rol.beheerder, naam="Bea Beheer")
    begeleider = maak_account(engine, Rol.praktijkbegeleider, naam=f"Piet Begeleider {secrets.token_hex(2)}")
    code = secrets.token_hex(3)
    namen = [f"Jara Jansen {code}", f"Koen Kramer {code}"]
    csv = tmp_path / "studenten.csv"
    csv.write_text(
        "studentnummer;naam;e-mail;cohort;kwalificatie\n"
        f"A{code};{namen[0]};jara.{code}@student.example.nl;WA6-BROWSER-{code};WA-N6 2.1\n"
        f"B{code};{namen[1]};koen.{code}@student.example.nl;WA6-BROWSER-{code};WA-N6 2.1\n",
        encoding="utf-8",
    )

    inloggen(page, live_server, beheerder)
    page.goto(f"{live_server}/beheer")
    axe_check(page)
    page.get_by_role("link", name="Studenten importeren").click()
    page.get_by_label("CSV-bestand").set_input_files(str(csv))
    page.get_by_role("button", name="Controleren").click()
    # The preview shows both rows and nothing is written yet.
    for naam in namen:
        expect(page.get_by_role("cell", name=naam)).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("status")).to_contain_text("2")

    page.goto(f"{live_server}/beheer/begeleidingen")
    for naam in namen:
        # Search-as-you-type: a few matches to choose from, not a select with the whole school.
        kies(page, "Praktijkbegeleider", begeleider, begeleider)
        kies(page, "Student", f"{'A' if naam == namen[0] else 'B'}{code}", naam)
        page.get_by_role("button", name="Koppelen").click()
        expect(page.get_by_role("row", name=naam)).to_be_visible()
    axe_check(page)

    # The praktijkbegeleider signs in and sees exactly those two students.
    open_menu(page).get_by_role("button", name="Uitloggen").click()
    inloggen(page, live_server, begeleider)
    open_menu(page).get_by_role("link", name="Studenten", exact=True).click()
    rijen = page.locator("table tbody tr")
    expect(rijen).to_have_count(2)
    for naam in namen:
        expect(rijen.filter(has_text=naam)).to_have_count(1)
    axe_check(page)


def kies(page: Page, veld: str, zoekterm: str, keuze: str) -> None:
    """Type in a person field and choose the match whose label contains `keuze`."""
    groep = page.get_by_role("group", name=veld, exact=True)
    groep.get_by_role("searchbox").fill(zoekterm)
    radio = groep.get_by_role("radio", name=keuze)
    expect(radio).to_have_count(1)
    radio.check()
