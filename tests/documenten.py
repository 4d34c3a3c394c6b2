"""Reading a generated PDF as a person would: its text, and the QR codes a phone camera would scan."""

from __future__ import annotations

import io

from pypdf import PdfReader


def tekst_van(pdf: bytes) -> str:
    """All text of the PDF, pages joined, whitespace collapsed (lines wrap wherever the layout wraps them)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((pagina.extract_text() or "").split()) for pagina in reader.pages)


def qr_codes_van(pdf: bytes, pagina: int = 0) -> list[str]:
    """The QR codes found on the rendered page (PDFium at 144 dpi, decoded by ZXing)."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf)
    try:
        beeld = document[pagina].render(scale=2).to_pil()
    finally:
        document.close()
    return [code.text for code in zxingcpp.read_barcodes(beeld) if code.format == zxingcpp.BarcodeFormat.QRCode]


def paginas_van(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height of each page in points."""
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(pdf)).pages]
