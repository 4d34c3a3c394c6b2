"""What a file really is: the type is read from its content, never from the name the student gave it.

Allowed: PDF, images, Office/OpenDocument, mp4/mov/webm, mp3/m4a and plain UTF-8 text.
Zip and OLE2 containers are confirmed, and PDFs refused when they hold active
content (app.opslag.pdf), once the whole file is on disk.
"""

from __future__ import annotations

import codecs
import struct
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from app.errors import DomainError
from app.opslag.pdf import controleer_pdf

SNIFF_BYTES = 64 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODF_TYPES = frozenset(
    f"application/vnd.oasis.opendocument.{soort}" for soort in ("text", "spreadsheet", "presentation", "graphics")
)
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"
TEXT = "text/plain"  # always valid UTF-8: serve as "text/plain; charset=utf-8"


class BestandstypeNietToegestaan(DomainError):
    status_code = 415

    def __init__(self) -> None:
        super().__init__(
            "Dit bestandstype is niet toegestaan: de inhoud is geen PDF, afbeelding, Office-document, "
            "video, audio of tekst."
        )


@dataclass(frozen=True)
class Soort:
    """The type read from the first bytes; zip and OLE2 containers are confirmed, and PDFs checked for
    active content, once fully written."""

    mediatype: str
    container: str | None = None

    def bevestig(self, bestand: BinaryIO) -> str:
        """Confirm the type on the whole stored file (seekable), wherever the backend keeps it."""
        if self.container == "pdf":
            controleer_pdf(bestand)  # refuses active content before the file is stored
            return self.mediatype
        if self.container == "zip":
            mediatype = _zip_mediatype(bestand)
        elif self.container == "cfb":
            mediatype = _cfb_mediatype(bestand)
        else:
            return self.mediatype
        if mediatype is None:
            raise BestandstypeNietToegestaan()
        return mediatype


class TekstControle:
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


def sniff(head: bytes, tekst: TekstControle) -> Soort:
    mediatype = _magic(head)
    if mediatype is not None:
        return mediatype if isinstance(mediatype, Soort) else Soort(mediatype)
    if tekst.geldig and not _lijkt_op_markup(head):
        return Soort(TEXT)
    raise BestandstypeNietToegestaan()


def _magic(head: bytes) -> str | Soort | None:
    if head.startswith(b"%PDF-"):
        return Soort(PDF, container="pdf")
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
        return Soort("application/zip", container="zip")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Soort("application/x-cfb", container="cfb")
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


def _zip_mediatype(bestand: BinaryIO) -> str | None:
    try:
        bestand.seek(0)
        with zipfile.ZipFile(bestand) as archief:
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


def _cfb_mediatype(bestand: BinaryIO) -> str | None:
    """Legacy Office is an OLE2 compound file; only the root's stream names tell doc, xls and ppt apart."""
    try:
        namen = _cfb_root_stream_names(bestand)
    except (OSError, struct.error, IndexError, ValueError):
        return None
    if "WordDocument" in namen:
        return DOC
    if "Workbook" in namen or "Book" in namen:
        return XLS
    if "PowerPoint Document" in namen:
        return PPT
    return None  # e.g. an .msi installer or an Outlook .msg


def _cfb_root_stream_names(f: BinaryIO) -> set[str]:
    f.seek(0)
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
