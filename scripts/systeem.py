"""A whole installation on this machine: PostgreSQL database, S3 store, app servers and a worker.

Used by the load script (`scripts/load.py --servers 2 --opslag s3`) and by the scale-out test
(tests/ops/test_meerdere_servers.py): both start the real `portfolio serve` and `portfolio worker`
commands as processes, the way docker-compose.yml runs them, so what they show holds for that
layout. The S3 store is moto's server on loopback. Only loopback addresses are used.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = Path(sys.executable).parent / "portfolio"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
S3_REGIO = "eu-west-1"
S3_SLEUTELS = {"AWS_ACCESS_KEY_ID": "systeem-sleutel", "AWS_SECRET_ACCESS_KEY": "systeem-geheim"}


def vrije_poort() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _beheer_url(database_url: str) -> tuple[str, str]:
    """(URL of the server's `postgres` database, name of the database in `database_url`)."""
    delen = urlsplit(database_url.replace("postgresql+psycopg://", "postgresql://"))
    if delen.hostname not in LOOPBACK:
        raise SystemExit(f"alleen een database op deze machine: {delen.hostname}")
    naam = delen.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", naam):
        raise SystemExit(f"ongeldige databasenaam: {naam}")
    return urlunsplit(delen._replace(path="/postgres")), naam


def nieuwe_database(database_url: str) -> None:
    """Drop and create the database named in the URL (on a loopback server only)."""
    import psycopg

    beheer, naam = _beheer_url(database_url)
    with psycopg.connect(beheer, autocommit=True) as verbinding:
        verbinding.execute(f"DROP DATABASE IF EXISTS {naam} WITH (FORCE)")
        verbinding.execute(f"CREATE DATABASE {naam}")


def verwijder_database(database_url: str) -> None:
    import psycopg

    beheer, naam = _beheer_url(database_url)
    with psycopg.connect(beheer, autocommit=True) as verbinding:
        verbinding.execute(f"DROP DATABASE IF EXISTS {naam} WITH (FORCE)")


class S3Opslag:
    """moto's S3 server in this process's threads, with one bucket; `env` points the app at it."""

    def __init__(self, bucket: str = "bewijsstukken") -> None:
        from moto.server import ThreadedMotoServer

        self.bucket = bucket
        self.poort = vrije_poort()
        self.endpoint = f"http://127.0.0.1:{self.poort}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.poort, verbose=False)

    def __enter__(self) -> S3Opslag:
        import boto3

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto logs every request otherwise
        self._server.start()
        client = boto3.client("s3", endpoint_url=self.endpoint, region_name=S3_REGIO, **_boto_sleutels())
        client.create_bucket(Bucket=self.bucket, CreateBucketConfiguration={"LocationConstraint": S3_REGIO})
        return self

    def __exit__(self, *_: object) -> None:
        self._server.stop()

    @property
    def env(self) -> dict[str, str]:
        return {
            "PORTFOLIO_OPSLAG": "s3",
            "PORTFOLIO_S3_ENDPOINT_URL": self.endpoint,
            "PORTFOLIO_S3_BUCKET": self.bucket,
            "PORTFOLIO_S3_REGIO": S3_REGIO,
            **S3_SLEUTELS,
        }


def _boto_sleutels() -> dict[str, str]:
    return {
        "aws_access_key_id": S3_SLEUTELS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": S3_SLEUTELS["AWS_SECRET_ACCESS_KEY"],
    }


def migreer(env: dict[str, str]) -> None:
    subprocess.run([str(PORTFOLIO), "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)  # noqa: S603


def richt_in(database_url: str, aantal: int, wachtwoord: str, cohort: str = "belasting") -> list[tuple[str, int]]:
    """Add `aantal` students enrolled on Wijkagent N6 (after `migreer`); returns (e-mail, id) per student."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    import app.voortgang.bijhouden  # noqa: F401 (keeps the stored progress with these enrolments)
    from app import tijd
    from app.accounts import wachtwoorden
    from app.db import make_engine
    from app.models import Cohort, Gebruiker, GebruikerRol, Inschrijving, Kwalificatie, Rol

    engine = make_engine(database_url)
    wachtwoord_hash = wachtwoorden.hash_wachtwoord(wachtwoord)  # one hash for all: the login still checks it
    try:
        with Session(engine) as session, session.begin():
            wijkagent = session.scalar(select(Kwalificatie).where(Kwalificatie.code == "WA-N6"))
            groep = Cohort(code=cohort, naam=f"Cohort {cohort}")
            studenten = [
                Gebruiker(
                    email=f"student{n}@{cohort}.example.nl",
                    naam=f"Student {n}",
                    studentnummer=f"B{n:05d}",
                    wachtwoord_hash=wachtwoord_hash,
                    rol_records=[GebruikerRol(rol=Rol.student)],
                )
                for n in range(aantal)
            ]
            session.add_all([groep, *studenten])
            session.flush()
            session.add_all(
                Inschrijving(
                    student_id=s.id, kwalificatie_id=wijkagent.id, cohort_id=groep.id, startdatum=tijd.vandaag()
                )
                for s in studenten
            )
            return [(s.email, s.id) for s in studenten]
    finally:
        engine.dispose()


def start_server(env: dict[str, str], poort: int, workers: int = 1) -> subprocess.Popen:
    """`portfolio serve` on a loopback port; returns once it is started (see `wacht_tot_klaar`)."""
    opdracht = [str(PORTFOLIO), "serve", "--host", "127.0.0.1", "--port", str(poort), "--workers", str(workers)]
    return subprocess.Popen(opdracht, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603


def wacht_tot_klaar(server: subprocess.Popen, poort: int, seconden: float = 180) -> None:
    """Until /readyz answers 200: a busy machine takes a while to import the app in every worker."""
    deadline = time.monotonic() + seconden
    laatste = "geen antwoord"
    while time.monotonic() < deadline:
        try:
            antwoord = httpx.get(f"http://127.0.0.1:{poort}/readyz", timeout=5)
            if antwoord.status_code == 200:
                return
            laatste = f"{antwoord.status_code} {antwoord.text[:200]}"
        except httpx.HTTPError as fout:
            laatste = repr(fout)
        if server.poll() is not None:
            raise RuntimeError(f"de server op poort {poort} stopte tijdens het starten")
        time.sleep(0.2)
    raise RuntimeError(f"de server op poort {poort} startte niet (laatste antwoord op /readyz: {laatste})")


def start_werker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [str(PORTFOLIO), "worker"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def stop(*processen: subprocess.Popen | None) -> None:
    """SIGTERM to all at once, then wait: a worker finishes the job in hand first."""
    levend = [p for p in processen if p is not None and p.poll() is None]
    for proces in levend:
        proces.terminate()
    for proces in levend:
        try:
            proces.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proces.kill()
            with suppress(subprocess.TimeoutExpired):
                proces.wait(timeout=10)


def basis_env(database_url: str, geheim: str, **extra: str) -> dict[str, str]:
    """The environment every process of one installation shares (the same key signs sessions on each)."""
    return {
        **os.environ,
        "PORTFOLIO_DATABASE_URL": database_url,
        "PORTFOLIO_ENVIRONMENT": "development",
        "PORTFOLIO_SECRET_KEY": geheim,
        "PORTFOLIO_LOG_LEVEL": "WARNING",
        **extra,
    }
