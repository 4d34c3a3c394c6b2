"""The dossier ZIP, streamed: every file read from storage in chunks while the ZIP is written, never whole.

The entries are stored, not compressed: evidence is mostly PDF, photos and video,
which compress no further. The summary PDF is the last entry and is rendered only
when the stream reaches it, so the first bytes leave at once; its size is not known
before, so the ZIP goes out without a Content-Length. Zip64 takes over by itself
past 4 GB.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.responses import StreamingResponse
from zipstream import ZIP_STORED, ZipStream

from app.diploma.pdf import DiplomaGegevens, diploma_pdf
from app.dossier.rules import MANIFEST, SAMENVATTING
from app.dossier.service import DossierExport
from app.opslag import Storage
from app.opslag.storage import CHUNK_SIZE, content_disposition


def zip_van(export: DossierExport, storage: Storage) -> ZipStream:
    """The ZIP as a lazy stream: a file is opened only when the stream reaches it."""
    zip_ = ZipStream(compress_type=ZIP_STORED)
    zip_.add(export.manifest, MANIFEST)
    for bestand in export.bestanden:
        zip_.add(_stukken(storage, bestand.opslag_sleutel), bestand.pad, size=bestand.grootte)
    for diploma in export.diplomas:
        if diploma.opgeslagen is not None:
            zip_.add(_stukken(storage, diploma.opgeslagen.opslag_sleutel), diploma.pad, size=diploma.opgeslagen.grootte)
        else:  # not yet stored by a worker: rendered when the stream reaches it, as its download would
            zip_.add(_diploma(diploma.gegevens), diploma.pad)
    zip_.add(_gerenderd(export), SAMENVATTING)
    return zip_


def _diploma(gegevens: DiplomaGegevens) -> Iterator[bytes]:
    yield diploma_pdf(gegevens)


def _gerenderd(export: DossierExport) -> Iterator[bytes]:
    yield export.samenvatting()


def _stukken(storage: Storage, sleutel: str) -> Iterator[bytes]:
    with storage.open(sleutel) as bestand:
        while stuk := bestand.read(CHUNK_SIZE):
            yield stuk


def zip_response(export: DossierExport, storage: Storage) -> StreamingResponse:
    zip_ = zip_van(export, storage)
    return StreamingResponse(
        iter(zip_),
        media_type="application/zip",
        headers={
            "Content-Disposition": content_disposition(export.bestandsnaam),
            "X-Content-Type-Options": "nosniff",
            # Personal data that access can be taken from: never kept in a shared cache.
            "Cache-Control": "private, no-store",
        },
    )
