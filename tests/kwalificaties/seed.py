"""Reads section 4.1 of the published kwalificatie text, so tests compare against the source itself."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

# A copy of the published text (shared/seeds/000_09230fb6d01815f3.txt), kept beside the
# tests so they run from any clone.
SEED = Path(__file__).resolve().parent / "bron" / "wijkagent-n6-2.1.txt"

LABELS = (
    "Kerntaak",
    "Context van deze kerntaak",
    "Complexiteit van deze kerntaak",
    "Zelfstandigheid en verantwoordelijkheid van deze kerntaak",
    "Bouwsteen",
    "Leeruitkomst",
    "Vereiste vakkennis (BOK)",
)


def strip_tags(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@dataclass
class Row:
    label: str
    cells: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return strip_tags(" ".join(self.cells))


def section_4_1_rows() -> list[Row]:
    """The table rows of section 4.1; a row runs on until the next labelled line."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = lines.index("4.1 Beschrijving kerntaken en onderliggende bouwstenen/leeruitkomsten")
    end = lines.index("4.2 Overige vereisten", start)
    rows: list[Row] = []
    for line in lines[start + 1 : end]:
        label, _, rest = line.partition("\t")
        label = strip_tags(label)
        matched = next((lb for lb in LABELS if label.startswith(lb)), None) if label else None
        if matched:
            rows.append(Row(label, [rest]))
        elif rows:
            rows[-1].cells.append(line)
    return rows


# The addendum headings of section 4.1, as published (the data file keeps each as the part's kop).
ADDENDUM_HEADING = re.compile(
    r"(Voor de politie\w* op niveau 6|Specifiek voor de [Ww]ijkagent( op niveau 6)?) geldt aanvullend:\s*"
)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
