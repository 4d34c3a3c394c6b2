"""The portfolio on each backend: upload, download, Range, presigned redirect, rollback, quota, check, overzetten."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import cli
from app.config import get_settings
from app.models import Bestand, Bewijsstuk, BewijsstukSoort, BewijsstukVersie, Gebruiker, GebruikerRol, Rol
from app.opslag import LocalStorage, Storage, StoredFile, bewaar, exists, get_storage
from app.opslag.s3 import S3Storage
from app.portfolio import service
from tests.opslag.conftest import achtergelaten, nieuwe_bucket
from tests.portfolio.conftest import PDF, PNG, TEKST, mp4

MB = 1024 * 1024


@pytest.fixture
def opslag(app, backend: Storage) -> Storage:  # noqa: ANN001
    """The app's storage for this test: a folder or a bucket of its own."""
    app.dependency_overrides[get_storage] = lambda: backend
    return backend


def uploaden(client: TestClient, student: Gebruiker, *bestanden: tuple[str, bytes]) -> httpx.Response:
    return client.post(
        f"/api/v1/studenten/{student.id}/bewijsstukken",
        data={"titel": "Verslag wijkschouw", "leeruitkomsten": ["LU1.1"], "onderbouwing": "Zie verslag."},
        files=[("bestanden", (naam, inhoud, "application/octet-stream")) for naam, inhoud in bestanden],
    )


def test_een_upload_komt_in_de_opslag_en_komt_er_ongeschonden_weer_uit(
    als, student, client: TestClient, db: Session, opslag: Storage
) -> None:
    als(student)
    video = mp4(3 * MB)

    antwoord = uploaden(client, student, ("video.mp4", video), ("verslag.pdf", PDF))

    assert antwoord.status_code == 201, antwoord.text
    bestanden = antwoord.json()["bestanden"]
    assert sorted(o.key for o in opslag.list()) == sorted(db.scalars(select(Bestand.opslag_sleutel)))
    heel = client.get(bestanden[0]["url"])
    assert heel.status_code == 200
    assert heel.content == video
    assert heel.headers["content-length"] == str(len(video))
    assert heel.headers["content-disposition"].startswith("attachment")  # video is never inline
    assert client.get(bestanden[1]["url"]).headers["content-disposition"].startswith("inline")


def test_een_bereik_komt_uit_elke_opslag(als, student, client: TestClient, opslag: Storage) -> None:
    als(student)
    video = mp4(200_000)
    bestand = uploaden(client, student, ("video.mp4", video)).json()["bestanden"][0]

    deel = client.get(bestand["url"], headers={"Range": "bytes=1000-1999"})
    assert (deel.status_code, deel.content) == (206, video[1000:2000])
    assert deel.headers["content-range"] == f"bytes 1000-1999/{len(video)}"
    staart = client.get(bestand["url"], headers={"Range": "bytes=-100"})
    assert (staart.status_code, staart.content) == (206, video[-100:])
    assert client.get(bestand["url"], headers={"Range": f"bytes={len(video)}-"}).status_code == 416


def test_een_mislukte_commit_laat_geen_object_achter(
    als, student, client: TestClient, opslag: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    als(student)
    echte = service.bewijsstuk_toevoegen

    def en_dan_faalt_de_commit(*args: object, **kwargs: object) -> Bewijsstuk:
        echte(*args, **kwargs)
        assert len(list(opslag.list())) == 2  # stored before the rows
        raise RuntimeError("commit mislukt")

    monkeypatch.setattr(service, "bewijsstuk_toevoegen", en_dan_faalt_de_commit)

    antwoord = uploaden(client, student, ("verslag.pdf", PDF), ("foto.png", PNG))

    assert antwoord.status_code == 500
    assert achtergelaten(opslag) == []  # removed by the request's rollback


def test_een_geweigerd_bestand_laat_ook_de_andere_niet_achter(
    als, student, client: TestClient, opslag: Storage
) -> None:
    als(student)

    antwoord = uploaden(client, student, ("verslag.pdf", PDF), ("verslag2.pdf", b"MZ\x90\0" + b"\0" * 5000))

    assert antwoord.status_code == 415
    assert achtergelaten(opslag) == []


def test_de_ruimte_van_de_student_geldt_op_elke_opslag(
    als, student, client: TestClient, opslag: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "max_student_mb", 2)
    als(student)
    assert uploaden(client, student, ("een.mp4", mp4(MB))).status_code == 201

    antwoord = uploaden(client, student, ("twee.mp4", mp4(MB + 100)))

    assert antwoord.status_code == 413
    assert "niet genoeg ruimte" in antwoord.json()["detail"]
    assert len(achtergelaten(opslag)) == 1


@pytest.fixture
def s3_opslag(app, s3_endpoint: str) -> S3Storage:  # noqa: ANN001
    opslag = nieuwe_bucket(s3_endpoint)
    app.dependency_overrides[get_storage] = lambda: opslag
    return opslag


def test_met_presigned_downloads_verwijst_de_app_door_naar_een_kort_geldige_sigv4_url(
    als, student, andere_student, client: TestClient, s3_opslag: S3Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "s3_downloads", "presigned")
    monkeypatch.setattr(get_settings(), "s3_url_geldig_seconden", 120)
    als(student)
    tekst, pdf = uploaden(client, student, ("notities.txt", TEKST), ("verslag.pdf", PDF)).json()["bestanden"]

    antwoord = client.get(tekst["url"], follow_redirects=False)

    assert antwoord.status_code == 307
    assert antwoord.headers["cache-control"] == "no-store"
    url = antwoord.headers["location"]
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert 0 < int(query["X-Amz-Expires"][0]) <= 300
    # The same rules as a download through the app: text is never shown inline.
    assert query["response-content-disposition"][0].startswith('attachment; filename="notities.txt"')
    assert query["response-content-type"] == ["text/plain; charset=utf-8"]
    uit_de_bucket = httpx.get(url)
    assert uit_de_bucket.status_code == 200
    assert uit_de_bucket.content == TEKST
    assert uit_de_bucket.headers["content-disposition"].startswith("attachment")
    # A PDF may be shown inline, also from the bucket.
    pdf_url = client.get(pdf["url"], follow_redirects=False).headers["location"]
    assert parse_qs(urlsplit(pdf_url).query)["response-content-disposition"][0].startswith("inline")
    # Access is checked before any URL goes out: someone who may not see the student gets 404, no URL.
    als(andere_student)
    geweigerd = client.get(tekst["url"], follow_redirects=False)
    assert geweigerd.status_code == 404
    assert "location" not in geweigerd.headers


def test_een_verdwenen_object_is_een_nette_404_ook_met_presigned_downloads(
    als, student, client: TestClient, s3_opslag: S3Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "s3_downloads", "presigned")
    als(student)
    bestand = uploaden(client, student, ("verslag.pdf", PDF)).json()["bestanden"][0]
    for blob in s3_opslag.list():
        s3_opslag.delete(blob.key)

    antwoord = client.get(bestand["url"], follow_redirects=False)

    assert antwoord.status_code == 404
    assert antwoord.json()["detail"] == "Het bestand is niet (meer) aanwezig in de opslag."


# --- The commands, on committed data -------------------------------------------------------------


@dataclass
class Vastgelegd:
    bewijsstuk_id: int
    bestanden: list[StoredFile]
    # Rows other committing tests left behind (a browser test's upload): never in this test's fresh storage,
    # so the commands report them missing too, and exit 1 for them.
    vreemde: bool


def _vreemde_bestanden(engine: Engine, eigen: list[StoredFile]) -> bool:
    with Session(engine) as session:
        sleutels = set(session.scalars(select(Bestand.opslag_sleutel)))
    return bool(sleutels - {b.key for b in eigen})


def _vastleggen(engine: Engine, opslag: Storage, inhoud: list[bytes]) -> tuple[int, int, list[StoredFile]]:
    bestanden = [bewaar(opslag, io.BytesIO(data), 10 * MB) for data in inhoud]
    with Session(engine) as session, session.begin():
        student = Gebruiker(
            email=f"opslag-{os.urandom(4).hex()}@example.nl",
            naam="Opslag Student",
            rol_records=[GebruikerRol(rol=Rol.student)],
        )
        versie = BewijsstukVersie(
            versie=1,
            titel="Opslagcontrole",
            soort=BewijsstukSoort.verslag,
            context="",
            bestanden=[
                Bestand(
                    volgorde=i,
                    opslag_sleutel=b.key,
                    naam=f"b{i}",
                    grootte=b.size,
                    mediatype=b.mediatype,
                    sha256=b.sha256,
                )
                for i, b in enumerate(bestanden)
            ],
            koppelingen=[],
        )
        bewijsstuk = Bewijsstuk(student=student, versies=[versie])
        session.add(bewijsstuk)
        session.flush()
        return student.id, bewijsstuk.id, bestanden


def _opruimen(engine: Engine, student_id: int) -> None:
    with Session(engine) as session, session.begin():
        session.execute(delete(Bewijsstuk).where(Bewijsstuk.student_id == student_id))
        session.execute(delete(GebruikerRol).where(GebruikerRol.gebruiker_id == student_id))
        session.execute(delete(Gebruiker).where(Gebruiker.id == student_id))


def _gebruik(backend: Storage, monkeypatch: pytest.MonkeyPatch, endpoint: str | None) -> None:
    """Point the settings (what the command reads) at this backend."""
    settings = get_settings()
    if isinstance(backend, LocalStorage):
        monkeypatch.setattr(settings, "opslag", "lokaal")
        monkeypatch.setattr(settings, "storage_dir", backend.root)
    else:
        assert isinstance(backend, S3Storage) and endpoint
        monkeypatch.setattr(settings, "opslag", "s3")
        monkeypatch.setattr(settings, "s3_endpoint_url", endpoint)
        monkeypatch.setattr(settings, "s3_bucket", backend.bucket)
        monkeypatch.setattr(settings, "s3_regio", "eu-west-1")


@pytest.fixture
def vastgelegd(engine: Engine, backend: Storage, request: pytest.FixtureRequest, monkeypatch) -> Iterator[Vastgelegd]:  # noqa: ANN001
    endpoint = request.getfixturevalue("s3_endpoint") if isinstance(backend, S3Storage) else None
    _gebruik(backend, monkeypatch, endpoint)
    student_id, bewijsstuk_id, bestanden = _vastleggen(engine, backend, [PDF, PNG])
    try:
        yield Vastgelegd(bewijsstuk_id, bestanden, _vreemde_bestanden(engine, bestanden))
    finally:
        _opruimen(engine, student_id)


@pytest.mark.commits
def test_storage_check_vindt_op_elke_opslag_een_ontbrekend_object_met_zijn_bewijsstuk(
    vastgelegd: Vastgelegd, backend: Storage
) -> None:
    vooraf = CliRunner().invoke(cli, ["storage", "check"])
    assert vooraf.exit_code == (1 if vastgelegd.vreemde else 0), vooraf.output
    assert "ontbrekend" not in vooraf.output or vastgelegd.vreemde
    weg = vastgelegd.bestanden[1]
    backend.delete(weg.key)

    result = CliRunner().invoke(cli, ["storage", "check"])

    assert result.exit_code == 1, result.output
    assert "x ontbrekend bestand" in result.output
    assert f"  - {weg.key} (bewijsstuk {vastgelegd.bewijsstuk_id} versie 1, b1)" in result.output
    assert vastgelegd.bestanden[0].key not in result.output


@pytest.mark.commits
def test_storage_check_vindt_op_elke_opslag_een_object_met_een_andere_sha256(
    vastgelegd: Vastgelegd, backend: Storage
) -> None:
    geraakt = vastgelegd.bestanden[0]
    with backend.open(geraakt.key) as f:
        inhoud = f.read()
    backend.delete(geraakt.key)
    backend.put(geraakt.key, [inhoud.replace(b"Catalog", b"Katalog")])

    result = CliRunner().invoke(cli, ["storage", "check"])

    assert result.exit_code == 1
    assert f"{geraakt.key} (bewijsstuk {vastgelegd.bewijsstuk_id} versie 1, b0) (verwacht {geraakt.sha256}" in (
        result.output
    )


@pytest.mark.commits
def test_overzetten_naar_s3_kopieert_alles_gecontroleerd_en_hervat_na_een_onderbreking(
    engine: Engine, tmp_path, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    lokaal = LocalStorage(tmp_path / "bestanden")
    doel = nieuwe_bucket(s3_endpoint)
    student_id, bewijsstuk_id, bestanden = _vastleggen(engine, lokaal, [PDF, PNG, TEKST])
    vreemde = _vreemde_bestanden(engine, bestanden)
    try:
        settings = get_settings()
        monkeypatch.setattr(settings, "storage_dir", lokaal.root)
        monkeypatch.setattr(settings, "s3_endpoint_url", s3_endpoint)
        monkeypatch.setattr(settings, "s3_bucket", doel.bucket)
        monkeypatch.setattr(settings, "s3_regio", "eu-west-1")
        # An earlier run was interrupted: one object arrived, one arrived damaged, one never did.
        with lokaal.open(bestanden[0].key) as f:
            doel.put(bestanden[0].key, [f.read()])
        doel.put(bestanden[1].key, [b"half"])

        result = CliRunner().invoke(cli, ["storage", "overzetten", "--naar", "s3"])

        assert result.exit_code == (1 if vreemde else 0), result.output
        assert f"overgeslagen: {bestanden[0].key}" in result.output
        assert f"gekopieerd: {bestanden[1].key}" in result.output
        assert f"gekopieerd: {bestanden[2].key}" in result.output
        if not vreemde:
            assert "2 bestand(en) gekopieerd en gecontroleerd, 1 stond(en) er al met de juiste sha256" in result.output
        for bestand in bestanden:
            with doel.open(bestand.key) as f, lokaal.open(bestand.key) as bron:
                assert f.read() == bron.read()
        # Run again: nothing left to copy.
        opnieuw = CliRunner().invoke(cli, ["storage", "overzetten", "--naar", "s3"])
        assert all(f"overgeslagen: {b.key}" in opnieuw.output for b in bestanden), opnieuw.output
        assert "0 bestand(en) gekopieerd en gecontroleerd" in opnieuw.output
        # A local file whose bytes no longer match the database is named and never copied.
        doel.delete(bestanden[2].key)
        pad = lokaal.root / bestanden[2].key[:2] / bestanden[2].key[2:4] / bestanden[2].key
        pad.write_bytes(pad.read_bytes().replace(b"Reflectie", b"Refleksie"))
        kapot = CliRunner().invoke(cli, ["storage", "overzetten", "--naar", "s3"])
        assert kapot.exit_code == 1
        assert f"{bestanden[2].key} (bewijsstuk {bewijsstuk_id} versie 1, b2)" in kapot.output
        assert not exists(doel, bestanden[2].key)
        assert list(doel.unfinished(timedelta(hours=-1))) == []
    finally:
        _opruimen(engine, student_id)
