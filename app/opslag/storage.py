"""Where bewijsstuk files live: a small storage interface and its local-disk implementation.

The domain only sees `Storage`; object storage (S3) can be added later as another
implementation. Keys are random, never derived from user input. The stored type is
decided by sniffing the content, never by the name the student gave the file.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import secrets
import struct
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import quote

from app.config import get_settings
from app.errors import DomainError, NietGevonden

MiB = 1024 * 1024
CHUNK_SIZE = MiB
SNIFF_BYTES = 64 * 1024
MAX_BYTES = 100 * MiB

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODF_TYPES = frozenset(
    f"application/vnd.oasis.opendocument.{soort}" for soort in ("text", "spreadsheet", "presentation", "graphics")
)
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"
TEXT = "text/plain"  # always valid UTF-8: serve as "text/plain; charset=utf-8"

_INLINE_SAFE = frozenset(
    {PDF, "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "image/avif"}
)
_KEY = re.compile(r"[0-9a-f]{32}")
_TMP_DIR = ".tmp"


class BestandTeGroot(DomainError):
    status_code = 413

    def __init__(self, max_bytes: int):
        super().__init__(f"Het bestand is groter dan de toegestane {_leesbare_grootte(max_bytes)}.")


class BestandstypeNietToegestaan(DomainError):
    status_code = 415

    def __init__(self) -> None:
        super().__init__(
            "Dit bestandstype is niet toegestaan: de inhoud is geen PDF, afbeelding, Office-document, "
            "video, audio of tekst."
        )


class BestandLeeg(DomainError):
    status_code = 422

    def __init__(self) -> None:
        super().__init__("Het bestand is leeg.")


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
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        try:
            _fsync_dir(final.parent)
        except BaseException:
            final.unlink(missing_ok=True)
            raise
        return StoredFile(key=key, size=size, sha256=sha256, mediatype=mediatype)

    def _copy(self, stream: BinaryIO, out: BinaryIO, max_bytes: int) -> tuple[int, str, _Soort]:
        digest = hashlib.sha256()
        tekst = _TekstControle()
        head = bytearray()
        soort: _Soort | None = None
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
                    soort = _sniff(bytes(head), tekst)
            elif soort.mediatype == TEXT and not tekst.geldig:
                raise BestandstypeNietToegestaan()
            out.write(chunk)
        if size == 0:
            raise BestandLeeg()
        if soort is None:
            soort = _sniff(bytes(head), tekst)
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


def _leesbare_grootte(n: int) -> str:
    for eenheid, factor in (("MB", MiB), ("kB", 1024)):
        if n >= factor:
            return f"{round(n / factor, 1):g} {eenheid}".replace(".", ",")
    return f"{n} bytes"


# --- Content sniffing -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Soort:
    """The type read from the first bytes; zip and OLE2 containers are confirmed once fully written."""

    mediatype: str
    container: str | None = None

    def bevestig(self, path: Path) -> str:
        if self.container == "zip":
            mediatype = _zip_mediatype(path)
        elif self.container == "cfb":
            mediatype = _cfb_mediatype(path)
        else:
            return self.mediatype
        if mediatype is None:
            raise BestandstypeNietToegestaan()
        return mediatype


class _TekstControle:
    """Follows the whole stream: still valid UTF-8, no NUL bytes, hardly any control characters."""

    _GEEN_STUURTEKEN = bytes(b for b in range(256) if not (b < 0x20 and b not in b"\t\n\v\f\r" or b == 0x7F))

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._stuurtekens = 0
        self._gelezen = 0
        self.geldig = True

    def lees(self, chunk: bytes) -> None:
        if not self.geldig:
            return
        self._gelezen += len(chunk)
        self._stuurtekens += len(chunk.translate(None, self._GEEN_STUURTEKEN))
        try:
            self._decoder.decode(chunk)
        except UnicodeDecodeError:
            self.geldig = False
        if b"\0" in chunk or self._stuurtekens * 100 > self._gelezen:
            self.geldig = False

    def afronden(self) -> bool:
        try:
            self._decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            self.geldig = False
        return self.geldig


_MARKUP = ("<script", "<html", "<svg", "<!doctype", "<?xml", "<iframe", "<body", "<object", "<embed")

# ISO BMFF (ftyp) brands: a specific brand wins over a generic one, wherever it is listed.
_FTYP_SPECIFIEK = {
    **dict.fromkeys([b"M4A ", b"M4B "], "audio/mp4"),
    b"qt  ": "video/quicktime",
    **dict.fromkeys([b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"], "image/heic"),
    **dict.fromkeys([b"avif", b"avis"], "image/avif"),
    **dict.fromkeys([b"mp41", b"mp42", b"avc1", b"M4V ", b"M4VH", b"M4VP", b"dash", b"MSNV", b"XAVC"], "video/mp4"),
    **dict.fromkeys([b"3gp4", b"3gp5", b"3gp6", b"3gp7", b"3ge6", b"3ge7", b"3gg6"], "video/3gpp"),
    **dict.fromkeys([b"3g2a", b"3g2b", b"3g2c"], "video/3gpp2"),
}
_FTYP_ALGEMEEN = {
    **dict.fromkeys([b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso8"], "video/mp4"),
    **dict.fromkeys([b"mif1", b"msf1"], "image/heif"),
}


def _sniff(head: bytes, tekst: _TekstControle) -> _Soort:
    mediatype = _magic(head)
    if mediatype is not None:
        return mediatype if isinstance(mediatype, _Soort) else _Soort(mediatype)
    if tekst.geldig and not _lijkt_op_markup(head):
        return _Soort(TEXT)
    raise BestandstypeNietToegestaan()


def _magic(head: bytes) -> str | _Soort | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        return _ftyp_mediatype(head)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm" if _ebml_doctype(head) == b"webm" else None
    if head.startswith(b"PK\x03\x04"):
        return _Soort("application/zip", container="zip")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _Soort("application/x-cfb", container="cfb")
    if _is_id3(head) or _is_mp3_frames(head):
        return "audio/mpeg"
    return None


def _lijkt_op_markup(head: bytes) -> bool:
    # HTML/SVG/XML can carry scripts; a text file that looks like it is refused.
    begin = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n").lower()
    return begin.startswith("<") or any(teken in begin for teken in _MARKUP)


def _ftyp_mediatype(head: bytes) -> str | None:
    box_size = struct.unpack_from(">I", head)[0]
    einde = min(box_size if box_size >= 16 else 16, len(head), 4096)
    brands = [head[8:12]] + [head[i : i + 4] for i in range(16, einde - 3, 4)]
    for tabel in (_FTYP_SPECIFIEK, _FTYP_ALGEMEEN):
        for brand in brands:
            if brand in tabel:
                return tabel[brand]
    return None


def _ebml_doctype(head: bytes) -> bytes | None:
    index = head.find(b"\x42\x82", 4, 64)  # DocType element inside the EBML header
    if index < 0 or index + 3 > len(head) or not head[index + 2] & 0x80:
        return None
    lengte = head[index + 2] & 0x7F
    return head[index + 3 : index + 3 + lengte]


def _is_id3(head: bytes) -> bool:
    return len(head) >= 10 and head[:3] == b"ID3" and head[3] in (2, 3, 4) and all(b < 0x80 for b in head[6:10])


_MP3_BITRATES = {
    3: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),  # MPEG-1 layer III
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2 layer III
    0: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2.5 layer III
}
_MP3_SAMPLERATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _mp3_frame_length(head: bytes, offset: int) -> int | None:
    if offset + 4 > len(head) or head[offset] != 0xFF or head[offset + 1] & 0xE0 != 0xE0:
        return None
    versie, laag = (head[offset + 1] >> 3) & 3, (head[offset + 1] >> 1) & 3
    bitrate_index, samplerate_index = head[offset + 2] >> 4, (head[offset + 2] >> 2) & 3
    if versie == 1 or laag != 1 or bitrate_index in (0, 15) or samplerate_index == 3:
        return None
    bitrate = _MP3_BITRATES[versie][bitrate_index] * 1000
    samplerate = _MP3_SAMPLERATES[versie][samplerate_index]
    return (144 if versie == 3 else 72) * bitrate // samplerate + ((head[offset + 2] >> 1) & 1)


def _is_mp3_frames(head: bytes) -> bool:
    # One frame header is too easy to hit by chance; require the next frame right where it should be.
    lengte = _mp3_frame_length(head, 0)
    return lengte is not None and _mp3_frame_length(head, lengte) is not None


def _zip_mediatype(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archief:
            namen = set(archief.namelist())
            if "[Content_Types].xml" in namen:
                if any(naam.lower().endswith("vbaproject.bin") for naam in namen):
                    return None  # macros are not evidence
                for map_, mediatype in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
                    if any(naam.startswith(map_) for naam in namen):
                        return mediatype
                return None
            if "mimetype" in namen and archief.getinfo("mimetype").file_size <= 100:
                mediatype = archief.read("mimetype").decode("ascii").strip()
                return mediatype if mediatype in ODF_TYPES else None
    except Exception:  # a damaged, encrypted or odd zip is simply not an allowed type
        return None
    return None


_CFB_LAATSTE_SECTOR = 0xFFFFFFFA
_CFB_GEEN = 0xFFFFFFFF


def _cfb_mediatype(path: Path) -> str | None:
    """Legacy Office is an OLE2 compound file; only the root's stream names tell doc, xls and ppt apart."""
    try:
        namen = _cfb_root_stream_names(path)
    except (OSError, struct.error, IndexError, ValueError):
        return None
    if "WordDocument" in namen:
        return DOC
    if "Workbook" in namen or "Book" in namen:
        return XLS
    if "PowerPoint Document" in namen:
        return PPT
    return None  # e.g. an .msi installer or an Outlook .msg


def _cfb_root_stream_names(path: Path) -> set[str]:
    with path.open("rb") as f:
        header = f.read(512)
        shift = struct.unpack_from("<H", header, 0x1E)[0]
        if shift not in (9, 12):
            raise ValueError("sectorgrootte")
        grootte = 1 << shift
        aantal_fat, eerste_dir = struct.unpack_from("<II", header, 0x2C)
        eerste_difat, aantal_difat = struct.unpack_from("<II", header, 0x44)
        difat = list(struct.unpack_from("<109I", header, 0x4C))
        sector, gezien = eerste_difat, set()
        for _ in range(aantal_difat):
            if sector > _CFB_LAATSTE_SECTOR or sector in gezien:
                break
            gezien.add(sector)
            f.seek((sector + 1) * grootte)
            waarden = struct.unpack(f"<{grootte // 4}I", f.read(grootte))
            difat.extend(waarden[:-1])
            sector = waarden[-1]
        fat_sectoren = difat[:aantal_fat]

        def volgende(sector: int) -> int:
            per_sector = grootte // 4
            f.seek((fat_sectoren[sector // per_sector] + 1) * grootte + (sector % per_sector) * 4)
            return struct.unpack("<I", f.read(4))[0]

        entries: list[tuple[str, int, int, int, int]] = []
        gezien = set()
        sector = eerste_dir
        while sector <= _CFB_LAATSTE_SECTOR and sector not in gezien:
            gezien.add(sector)
            f.seek((sector + 1) * grootte)
            data = f.read(grootte)
            for start in range(0, len(data) - 127, 128):
                naam_lengte = struct.unpack_from("<H", data, start + 64)[0]
                soort = data[start + 66]
                links, rechts, kind = struct.unpack_from("<III", data, start + 68)
                naam = data[start : start + max(0, min(naam_lengte, 64) - 2)].decode("utf-16-le", "replace")
                entries.append((naam, soort, links, rechts, kind))
            sector = volgende(sector)

    # The root's children form a tree of siblings under entry 0.
    namen: set[str] = set()
    stapel, bezocht = [entries[0][4]], set()
    while stapel:
        index = stapel.pop()
        if index == _CFB_GEEN or index in bezocht or index >= len(entries):
            continue
        bezocht.add(index)
        naam, soort, links, rechts, _ = entries[index]
        if soort == 2:
            namen.add(naam)
        stapel += [links, rechts]
    return namen


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
