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
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from zipstream import ZIP_DEFLATED, ZipStream

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


# --- XLSX, written row by row ------------------------------------------------------------------------
#
# openpyxl saves a workbook only when it is complete, so its first byte waits for the last student.
# A workbook is a ZIP of a few XML parts; the sheet is the only large one, and it is written here as
# the rows come (inline strings, no shared-string table), so the download starts with the first stuk.

_XLSX_VAST = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Voortgang" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
_BLAD_BEGIN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    # The header row and the studentnummer and naam columns stay in view while scrolling.
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane xSplit="2" ySplit="1" topLeftCell="C2" activePane="bottomRight" state="frozen"/>'
    "</sheetView></sheetViews><sheetData>"
)
_BLAD_EINDE = "</sheetData></worksheet>"


def _xlsx_cel(waarde: object) -> str:
    """One cell: a number as a number, anything else as inline text, made inert (neutraliseer) and
    without the control characters a worksheet cannot hold (they go before neutralising, so
    "\x01=1+1" cannot become a formula once they are gone)."""
    if isinstance(waarde, int | float) and not isinstance(waarde, bool):
        return f"<c><v>{waarde}</v></c>"
    tekst = neutraliseer(ILLEGAL_CHARACTERS_RE.sub("", str(waarde)))
    return f'<c t="inlineStr"><is><t xml:space="preserve">{escape(str(tekst))}</t></is></c>'


def _xlsx_rij(waarden: Iterable[object]) -> str:
    return "<row>" + "".join(_xlsx_cel(w) for w in waarden) + "</row>"


def _blad(export: Export, stukken: Iterable[list[Rij]]) -> Iterator[bytes]:
    yield (_BLAD_BEGIN + _xlsx_rij(kopregel(export))).encode()
    for stuk in stukken:
        yield "".join(_xlsx_rij(regel(rij, export.kolommen)) for rij in stuk).encode()
    yield _BLAD_EINDE.encode()


def xlsx_stukken(export: Export, stukken: Iterable[list[Rij]]) -> Iterator[bytes]:
    """The workbook as ZIP pieces: the fixed parts, then the sheet as its rows come, one stuk at a time."""
    zip_ = ZipStream(compress_type=ZIP_DEFLATED)
    for naam, inhoud in _XLSX_VAST.items():
        zip_.add(inhoud.encode(), naam)
    zip_.add(_blad(export, stukken), "xl/worksheets/sheet1.xml")
    yield from zip_
