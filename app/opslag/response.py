"""Serving a stored file: inline only for safe types, locked-down headers, Range requests so videos seek."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from fastapi import Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from app.config import get_settings
from app.opslag.sniff import PDF, TEXT
from app.opslag.storage import CHUNK_SIZE, Presigned, Storage, content_disposition, is_inline_safe

# The file is never a page of ours: no scripts, no connections, no plugins, a sandbox of its own.
# Inline styles only because the browser's own image and PDF viewers style themselves that way.
BESTAND_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
# Chromium shows a PDF through a built-in plugin, which a sandboxed document or
# object-src 'none' would block; a PDF still gets no scripts, frames or connections.
# Our own assessment page may frame it beside the form (frame-ancestors 'self'); no other site may.
PDF_CSP = "default-src 'none'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'"


def bestand_response(
    request: Request,
    storage: Storage,
    key: str,
    *,
    naam: str,
    mediatype: str,
    sha256: str,
    inline: bool = True,
) -> Response:
    """The file as a download, or shown in the browser when asked and the type is safe (images, PDF).

    With PORTFOLIO_S3_DOWNLOADS=presigned and a backend that signs URLs, the answer is a redirect to a signed GET of the
    object store carrying the same Content-Type and Content-Disposition; the caller checked access before.
    """
    inline = inline and is_inline_safe(mediatype)
    disposition = content_disposition(naam, inline=inline)
    content_type = "text/plain; charset=utf-8" if mediatype == TEXT else mediatype
    grootte = storage.size(key)  # a missing blob is a 404 here, before any byte or URL goes out
    settings = get_settings()
    if settings.s3_downloads == "presigned" and isinstance(storage, Presigned):
        url = storage.presigned_get(
            key, content_type=content_type, content_disposition=disposition, expires=settings.s3_url_geldig_seconden
        )
        # The URL is a credential for a few minutes: nobody may keep the redirect.
        return RedirectResponse(url, status_code=307, headers={"Cache-Control": "no-store"})
    headers = {
        "Content-Disposition": disposition,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": PDF_CSP if inline and mediatype == PDF else BESTAND_CSP,
        "Cross-Origin-Resource-Policy": "same-origin",
        "X-Frame-Options": "SAMEORIGIN" if inline and mediatype == PDF else "DENY",
        # Access can end (a begeleiding stops): always ask again, never keep a shared copy.
        "Cache-Control": "private, no-cache",
        # The content never changes under a key, so its checksum is a strong validator (If-Range).
        "ETag": f'"{sha256}"',
        "Accept-Ranges": "bytes",
    }
    bereik = _bereik(request, grootte, headers["ETag"])
    if bereik == "buiten":
        return Response(status_code=416, headers={**headers, "Content-Range": f"bytes */{grootte}"})
    start, einde = bereik if bereik is not None else (0, grootte)
    headers["Content-Length"] = str(einde - start)
    status = 200
    if bereik is not None:
        status = 206
        headers["Content-Range"] = f"bytes {start}-{einde - 1}/{grootte}"
    bestand = storage.open(key, start, einde) if bereik is not None else storage.open(key)
    return StreamingResponse(_stukken(bestand), status_code=status, media_type=content_type, headers=headers)


_BEREIK = re.compile(r"bytes=(\d{0,18})-(\d{0,18})")  # longer numbers are no range of ours


def _bereik(request: Request, grootte: int, etag: str) -> tuple[int, int] | str | None:
    """One byte range (RFC 9110) as [start, end), "buiten" when it lies beyond the file, None for the whole file.

    Several ranges, a malformed header or a stale If-Range get the whole file, as the RFC allows.
    """
    waarde = request.headers.get("range")
    if not waarde:
        return None
    if_range = request.headers.get("if-range")
    if if_range is not None and if_range.strip() != etag:
        return None
    gevonden = _BEREIK.fullmatch(waarde.strip())
    if gevonden is None:
        return None
    van, tot = gevonden.groups()
    if not van and not tot:
        return None
    if not van:
        lengte = int(tot)
        if lengte == 0:
            return "buiten"
        return max(0, grootte - lengte), grootte
    start = int(van)
    einde = min(int(tot) + 1, grootte) if tot else grootte
    if start >= grootte:
        return "buiten"
    if einde <= start:
        return None
    return start, einde


def _stukken(bestand: BinaryIO) -> Iterator[bytes]:
    with bestand:
        while stuk := bestand.read(CHUNK_SIZE):
            yield stuk
