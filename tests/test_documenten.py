"""Printable documents: Dutch dates, and a renderer that fetches nothing from outside static/."""

from __future__ import annotations

import datetime as dt

import pytest

from app.documenten import _fetcher, korte_datum, lange_datum
from app.templating import ROOT


def test_een_datum_staat_er_zoals_op_een_diploma() -> None:
    assert lange_datum(dt.date(2026, 12, 3)) == "3 december 2026"
    assert lange_datum(dt.date(2027, 3, 1)) == "1 maart 2027"
    assert korte_datum(dt.date(2026, 1, 9)) == "09-01-2026"
    assert korte_datum(None) == ""


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        "file:///etc/passwd",
        (ROOT / "static").as_uri() + "/../pyproject.toml",
    ],
)
def test_een_document_haalt_niets_op_van_buiten_static(url: str) -> None:
    with pytest.raises(ValueError, match="haalt niets op buiten static"):
        _fetcher().fetch(url)


def test_een_bestand_uit_static_mag_wel() -> None:
    antwoord = _fetcher().fetch((ROOT / "static" / "favicon.svg").as_uri())
    assert b"<svg" in antwoord.read()
