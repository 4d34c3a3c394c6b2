"""A request holds a database connection only while it talks to the database.

With a pool of one connection, a second request must still get through while
the first one waits for its upload body or for argon2 to hash a password.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Engine

from app.accounts import links, wachtwoorden
from app.config import get_settings
from app.db import make_engine, session_factory
from app.main import create_app
from app.models import LinkDoel, Rol
from app.portfolio import bestanden
from tests.conftest import TEST_DATABASE_URL, EchteApp, serveer
from tests.factories import WACHTWOORD
from tests.portfolio.conftest import PDF

WACHTTIJD = 10  # seconds; only reached when the behaviour under test is broken


@pytest.fixture
def klein_engine() -> Iterator[Engine]:
    """A pool of a single connection that gives up waiting for it after 2 s."""
    instellingen = get_settings().model_copy(update={"db_pool_size": 1, "db_max_overflow": 0, "db_pool_timeout": 2})
    engine = make_engine(TEST_DATABASE_URL, instellingen)
    yield engine
    engine.dispose()


@pytest.fixture
def een_verbinding(echte_app: EchteApp, klein_engine: Engine) -> Iterator[str]:
    """The app on a live server with that pool of one."""
    app = create_app()
    app.state.sessionmaker = session_factory(klein_engine)
    with serveer(app) as url:
        yield url


def test_een_upload_die_nog_binnenkomt_houdt_geen_verbinding_vast(
    echte_app: EchteApp, een_verbinding: str, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # noqa: ANN001
    monkeypatch.setattr(get_settings(), "storage_dir", tmp_path / "bestanden")
    student = echte_app.persoon(Rol.student)
    uploader = echte_app.client(student)
    anderen_klaar = threading.Event()
    gecontroleerd = threading.Event()
    echte_controle = bestanden.controleer_aangekondigde_grootte

    def controle_en_sein(*args: object) -> None:
        echte_controle(*args)
        gecontroleerd.set()

    monkeypatch.setattr(bestanden, "controleer_aangekondigde_grootte", controle_en_sein)
    verzoek = uploader.build_request(
        "POST",
        f"{een_verbinding}/api/v1/studenten/{student.id}/bewijsstukken",
        data={"titel": "Trage upload"},
        files=[("bestanden", ("verslag.pdf", PDF + b"\n" * 200_000, "application/pdf"))],
    )
    body = verzoek.read()

    def in_twee_delen() -> Iterator[bytes]:
        yield body[: len(body) // 2]
        anderen_klaar.wait(WACHTTIJD)  # the rest of the body arrives once the other request is done
        yield body[len(body) // 2 :]

    kop = {"content-type": verzoek.headers["content-type"]}
    resultaat: list[httpx.Response] = []
    upload = threading.Thread(
        target=lambda: resultaat.append(uploader.post(verzoek.url, content=in_twee_delen(), headers=kop))
    )
    andere = echte_app.client(echte_app.persoon(Rol.student))
    upload.start()
    try:
        assert gecontroleerd.wait(WACHTTIJD)
        antwoord = andere.get(f"{een_verbinding}/portfolio")
    finally:
        anderen_klaar.set()
        upload.join(WACHTTIJD)

    assert antwoord.status_code == 200
    assert resultaat[0].status_code == 201, resultaat[0].text


def test_argon2_rekent_zonder_verbinding_vast_te_houden(
    echte_app: EchteApp, een_verbinding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    student = echte_app.persoon(Rol.student)
    anderen_klaar = threading.Event()
    rekent = threading.Event()
    echte_controle = wachtwoorden.controleer

    def trage_controle(wachtwoord: str, opgeslagen: str | None) -> tuple[bool, str | None]:
        rekent.set()
        anderen_klaar.wait(WACHTTIJD)
        return echte_controle(wachtwoord, opgeslagen)

    monkeypatch.setattr(wachtwoorden, "controleer", trage_controle)
    inlogger = echte_app.client()
    inlogger.cookies.set("portfolio_csrf", "csrf-van-het-formulier")
    resultaat: list[httpx.Response] = []
    login = threading.Thread(
        target=lambda: resultaat.append(
            inlogger.post(
                f"{een_verbinding}/inloggen",
                data={"email": student.email, "wachtwoord": WACHTWOORD, "csrf_token": "csrf-van-het-formulier"},
            )
        )
    )
    andere = echte_app.client(echte_app.persoon(Rol.student))
    login.start()
    try:
        assert rekent.wait(WACHTTIJD)
        antwoord = andere.get(f"{een_verbinding}/portfolio")
    finally:
        anderen_klaar.set()
        login.join(WACHTTIJD)

    assert antwoord.status_code == 200
    assert resultaat[0].status_code == 303


def test_wie_geen_verbinding_krijgt_hoort_dat_het_druk_is_en_er_niets_veranderde(
    echte_app: EchteApp, een_verbinding: str, klein_engine: Engine
) -> None:
    client = echte_app.client(echte_app.persoon(Rol.student))
    with klein_engine.connect():  # the pool's only connection, taken for longer than the request will wait
        antwoord = client.get(f"{een_verbinding}/api/v1/ik")

    assert antwoord.status_code == 503
    assert antwoord.headers["content-type"].startswith("application/problem+json")
    assert "druk" in antwoord.json()["detail"]


def test_een_nieuw_wachtwoord_wordt_gehasht_zonder_verbinding_vast_te_houden(
    echte_app: EchteApp, een_verbinding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    persoon = echte_app.persoon(Rol.student)
    with echte_app.sessie() as session, session.begin():
        token = links.maak(session, LinkDoel.reset, persoon.id)
    andere = echte_app.client(echte_app.persoon(Rol.student))
    anderen_klaar = threading.Event()
    hasht = threading.Event()
    echte_hash = wachtwoorden.hash_wachtwoord

    def trage_hash(wachtwoord: str) -> str:
        hasht.set()
        anderen_klaar.wait(WACHTTIJD)
        return echte_hash(wachtwoord)

    monkeypatch.setattr(wachtwoorden, "hash_wachtwoord", trage_hash)
    herstel = echte_app.client()
    herstel.cookies.set("portfolio_csrf", "csrf-van-het-formulier")
    nieuw = "nieuw-fietspad-langs-de-dijk"
    velden = {"wachtwoord": nieuw, "herhaling": nieuw, "csrf_token": "csrf-van-het-formulier"}
    resultaat: list[httpx.Response] = []
    instellen = threading.Thread(
        target=lambda: resultaat.append(herstel.post(f"{een_verbinding}/wachtwoord-herstellen/{token}", data=velden))
    )
    instellen.start()
    try:
        assert hasht.wait(WACHTTIJD)
        antwoord = andere.get(f"{een_verbinding}/portfolio")
    finally:
        anderen_klaar.set()
        instellen.join(WACHTTIJD)

    assert antwoord.status_code == 200
    assert resultaat[0].status_code == 303
