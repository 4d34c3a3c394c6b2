"""Portfolio tests: each test gets its own storage folder, so "no file left behind" is checkable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from app.models import Gebruiker
from app.opslag import LocalStorage

MB = 1024 * 1024
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
TEKST = b"Reflectie op de wijkschouw.\nDe bewoners waren tevreden.\n"
# A Linux executable: whatever its name says, the content decides.
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def mp4(grootte: int = 4096) -> bytes:
    """An ISO media file header (ftyp mp42) followed by filler: enough for the content sniffer."""
    kop = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    return kop + bytes(range(256)) * ((grootte - len(kop)) // 256 + 1)


@pytest.fixture(autouse=True)
def opslag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LocalStorage:
    """The app's storage, in a folder of this test's own."""
    root = tmp_path / "bestanden"
    monkeypatch.setattr(get_settings(), "storage_dir", root)
    return LocalStorage(root)


def bestanden_in(opslag: LocalStorage) -> list[Path]:
    """Every file in storage, unfinished uploads included."""
    return sorted(p for p in opslag.root.rglob("*") if p.is_file()) if opslag.root.exists() else []


Uploader = Callable[..., httpx.Response]


@pytest.fixture
def upload(client: TestClient) -> Uploader:
    """POST a bewijsstuk through the API as whoever the client is logged in as."""

    def _upload(
        student: Gebruiker,
        bestanden: list[tuple[str, bytes]] | None = None,
        *,
        titel: str = "Verslag wijkschouw",
        leeruitkomsten: tuple[str, ...] = ("LU1.1",),
        onderbouwing: str = "Laat zien hoe ik samenwerk met de buurt.",
        **velden: str,
    ) -> httpx.Response:
        data = {"titel": titel, "leeruitkomsten": list(leeruitkomsten), "onderbouwing": onderbouwing, **velden}
        files = [("bestanden", (naam, inhoud, "application/octet-stream")) for naam, inhoud in bestanden or []]
        if bestanden is None:
            files = [("bestanden", ("verslag.pdf", PDF, "application/pdf"))]
        return client.post(f"/api/v1/studenten/{student.id}/bewijsstukken", data=data, files=files)

    return _upload
