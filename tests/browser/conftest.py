"""Browser tests: the app on a live uvicorn server, driven by Debian's Chromium through Playwright.

The live server uses the app's own engine (the same test database the session-scoped
`engine` fixture migrated and loaded, with the kwalificatie committed), so it sees the
same data as the other tests. Nothing here downloads a browser: Chromium comes from
/usr/bin/chromium (override with PORTFOLIO_CHROMIUM), and axe-core is the axe.min.js
shipped inside the axe-playwright-python package, injected into the page with
page.evaluate (no network).
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pyotp
import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.accounts import wachtwoorden
from app.main import create_app
from app.models import Gebruiker, GebruikerRol, Rol

HERE = Path(__file__).resolve().parent
# The suite runs a worker per core next to the live servers: on a busy machine a page can take longer than
# Playwright's default 5 s to settle. What a test waits for stays the same; only the patience grows.
expect.set_options(timeout=15_000)
CHROMIUM = os.environ.get("PORTFOLIO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERIOUS = {"serious", "critical"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # This hook sees every collected item, not only ours: mark just the ones in this folder.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(engine: Engine) -> Iterator[str]:
    """The app on 127.0.0.1 with a free port, served by uvicorn in a background thread."""
    app = create_app()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    # Handing uvicorn the already-bound socket avoids a race for the port.
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="live-server")
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            pytest.fail(f"live server did not answer on {base_url}/healthz")
        time.sleep(0.05)
    try:
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium; never a browser download by Playwright)"
        if os.environ.get("PORTFOLIO_REQUIRE_BROWSER"):
            pytest.fail(message)  # CI sets this: browser tests must run there
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def _format_violation(violation: dict) -> str:
    kop = f"- {violation['id']} ({violation['impact']}): {violation['help']}"
    lines = [f"{kop} <{violation.get('helpUrl', '')}>"]
    for node in violation["nodes"]:
        target = " ".join(str(t) for t in node["target"])
        lines.append(f"    target: {target}")
        lines.append(f"      html: {node.get('html', '').strip()[:300]}")
        summary = node.get("failureSummary")
        if summary:
            lines.append("      " + summary.replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_check() -> Callable[[Page], None]:
    """Run axe-core on the page as it is now; fail listing every serious or critical violation."""
    axe = Axe()  # reads the axe.min.js bundled in the package; injected with page.evaluate

    def check(page: Page) -> None:
        results = axe.run(page)
        ernstig = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
        if ernstig:
            report = "\n".join(_format_violation(v) for v in ernstig)
            pytest.fail(
                f"axe found {len(ernstig)} serious/critical violation(s) on {page.url}:\n{report}",
                pytrace=False,
            )

    return check


WACHTWOORD = "browser-wachtwoord-lang-genoeg"


def maak_account(engine: Engine, *rollen: Rol, naam: str | None = None) -> str:
    """A committed account (the live server has its own sessions); returns its e-mail address."""
    email = f"{secrets.token_hex(4)}@browser.example.nl"
    with Session(engine) as session, session.begin():
        session.add(
            Gebruiker(
                email=email,
                naam=naam or email.split("@")[0],
                wachtwoord_hash=wachtwoorden.hash_wachtwoord(WACHTWOORD),
                studentnummer=secrets.token_hex(4) if Rol.student in rollen else None,
                rol_records=[GebruikerRol(rol=r) for r in rollen],
            )
        )
    return email


# What the authenticator app on each test person's phone knows: the TOTP secret and the last step it gave.
_APPS: dict[str, list] = {}
UITLOGGEN_IN_DE_KOP = 'header form[action="/uitloggen"] button'


def tweede_factor_als_gevraagd(page: Page, email: str) -> None:
    """The examencommissie and beheerder confirm a password login with a code from their app: enrol the first
    time (the secret as the page shows it), then give the code of a step the server has not seen yet."""
    page.wait_for_load_state()
    if "/account/tweede-factor" not in page.url:
        return
    geheim = page.locator("#totp-geheim")
    if geheim.count():
        _APPS[email] = [geheim.inner_text().replace(" ", ""), None]
    app_geheim, laatste = _APPS[email]
    # Now's step (still accepted if the window turns before the server looks), or the one after the last used.
    stap = int(time.time()) // 30
    if laatste is not None and stap <= laatste:
        stap = laatste + 1
    while stap > int(time.time()) // 30 + 1:  # the server takes one step either side of now
        time.sleep(0.5)
    _APPS[email][1] = stap
    code = pyotp.TOTP(app_geheim).at(stap * 30)
    if geheim.count():
        page.get_by_label("Code uit de app").fill(code)
        page.get_by_role("button", name="Tweede factor instellen").click()
        page.get_by_role("link", name="Verder").click()
    else:
        page.get_by_label("Code uit de app of herstelcode").fill(code)
        page.get_by_role("button", name="Doorgaan").click()


def inloggen(page: Page, live_server: str, email: str, wachtwoord: str = WACHTWOORD) -> None:
    page.goto(f"{live_server}/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    tweede_factor_als_gevraagd(page, email)
    expect(page.locator(UITLOGGEN_IN_DE_KOP)).to_be_attached()  # behind the menu button on a phone


def open_menu(page: Page) -> Page:
    """On a phone the main menu folds behind its button: open it (a wide screen shows it already)."""
    knop = page.locator("details[data-hoofdmenu] > summary")
    if knop.is_visible() and not page.locator("details[data-hoofdmenu][open]").count():
        knop.click()
    return page


@pytest.fixture
def student_page(page: Page, live_server: str, engine: Engine) -> Page:
    """A page logged in as a new student."""
    inloggen(page, live_server, maak_account(engine, Rol.student))
    return page
