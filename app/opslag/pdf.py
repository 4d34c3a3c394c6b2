"""Active content in a PDF: scripts, actions that run on opening, launching programs, embedded files.

Evidence is read by assessors in their browser's PDF viewer; a PDF that can run
something or carries other files is refused before it is stored. pypdf reads
every object (compressed object streams and `#xx`-escaped names included). A
file pypdf cannot parse is still searched, in its raw bytes and every stream
that inflates, for the same names, because viewers repair what pypdf gives up on.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from app.errors import DomainError

# Keys whose presence is active content, and action types (/S) that are. /OpenAction is judged by
# what it does: word processors and LaTeX set it to "open at page 1, fit", which is harmless.
ACTIEVE_SLEUTELS = frozenset({"/JS", "/JavaScript", "/AA", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia"})
ACTIEVE_ACTIES = frozenset({"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"})
_ONSCHULDIG_BIJ_OPENEN = frozenset({"/GoTo"})
_MAX_UITGEPAKT = 64 * 1024 * 1024  # the raw fallback inflates at most this much in total


class PdfMetActieveInhoud(DomainError):
    status_code = 415

    def __init__(self, wat: str) -> None:
        super().__init__(
            f"Deze PDF bevat actieve inhoud ({wat}) en wordt niet opgeslagen. Sla het document opnieuw op "
            "als gewone PDF (bijvoorbeeld met 'Afdrukken naar PDF') en upload dat bestand."
        )


def controleer_pdf(bron: Path | BinaryIO) -> None:
    """Raise PdfMetActieveInhoud when the PDF (a path or a seekable file) can run something or carries embedded
    files."""
    if isinstance(bron, Path):
        with bron.open("rb") as bestand:
            return controleer_pdf(bestand)
    try:
        bron.seek(0)
        reader = PdfReader(bron, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfMetActieveInhoud("versleuteld, dus niet te controleren")
        gevonden = next(_actief_in_objecten(reader), None)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        gevonden = _actief_in_bytes(bron)
    if gevonden:
        raise PdfMetActieveInhoud(_OMSCHRIJVING.get(gevonden, gevonden.lstrip("/")))


_OMSCHRIJVING = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/OpenAction": "een actie bij openen",
    "/AA": "automatische acties",
    "/Launch": "het starten van een programma",
    "/EmbeddedFiles": "ingesloten bestanden",
    "/EmbeddedFile": "ingesloten bestanden",
    "/RichMedia": "multimedia met scripts",
    "/ImportData": "het importeren van gegevens",
    "/RichMediaExecute": "multimedia met scripts",
}


def _object_ids(reader: PdfReader) -> Iterator[tuple[int, int]]:
    for generatie, tabel in reader.xref.items():
        for idnum in tabel:
            yield idnum, generatie
    for idnum in reader.xref_objStm:
        yield idnum, 0


def _actief_in_objecten(reader: PdfReader) -> Iterator[str]:
    yield from _actief_in(reader.trailer)
    for idnum, generatie in _object_ids(reader):
        try:
            obj = reader.get_object(IndirectObject(idnum, generatie, reader))
        except PyPdfError:
            continue
        yield from _actief_in(obj)


def _actief_in(obj: object, diepte: int = 0) -> Iterator[str]:
    # Indirect references are not followed: every indirect object is visited on its own.
    if diepte > 50:
        return
    if isinstance(obj, DictionaryObject):
        for sleutel, waarde in obj.items():
            if sleutel in ACTIEVE_SLEUTELS or (sleutel == "/OpenAction" and _actieve_openactie(waarde)):
                yield sleutel
            if sleutel == "/S" and isinstance(waarde, NameObject) and waarde in ACTIEVE_ACTIES:
                yield str(waarde)
            yield from _actief_in(waarde, diepte + 1)
    elif isinstance(obj, ArrayObject):
        for waarde in obj:
            yield from _actief_in(waarde, diepte + 1)


def _actieve_openactie(waarde: object) -> bool:
    if isinstance(waarde, IndirectObject):
        waarde = waarde.get_object()
    if isinstance(waarde, ArrayObject):
        return False  # a destination: which page to show
    return not (isinstance(waarde, DictionaryObject) and waarde.get("/S") in _ONSCHULDIG_BIJ_OPENEN)


_NAAM = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)


def _namen(data: bytes) -> Iterator[str]:
    for ruw in _NAAM.findall(data):
        yield "/" + re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), ruw[1:]).decode("latin-1")


def _actief_in_bytes(bestand: BinaryIO) -> str | None:
    bestand.seek(0)
    data = bestand.read()
    delen = [data]
    ruimte = _MAX_UITGEPAKT
    for stream in _STREAM.findall(data):
        if ruimte <= 0:
            break
        try:
            uitgepakt = zlib.decompressobj().decompress(stream, ruimte)
        except zlib.error:
            continue
        ruimte -= len(uitgepakt)
        delen.append(uitgepakt)
    for deel in delen:
        for naam in _namen(deel):
            # Unparsed, an /OpenAction cannot be judged: it counts as active.
            if naam in ACTIEVE_SLEUTELS or naam in ACTIEVE_ACTIES or naam == "/OpenAction":
                return naam
    return None
