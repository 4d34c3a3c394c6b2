"""The cohort overview as CSV and XLSX: one row per student, a column per leeruitkomst, formula-injection safe.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return,
which some programs strip before looking) as a formula. Every text cell that starts
so gets a leading apostrophe, in both formats, so a student named
"=HYPERLINK(...)" stays a name.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.cohortoverzicht.service import Export, Rij

GEVAARLIJK_BEGIN = ("=", "+", "-", "@", "\t", "\r")
# Excel in a Dutch locale reads ; as the separator; the BOM tells it the file is UTF-8.
SCHEIDINGSTEKEN = ";"
BOM = "\ufeff"
VAST = ["studentnummer", "naam", "aangetoond", "totaal", "diplomabaar"]
MEDIATYPE = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutraliseer(waarde: object) -> object:
    """A text that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(waarde, str) and waarde.startswith(GEVAARLIJK_BEGIN):
        return "'" + waarde
    return waarde


def kopregel(export: Export) -> list[str]:
    return VAST + export.kolommen


def regel(rij: Rij, kolommen: list[str]) -> list[object]:
    statussen = [rij.statussen[c].label if c in rij.statussen else "" for c in kolommen]
    waarden = [rij.studentnummer or "", rij.naam, rij.aangetoond, rij.totaal, "ja" if rij.diplomabaar else "nee"]
    return waarden + statussen


def bestandsnaam(export: Export, formaat: str) -> str:
    """voortgang-WA6-2026-09-2026-12-01.csv: only safe characters, so the header needs no quoting tricks."""
    code = re.sub(r"[^A-Za-z0-9._-]+", "_", export.cohort.code).strip("._") or "cohort"
    return f"voortgang-{code}-{export.datum.isoformat()}.{formaat}"


def csv_stukken(export: Export, stukken: Iterable[list[Rij]]) -> Iterator[str]:
    """The CSV as text pieces: the header, then one piece per stuk of students."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=SCHEIDINGSTEKEN, lineterminator="\r\n")

    def leeg() -> str:
        tekst = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return tekst

    schrijver.writerow([neutraliseer(k) for k in kopregel(export)])
    yield BOM + leeg()
    for stuk in stukken:
        schrijver.writerows([neutraliseer(w) for w in regel(rij, export.kolommen)] for rij in stuk)
        yield leeg()


def _xlsx_cel(waarde: object) -> object:
    # openpyxl refuses control characters a worksheet cannot hold (they carry no meaning in a name);
    # they go before neutralising, so "\x01=1+1" cannot become a formula once they are gone.
    return neutraliseer(ILLEGAL_CHARACTERS_RE.sub("", waarde) if isinstance(waarde, str) else waarde)


def xlsx_bestand(export: Export, stukken: Iterable[list[Rij]]) -> IO[bytes]:
    """The workbook in a temporary file (write-only mode: rows go to disk as they come), rewound."""
    werkmap = Workbook(write_only=True)
    blad = werkmap.create_sheet(title="Voortgang")
    blad.freeze_panes = "C2"
    blad.append([_xlsx_cel(k) for k in kopregel(export)])
    for stuk in stukken:
        for rij in stuk:
            blad.append([_xlsx_cel(w) for w in regel(rij, export.kolommen)])
    bestand = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - closed by the response
    werkmap.save(bestand)
    bestand.seek(0)
    return bestand


def stroom(bestand: IO[bytes], stuk: int = 64 * 1024) -> Iterator[bytes]:
    try:
        while data := bestand.read(stuk):
            yield data
    finally:
        bestand.close()
