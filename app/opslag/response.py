"""Serving a stored file: inline only for safe types, locked-down headers, Range requests so videos seek."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from fastapi.responses import FileResponse, Response, StreamingResponse

from app.opslag.sniff import PDF, TEXT
from app.opslag.storage import CHUNK_SIZE, Storage, content_disposition, is_inline_safe

# The file is never a page of ours: no scripts, no connections, no plugins, a sandbox of its own.
# Inline styles only because the browser's own image and PDF viewers style themselves that way.
BESTAND_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
# Chromium shows a PDF through a built-in plugin, which a sandboxed document or
# object-src 'none' would block; a PDF still gets no scripts, frames or connections.
PDF_CSP = "default-src 'none'; style-src 'unsafe-inline'; object-src 'self'"


def bestand_response(
    storage: Storage, key: str, *, naam: str, mediatype: str, sha256: str, inline: bool = True
) -> Response:
    """The file as a download, or shown in the browser when asked and the type is safe (images, PDF)."""
    inline = inline and is_inline_safe(mediatype)
    headers = {
        "Content-Disposition": content_disposition(naam, inline=inline),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": PDF_CSP if inline and mediatype == PDF else BESTAND_CSP,
        "Cross-Origin-Resource-Policy": "same-origin",
        # Access can end (a begeleiding stops): always ask again, never keep a shared copy.
        "Cache-Control": "private, no-cache",
        # The content never changes under a key, so its checksum is a strong validator (If-Range).
        "ETag": f'"{sha256}"',
    }
    content_type = "text/plain; charset=utf-8" if mediatype == TEXT else mediatype
    path = storage.local_path(key)
    if path is not None:
        # Starlette answers Range and If-Range requests (206, 416) for files on disk.
        return FileResponse(path, media_type=content_type, headers=headers)
    # Seam for object storage: stream it whole here (no Range), or redirect to a short-lived
    # signed URL of the object store, which answers Range requests itself.
    return StreamingResponse(_stukken(storage.open(key)), media_type=content_type, headers=headers)


def _stukken(bestand: BinaryIO) -> Iterator[bytes]:
    with bestand:
        while stuk := bestand.read(CHUNK_SIZE):
            yield stuk
