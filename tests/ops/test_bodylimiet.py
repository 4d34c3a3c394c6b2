"""Bounded bodies: nobody, logged in or not, makes the app read or spool more than the route's limit."""

from __future__ import annotations

import tempfile
from pathlib import Path

import anyio
import pytest
from sqlalchemy.orm import Session

from app.config import get_settings
from app.ops.bodylimiet import STANDAARD_LIMIET
from app.toegang.aanvrager import CSRF_COOKIE, CSRF_HEADER
from tests import factories

MB = 1024 * 1024
VIJFTIG_MB = 50 * MB
STUK = 64 * 1024


class Aanvraag:
    """One request straight into the ASGI app; counts every body byte the app asked for."""

    def __init__(self, app, method: str, path: str, headers: dict[str, str], totaal: int, begin: bytes = b""):  # noqa: ANN001
        self.app, self.method, self.path, self.headers = app, method, path, headers
        self.totaal, self.begin = totaal, begin
        self.gelezen = 0
        self.berichten: list[dict] = []

    async def _receive(self) -> dict:
        if self.gelezen >= self.totaal:
            return {"type": "http.disconnect"}
        stuk = (self.begin + b"a" * STUK)[:STUK] if self.gelezen == 0 else b"a" * STUK
        stuk = stuk[: self.totaal - self.gelezen]
        self.gelezen += len(stuk)
        return {"type": "http.request", "body": stuk, "more_body": self.gelezen < self.totaal}

    async def _send(self, message: dict) -> None:
        self.berichten.append(message)

    def stuur(self) -> Aanvraag:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": self.method,
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in self.headers.items()],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        anyio.run(self.app, scope, self._receive, self._send)
        return self

    @property
    def status(self) -> int:
        return next(m["status"] for m in self.berichten if m["type"] == "http.response.start")

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.berichten if m["type"] == "http.response.body")


@pytest.fixture
def geen_tijdelijke_bestanden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Spooled form parts and unfinished uploads land in folders of this test's own; both must stay empty."""
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    opslag = tmp_path / "bestanden"
    monkeypatch.setattr(get_settings(), "storage_dir", opslag)
    yield
    achtergelaten = [p for map_ in (spool, opslag) if map_.exists() for p in map_.rglob("*") if p.is_file()]
    assert achtergelaten == []


MULTIPART = "multipart/form-data; boundary=grens"
MULTIPART_BEGIN = (
    b'--grens\r\nContent-Disposition: form-data; name="bestanden"; filename="groot.mp4"\r\n'
    b"Content-Type: video/mp4\r\n\r\n"
)


@pytest.mark.parametrize("aangekondigd", [True, False], ids=["content-length", "chunked"])
def test_anonieme_post_van_50_mb_naar_uitloggen_wordt_beantwoord_voor_er_2_mb_is_gelezen(
    app,
    aangekondigd: bool,
    geen_tijdelijke_bestanden,  # noqa: ANN001
) -> None:
    headers = {"content-type": "application/x-www-form-urlencoded", "cookie": f"{CSRF_COOKIE}=abc"}
    if aangekondigd:
        headers["content-length"] = str(VIJFTIG_MB)

    aanvraag = Aanvraag(app, "POST", "/uitloggen", headers, VIJFTIG_MB, begin=b"csrf_token=abc&x=").stuur()

    assert aanvraag.status == 413
    assert "te groot" in aanvraag.body.decode()
    assert aanvraag.gelezen < 2 * MB
    if aangekondigd:
        assert aanvraag.gelezen == 0


@pytest.mark.parametrize("aangekondigd", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("met_token", [False, True], ids=["zonder-csrf-header", "met-csrf-header"])
def test_anonieme_upload_van_50_mb_via_de_pagina_wordt_beantwoord_voor_er_2_mb_is_gelezen(
    app,
    aangekondigd: bool,
    met_token: bool,
    geen_tijdelijke_bestanden,  # noqa: ANN001
) -> None:
    # The anonymous login-form token is easy to get, so even with it the body must stay unread.
    headers = {"content-type": MULTIPART, "cookie": f"{CSRF_COOKIE}=abc"}
    if met_token:
        headers[CSRF_HEADER] = "abc"
    if aangekondigd:
        headers["content-length"] = str(VIJFTIG_MB)

    aanvraag = Aanvraag(app, "POST", "/portfolio/bewijsstukken", headers, VIJFTIG_MB, begin=MULTIPART_BEGIN).stuur()

    assert aanvraag.status in (303, 403)
    assert aanvraag.gelezen < 2 * MB


def test_anonieme_api_upload_van_50_mb_krijgt_401_zonder_dat_er_iets_is_gelezen(
    app,
    geen_tijdelijke_bestanden,  # noqa: ANN001
) -> None:
    headers = {"content-type": MULTIPART}

    aanvraag = Aanvraag(app, "POST", "/api/v1/studenten/1/bewijsstukken", headers, VIJFTIG_MB, MULTIPART_BEGIN).stuur()

    assert aanvraag.status == 401
    assert b'"status":401' in aanvraag.body
    assert aanvraag.gelezen == 0


def test_api_aanroep_met_onbekend_token_leest_niet_meer_dan_de_limiet(app) -> None:  # noqa: ANN001
    headers = {"content-type": "application/json", "authorization": "Bearer onzin"}

    aanvraag = Aanvraag(app, "POST", "/api/v1/inschrijvingen", headers, 2 * MB, begin=b'{"x": "').stuur()

    assert aanvraag.status == 413
    assert aanvraag.gelezen <= STANDAARD_LIMIET + STUK


@pytest.mark.parametrize("aangekondigd", [True, False], ids=["content-length", "chunked"])
def test_ingelogde_json_boven_1_mb_krijgt_413_in_het_nederlands(
    app,
    db: Session,
    beheerder,
    aangekondigd: bool,  # noqa: ANN001
) -> None:
    token = factories.create_api_token(db, beheerder)
    headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}
    if aangekondigd:
        headers["content-length"] = str(2 * MB)

    aanvraag = Aanvraag(app, "POST", "/api/v1/gebruikers", headers, 2 * MB, begin=b'{"naam": "').stuur()

    assert aanvraag.status == 413
    assert "te groot" in aanvraag.body.decode()
    assert aanvraag.gelezen <= STANDAARD_LIMIET + STUK
