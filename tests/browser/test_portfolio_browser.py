"""A student builds a portfolio in a real browser: upload with progress, submit, see the statuses."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, Route, expect
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from app import tijd
from app.config import get_settings
from app.models import Bestand, Bewijsstuk, BewijsstukVersie, Cohort, Gebruiker, Inschrijving, Kwalificatie, Rol
from app.opslag import get_storage
from app.voortgang import stand
from tests.browser.conftest import inloggen, maak_account

AxeCheck = Callable[[Page], None]
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def ingeschreven_student(engine: Engine) -> Iterator[str]:
    """A committed student enrolled on Wijkagent N6 2.1; evidence and enrolment are removed afterwards.

    The account stays, like every browser account: the audit trail refers to it.
    """
    email = maak_account(engine, Rol.student, naam="Bianca Browser")
    with Session(engine) as session, session.begin():
        student = session.scalar(select(Gebruiker).where(Gebruiker.email == email))
        wijkagent = session.scalar(
            select(Kwalificatie).where(Kwalificatie.code == "WA-N6", Kwalificatie.versie == "2.1")
        )
        cohort = Cohort(code=f"browser-{student.id}", naam="")
        session.add(cohort)
        session.flush()
        session.add(
            Inschrijving(
                student_id=student.id, kwalificatie_id=wijkagent.id, cohort_id=cohort.id, startdatum=tijd.vandaag()
            )
        )
        student_id = student.id
    try:
        yield email
    finally:
        # Committed evidence would otherwise linger for `portfolio storage check` tests.
        with Session(engine) as session, session.begin():
            sleutels = session.scalars(
                select(Bestand.opslag_sleutel)
                .join(Bestand.versie)
                .join(BewijsstukVersie.bewijsstuk)
                .where(Bewijsstuk.student_id == student_id)
            ).all()
            session.execute(delete(Bewijsstuk).where(Bewijsstuk.student_id == student_id))
            session.execute(delete(Inschrijving).where(Inschrijving.student_id == student_id))
            stand.bijwerken(session, [student_id])  # bulk deletes pass by the hook
            session.execute(delete(Cohort).where(Cohort.code == f"browser-{student_id}"))
        opslag = get_storage()
        for sleutel in sleutels:
            opslag.delete(sleutel)


def test_een_student_uploadt_een_pdf_voor_twee_leeruitkomsten_en_biedt_hem_aan(
    page: Page, live_server: str, ingeschreven_student: str, axe_check: AxeCheck
) -> None:
    assert get_settings().max_bestand_mb > 0
    inloggen(page, live_server, ingeschreven_student)

    # "Mijn portfolio": the kwalificatie as a tree, nothing started yet.
    page.get_by_role("link", name="Mijn portfolio", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn portfolio")
    expect(page.locator("#lu-LU1-1 .status")).to_have_text("Niet gestart")
    axe_check(page)

    # From leeruitkomst LU1.1 they add a bewijsstuk: LU1.1 is already ticked.
    page.get_by_role("link", name="Bewijsstuk toevoegen voor LU1.1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewijsstuk toevoegen")
    expect(page.get_by_label(re.compile(r"^LU1\.1 "))).to_be_checked()
    expect(page.get_by_label("Onderbouwing voor LU4.1")).to_be_hidden()
    axe_check(page)

    page.get_by_label("Titel", exact=True).fill("Verslag wijkschouw Overvecht")
    page.get_by_label("Soort", exact=True).select_option(label="Verslag")
    page.get_by_label("Datum van de activiteit").fill(tijd.vandaag().isoformat())
    page.get_by_label("Context", exact=True).fill("Wijkteam Overvecht, avonddienst met de wijkagent")
    page.get_by_label("Onderbouwing voor LU1.1").fill("Ik werkte samen met bewoners en de gemeente.")
    page.get_by_label(re.compile(r"^LU4\.1 ")).check()
    page.get_by_label("Onderbouwing voor LU4.1").fill("Ik bouwde een netwerk op met de wijkraad.")
    page.get_by_label("Kies bestanden").set_input_files(
        files=[{"name": "verslag-wijkschouw.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    expect(page.locator("#gekozen-bestanden")).to_contain_text("verslag-wijkschouw.pdf")

    # Hold the upload at the network so the progress bar can be seen while it is under way.
    vastgehouden: list[Route] = []
    page.route(f"{live_server}/portfolio/bewijsstukken", lambda route: vastgehouden.append(route))
    page.get_by_role("button", name="Opslaan als concept").click()
    voortgang = page.get_by_role("progressbar", name="Voortgang upload")
    expect(voortgang).to_be_visible()
    expect(page.locator("#upload-procent")).to_have_text(re.compile(r"^\d{1,3}%$"))
    expect(page.get_by_role("button", name="Opslaan als concept")).to_be_disabled()
    while not vastgehouden:
        page.wait_for_timeout(20)
    vastgehouden[0].continue_()

    # The upload completes and the bewijsstuk's page opens.
    page.wait_for_url(re.compile(r"/bewijsstukken/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verslag wijkschouw Overvecht")
    expect(page.get_by_text("verslag-wijkschouw.pdf", exact=True)).to_be_visible()
    download = page.get_by_role("link", name=re.compile(r"^Downloaden verslag-wijkschouw\.pdf"))
    antwoord = page.request.get(live_server + download.get_attribute("href"))
    assert antwoord.status == 200 and antwoord.body() == PDF
    expect(page.get_by_text("Ik bouwde een netwerk op met de wijkraad.")).to_be_visible()
    axe_check(page)

    # They offer it for assessment, after confirming; the version is frozen.
    page.get_by_text("Ter beoordeling aanbieden", exact=True).click()
    page.get_by_role("button", name="Ja, bied versie 1 aan").click()
    expect(page.locator("p.meta .status")).to_have_text("Ter beoordeling aangeboden")
    expect(page.get_by_text("Versie 1 intrekken", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Wijzigen (nieuwe versie)")).to_be_visible()

    # Back in the portfolio both leeruitkomsten are up for assessment.
    page.get_by_role("link", name="Mijn portfolio").first.click()
    for code in ("LU1-1", "LU4-1"):
        regel = page.locator(f"#lu-{code}")
        expect(regel).to_have_attribute("data-status", "ter_beoordeling")
        expect(regel.locator(".status")).to_have_text("Ter beoordeling")
        expect(regel.get_by_role("link", name="Verslag wijkschouw Overvecht")).to_be_visible()
    expect(page.locator("#lu-LU2-1 .status")).to_have_text("Niet gestart")
    axe_check(page)

    # The full text and BOK of a leeruitkomst are one click away, without leaving the page.
    page.get_by_role("link", name="Volledige tekst en BOK van LU4.1").click()
    expect(page.locator("#tekst-LU4-1").get_by_role("heading", name="Vereiste vakkennis (BOK)")).to_be_visible()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def test_een_geweigerd_bestand_wordt_genoemd_en_de_andere_blijven_gekozen(
    page: Page, live_server: str, ingeschreven_student: str, axe_check: AxeCheck
) -> None:
    inloggen(page, live_server, ingeschreven_student)
    page.goto(f"{live_server}/portfolio/bewijsstukken/nieuw")
    page.get_by_label("Titel", exact=True).fill("Verslag met bijlage")
    page.get_by_label("Kies bestanden").set_input_files(
        files=[
            {"name": "verslag.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "verslag.exe", "mimeType": "application/octet-stream", "buffer": ELF},
        ]
    )
    gekozen = page.locator("#gekozen-bestanden")
    expect(gekozen).to_contain_text("verslag.exe")

    page.get_by_role("button", name="Opslaan als concept").click()

    expect(page.get_by_role("alert")).to_contain_text("verslag.exe: dit bestandstype is niet toegestaan")
    expect(page.locator("#bestanden-fout")).to_contain_text("verslag.exe")  # at the file field too
    expect(gekozen).to_contain_text("verslag.pdf")
    expect(gekozen).not_to_contain_text("verslag.exe")
    expect(page.get_by_label("Titel", exact=True)).to_have_value("Verslag met bijlage")
    axe_check(page)

    # The other file is still chosen: saving again works without choosing it anew.
    page.get_by_role("button", name="Opslaan als concept").click()
    page.wait_for_url(re.compile(r"/bewijsstukken/\d+$"))
    expect(page.get_by_text("verslag.pdf", exact=True)).to_be_visible()
