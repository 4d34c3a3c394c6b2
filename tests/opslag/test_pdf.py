"""PDFs with active content are refused before they are stored; ordinary PDFs are kept."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from app.opslag import LocalStorage, bewaar
from app.opslag.pdf import PdfMetActieveInhoud, controleer_pdf

# No xref table: pypdf gives up on it, viewers repair it.
KAPOTTE_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _pdf(aanpassen: Callable[[PdfWriter], None] | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if aanpassen:
        aanpassen(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _actie(soort: str, **velden: object) -> DictionaryObject:
    actie = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(soort)})
    for sleutel, waarde in velden.items():
        actie[NameObject(f"/{sleutel}")] = waarde
    return actie


def _openactie(actie: object) -> Callable[[PdfWriter], None]:
    def zet(writer: PdfWriter) -> None:
        writer._root_object[NameObject("/OpenAction")] = actie

    return zet


def _javascript_bij_het_document(writer: PdfWriter) -> None:
    # Document-level scripts: the catalog's /Names → /JavaScript name tree.
    script = writer._add_object(_actie("/JavaScript", JS=TextStringObject("app.alert('hoi');")))
    boom = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("begroeting"), script])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): boom})


def _aa_op_pagina(writer: PdfWriter) -> None:
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): _actie("/GoTo")})


ACTIEF = {
    "javascript": _javascript_bij_het_document,
    "ingesloten bestand": lambda w: w.add_attachment("notitie.txt", b"geheim"),
    "openactie met javascript": _openactie(_actie("/JavaScript", JS=TextStringObject("app.alert(1)"))),
    "launch": _openactie(_actie("/Launch", F=TextStringObject("calc.exe"))),
    "automatische actie op een pagina": _aa_op_pagina,
}


def _schrijf(tmp_path: Path, inhoud: bytes) -> Path:
    pad = tmp_path / "bestand.pdf"
    pad.write_bytes(inhoud)
    return pad


@pytest.mark.parametrize("aanpassen", ACTIEF.values(), ids=ACTIEF.keys())
def test_een_pdf_met_actieve_inhoud_wordt_geweigerd(tmp_path: Path, aanpassen) -> None:  # noqa: ANN001
    with pytest.raises(PdfMetActieveInhoud) as fout:
        controleer_pdf(_schrijf(tmp_path, _pdf(aanpassen)))
    assert "actieve inhoud" in fout.value.detail


def test_een_gewone_pdf_en_openen_op_pagina_1_zijn_in_orde(tmp_path: Path) -> None:
    controleer_pdf(_schrijf(tmp_path, _pdf()))

    def naar_pagina_1(writer: PdfWriter) -> None:
        writer._root_object[NameObject("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, NameObject("/Fit")]
        )

    controleer_pdf(_schrijf(tmp_path, _pdf(naar_pagina_1)))
    controleer_pdf(_schrijf(tmp_path, _pdf(_openactie(_actie("/GoTo", D=ArrayObject([NumberObject(0)]))))))


def test_een_kapotte_pdf_zonder_scripts_wordt_bewaard_maar_met_scripts_niet(tmp_path: Path) -> None:
    controleer_pdf(_schrijf(tmp_path, KAPOTTE_PDF))

    verstopt = KAPOTTE_PDF.replace(b"/Type /Catalog", b"/Type /Catalog /Names << /J#61vaScript 2 0 R >>")
    with pytest.raises(PdfMetActieveInhoud):
        controleer_pdf(_schrijf(tmp_path, verstopt))

    ingepakt = zlib.compress(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    in_stream = KAPOTTE_PDF.replace(
        b"trailer", b"2 0 obj\n<< /Length 9 >>\nstream\n" + ingepakt + b"\nendstream\nendobj\ntrailer"
    )
    with pytest.raises(PdfMetActieveInhoud):
        controleer_pdf(_schrijf(tmp_path, in_stream))


def test_opslag_bewaart_een_pdf_met_javascript_niet_en_laat_niets_achter(tmp_path: Path) -> None:
    opslag = LocalStorage(tmp_path / "bestanden")

    with pytest.raises(PdfMetActieveInhoud):
        bewaar(opslag, io.BytesIO(_pdf(ACTIEF["javascript"])), 10 * 1024 * 1024)

    assert [p for p in opslag.root.rglob("*") if p.is_file()] == []
    assert bewaar(opslag, io.BytesIO(_pdf()), 10 * 1024 * 1024).mediatype == "application/pdf"
