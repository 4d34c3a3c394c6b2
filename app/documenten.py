"""Printable documents (the diploma, the dossier's samenvatting): an HTML template rendered to PDF by WeasyPrint.

The templates are ordinary Jinja templates with autoescaping, so a title or a
feedback text can never become markup. WeasyPrint fetches nothing from the
network: only files under static/ may be referred to.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from urllib.parse import unquote

from app.templating import ROOT, templates

_MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_STATIC = (ROOT / "static").resolve()
# One document at a time per process: rendering is CPU-bound Python (threads gain nothing under the GIL),
# and WeasyPrint does not promise that Pango's font set-up may be shared by threads at once.
_EEN_TEGELIJK = threading.Lock()


def lange_datum(datum: dt.date) -> str:
    """'3 december 2026', as a date is written on a diploma."""
    return f"{datum.day} {_MAANDEN[datum.month - 1]} {datum.year}"


def korte_datum(datum: dt.date | None) -> str:
    """'03-12-2026'; empty for no date."""
    return datum.strftime("%d-%m-%Y") if datum else ""


def _fetcher():  # noqa: ANN202
    from weasyprint import URLFetcher

    class AlleenStatic(URLFetcher):
        """Only files under static/: a document never reaches the network or the rest of the disk."""

        def fetch(self, url: str, headers=None):  # noqa: ANN001, ANN202
            if url.startswith("file://") and Path(unquote(url.removeprefix("file://"))).resolve().is_relative_to(
                _STATIC
            ):
                return super().fetch(url, headers)
            raise ValueError(f"Een document haalt niets op buiten static/: {url}")

    return AlleenStatic()


def render_html(template: str, context: dict) -> str:
    """The document's HTML, before WeasyPrint: cheap, and what a PDF of it would show."""
    return templates.env.get_template(template).render(**context, lange_datum=lange_datum, korte_datum=korte_datum)


def pdf_van(html: str) -> bytes:
    """HTML (from `render_html`) as an A4 PDF (the page size and margins are in its own CSS)."""
    from weasyprint import HTML  # imported here: loading Pango costs a moment the other requests need not wait for

    with _EEN_TEGELIJK:
        return HTML(string=html, base_url=str(_STATIC) + "/", url_fetcher=_fetcher()).write_pdf()


def render_pdf(template: str, context: dict) -> bytes:
    """The template rendered to an A4 PDF."""
    return pdf_van(render_html(template, context))
