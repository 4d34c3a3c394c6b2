"""Benchmark (not a test): upload one big video through the API; report throughput and server memory.

    .venv/bin/python scripts/benchmark_upload.py            # 500 MB
    .venv/bin/python scripts/benchmark_upload.py --mb 100
    .venv/bin/python scripts/benchmark_upload.py --opslag s3   # into moto's S3 on loopback

Starts the app with uvicorn in a subprocess on a free port, against a temporary
SQLite database and storage folder, with a student (enrolled on Wijkagent N6)
and an API token it creates. It writes a file that starts like an mp4 (ftyp box)
to disk, streams it from disk with httpx to POST /api/v1/studenten/{id}/bewijsstukken,
and reads the server process's VmRSS and VmHWM (peak) from /proc before and after.
The peak is reset after a warm-up upload, so the growth is what this upload cost.
With `--opslag s3` the app stores into a bucket of moto's S3 server, started by this
script on loopback (in this process, so its memory is not the app server's).
Exits 1 when the peak memory growth is 50 MB or more, or the stored checksum differs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from app import tijd

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
MAX_GROEI_MB = 50
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def schrijf_video(pad: Path, megabytes: int) -> str:
    """An ISO media header followed by filler, written in 1 MB chunks; returns its sha256."""
    digest = hashlib.sha256()
    kop = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    blok = os.urandom(MB)
    with pad.open("wb") as uit:
        for nummer in range(megabytes):
            stuk = kop + blok[len(kop) :] if nummer == 0 else blok
            uit.write(stuk)
            digest.update(stuk)
    return digest.hexdigest()


def geheugen_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak resident memory) of a process, in kB."""
    waarden = {}
    for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
        naam, _, rest = regel.partition(":")
        if naam in ("VmRSS", "VmHWM"):
            waarden[naam] = int(rest.split()[0])
    return waarden


def vrije_poort() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def richt_in(env: dict[str, str]) -> tuple[int, str]:
    """Migrate the temporary database and create a student, an enrolment and an API token."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.db import get_engine
    from app.kwalificaties import service as kwalificaties
    from app.models import ApiToken, Cohort, Gebruiker, GebruikerRol, Inschrijving, Kwalificatie, Rol
    from app.ops.migrations import upgrade_to_head
    from app.toegang import sessies

    engine = get_engine()
    upgrade_to_head(engine)
    token = "pf_" + secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        kwalificaties.laad_meegeleverde(session)
        wijkagent = session.scalar(select(Kwalificatie).where(Kwalificatie.code == "WA-N6"))
        student = Gebruiker(
            email="benchmark@example.nl", naam="Benchmark Student", rol_records=[GebruikerRol(rol=Rol.student)]
        )
        cohort = Cohort(code="benchmark", naam="")
        session.add_all([student, cohort])
        session.flush()
        session.add(
            Inschrijving(
                student_id=student.id, kwalificatie_id=wijkagent.id, cohort_id=cohort.id, startdatum=tijd.vandaag()
            )
        )
        session.add(
            ApiToken(gebruiker_id=student.id, naam="benchmark", token_hash=sessies.token_hash(token), prefix=token[:8])
        )
        student_id = student.id
    engine.dispose()
    return student_id, token


def start_server(env: dict[str, str], poort: int) -> subprocess.Popen:
    opdracht = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1"]
    opdracht += ["--port", str(poort), "--log-level", "warning", "--no-access-log"]
    server = subprocess.Popen(opdracht, env=env, cwd=ROOT)  # noqa: S603 - our own interpreter and module
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{poort}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("de server startte niet")


def start_moto():  # noqa: ANN201
    """moto's S3 on a free loopback port with one bucket; returns the server and the app's settings for it."""
    import boto3
    from botocore.config import Config
    from moto.server import ThreadedMotoServer

    poort = vrije_poort()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=poort, verbose=False)
    moto.start()
    s3_env = {
        "PORTFOLIO_OPSLAG": "s3",
        "PORTFOLIO_S3_ENDPOINT_URL": f"http://127.0.0.1:{poort}",
        "PORTFOLIO_S3_BUCKET": "benchmark",
        "PORTFOLIO_S3_REGIO": "us-east-1",
        "AWS_ACCESS_KEY_ID": "benchmark",
        "AWS_SECRET_ACCESS_KEY": "benchmark-geheim",
    }
    boto3.client(
        "s3",
        endpoint_url=s3_env["PORTFOLIO_S3_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id=s3_env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=s3_env["AWS_SECRET_ACCESS_KEY"],
        config=Config(signature_version="s3v4"),
    ).create_bucket(Bucket="benchmark")
    return moto, s3_env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=500, help="grootte van het bestand in MB (standaard 500)")
    parser.add_argument("--bewaar", action="store_true", help="laat de tijdelijke map staan")
    parser.add_argument("--opslag", choices=["lokaal", "s3"], default="lokaal", help="waar de app opslaat")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="portfolio-benchmark-"))
    env = {
        **os.environ,
        "PORTFOLIO_DATABASE_URL": f"sqlite:///{tmp / 'benchmark.db'}",
        "PORTFOLIO_STORAGE_DIR": str(tmp / "bestanden"),
        "PORTFOLIO_ENVIRONMENT": "test",
        "PORTFOLIO_SECRET_KEY": secrets.token_urlsafe(48),
        "PORTFOLIO_MAX_BESTAND_MB": str(args.mb + 10),
        "PORTFOLIO_MAX_STUDENT_MB": str(2 * args.mb + 10),
        "PORTFOLIO_LOG_LEVEL": "WARNING",
    }
    server = None
    moto = None
    if args.opslag == "s3":
        moto, s3_env = start_moto()
        env.update(s3_env)
    try:
        student_id, token = richt_in(env)
        video = tmp / "video.mp4"
        print(f"Bestand van {args.mb} MB schrijven naar {video} ...", flush=True)
        verwacht_sha256 = schrijf_video(video, args.mb)

        poort = vrije_poort()
        server = start_server(env, poort)
        url = f"http://127.0.0.1:{poort}/api/v1/studenten/{student_id}/bewijsstukken"
        kop = {"Authorization": f"Bearer {token}"}
        velden = {"titel": "Benchmark", "soort": "video", "leeruitkomsten": ["LU1.1"], "onderbouwing": "Meting."}

        # Warm-up: imports, first database connection, templates. Then reset the peak (clear_refs 5).
        warm = httpx.post(
            url, headers=kop, data=velden, files={"bestanden": ("warm.pdf", PDF, "application/pdf")}, timeout=120
        )
        warm.raise_for_status()
        Path(f"/proc/{server.pid}/clear_refs").write_text("5")
        voor = geheugen_kb(server.pid)

        with video.open("rb") as bestand, httpx.Client(timeout=600) as client:
            start = time.perf_counter()
            antwoord = client.post(
                url, headers=kop, data=velden, files={"bestanden": ("video.mp4", bestand, "video/mp4")}
            )
            duur = time.perf_counter() - start
        na = geheugen_kb(server.pid)
        antwoord.raise_for_status()
        opgeslagen = antwoord.json()["bestanden"][0]

        groei_mb = (na["VmHWM"] - voor["VmRSS"]) / 1024
        print(f"Opslag:          {args.opslag}")
        print(f"Upload:          {args.mb} MB in {duur:.1f} s = {args.mb / duur:.0f} MB/s")
        print(f"Antwoord:        {antwoord.status_code}")
        print(f"Opgeslagen als:  {opgeslagen['mediatype']}, {opgeslagen['grootte']} bytes")
        print(f"sha256:          {'klopt' if opgeslagen['sha256'] == verwacht_sha256 else 'WIJKT AF'}")
        print(f"Server VmRSS:    voor {voor['VmRSS'] / 1024:.1f} MB, na {na['VmRSS'] / 1024:.1f} MB")
        print(f"Server VmHWM:    voor {voor['VmHWM'] / 1024:.1f} MB, na {na['VmHWM'] / 1024:.1f} MB (piek)")
        print(f"Piekgroei:       {groei_mb:.1f} MB (grens {MAX_GROEI_MB} MB)")
        goed = groei_mb < MAX_GROEI_MB and opgeslagen["sha256"] == verwacht_sha256
        print("Resultaat:       " + ("binnen de grens" if goed else "NIET binnen de grens"))
        return 0 if goed else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if moto is not None:
            moto.stop()
        if args.bewaar:
            print(f"Tijdelijke map bewaard: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
