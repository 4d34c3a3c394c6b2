"""Storing bewijsstuk files: the content decides the type, and a refused or failed upload leaves nothing behind."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import socket
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from app.opslag import LocalStorage, Storage, bewaar, exists
from app.opslag.s3 import S3Storage
from app.opslag.storage import (
    DOC,
    DOCX,
    MAX_BYTES,
    PPTX,
    SNIFF_BYTES,
    XLSX,
    BestandLeeg,
    BestandNietGevonden,
    BestandstypeNietToegestaan,
    BestandTeGroot,
    OpslagVol,
    content_disposition,
    is_inline_safe,
    sanitize_filename,
)
from tests.opslag.conftest import achtergelaten, nieuwe_bucket

MB = 1024 * 1024


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    """For what only the local disk can show (a crash before the rename, a full disk)."""
    return LocalStorage(tmp_path / "bestanden")


def _pad(key: str) -> str:
    return f"{key[:2]}/{key[2:4]}/{key}"


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


class UploadedFile(io.BytesIO):
    """Like Starlette's UploadFile.file; the name is there only to show it is never consulted."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name


# --- Sample files --------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
TEXT_BYTES = "Reflectie op de wijkschouw in Overvecht.\nDe bewoners waren tevreden — één klacht.\n".encode()


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
        + chunk(b"IEND", b"")
    )


def zip_bytes(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml_bytes(folder: str = "word", *, extra: dict[str, str | bytes] | None = None) -> bytes:
    """A minimal docx/xlsx/pptx: [Content_Types].xml plus the main part."""
    main = {"word": "document.xml", "xl": "workbook.xml", "ppt": "presentation.xml"}.get(folder, "item1.xml")
    return zip_bytes(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
            f"{folder}/{main}": '<?xml version="1.0"?><document/>',
            **(extra or {}),
        }
    )


def odf_bytes(mimetype: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
    return buffer.getvalue()


def ftyp_bytes(major: bytes, *compatible: bytes) -> bytes:
    ftyp = b"ftyp" + major + b"\0\0\2\0" + b"".join(compatible)
    mdat = b"mdat" + b"\0" * 32
    return struct.pack(">I", len(ftyp) + 4) + ftyp + struct.pack(">I", len(mdat) + 4) + mdat


def webm_bytes() -> bytes:
    ebml = b"\x42\x86\x81\x01" + b"\x42\x82\x84webm" + b"\x42\x87\x81\x04"
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(ebml)]) + ebml + b"\x18\x53\x80\x67\x01" + b"\0" * 64


def mp3_frames(count: int = 3) -> bytes:
    # MPEG-1 layer III, 128 kbit/s, 44.1 kHz: 417-byte frames.
    return (b"\xff\xfb\x90\x00" + b"\0" * 413) * count


def cfb_bytes(stream_name: str) -> bytes:
    """A minimal OLE2 compound file (as legacy .doc/.xls/.ppt are) whose root holds one stream."""
    end_of_chain, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
    header += struct.pack("<109I", 0, *[free] * 108)
    fat = struct.pack("<128I", fat_sector, end_of_chain, *[free] * 126)

    def entry(name: str, kind: int, child: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", no_stream, no_stream, child)
            + b"\0" * 36
            + struct.pack("<IQ", end_of_chain, 0)
        )

    directory = entry("Root Entry", 5, 1) + entry(stream_name, 2, no_stream) + b"\0" * 256
    return header + fat + directory


ACCEPTED = [
    pytest.param(PDF_BYTES, "application/pdf", id="pdf"),
    pytest.param(png_bytes(), "image/png", id="png"),
    pytest.param(b"\xff\xd8\xff\xe0\0\x10JFIF\0" + b"\0" * 100, "image/jpeg", id="jpeg"),
    pytest.param(b"GIF89a\x01\0\x01\0" + b"\0" * 20, "image/gif", id="gif"),
    pytest.param(b"RIFF\x24\0\0\0WEBPVP8 " + b"\0" * 24, "image/webp", id="webp"),
    pytest.param(ftyp_bytes(b"heic", b"mif1", b"heic"), "image/heic", id="heic"),
    pytest.param(ooxml_bytes("word"), DOCX, id="docx"),
    pytest.param(ooxml_bytes("xl"), XLSX, id="xlsx"),
    pytest.param(ooxml_bytes("ppt"), PPTX, id="pptx"),
    pytest.param(
        odf_bytes("application/vnd.oasis.opendocument.text"), "application/vnd.oasis.opendocument.text", id="odt"
    ),
    pytest.param(cfb_bytes("WordDocument"), DOC, id="doc"),
    pytest.param(cfb_bytes("Workbook"), "application/vnd.ms-excel", id="xls"),
    pytest.param(cfb_bytes("PowerPoint Document"), "application/vnd.ms-powerpoint", id="ppt"),
    pytest.param(ftyp_bytes(b"isom", b"isom", b"iso2", b"avc1", b"mp41"), "video/mp4", id="mp4"),
    pytest.param(ftyp_bytes(b"qt  ", b"qt  "), "video/quicktime", id="mov"),
    pytest.param(ftyp_bytes(b"M4A ", b"M4A ", b"mp42", b"isom"), "audio/mp4", id="m4a"),
    pytest.param(webm_bytes(), "video/webm", id="webm"),
    pytest.param(b"ID3\x04\0\0\0\0\0\x10" + b"\0" * 16 + mp3_frames(), "audio/mpeg", id="mp3-id3"),
    pytest.param(mp3_frames(), "audio/mpeg", id="mp3-frames"),
    pytest.param(TEXT_BYTES, "text/plain", id="text"),
]


@pytest.mark.parametrize(("data", "mediatype"), ACCEPTED)
def test_allowed_evidence_is_stored_with_its_sniffed_mediatype_size_and_checksum(
    backend: Storage, data: bytes, mediatype: str
) -> None:
    stored = bewaar(backend, UploadedFile(data, "bewijsstuk.bin"), MAX_BYTES)

    assert stored.mediatype == mediatype
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    with backend.open(stored.key) as f:
        assert f.read() == data
    assert [o.key for o in backend.list()] == [stored.key]
    assert achtergelaten(backend) == [stored.key if isinstance(backend, S3Storage) else _pad(stored.key)]


def test_the_storage_key_is_random_and_never_taken_from_the_file_name(backend: Storage) -> None:
    first = bewaar(backend, UploadedFile(PDF_BYTES, "../../etc/passwd"), MAX_BYTES)
    second = bewaar(backend, UploadedFile(PDF_BYTES, "../../etc/passwd"), MAX_BYTES)

    assert first.key != second.key
    assert len(first.key) == 32 and set(first.key) <= set("0123456789abcdef")
    assert first.sha256 == second.sha256
    assert sorted(o.key for o in backend.list()) == sorted([first.key, second.key])


REFUSED = [
    pytest.param(b"\x7fELF\x02\x01\x01\0" + b"\0" * 4096, id="elf"),
    pytest.param(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff" + b"\0" * 4096, id="windows-exe"),
    pytest.param(b"<!DOCTYPE html><html><script>alert(1)</script></html>", id="html"),
    pytest.param(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', id="svg"),
    pytest.param(b"Zie bijlage.\n<script>fetch('/api')</script>\n", id="text-with-script"),
    pytest.param(ooxml_bytes("word", extra={"word/vbaProject.bin": b"\0" * 64}), id="docm-with-macros"),
    pytest.param(ooxml_bytes("customXml"), id="ooxml-without-word-xl-or-ppt"),
    pytest.param(odf_bytes("application/x-msdownload"), id="zip-with-odd-mimetype"),
    pytest.param(zip_bytes({"setup.exe": b"MZ" + b"\0" * 64}), id="zip-that-is-not-office"),
    pytest.param(cfb_bytes("\x05SummaryInformation"), id="ole2-that-is-not-office"),
    pytest.param(ftyp_bytes(b"crx ", b"crx "), id="unknown-iso-bmff-brand"),
    pytest.param(b"\x1a\x45\xdf\xa3\x93\x42\x82\x88matroska" + b"\0" * 32, id="matroska"),
    pytest.param(b"\xff\xfb\x90\x00" + b"\0" * 100, id="single-mp3-frame-header"),
    pytest.param("Tekst met een kapotte byte: \xff".encode("latin-1"), id="not-utf-8"),
]


@pytest.mark.parametrize("data", REFUSED)
def test_a_file_that_is_not_an_allowed_type_is_refused_with_415_and_leaves_nothing(
    backend: Storage, data: bytes
) -> None:
    with pytest.raises(BestandstypeNietToegestaan) as refused:
        bewaar(backend, UploadedFile(data, "rapport.pdf"), MAX_BYTES)

    assert refused.value.status_code == 415
    assert refused.value.detail == (
        "Dit bestandstype is niet toegestaan: "
        "de inhoud is geen PDF, afbeelding, Office-document, video, audio of tekst."
    )
    assert achtergelaten(backend) == []


def test_an_executable_renamed_to_pdf_is_refused_after_the_first_bytes_without_reading_it_all(
    backend: Storage,
) -> None:
    upload = UploadedFile(b"MZ\x90\0" + b"\0" * (20 * MB), "jaarverslag.pdf")

    with pytest.raises(BestandstypeNietToegestaan):
        bewaar(backend, upload, MAX_BYTES)

    assert upload.tell() <= 2 * MB
    assert achtergelaten(backend) == []


def test_text_that_turns_binary_after_the_sniffed_head_is_refused(backend: Storage) -> None:
    data = b"Gewone tekst.\n" * (2 * SNIFF_BYTES // 14) + b"\x7fELF\0\0\0\0"

    with pytest.raises(BestandstypeNietToegestaan):
        bewaar(backend, UploadedFile(data, "notities.txt"), MAX_BYTES)

    assert achtergelaten(backend) == []


def test_a_file_over_max_bytes_is_refused_with_413_as_soon_as_the_limit_is_passed(backend: Storage) -> None:
    upload = UploadedFile(PDF_BYTES + b"\0" * 10_000, "groot.pdf")

    with pytest.raises(BestandTeGroot) as refused:
        bewaar(backend, upload, max_bytes=1000)

    assert refused.value.status_code == 413
    assert refused.value.detail == "Het bestand is groter dan de toegestane 1000 bytes."
    assert upload.tell() == 1001
    assert achtergelaten(backend) == []


def test_the_413_message_names_the_limit_in_megabytes() -> None:
    assert BestandTeGroot(100 * MB).detail == "Het bestand is groter dan de toegestane 100 MB."
    assert BestandTeGroot(1536 * 1024).detail == "Het bestand is groter dan de toegestane 1,5 MB."


def test_a_file_of_exactly_max_bytes_is_accepted(backend: Storage) -> None:
    assert bewaar(backend, UploadedFile(PDF_BYTES, "precies.pdf"), max_bytes=len(PDF_BYTES)).size == len(PDF_BYTES)


def test_an_empty_file_is_refused_with_422(backend: Storage) -> None:
    with pytest.raises(BestandLeeg) as refused:
        bewaar(backend, UploadedFile(b"", "leeg.pdf"), MAX_BYTES)

    assert refused.value.status_code == 422
    assert achtergelaten(backend) == []


def test_a_crash_before_the_rename_leaves_no_final_file_and_no_temp_file(
    storage: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_args: object) -> None:
        raise OSError("stroom uitgevallen")

    monkeypatch.setattr(os, "replace", crash)

    with pytest.raises(OSError, match="stroom uitgevallen"):
        bewaar(storage, UploadedFile(PDF_BYTES, "rapport.pdf"), MAX_BYTES)

    assert files_under(storage.root) == []
    assert [o.key for o in storage.list()] == []


def test_a_full_disk_is_a_dutch_507_and_leaves_nothing(storage: LocalStorage, monkeypatch: pytest.MonkeyPatch) -> None:
    def vol(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", vol)

    with pytest.raises(OpslagVol) as refused:
        bewaar(storage, UploadedFile(PDF_BYTES, "rapport.pdf"), MAX_BYTES)

    assert refused.value.status_code == 507
    assert "opslag is vol" in refused.value.detail
    assert files_under(storage.root) == []


def test_an_upload_that_breaks_off_halfway_leaves_nothing(backend: Storage) -> None:
    class BrokenUpload(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            if self.tell() > 0:
                raise ConnectionResetError("verbinding verbroken")
            return super().read(size)

    with pytest.raises(ConnectionResetError):
        bewaar(backend, BrokenUpload(PDF_BYTES * 100), MAX_BYTES, chunk_size=1024)

    assert achtergelaten(backend) == []


class GeneratedVideo:
    """An mp4 of `total` bytes produced on the fly, so the test itself holds no copy."""

    def __init__(self, total: int):
        self.head, self.left = ftyp_bytes(b"isom", b"isom", b"mp41"), total

    def read(self, size: int = -1) -> bytes:
        size = min(size, self.left)
        chunk, self.head = (self.head[:size], self.head[size:]) if self.head else (b"\0" * size, b"")
        self.left -= len(chunk)
        return chunk


_GEHEUGEN = """
import sys, tracemalloc
from pathlib import Path
from app.opslag import LocalStorage, bewaar
from tests.opslag.test_storage import MAX_BYTES, MB, GeneratedVideo
tracemalloc.start()
stored = bewaar(LocalStorage(Path(sys.argv[1])), GeneratedVideo(20 * MB), MAX_BYTES, chunk_size=64 * 1024)
print(stored.size, stored.mediatype, tracemalloc.get_traced_memory()[1])
"""


def test_a_20_mb_upload_needs_memory_independent_of_its_size(tmp_path: Path) -> None:
    # In a process of its own: moto's server threads in this one allocate on their own schedule.
    uitvoer = subprocess.run(
        [sys.executable, "-c", _GEHEUGEN, str(tmp_path)], capture_output=True, text=True, check=True
    ).stdout.split()

    assert uitvoer[:2] == [str(20 * MB), "video/mp4"]
    assert int(uitvoer[2]) < 1 * MB, f"piek {uitvoer[2]} bytes"


def test_a_big_upload_goes_to_s3_in_parts_of_bounded_size(s3_endpoint: str) -> None:
    # moto keeps objects in this process's memory, so tracemalloc cannot tell; the parts sent can.
    storage = nieuwe_bucket(s3_endpoint, deel=5 * MB)
    delen: list[int] = []
    storage.client.meta.events.register(
        "before-call.s3.UploadPart", lambda params, **_: delen.append(len(params["body"].getvalue()))
    )

    stored = bewaar(storage, GeneratedVideo(12 * MB), MAX_BYTES)

    assert delen == [5 * MB, 5 * MB, 2 * MB]
    assert storage.size(stored.key) == 12 * MB
    with storage.open(stored.key, 12 * MB - 4) as staart:
        assert staart.read() == b"\0" * 4
    assert achtergelaten(storage) == [stored.key]


def test_an_s3_upload_refused_halfway_leaves_no_object_and_no_unfinished_multipart_upload(s3_endpoint: str) -> None:
    storage = nieuwe_bucket(s3_endpoint, deel=5 * MB)

    with pytest.raises(BestandTeGroot):
        bewaar(storage, GeneratedVideo(12 * MB), 11 * MB)

    assert achtergelaten(storage) == []


def test_a_range_of_a_stored_file_reads_exactly_those_bytes(backend: Storage) -> None:
    stored = bewaar(backend, UploadedFile(TEXT_BYTES * 100, "notities.txt"), MAX_BYTES)

    with backend.open(stored.key, 10, 20) as bereik:
        assert bereik.read() == (TEXT_BYTES * 100)[10:20]
        bereik.seek(0)
        assert bereik.read(3) == (TEXT_BYTES * 100)[10:13]


def test_open_size_exists_and_delete_work_on_the_key(backend: Storage) -> None:
    stored = bewaar(backend, UploadedFile(PDF_BYTES, "rapport.pdf"), MAX_BYTES)

    assert exists(backend, stored.key)
    assert backend.size(stored.key) == len(PDF_BYTES)
    with backend.open(stored.key) as f:
        f.seek(5)
        assert f.read(3) == b"1.7"

    backend.delete(stored.key)
    backend.delete(stored.key)  # already gone is fine

    assert not exists(backend, stored.key)
    with pytest.raises(BestandNietGevonden):
        backend.open(stored.key)


@pytest.mark.parametrize("key", ["../../etc/passwd", "ab/cd/../../x", "", "A" * 32])
def test_a_key_that_is_not_ours_never_reaches_the_filesystem(backend: Storage, key: str) -> None:
    assert not exists(backend, key)
    with pytest.raises(BestandNietGevonden) as niet_gevonden:
        backend.open(key)
    assert niet_gevonden.value.status_code == 404


def test_only_images_and_pdf_are_safe_to_show_inline() -> None:
    assert is_inline_safe("application/pdf")
    assert is_inline_safe("image/png")
    assert is_inline_safe("image/jpeg")
    assert not is_inline_safe("image/svg+xml")
    assert not is_inline_safe("text/plain")
    assert not is_inline_safe("text/html")
    assert not is_inline_safe("video/mp4")
    assert not is_inline_safe(DOCX)


# --- File names ----------------------------------------------------------------------------------


def test_content_disposition_keeps_only_the_last_path_component() -> None:
    assert content_disposition("../../etc/passwd") == "attachment; filename=\"passwd\"; filename*=UTF-8''passwd"


def test_content_disposition_drops_quotes_from_the_fallback_and_encodes_them_in_the_utf8_name() -> None:
    assert content_disposition('rapport "final".pdf') == (
        "attachment; filename=\"rapport final.pdf\"; filename*=UTF-8''rapport%20%22final%22.pdf"
    )


def test_content_disposition_keeps_unicode_in_the_utf8_name_with_an_ascii_fallback() -> None:
    assert content_disposition("verslag über één.pdf") == (
        "attachment; filename=\"verslag uber een.pdf\"; filename*=UTF-8''verslag%20%C3%BCber%20%C3%A9%C3%A9n.pdf"
    )


def test_content_disposition_can_be_inline_and_has_a_fallback_for_names_without_ascii() -> None:
    assert content_disposition("报告.pdf", inline=True) == (
        "inline; filename=\"bestand.pdf\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf"
    )


def test_content_disposition_removes_backslashes_and_header_breaking_characters() -> None:
    value = content_disposition('C:\\Users\\student\\x"\r\nSet-Cookie: a=b.pdf')

    assert "\r" not in value and "\n" not in value and "\\" not in value
    assert value == (
        "attachment; filename=\"x Set-Cookie: a=b.pdf\"; filename*=UTF-8''x%22%20Set-Cookie%3A%20a%3Db.pdf"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\student\\verslag.docx", "verslag.docx"),
        ("verslag über één.pdf", "verslag über één.pdf"),
        ("verslag u\u0308ber.pdf", "verslag über.pdf"),  # macOS sends decomposed names
        ("rapport\tfinal\x00.pdf", "rapport final .pdf"),
        ("factuur\u202efdp.exe", "factuur fdp.exe"),  # a right-to-left override would hide ".exe"
        ("..", "bestand"),
        ("", "bestand"),
        (".verborgen", "verborgen"),
    ],
)
def test_sanitize_filename_strips_folders_and_control_characters_and_keeps_unicode(name: str, expected: str) -> None:
    assert sanitize_filename(name) == expected


def test_sanitize_filename_shortens_a_very_long_name_but_keeps_its_extension() -> None:
    name = sanitize_filename("a" * 500 + ".pdf")

    assert len(name) == 200
    assert name.endswith("a.pdf")


def test_an_unreachable_s3_store_is_a_dutch_503_and_stores_nothing() -> None:
    from app.opslag.s3 import S3Storage, _client
    from app.opslag.storage import OpslagOnbereikbaar

    with socket.socket() as vrij:
        vrij.bind(("127.0.0.1", 0))
        poort = vrij.getsockname()[1]
    # Nobody listens on that port any more.
    storage = S3Storage(_client(f"http://127.0.0.1:{poort}", "eu-west-1"), "weg")

    with pytest.raises(OpslagOnbereikbaar) as refused:
        bewaar(storage, UploadedFile(PDF_BYTES, "rapport.pdf"), MAX_BYTES)
    assert refused.value.status_code == 503
    with pytest.raises(OpslagOnbereikbaar):
        storage.size("0" * 32)
