"""Where bewijsstuk files live: a small storage interface and its local-disk implementation.

The domain only sees `Storage`; object storage (S3) can be added later as another
implementation. Keys are random, never derived from user input. The stored type is
decided by sniffing the content, never by the name the student gave the file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import quote

from app.config import get_settings
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
_KEY = re.compile(r"[0-9a-f]{32}")
_TMP_DIR = ".tmp"


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


class BestandNietGevonden(NietGevonden):
    def __init__(self) -> None:
        super().__init__("Het bestand is niet (meer) aanwezig in de opslag.")


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str
    mediatype: str


class Storage(Protocol):
    def save(self, stream: BinaryIO, max_bytes: int) -> StoredFile:
        """Store everything readable from `stream`, or nothing at all."""

    def open(self, key: str) -> BinaryIO:
        """A seekable binary file for streaming (Range requests); the caller closes it."""

    def delete(self, key: str) -> None:
        """Remove a file; a key that is already gone is not an error."""

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int: ...

    def modified_at(self, key: str) -> datetime:
        """When the file was stored (UTC)."""

    def iter_keys(self) -> Iterator[str]:
        """Every stored key, for the consistency check."""

    def iter_stale_temp(self, older_than: timedelta) -> Iterator[str]:
        """Unfinished uploads left behind by a crash, older than `older_than`."""

    def delete_temp(self, name: str) -> None: ...

    def local_path(self, key: str) -> Path | None:
        """The file on local disk, so it can be served with Range support; None for remote storage."""


def is_inline_safe(mediatype: str) -> bool:
    """Only images and PDF may be shown inline; everything else is a download."""
    return mediatype in _INLINE_SAFE


class LocalStorage:
    """Files under `root/ab/cd/<key>`; uploads are written to `root/.tmp/` and renamed into place."""

    def __init__(self, root: Path, *, chunk_size: int = CHUNK_SIZE):
        self.root = Path(root)
        self.chunk_size = chunk_size

    def save(self, stream: BinaryIO, max_bytes: int) -> StoredFile:
        tmp_dir = self.root / _TMP_DIR
        tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-", suffix=".part")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                size, sha256, soort = self._copy(stream, out, max_bytes)
                out.flush()
                os.fsync(out.fileno())
            mediatype = soort.bevestig(tmp)
            key, final = self._new_location()
            os.replace(tmp, final)
        except OSError as fout:
            tmp.unlink(missing_ok=True)
            if fout.errno == errno.ENOSPC:
                raise OpslagVol() from fout
            raise
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        try:
            _fsync_dir(final.parent)
        except BaseException:
            final.unlink(missing_ok=True)
            raise
        return StoredFile(key=key, size=size, sha256=sha256, mediatype=mediatype)

    def _copy(self, stream: BinaryIO, out: BinaryIO, max_bytes: int) -> tuple[int, str, Soort]:
        digest = hashlib.sha256()
        tekst = TekstControle()
        head = bytearray()
        soort: Soort | None = None
        size = 0
        while chunk := stream.read(min(self.chunk_size, max_bytes + 1 - size)):
            size += len(chunk)
            if size > max_bytes:
                raise BestandTeGroot(max_bytes)
            digest.update(chunk)
            tekst.lees(chunk)
            if soort is None:
                head += chunk[: SNIFF_BYTES - len(head)]
                if len(head) >= SNIFF_BYTES:
                    # Decide early so a refused file is not read to the end.
                    soort = sniff(bytes(head), tekst)
            elif soort.mediatype == TEXT and not tekst.geldig:
                raise BestandstypeNietToegestaan()
            out.write(chunk)
        if size == 0:
            raise BestandLeeg()
        if soort is None:
            soort = sniff(bytes(head), tekst)
        if soort.mediatype == TEXT and not tekst.afronden():
            raise BestandstypeNietToegestaan()
        return size, digest.hexdigest(), soort

    def _new_location(self) -> tuple[str, Path]:
        while True:
            key = secrets.token_hex(16)
            path = self._path(key)
            if not path.exists():  # never replace a stored file, however unlikely the collision
                created = [d for d in (path.parent.parent, path.parent) if not d.exists()]
                path.parent.mkdir(parents=True, exist_ok=True)
                for directory in created:
                    _fsync_dir(directory.parent)
                return key, path

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise BestandNietGevonden()
        return self.root / key[:2] / key[2:4] / key

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError as fout:
            raise BestandNietGevonden() from fout

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def local_path(self, key: str) -> Path | None:
        path = self._path(key)
        if not path.is_file():
            raise BestandNietGevonden()
        return path

    def exists(self, key: str) -> bool:
        return _KEY.fullmatch(key) is not None and self._path(key).is_file()

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError as fout:
            raise BestandNietGevonden() from fout

    def modified_at(self, key: str) -> datetime:
        try:
            return datetime.fromtimestamp(self._path(key).stat().st_mtime, tz=UTC)
        except FileNotFoundError as fout:
            raise BestandNietGevonden() from fout

    def iter_keys(self) -> Iterator[str]:
        # Directory by directory, so memory does not grow with the number of files.
        for eerste in _subdirs(self.root):
            for tweede in _subdirs(eerste):
                for entry in sorted(os.scandir(tweede), key=lambda e: e.name):
                    key = entry.name
                    if _KEY.fullmatch(key) and key[:4] == eerste.name + tweede.name and entry.is_file():
                        yield key

    def iter_stale_temp(self, older_than: timedelta) -> Iterator[str]:
        grens = time.time() - older_than.total_seconds()
        tmp_dir = self.root / _TMP_DIR
        if not tmp_dir.is_dir():
            return
        for path in sorted(tmp_dir.iterdir()):
            if path.is_file() and path.stat().st_mtime < grens:
                yield path.name

    def delete_temp(self, name: str) -> None:
        if "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(f"Geen naam van een tijdelijk bestand: {name!r}")
        (self.root / _TMP_DIR / name).unlink(missing_ok=True)


def get_storage() -> Storage:
    """The configured storage: local disk under PORTFOLIO_STORAGE_DIR."""
    return LocalStorage(get_settings().storage_dir)


def _subdirs(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(Path(e.path) for e in os.scandir(directory) if e.is_dir() and re.fullmatch("[0-9a-f]{2}", e.name))


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as fout:  # some filesystems cannot fsync a directory; the data itself is synced
        if fout.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


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
