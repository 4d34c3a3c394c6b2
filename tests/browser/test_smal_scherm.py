"""Every page fits a phone: for each persona, a bounded crawl of the pages the menu and the pages
themselves link to, at 390 px wide, with no sideways scrolling and no serious axe findings.

The crawl follows links instead of a list of URLs, so pages added later are covered as soon as
something links to them. It visits one page per URL pattern (numbers in the path are ids), and
never logout, downloads, files or the API.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from app import tijd
from app.accounts import service as accounts
from app.accounts import wachtwoorden
from app.audit.service import registreer
from app.beroepsvereisten import service as beroepsvereisten
from app.models import (
    Begeleiding,
    Bestand,
    Bewijsstuk,
    BewijsstukSoort,
    BewijsstukVersie,
    Cohort,
    Gebruiker,
    Inschrijving,
    Rol,
)
from app.opslag import get_storage
from app.organisatie import service as organisatie
from app.portfolio import service as portfolio
from app.portfolio.schemas import BewijsstukInvoer, Upload
from app.voortgang import stand
from tests.browser.conftest import WACHTWOORD, inloggen

AxeCheck = Callable[[Page], None]
TELEFOON = {"width": 390, "height": 844}
BUREAU = {"width": 1280, "height": 800}
MAX_PAGINAS = 40
# Paths the crawl never opens: they log out, download or stream files, or are not pages.
OVERSLAAN = re.compile(r"^/(uitloggen|static/|api/)|/bestanden/|[?&]download=")
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# Long unbroken strings, as real data has them: they must wrap, not widen the page.
LANG = "Wilhelminajohannatheodoraalexandrinavanoldenbarnevelt"
# To look at the pages yourself: PORTFOLIO_SCHERMAFDRUKKEN=/some/folder saves a full-page PNG of each.
SCHERMAFDRUKKEN = os.environ.get("PORTFOLIO_SCHERMAFDRUKKEN")


@dataclass(frozen=True)
class Personen:
    student: str
    praktijkbegeleider: str
    examencommissie: str
    beheerder: str
    student_id: int


def _account(session: Session, email: str, naam: str, rol: Rol, studentnummer: str | None = None) -> Gebruiker:
    persoon = accounts.maak_gebruiker(session, None, email, naam, [rol.value], studentnummer).gebruiker
    persoon.wachtwoord_hash = wachtwoorden.hash_wachtwoord(WACHTWOORD)
    return persoon


@pytest.fixture(scope="module")
def personen(engine: Engine) -> Iterator[Personen]:
    """One person per role with rows on every page: a cohort, an inschrijving, a begeleiding,
    bewijsstukken (submitted and concept, with a file), accounts with long names, audit records."""
    code = secrets.token_hex(3)
    email = {rol: f"{rol.value}.{code}.met.een.heel.lang.adres@smal-scherm.example.nl" for rol in Rol}
    storage = get_storage()
    with Session(engine) as session, session.begin():
        beheerder = _account(session, email[Rol.beheerder], f"Bea Beheer {code}", Rol.beheerder)
        begeleider = _account(session, email[Rol.praktijkbegeleider], f"Piet {LANG} {code}", Rol.praktijkbegeleider)
        _account(session, email[Rol.examencommissie], f"Erik Examen {code}", Rol.examencommissie)
        student = _account(session, email[Rol.student], f"Sanne {LANG}{LANG} {code}", Rol.student, f"S{code}")
        session.flush()
        van = tijd.vandaag() - dt.timedelta(days=30)
        organisatie.schrijf_in(session, beheerder, student.id, "WA-N6", "2.1", f"SMAL-{code}", van)
        organisatie.koppel(session, beheerder, begeleider.id, student.id, van, None)
        for lu, indienen in (("LU1.1", True), ("LU2.1", False)):
            invoer = BewijsstukInvoer(
                titel=f"Verslag{LANG}{LANG} {lu}",
                soort=BewijsstukSoort.verslag,
                datum=van,
                datum_gegeven=True,
                context=f"Basisteam {LANG}{LANG}{LANG}.",
                koppelingen={lu: f"Onderbouwing{LANG}{LANG}{LANG} voor {lu}."},
            )
            upload = Upload(naam=f"verslag_{LANG}_{LANG}_{lu}.pdf", stream=io.BytesIO(PDF), grootte=len(PDF))
            bewijsstuk = portfolio.bewijsstuk_toevoegen(session, storage, student, student.id, invoer, [upload])
            if indienen:
                portfolio.indienen(session, student, bewijsstuk.id)
        # A beroepsvereiste result, so the results pages show a row of their history.
        beroepsvereisten.registreer_resultaat(
            session,
            beheerder,
            student.id,
            "RTGP",
            "voldaan",
            van.isoformat(),
            (van + dt.timedelta(days=40)).isoformat(),
        )
        # A record with wide details and a subject type without a label yet.
        registreer(session, beheerder, "smal_scherm_controle", "onbekend_soort", code, sleutel=LANG * 4)
        student_id = student.id
    try:
        yield Personen(**{rol.value: email[rol] for rol in Rol}, student_id=student_id)
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
            session.execute(delete(Begeleiding).where(Begeleiding.student_id == student_id))
            session.execute(delete(Inschrijving).where(Inschrijving.student_id == student_id))
            stand.bijwerken(session, [student_id])  # bulk deletes pass by the hook
            session.execute(delete(Cohort).where(Cohort.code == f"SMAL-{code}"))
        for sleutel in sleutels:
            storage.delete(sleutel)


def patroon(url: str) -> str:
    """Pages that differ only by ids or paging keys are one pattern; the crawl visits one of each."""
    delen = urlsplit(url)
    # A path segment with a digit in it is an id or a code (42, WA-N6, 2.1, 1.2).
    pad = re.sub(r"/[^/]*\d[^/]*(?=/|$)", "/{id}", delen.path)
    sleutels = sorted({k for k, _ in parse_qsl(delen.query, keep_blank_values=True)})
    return pad + ("?" + "&".join(sleutels) if sleutels else "")


def links(page: Page, live_server: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "els => els.map(a => a.href)")
    gevonden = []
    for href in hrefs:
        href = urldefrag(href).url
        if not href.startswith(live_server + "/"):
            continue
        pad = href[len(live_server) :]
        if not OVERSLAAN.search(pad):
            gevonden.append(pad)
    return gevonden


def breedte(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def te_breed(page: Page, maximum: int) -> str:
    """The elements that stick out past the viewport, to say what to fix."""
    return page.evaluate(
        """(max) => [...document.querySelectorAll('body *')]
             .filter(e => e.getBoundingClientRect().right > max + 1)
             .slice(0, 8)
             .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                       + ' right=' + Math.round(e.getBoundingClientRect().right))
             .join(', ')""",
        maximum,
    )


# What a thumb presses, and the smallest size it may have (WCAG 2.5.5; checkboxes and radios 2.5.8).
DOELEN = (
    "button, .knop, select, textarea, summary, .kop nav a, .kop .wie a, "
    "input:not([type=checkbox]):not([type=radio]):not([type=hidden])"
)


def te_kleine_doelen(page: Page) -> list[str]:
    return page.evaluate(
        """(doelen) => {
          const klein = [];
          const meet = (selector, min) => document.querySelectorAll(selector).forEach((e) => {
            const r = e.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) return;  // not shown
            if (r.width < min - 0.5 || r.height < min - 0.5) {
              const naam = (e.textContent || e.name || e.id || '').trim().slice(0, 30);
              klein.push(`${e.tagName.toLowerCase()} "${naam}" ${Math.round(r.width)}x${Math.round(r.height)}`);
            }
          });
          meet(doelen, 44);
          meet('input[type=checkbox], input[type=radio]', 24);
          return klein;
        }""",
        DOELEN,
    )


def schermafdrukken(page: Page, naam: str) -> None:
    """The whole page in PNGs of at most 1,200 px high (long pages are unreadable in one image)."""
    naam = re.sub(r"[^a-z0-9]+", "_", f"{page.viewport_size['width']} {naam}".lower()).strip("_")
    breed, hoog = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    for deel, boven in enumerate(range(0, min(hoog, 6000), 1200)):
        clip = {"x": 0, "y": boven, "width": breed, "height": min(1200, hoog - boven)}
        page.screenshot(path=os.path.join(SCHERMAFDRUKKEN, f"{naam}-{deel}.png"), clip=clip, full_page=True)


def crawl(page: Page, live_server: str, axe_check: AxeCheck, *start: str) -> list[str]:
    """Visit the start pages, the menu and what they link to, breadth first; check each page."""
    bezocht: list[str] = []
    gezien: set[str] = set()
    rij = list(start)
    fouten = []
    while rij and len(bezocht) < MAX_PAGINAS:
        pad = rij.pop(0)
        if patroon(pad) in gezien:
            continue
        gezien.add(patroon(pad))
        response = page.goto(live_server + pad)
        assert response is not None and response.status < 500, f"{pad} answered {response and response.status}"
        bezocht.append(pad)
        if SCHERMAFDRUKKEN:
            schermafdrukken(page, patroon(pad))
        if (b := breedte(page)) > TELEFOON["width"]:
            fouten.append(f"{pad}: {b}px wide ({te_breed(page, TELEFOON['width'])})")
        if klein := te_kleine_doelen(page):
            fouten.append(f"{pad}: touch targets under 44 px: {', '.join(klein[:6])}")
        axe_check(page)
        rij.extend(p for p in links(page, live_server) if patroon(p) not in gezien)
    assert not fouten, "pages that do not fit a phone (390 px):\n" + "\n".join(fouten)
    return bezocht


@pytest.fixture
def telefoon(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="nl-NL", viewport=TELEFOON)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("persona", ["student", "praktijkbegeleider", "examencommissie", "beheerder"])
def test_geen_pagina_schuift_zijwaarts_en_alles_is_met_de_duim_te_raken(
    telefoon: Page, live_server: str, personen: Personen, axe_check: AxeCheck, persona: str
) -> None:
    inloggen(telefoon, live_server, getattr(personen, persona))
    menu = [
        urlsplit(href).path
        for href in telefoon.eval_on_selector_all('nav[aria-label="Hoofdmenu"] a[href]', "els => els.map(a => a.href)")
    ]
    assert menu, "no main menu after logging in"

    # Other tests leave students without evidence: let this student's portfolio be the one visited.
    portfolio = "/portfolio" if persona == "student" else f"/studenten/{personen.student_id}/portfolio"
    # The committee's dossier of this student, with its decision form, whatever the workspace list holds.
    dossier = [f"/examencommissie/studenten/{personen.student_id}"] if persona == "examencommissie" else []
    bezocht = crawl(telefoon, live_server, axe_check, "/", portfolio, *dossier)

    # The crawl reached past the menu: detail pages of the persona's own data.
    verwacht = {
        "student": [
            "/dashboard",
            "/portfolio",
            "/bewijsstukken/{id}",
            "/account",
            "/kwalificaties",
            "/studenten/{id}/beroepsvereisten",
        ],
        "praktijkbegeleider": ["/te-beoordelen", "/studenten/{id}/portfolio", "/bewijsstukken/{id}"],
        "examencommissie": [
            "/studenten",
            "/studenten/{id}/portfolio",
            "/bewijsstukken/{id}",
            "/examencommissie",
            "/examencommissie/studenten/{id}",
        ],
        "beheerder": ["/beheer/gebruikers/{id}", "/beheer/audit", "/beheer/begeleidingen", "/beheer/cohorten"],
    }[persona]
    patronen = {patroon(p) for p in bezocht}
    assert set(verwacht) <= patronen, sorted(patronen)
    # Every page of the menu itself was among them (the crawl's bound never cuts one off).
    overgeslagen = sorted({patroon(p) for p in menu if not OVERSLAAN.search(p)} - patronen)
    assert not overgeslagen, f"menu pages not checked: {overgeslagen}"


def test_de_audittrail_past_op_een_bureauscherm(
    browser: Browser, live_server: str, personen: Personen, axe_check: AxeCheck
) -> None:
    context = browser.new_context(locale="nl-NL", viewport=BUREAU)
    page = context.new_page()
    try:
        inloggen(page, live_server, personen.beheerder)
        page.goto(f"{live_server}/beheer/audit")
        if SCHERMAFDRUKKEN:
            schermafdrukken(page, "audit")

        assert page.locator("table.audit tbody tr").count() > 0
        assert breedte(page) <= BUREAU["width"], te_breed(page, BUREAU["width"])
        # Details are folded away until asked for, and then still fit.
        page.locator("table.audit details summary").first.click()
        assert breedte(page) <= BUREAU["width"], te_breed(page, BUREAU["width"])
        axe_check(page)
    finally:
        context.close()


def test_op_een_telefoon_wordt_een_tabel_een_rij_kaarten_met_kolomnamen(
    telefoon: Page, live_server: str, personen: Personen
) -> None:
    inloggen(telefoon, live_server, personen.beheerder)
    telefoon.goto(f"{live_server}/beheer/gebruikers?q={personen.student}")

    rij = telefoon.locator("table tbody tr").first
    cel = rij.locator("td", has_text=personen.student)
    # The column header is hidden; each cell says which column it is, and the cells stack.
    expect(telefoon.locator("table thead")).to_have_css("position", "absolute")
    expect(cel).to_have_attribute("data-label", "E-mailadres")
    naam, email = rij.locator("td").nth(0).bounding_box(), cel.bounding_box()
    assert email["y"] >= naam["y"] + naam["height"] - 1 and email["x"] == naam["x"]
    assert "E-mailadres" in cel.evaluate("e => getComputedStyle(e, '::before').content")
    # Still a table for a screen reader.
    expect(telefoon.get_by_role("cell", name=personen.student)).to_be_visible()


def test_ook_een_tabel_die_htmx_binnenhaalt_krijgt_kolomnamen(
    telefoon: Page, live_server: str, personen: Personen
) -> None:
    inloggen(telefoon, live_server, personen.beheerder)
    telefoon.goto(f"{live_server}/beheer/gebruikers")

    # Searching as you type swaps in a new table without reloading the page.
    telefoon.get_by_role("searchbox").fill(personen.praktijkbegeleider)
    expect(telefoon.locator("#gebruikers-resultaten tbody tr")).to_have_count(1)

    cel = telefoon.locator("#gebruikers-resultaten td", has_text=personen.praktijkbegeleider)
    expect(cel).to_have_attribute("data-label", "E-mailadres")


def test_op_een_bureauscherm_blijft_een_tabel_een_tabel(browser: Browser, live_server: str, personen: Personen) -> None:
    context = browser.new_context(locale="nl-NL", viewport=BUREAU)
    page = context.new_page()
    try:
        inloggen(page, live_server, personen.beheerder)
        page.goto(f"{live_server}/beheer/gebruikers?q={personen.student}")

        expect(page.locator("table thead")).to_be_visible()
        rij = page.locator("table tbody tr").first
        naam, email = rij.locator("td").nth(0).bounding_box(), rij.locator("td").nth(1).bounding_box()
        assert email["x"] > naam["x"] and abs(email["y"] - naam["y"]) < 1
    finally:
        context.close()


def test_elke_pagina_heeft_een_favicon(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/inloggen")

    href = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(live_server + href)

    assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in response.body()
