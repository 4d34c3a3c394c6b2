"""Where bewijsstuk files live: the blob port and the configured backend.

The port holds only what any blob store has: put a stream of chunks under a key, open
(optionally a byte range), size, delete and list. Everything a bewijsstuk's file needs
beyond that (sniffing, size limits, sha256) is the upload pipeline in `app.opslag.upload`,
the same for every backend. Keys are random, never derived from user input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import BinaryIO, Protocol, runtime_checkable
from urllib.parse import quote

from app.errors import DomainError, NietGevonden
from app.opslag.sniff import (  # noqa: F401 (the mediatype names are re-exported: callers know them from here)
    DOC,
    DOCX,
    ODF_TYPES,
    PDF,
    PPT,
    PPTX,
    SNIFF_BYTES,
    TEXT,
    XLS,
    XLSX,
    BestandstypeNietToegestaan,
    Soort,
    TekstControle,
    sniff,
)

MiB = 1024 * 1024
CHUNK_SIZE = MiB
MAX_BYTES = 100 * MiB

_INLINE_SAFE = frozenset(
    {PDF, "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "image/avif"}
)
KEY = re.compile(r"[0-9a-f]{32}")


class BestandTeGroot(DomainError):
    status_code = 413

    def __init__(self, max_bytes: int):
        super().__init__(f"Het bestand is groter dan de toegestane {leesbare_grootte(max_bytes)}.")


class BestandLeeg(DomainError):
    status_code = 422

    def __init__(self) -> None:
        super().__init__("Het bestand is leeg.")


class OpslagVol(DomainError):
    status_code = 507

    def __init__(self) -> None:
        super().__init__(
            "De opslag is vol; het bestand is niet bewaard. Probeer het later opnieuw of meld het bij de beheerder."
        )


class OpslagOnbereikbaar(DomainError):
    status_code = 503

    def __init__(self) -> None:
        super().__init__("De opslag is nu niet bereikbaar; er is niets bewaard. Probeer het zo opnieuw.")


class BestandNietGevonden(NietGevonden):
    def __init__(self) -> None:
        super().__init__("Het bestand is niet (meer) aanwezig in de opslag.")


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str
    mediatype: str


@dataclass(frozen=True)
class Object:
    """One stored blob, as a listing shows it."""

    key: str
    size: int
    modified_at: datetime


class Storage(Protocol):
    def put(self, key: str, chunks: Iterable[bytes]) -> None:
        """Store every chunk under `key`, or nothing at all when the iterable raises or the store fails."""

    def open(self, key: str, start: int = 0, end: int | None = None) -> BinaryIO:
        """The bytes [start, end) as a seekable binary stream (positions relative to `start`); the caller closes it."""

    def size(self, key: str) -> int:
        """Size in bytes; BestandNietGevonden when the key holds nothing."""

    def delete(self, key: str) -> None:
        """Remove a blob; a key that is already gone is not an error."""

    def list(self) -> Iterator[Object]:
        """Every stored blob, in key order, without holding them all in memory."""


@runtime_checkable
class Onvoltooid(Protocol):
    """A backend that can leave unfinished uploads behind after a crash (temp files, multipart uploads)."""

    def unfinished(self, older_than: timedelta) -> Iterator[str]: ...

    def remove_unfinished(self, name: str) -> None: ...


@runtime_checkable
class Presigned(Protocol):
    """A backend that can hand out a short-lived signed GET URL, with the response headers it must carry."""

    def presigned_get(self, key: str, *, content_type: str, content_disposition: str, expires: int) -> str: ...


def exists(storage: Storage, key: str) -> bool:
    try:
        storage.size(key)
    except BestandNietGevonden:
        return False
    return True


def is_inline_safe(mediatype: str) -> bool:
    """Only images and PDF may be shown inline; everything else is a download."""
    return mediatype in _INLINE_SAFE


def leesbare_grootte(n: int) -> str:
    for eenheid, factor in (("MB", MiB), ("kB", 1024)):
        if n >= factor:
            return f"{round(n / factor, 1):g} {eenheid}".replace(".", ",")
    return f"{n} bytes"


# --- File names for display and download -----------------------------------------------------

_BIDI = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), " ")
_MAX_NAAM = 200


def sanitize_filename(name: str) -> str:
    """The student's file name, safe to show and to send back: no folders, no control characters."""
    naam = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    # Bidi overrides can disguise "rapport\u202efdp.exe" as "rapportexe.pdf".
    naam = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in naam.translate(_BIDI))
    naam = " ".join(naam.split()).lstrip(".").strip()
    if len(naam) > _MAX_NAAM:
        stam, punt, extensie = naam.rpartition(".")
        if punt and 0 < len(extensie) <= 10:
            naam = f"{stam[: _MAX_NAAM - len(extensie) - 1]}.{extensie}"
        else:
            naam = naam[:_MAX_NAAM]
    return naam or "bestand"


def content_disposition(filename: str, inline: bool = False) -> str:
    """A Content-Disposition header value (RFC 6266) with an ASCII fallback and the UTF-8 name (RFC 5987)."""
    naam = sanitize_filename(filename)
    ascii_naam = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode("ascii")
    ascii_naam = " ".join("".join(c for c in ascii_naam if c.isprintable() and c not in '"\\%').split())
    if not ascii_naam or ascii_naam.startswith("."):
        ascii_naam = "bestand" + (ascii_naam if ascii_naam.startswith(".") else "")
    soort = "inline" if inline else "attachment"
    return f"{soort}; filename=\"{ascii_naam}\"; filename*=UTF-8''{quote(naam, safe='!#$&+^`|')}"
