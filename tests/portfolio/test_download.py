"""Viewing files: inline only for safe types, locked-down headers, and Range requests so a video can seek."""

from __future__ import annotations

import io
import zipfile

import pytest
from fastapi.testclient import TestClient

from tests.portfolio.conftest import PDF, PNG, TEKST, Uploader, mp4


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archief:
        archief.writestr("[Content_Types].xml", "<Types/>")
        archief.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("naam", "inhoud", "type_", "weergave"),
    [
        ("verslag.pdf", PDF, "application/pdf", "inline"),
        ("foto.png", PNG, "image/png", "inline"),
        ("notitie.txt", TEKST, "text/plain; charset=utf-8", "attachment"),
        (
            "verslag.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "attachment",
        ),
        ("video.mp4", mp4(), "video/mp4", "attachment"),
    ],
)
def test_alleen_veilige_types_worden_in_de_browser_getoond(
    als, student, upload: Uploader, client: TestClient, naam: str, inhoud: bytes, type_: str, weergave: str
) -> None:
    als(student)
    bestand = upload(student, [(naam, inhoud)]).json()["bestanden"][0]

    antwoord = client.get(bestand["url"])

    assert antwoord.status_code == 200
    assert antwoord.content == inhoud
    assert antwoord.headers["content-type"] == type_
    assert antwoord.headers["content-disposition"].startswith(f'{weergave}; filename="{naam}"')
    assert antwoord.headers["x-content-type-options"] == "nosniff"
    csp = antwoord.headers["content-security-policy"]
    assert csp.startswith("default-src 'none'")
    assert "script-src" not in csp
    if type_ != "application/pdf":
        assert "sandbox" in csp
    assert antwoord.headers["etag"] == f'"{bestand["sha256"]}"'
    assert antwoord.headers["cache-control"] == "private, no-cache"


def test_downloaden_kan_altijd_als_bijlage(als, student, upload: Uploader, client: TestClient) -> None:
    als(student)
    bestand = upload(student, [("foto.png", PNG)]).json()["bestanden"][0]

    antwoord = client.get(bestand["url"], params={"download": 1})

    assert antwoord.headers["content-disposition"].startswith('attachment; filename="foto.png"')


def test_een_bereik_geeft_206_met_precies_die_bytes(als, student, upload: Uploader, client: TestClient) -> None:
    als(student)
    video = mp4(200_000)
    bestand = upload(student, [("video.mp4", video)]).json()["bestanden"][0]

    antwoord = client.get(bestand["url"], headers={"Range": "bytes=1000-1999"})

    assert antwoord.status_code == 206
    assert antwoord.content == video[1000:2000]
    assert antwoord.headers["content-range"] == f"bytes 1000-1999/{len(video)}"
    assert antwoord.headers["content-length"] == "1000"
    assert antwoord.headers["accept-ranges"] == "bytes"

    staart = client.get(bestand["url"], headers={"Range": "bytes=-100"})
    assert staart.status_code == 206
    assert staart.content == video[-100:]

    buiten = client.get(bestand["url"], headers={"Range": f"bytes={len(video) + 10}-"})
    assert buiten.status_code == 416

    # If-Range with the file's checksum (its ETag) keeps the range; a stale validator gets the whole file.
    zelfde = client.get(bestand["url"], headers={"Range": "bytes=0-9", "If-Range": f'"{bestand["sha256"]}"'})
    assert (zelfde.status_code, zelfde.content) == (206, video[:10])
    ander = client.get(bestand["url"], headers={"Range": "bytes=0-9", "If-Range": '"iets-anders"'})
    assert (ander.status_code, len(ander.content)) == (200, len(video))


def test_een_bestand_dat_uit_de_opslag_verdween_is_een_nette_404(
    als, student, upload: Uploader, client: TestClient, opslag
) -> None:  # noqa: ANN001
    als(student)
    bestand = upload(student, [("verslag.pdf", PDF)]).json()["bestanden"][0]
    for pad in opslag.root.rglob("*"):
        if pad.is_file():
            pad.unlink()

    antwoord = client.get(bestand["url"])

    assert antwoord.status_code == 404
    assert antwoord.json()["detail"] == "Het bestand is niet (meer) aanwezig in de opslag."
