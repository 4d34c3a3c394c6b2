"""Signing in through the provider in a real browser, on a phone: the button, the provider's page, the dashboard."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import Browser, expect
from sqlalchemy import Engine

from app.models import Rol
from tests.accounts import oidc_helpers as h
from tests.browser.conftest import UITLOGGEN_IN_DE_KOP, maak_account


@pytest.fixture
def aanbieder(monkeypatch, live_server: str) -> Iterator[str]:  # noqa: ANN001
    with run_server_in_thread() as server:
        issuer = f"http://localhost:{server.server_port}"
        h.zet_aan(monkeypatch, issuer, base_url=live_server)
        yield issuer


def test_sign_in_through_the_provider_at_390px(browser: Browser, live_server: str, engine: Engine, aanbieder) -> None:  # noqa: ANN001
    email = maak_account(engine, Rol.student)
    h.zet_gebruiker(aanbieder, "browser-student", email=email, email_verified=True)
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/inloggen")
        knop = page.get_by_role("link", name="Inloggen met SURFconext")
        expect(knop).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        knop.click()
        # The provider's own page: it asks who you are (the mock asks only for `sub`).
        page.locator('input[name="sub"]').first.fill("browser-student")
        page.get_by_role("button", name="Authorize").click()
        expect(page).to_have_url(re.compile(r"/dashboard"))
        expect(page.locator(UITLOGGEN_IN_DE_KOP)).to_be_attached()  # behind the menu button at 390 px
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
