"""Two app servers and one worker on one PostgreSQL database and one S3 store behave as one system.

The real commands run as processes, as in docker-compose.yml: `portfolio serve` twice on
different ports and `portfolio worker` once, with the evidence in moto's S3 server. A session
begun on one server works on the other, a file uploaded through one is downloaded through the
other, the verification and login limits count across both, and the jobs their requests cause
are run by the worker, not by a server.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.models import Taak, TaakStatus
from scripts import systeem
from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL.startswith("postgresql"),
    reason="several app servers share PostgreSQL; SQLite is the one-machine default",
)

WACHTWOORD = "twee-servers-wachtwoord-2026"
VERIFICATIES_PER_MINUUT = 4
INLOGPOGINGEN = 3
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)"')


@dataclass
class Installatie:
    a: str
    b: str
    database_url: str
    opslagmap: Path
    werker_pid: int
    studenten: list[tuple[str, int]]


@pytest.fixture(scope="module")
def installatie(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installatie]:
    tmp = tmp_path_factory.mktemp("servers")
    url = make_url(TEST_DATABASE_URL)
    database_url = url.set(database=f"{url.database}_servers").render_as_string(hide_password=False)
    systeem.nieuwe_database(database_url)
    processen = []
    with systeem.S3Opslag() as s3:
        env = systeem.basis_env(
            database_url,
            secrets.token_urlsafe(48),
            PORTFOLIO_STORAGE_DIR=str(tmp / "bestanden"),
            PORTFOLIO_AUDIT_CHECKPOINT_DIR=str(tmp / "audit"),
            PORTFOLIO_VERIFICATIE_MAX_PER_MINUUT=str(VERIFICATIES_PER_MINUUT),
            PORTFOLIO_INLOG_MAX_PER_ACCOUNT=str(INLOGPOGINGEN),
            **s3.env,
        )
        try:
            systeem.migreer(env)
            studenten = systeem.richt_in(database_url, 3, WACHTWOORD, cohort="servers")
            poorten = [systeem.vrije_poort(), systeem.vrije_poort()]
            servers = [systeem.start_server(env, poort) for poort in poorten]
            werker = systeem.start_werker(env)
            processen = [*servers, werker]
            for server, poort in zip(servers, poorten, strict=True):
                systeem.wacht_tot_klaar(server, poort)
            yield Installatie(
                *(f"http://127.0.0.1:{p}" for p in poorten),
                database_url=database_url,
                opslagmap=tmp / "bestanden",
                werker_pid=werker.pid,
                studenten=studenten,
            )
        finally:
            systeem.stop(*processen)
            systeem.verwijder_database(database_url)


def inloggen(basis: str, email: str, wachtwoord: str = WACHTWOORD) -> httpx.Client:
    client = httpx.Client(base_url=basis, timeout=30)
    client.get("/inloggen")
    antwoord = client.post(
        "/inloggen",
        data={"email": email, "wachtwoord": wachtwoord, "csrf_token": client.cookies.get("portfolio_csrf", "")},
    )
    assert antwoord.status_code == 303, antwoord.text[:500]
    return client


def op_andere_server(client: httpx.Client, basis: str) -> httpx.Client:
    """The same browser, sent to the other server by a load balancer: the same cookies."""
    ander = httpx.Client(base_url=basis, timeout=30, cookies=client.cookies)
    pagina = ander.get("/portfolio")
    assert pagina.status_code == 200
    ander.headers["X-CSRF-Token"] = CSRF_META.search(pagina.text).group(1)
    return ander


def test_een_sessie_van_de_ene_server_geldt_op_de_andere(installatie: Installatie) -> None:
    email, _ = installatie.studenten[0]
    with closing(inloggen(installatie.a, email)) as op_a, closing(op_andere_server(op_a, installatie.b)) as op_b:
        pagina = op_b.get("/portfolio")
        assert pagina.status_code == 200
        assert "Student 0" in pagina.text
        # One session, one token: the token B's page carries is the one A expects.
        uit = op_a.post("/uitloggen", headers={"X-CSRF-Token": op_b.headers["X-CSRF-Token"]})
        assert uit.status_code == 303
        # Logged out on A: B sees the same session store, so B sends to the login page too.
        assert op_b.get("/portfolio").status_code in (303, 401)


def test_een_bestand_via_de_ene_server_komt_via_de_andere_terug(installatie: Installatie) -> None:
    email, student_id = installatie.studenten[1]
    inhoud = b"Verslag van de wijkronde.\n" + secrets.token_bytes(2048).hex().encode()
    with closing(inloggen(installatie.a, email)) as op_a, closing(op_andere_server(op_a, installatie.a)) as met_csrf:
        antwoord = met_csrf.post(
            f"/api/v1/studenten/{student_id}/bewijsstukken",
            data={"titel": "Wijkronde", "leeruitkomsten": ["LU1.1"], "onderbouwing": "Zo toon ik het aan."},
            files=[("bestanden", ("wijkronde.txt", inhoud, "text/plain"))],
        )
        assert antwoord.status_code == 201, antwoord.text
        bewijsstuk = antwoord.json()
        with closing(op_andere_server(op_a, installatie.b)) as op_b:
            detail = op_b.get(f"/api/v1/bewijsstukken/{bewijsstuk['id']}").json()
            bestand_id = detail["bestanden"][0]["id"]
            download = op_b.get(f"/api/v1/bewijsstukken/{bewijsstuk['id']}/bestanden/{bestand_id}?download=true")
    assert download.status_code == 200
    assert download.content == inhoud
    # In the object store, not on either server's disk.
    lokaal = [p for p in installatie.opslagmap.rglob("*") if p.is_file()] if installatie.opslagmap.exists() else []
    assert lokaal == []


def test_de_verificatielimiet_telt_over_beide_servers(installatie: Installatie) -> None:
    statussen = [
        httpx.get(f"{basis}/diplomas/ONBEKEND-{n}", timeout=30).status_code
        for n, basis in enumerate([installatie.a, installatie.b] * (VERIFICATIES_PER_MINUUT // 2))
    ]
    assert statussen == [404] * VERIFICATIES_PER_MINUUT
    te_veel = httpx.get(f"{installatie.a}/diplomas/ONBEKEND-x", timeout=30)
    assert te_veel.status_code == 429
    assert "Te veel verificaties" in te_veel.text


def test_mislukte_inlogpogingen_tellen_over_beide_servers(installatie: Installatie) -> None:
    email, _ = installatie.studenten[2]
    for n in range(INLOGPOGINGEN):
        basis = [installatie.a, installatie.b][n % 2]
        with httpx.Client(base_url=basis, timeout=30) as client:
            client.get("/inloggen")
            fout = client.post(
                "/inloggen",
                data={"email": email, "wachtwoord": "fout", "csrf_token": client.cookies.get("portfolio_csrf", "")},
            )
            assert fout.status_code in (400, 401, 422), fout.status_code
    with httpx.Client(base_url=installatie.b, timeout=30) as client:
        client.get("/inloggen")
        geweigerd = client.post(
            "/inloggen",
            data={"email": email, "wachtwoord": WACHTWOORD, "csrf_token": client.cookies.get("portfolio_csrf", "")},
        )
    assert geweigerd.status_code == 429
    assert "Te veel mislukte pogingen" in geweigerd.text


def test_de_werker_voert_de_taken_van_beide_servers_uit(installatie: Installatie) -> None:
    for basis, (email, student_id) in zip([installatie.a, installatie.b], installatie.studenten[:2], strict=True):
        with closing(inloggen(basis, email)) as client, closing(op_andere_server(client, basis)) as met_csrf:
            antwoord = met_csrf.post(
                f"/api/v1/studenten/{student_id}/bewijsstukken",
                data={"titel": f"Via {basis}", "leeruitkomsten": ["LU1.2"], "onderbouwing": "Zo."},
                files=[("bestanden", ("notitie.txt", b"Notitie.\n", "text/plain"))],
            )
            assert antwoord.status_code == 201
    engine = create_engine(installatie.database_url)
    try:
        # The worker is another process: wait for it, within a generous bound, to finish the queue.
        deadline = time.monotonic() + 60
        while True:
            with Session(engine) as session:
                taken = session.scalars(select(Taak)).all()
            klaar = bool(taken) and all(t.status == TaakStatus.klaar for t in taken)
            if klaar or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    finally:
        engine.dispose()
    assert taken, "the uploads caused no job"
    assert {t.status for t in taken} == {TaakStatus.klaar}, [(t.naam, t.status, t.laatste_fout) for t in taken]
    assert {t.geclaimd_door.split(":")[1] for t in taken} == {str(installatie.werker_pid)}
