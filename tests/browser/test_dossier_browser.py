"""A student takes their dossier home from the portfolio page in a real browser."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import inloggen
from tests.browser.test_portfolio_browser import ingeschreven_student  # noqa: F401 - shared fixture

AxeCheck = Callable[[Page], None]


def test_de_student_downloadt_het_dossier_als_zip(
    page: Page,
    live_server: str,
    ingeschreven_student: str,  # noqa: F811
    axe_check: AxeCheck,
    tmp_path: Path,
) -> None:
    inloggen(page, live_server, ingeschreven_student)
    page.get_by_role("link", name="Mijn portfolio", exact=True).click()
    knop = page.get_by_role("link", name="Dossier downloaden (ZIP)")
    expect(knop).to_be_visible()
    axe_check(page)

    with page.expect_download() as wachten:
        knop.click()
    download = wachten.value

    assert re.fullmatch(r"dossier-[A-Za-z0-9]+-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    pad = tmp_path / download.suggested_filename
    download.save_as(pad)
    with zipfile.ZipFile(pad) as archief:
        assert sorted(archief.namelist()) == ["manifest.json", "samenvatting.pdf"]
        manifest = json.loads(archief.read("manifest.json"))
    assert manifest["student"]["naam"] == "Bianca Browser"
    assert manifest["kwalificatie"]["code"] == "WA-N6"
