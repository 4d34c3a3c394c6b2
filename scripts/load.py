"""Load test (not a test in the suite): simulated students against `portfolio serve --workers 2` on PostgreSQL.

    .venv/bin/python scripts/load.py                      # 50 users, 300 s
    .venv/bin/python scripts/load.py --users 20 --duur 60
    .venv/bin/python scripts/load.py --servers 2 --opslag s3   # two app servers, one S3 store
    .venv/bin/python scripts/load.py --burst --duur 60    # every student logs in within the same second

Creates a fresh PostgreSQL database (`loadtest` on 127.0.0.1 unless --database-url
names another one on this machine), migrates it, adds the students (enrolled on
Wijkagent N6) and serves the app with `portfolio serve --workers N` on free loopback
ports, once per --servers, plus one `portfolio worker`; with --opslag s3 the evidence
goes to moto's S3 server on loopback. Students are spread over the servers in turn.
Each simulated student logs in through the login form, then until the time is up
browses (Mijn portfolio, a bewijsstuk, the kwalificatie), uploads small files
and submits its concepts, with a short think time between steps.
Afterwards it checks that every upload the server acknowledged has its row and a
stored file with the right sha256, and that `portfolio audit verify` passes.
It prints requests, 5xx count and p50/p95 per request type; exits 1 when a 5xx
happened, anything acknowledged is missing or the audit chain does not verify.
Only loopback addresses are used; the script stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import systeem  # noqa: E402 (after the project root is on the path)

WACHTWOORD = "belasting-wachtwoord-2026"
PAGINA_SOORTEN = {"pagina portfolio", "pagina bewijsstuk", "pagina kwalificatie", "pagina inloggen"}
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)"')


@dataclass
class Meting:
    duur: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    status: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    verbindingsfouten: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # (bewijsstuk id, sha256) of every upload answered 201.
    bevestigd: list[tuple[int, str]] = field(default_factory=list)


async def verzoek(
    meting: Meting, soort: str, client: httpx.AsyncClient, methode: str, pad: str, **kw: object
) -> httpx.Response | None:
    begin = time.perf_counter()
    try:
        antwoord = await client.request(methode, pad, **kw)
    except httpx.HTTPError:
        meting.verbindingsfouten[soort] += 1
        return None
    meting.duur[soort].append(time.perf_counter() - begin)
    meting.status[soort][antwoord.status_code] += 1
    return antwoord


async def student(
    meting: Meting, url: str, email: str, student_id: int, einde: float, denktijd: float, samen: float | None = None
) -> None:
    """One student's session: log in, then browse, upload and submit until the time is up.

    With `samen` (a moment on the monotonic clock) every student sends the login form at that moment:
    a class arriving at the start of a lesson."""
    rng = random.Random()  # noqa: S311 - think times and choices, not secrets
    concepten: list[int] = []
    eigen: list[int] = []
    async with httpx.AsyncClient(base_url=url, timeout=60, follow_redirects=False) as client:
        if samen is None:
            await asyncio.sleep(rng.uniform(0, denktijd * 3))  # people do not all arrive in the same millisecond
        pagina = await verzoek(meting, "pagina inloggen", client, "GET", "/inloggen")
        if pagina is None:
            return
        if samen is not None:
            await asyncio.sleep(max(0.0, samen - time.monotonic()) + rng.uniform(0, 1))
        csrf = client.cookies.get("portfolio_csrf", "")
        form = {"email": email, "wachtwoord": WACHTWOORD, "csrf_token": csrf, "volgende": "/portfolio"}
        ingelogd = await verzoek(meting, "inloggen", client, "POST", "/inloggen", data=form)
        if ingelogd is None or ingelogd.status_code != 303:
            return
        portfolio = await verzoek(meting, "pagina portfolio", client, "GET", "/portfolio")
        if portfolio is None or not (gevonden := CSRF_META.search(portfolio.text)):
            return
        client.headers["X-CSRF-Token"] = gevonden.group(1)
        while time.monotonic() < einde:
            await asyncio.sleep(rng.uniform(0.5, 1.5) * denktijd)
            keuze = rng.random()
            if keuze < 0.35:
                await verzoek(meting, "pagina portfolio", client, "GET", "/portfolio")
            elif keuze < 0.55 and eigen:
                await verzoek(meting, "pagina bewijsstuk", client, "GET", f"/bewijsstukken/{rng.choice(eigen)}")
            elif keuze < 0.65:
                await verzoek(meting, "pagina kwalificatie", client, "GET", "/kwalificaties")
            elif keuze < 0.85 or not concepten:
                inhoud = os.urandom(8).hex().encode() + b"\n" + b"Reflectie op de dienst.\n" * rng.randint(50, 5000)
                antwoord = await verzoek(
                    meting,
                    "upload",
                    client,
                    "POST",
                    f"/api/v1/studenten/{student_id}/bewijsstukken",
                    data={"titel": "Reflectie", "leeruitkomsten": ["LU1.1"], "onderbouwing": "Zo toon ik het aan."},
                    files=[("bestanden", ("reflectie.txt", inhoud, "text/plain"))],
                )
                if antwoord is not None and antwoord.status_code == 201:
                    bewijsstuk_id = antwoord.json()["id"]
                    meting.bevestigd.append((bewijsstuk_id, hashlib.sha256(inhoud).hexdigest()))
                    concepten.append(bewijsstuk_id)
                    eigen.append(bewijsstuk_id)
            else:
                bewijsstuk_id = concepten.pop(rng.randrange(len(concepten)))
                await verzoek(meting, "indienen", client, "POST", f"/api/v1/bewijsstukken/{bewijsstuk_id}/indienen")


def controleer_opslag(env: dict[str, str], bevestigd: list[tuple[int, str]]) -> list[str]:
    """Every acknowledged upload has its row and a stored file with the same sha256."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.config import get_settings
    from app.db import get_engine
    from app.models import Bestand, BewijsstukVersie
    from app.opslag import get_storage

    os.environ.update(env)  # this script reads the installation it just served, whatever its storage
    get_settings.cache_clear()
    opslag = get_storage()
    problemen = []
    with Session(get_engine()) as session:
        rijen = {
            (rij.bewijsstuk_id, rij.sha256): rij.opslag_sleutel
            for rij in session.execute(
                select(BewijsstukVersie.bewijsstuk_id, Bestand.sha256, Bestand.opslag_sleutel).join(Bestand.versie)
            )
        }
    for bewijsstuk_id, sha256 in bevestigd:
        sleutel = rijen.get((bewijsstuk_id, sha256))
        if sleutel is None:
            problemen.append(f"bewijsstuk {bewijsstuk_id}: geen rij met sha256 {sha256[:12]}")
            continue
        digest = hashlib.sha256()
        try:
            with opslag.open(sleutel) as bestand:
                while stuk := bestand.read(1024 * 1024):
                    digest.update(stuk)
        except OSError as fout:
            problemen.append(f"bewijsstuk {bewijsstuk_id}: bestand {sleutel} onleesbaar ({fout})")
            continue
        if digest.hexdigest() != sha256:
            problemen.append(f"bewijsstuk {bewijsstuk_id}: bestand {sleutel} heeft een andere sha256")
    return problemen


def percentiel(waarden: list[float], p: float) -> float:
    if len(waarden) == 1:
        return waarden[0]
    return statistics.quantiles(waarden, n=100, method="inclusive")[int(p) - 1]


def rapport(meting: Meting, duur: float) -> tuple[int, float]:
    """Print the table; returns (5xx count, worst p95 of the page views in seconds)."""
    print(f"\n{'soort':22} {'verzoeken':>9} {'5xx':>5} {'4xx':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    totaal = vijfhonderd = 0
    slechtste_pagina = 0.0
    for soort in sorted(meting.duur):
        duren = meting.duur[soort]
        statussen = meting.status[soort]
        n5 = sum(aantal for code, aantal in statussen.items() if code >= 500)
        n4 = sum(aantal for code, aantal in statussen.items() if 400 <= code < 500)
        p50, p95 = percentiel(duren, 50), percentiel(duren, 95)
        print(f"{soort:22} {len(duren):9} {n5:5} {n4:5} {p50 * 1000:8.0f} {p95 * 1000:8.0f} {max(duren) * 1000:8.0f}")
        totaal += len(duren)
        vijfhonderd += n5
        if soort in PAGINA_SOORTEN:
            slechtste_pagina = max(slechtste_pagina, p95)
    alle = sorted(d for duren in meting.duur.values() for d in duren)
    print(
        f"{'totaal':22} {totaal:9} {vijfhonderd:5} {'':5} {percentiel(alle, 50) * 1000:8.0f} "
        f"{percentiel(alle, 95) * 1000:8.0f} {alle[-1] * 1000:8.0f}"
    )
    print(f"\n{totaal} verzoeken in {duur:.0f} s ({totaal / duur:.1f}/s); 5xx: {vijfhonderd}")
    if meting.verbindingsfouten:
        print(f"verbindingsfouten: {dict(meting.verbindingsfouten)}")
    andere = {s: dict(c) for s, c in meting.status.items() if any(code >= 400 for code in c)}
    if andere:
        print(f"statussen per soort (met fouten): {andere}")
    return vijfhonderd + sum(meting.verbindingsfouten.values()), slechtste_pagina


async def belast(
    urls: list[str], studenten: list[tuple[str, int]], duur: float, denktijd: float, burst: bool = False
) -> Meting:
    """Every student on one server, in turn: behind a load balancer a session lands anywhere."""
    meting = Meting()
    einde = time.monotonic() + duur
    samen = time.monotonic() + 5 if burst else None  # time for every login page to load first
    await asyncio.gather(
        *(
            student(meting, urls[n % len(urls)], email, sid, einde, denktijd, samen)
            for n, (email, sid) in enumerate(studenten)
        )
    )
    return meting


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="gesimuleerde studenten (standaard 50)")
    parser.add_argument("--duur", type=float, default=300, help="seconden belasting (standaard 300)")
    parser.add_argument("--workers", type=int, default=2, help="werkprocessen per server (standaard 2)")
    parser.add_argument("--servers", type=int, default=1, help="app-servers op één database (standaard 1)")
    parser.add_argument("--opslag", choices=["lokaal", "s3"], default="lokaal", help="lokaal of S3 (moto)")
    parser.add_argument("--denktijd", type=float, default=1.0, help="gemiddelde seconden tussen stappen")
    parser.add_argument("--burst", action="store_true", help="alle studenten loggen binnen dezelfde seconde in")
    parser.add_argument(
        "--database-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/loadtest",
        help="PostgreSQL op deze machine; de database wordt gewist en opnieuw gemaakt",
    )
    args = parser.parse_args()
    if args.servers > 1 and args.opslag == "lokaal":
        print("Let op: meer servers met lokale opslag werkt hier alleen omdat ze één schijf delen.")

    tmp = Path(tempfile.mkdtemp(prefix="portfolio-load-"))
    with contextlib.ExitStack() as stapel:
        s3 = stapel.enter_context(systeem.S3Opslag()) if args.opslag == "s3" else None
        env = systeem.basis_env(
            args.database_url,
            secrets.token_urlsafe(48),
            PORTFOLIO_STORAGE_DIR=str(tmp / "bestanden"),
            PORTFOLIO_AUDIT_CHECKPOINT_DIR=str(tmp / "audit"),
            **(s3.env if s3 else {}),
        )
        processen: list[subprocess.Popen] = []
        try:
            systeem.nieuwe_database(args.database_url)
            systeem.migreer(env)
            studenten = systeem.richt_in(args.database_url, args.users, WACHTWOORD)
            poorten = [systeem.vrije_poort() for _ in range(args.servers)]
            servers = [systeem.start_server(env, poort, args.workers) for poort in poorten]
            processen += servers
            processen.append(systeem.start_werker(env))
            for server, poort in zip(servers, poorten, strict=True):
                systeem.wacht_tot_klaar(server, poort)
            print(
                f"{args.users} studenten, {args.duur:.0f} s, {args.servers} x portfolio serve --workers "
                f"{args.workers} (poorten {', '.join(map(str, poorten))}) en 1 portfolio worker; opslag {args.opslag}"
            )
            begin = time.monotonic()
            meting = asyncio.run(
                belast([f"http://127.0.0.1:{p}" for p in poorten], studenten, args.duur, args.denktijd, args.burst)
            )
            gemeten = time.monotonic() - begin
        finally:
            systeem.stop(*processen)

        fouten, slechtste_pagina = rapport(meting, gemeten)
        problemen = controleer_opslag(env, meting.bevestigd)
        print(f"bevestigde uploads: {len(meting.bevestigd)}; ontbrekend of afwijkend: {len(problemen)}")
        for probleem in problemen[:20]:
            print(f"  - {probleem}")
        # While the store still runs: with S3 the checkpoints' copies are read there too.
        verify = subprocess.run(  # noqa: S603
            [str(systeem.PORTFOLIO), "audit", "verify"], env=env, cwd=ROOT, capture_output=True, text=True
        )
        print(f"portfolio audit verify (exit {verify.returncode}): {(verify.stdout + verify.stderr).strip()}")
    print(f"p95 paginaweergaven: {slechtste_pagina * 1000:.0f} ms (doel < 1000 ms)")
    if meting.duur.get("inloggen"):
        print(f"p95 inloggen: {percentiel(meting.duur['inloggen'], 95) * 1000:.0f} ms (doel bij --burst < 2000 ms)")
    shutil.rmtree(tmp, ignore_errors=True)
    goed = fouten == 0 and not problemen and verify.returncode == 0
    print("Resultaat: " + ("in orde" if goed else "NIET in orde") + ("" if slechtste_pagina < 1 else ", p95 te hoog"))
    return 0 if goed else 1


if __name__ == "__main__":
    raise SystemExit(main())
