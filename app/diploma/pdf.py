"""The diploma PDF: rendered from templates/diploma/diploma.html, its QR code inline SVG from segno.

Only plain facts go in (DiplomaGegevens), so the decision model, a frozen
snapshot or a test can each produce one without the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

import segno
from markupsafe import Markup

from app.config import get_settings
from app.documenten import render_pdf


@dataclass(frozen=True)
class DiplomaGegevens:
    naam: str
    kwalificatie_titel: str
    kwalificatie_code: str
    versie: str
    niveau: int
    datum: dt.date
    diplomanummer: str
    # (code, titel) of every kerntaak the diploma covers, in the order of the kwalificatie.
    kerntaken: Sequence[tuple[str, str]] = field(default_factory=tuple)
    verificatie_url: str = ""
    ingetrokken: bool = False
    verificatiecode: str = ""

    def __post_init__(self) -> None:
        # Frozen all the way down: a list handed in cannot change the diploma afterwards.
        object.__setattr__(self, "kerntaken", tuple((code, titel) for code, titel in self.kerntaken))


def verificatie_url(diplomanummer: str, code: str = "") -> str:
    """The public verification page the QR code leads to (API.md): {PORTFOLIO_BASE_URL}/diplomas/{nummer}, with
    `?code=` the diploma's verification code, without which the page shows only whether it is valid."""
    url = f"{get_settings().base_url.rstrip('/')}/diplomas/{quote(diplomanummer, safe='')}"
    return f"{url}?code={quote(code, safe='')}" if code else url


def qr_svg(url: str) -> Markup:
    """The QR code as inline SVG; error correction M survives a crease or a smudge on paper."""
    qr = segno.make(url, error="m", micro=False)
    # No size of its own: the template's CSS sizes it; one unit per module keeps the path small.
    return Markup(qr.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff"))  # noqa: S704 - segno's own SVG


def diploma_pdf(gegevens: DiplomaGegevens) -> bytes:
    """The diploma as an A4 PDF; a revoked one says so across the page."""
    return render_pdf("diploma/diploma.html", {"d": gegevens, "qr": qr_svg(gegevens.verificatie_url)})
