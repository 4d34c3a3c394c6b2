"""Benchmark (not a test): export a student's dossier as a ZIP through the API; report time, size and memory.

    .venv/bin/python scripts/benchmark_dossier.py            # 30 bewijsstukken, timed over 5 exports
    .venv/bin/python scripts/benchmark_dossier.py --groot    # a 500 MB dossier: the server's peak memory growth
    .venv/bin/python scripts/benchmark_dossier.py --groot --mb 200

Like scripts/benchmark_upload.py it starts the app with uvicorn in a subprocess on a
free port, against a temporary SQLite database and storage folder, with an
examencommissielid and an API token it creates. The student gets 30 bewijsstukken
(two versions each, the first judged with feedback and a reply, files of 20 to
400 kB; with --groot videos that make a ZIP of the given size), written straight into
storage and the database. The ZIP is downloaded in chunks to disk, and every file the
manifest lists is checked against its sha256 and size.

With --groot a warm-up export of a second student with the same 30 bewijsstukken but
small files loads WeasyPrint and the templates first; then the peak (VmHWM) is reset,
so the growth is what streaming the large dossier cost. Exits 1 when that growth is
50 MB or more, or when a file in the ZIP differs from the manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmark_upload import MAX_GROEI_MB, geheugen_kb, start_server, vrije_poort  # noqa: E402

MB = 1024 * 1024
BEWIJSSTUKKEN = 30
PDF_KOP = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
MP4_KOP = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


class Inhoud:
    """A file-like source of `grootte` bytes that starts with a real header, for LocalStorage.save."""

    def __init__(self, kop: bytes, grootte: int) -> None:
        self.kop, self.grootte, self.gelezen = kop, grootte, 0
        # A video is filled with noise; a PDF with comment lines, which the active-content check reads as harmless.
        self.blok = os.urandom(MB) if kop == MP4_KOP else (b"% opvulling van het verslag\n" * (MB // 28 + 1))[:MB]

    def read(self, n: int = -1) -> bytes:
        over = self.grootte - self.gelezen
        n = over if n < 0 else min(n, over)
        if n <= 0:
            return b""
        begin = self.gelezen
        self.gelezen += n
        stuk = (self.kop + self.blok[len(self.kop) :])[:n] if begin == 0 else self.blok[begin % MB :][:n]
        if len(stuk) < n:  # wrapped around the block
            stuk += self.blok[: n - len(stuk)]
        return stuk


def _groottes(totaal_mb: int | None, aantal: int) -> list[tuple[bytes, int]]:
    """(header, size) per file: small PDFs and photos, or videos that add up to `totaal_mb`."""
    if totaal_mb is None:
        return [(PDF_KOP, (20 + (i * 37) % 380) * 1024) for i in range(aantal)]
    # Both versions of a bewijsstuk carry the file into the ZIP: half of the total per version.
    per_stuk = totaal_mb * MB // (2 * aantal)
    return [(MP4_KOP, per_stuk) for _ in range(aantal)]


def richt_in(env: dict[str, str], totaal_mb: int | None) -> tuple[int, int, str]:
    """Migrate, create an examencommissielid with a token, a warm-up student and the student to export."""
    os.environ.update(env)
    import datetime as dt

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.db import get_engine
    from app.kwalificaties import service as kwalificaties
    from app.models import ApiToken, Cohort, Gebruiker, GebruikerRol, Inschrijving, Kwalificatie, Rol
    from app.ops.migrations import upgrade_to_head
    from app.opslag import get_storage
    from app.toegang import sessies

    engine = get_engine()
    upgrade_to_head(engine)
    token = "pf_" + secrets.token_urlsafe(32)
    storage = get_storage()
    with Session(engine) as session, session.begin():
        kwalificaties.laad_meegeleverde(session)
        wijkagent = session.scalar(select(Kwalificatie).where(Kwalificatie.code == "WA-N6"))
        commissie = Gebruiker(
            email="commissie@example.nl",
            naam="Eva Examencommissie",
            rol_records=[GebruikerRol(rol=Rol.examencommissie)],
        )
        begeleider = Gebruiker(
            email="begeleider@example.nl", naam="Pieter Bakker", rol_records=[GebruikerRol(rol=Rol.praktijkbegeleider)]
        )
        cohort = Cohort(code="benchmark", naam="")
        session.add_all([commissie, begeleider, cohort])
        session.flush()
        session.add(
            ApiToken(
                gebruiker_id=commissie.id, naam="benchmark", token_hash=sessies.token_hash(token), prefix=token[:8]
            )
        )
        studenten = []
        for naam, groottes in (("Warm Student", None), ("Benchmark Student", totaal_mb)):
            student = Gebruiker(
                email=f"{naam.split()[0].lower()}@example.nl",
                naam=naam,
                studentnummer=f"B{len(studenten) + 1:06d}",
                rol_records=[GebruikerRol(rol=Rol.student)],
            )
            session.add(student)
            session.flush()
            session.add(
                Inschrijving(
                    student_id=student.id,
                    kwalificatie_id=wijkagent.id,
                    cohort_id=cohort.id,
                    startdatum=dt.date(2026, 9, 1),
                )
            )
            _vul(session, storage, student, begeleider, _groottes(groottes, BEWIJSSTUKKEN))
            studenten.append(student.id)
    engine.dispose()
    return studenten[0], studenten[1], token


def _vul(session, storage, student, begeleider, groottes) -> None:  # noqa: ANN001
    """30 bewijsstukken, two versions each sharing the stored file; the first version judged, with a reply."""
    from sqlalchemy import select

    from app.models import (
        Beoordeling,
        BeoordelingBewijs,
        Bestand,
        Bewijsstuk,
        BewijsstukKoppeling,
        BewijsstukSoort,
        BewijsstukVersie,
        Leeruitkomst,
        Oordeel,
        Reactie,
        VersieStatus,
    )
    from app.opslag import bewaar
    from app.tijd import nu

    leeruitkomsten = list(session.scalars(select(Leeruitkomst).order_by(Leeruitkomst.id)))[:12]
    for i, (kop, grootte) in enumerate(groottes):
        lu = leeruitkomsten[i % len(leeruitkomsten)]
        opgeslagen = bewaar(storage, Inhoud(kop, grootte), grootte + 1)
        naam = "video.mp4" if kop == MP4_KOP else "verslag.pdf"
        versies = [
            BewijsstukVersie(
                versie=v,
                titel=f"Verslag {i + 1}: wijkschouw en buurtgesprek" + (" (herzien)" if v == 2 else ""),
                soort=BewijsstukSoort.video if kop == MP4_KOP else BewijsstukSoort.verslag,
                context="Wijkteam Zuid",
                status=VersieStatus.ingediend,
                ingediend_op=nu(),
                koppelingen=[BewijsstukKoppeling(leeruitkomst_id=lu.id, onderbouwing="Zo laat ik het zien.")],
                bestanden=[
                    Bestand(
                        volgorde=0,
                        opslag_sleutel=opgeslagen.key,
                        naam=naam,
                        grootte=opgeslagen.size,
                        mediatype=opgeslagen.mediatype,
                        sha256=opgeslagen.sha256,
                    )
                ],
            )
            for v in (1, 2)
        ]
        session.add(Bewijsstuk(student_id=student.id, versies=versies))
        session.flush()
        session.add(
            Beoordeling(
                student_id=student.id,
                leeruitkomst_id=lu.id,
                beoordelaar_id=begeleider.id,
                tijd=nu(),
                oordeel=Oordeel.gedeeltelijk_aangetoond,
                feedback="Goed begin; laat in een nieuwe versie zien hoe je de gemeente betrekt.",
                bewijs=[BeoordelingBewijs(versie_id=versies[0].id)],
                reacties=[Reactie(auteur_id=student.id, tijd=nu(), tekst="Dat doe ik in versie 2.")],
            )
        )


def exporteer(client: httpx.Client, url: str, doel: Path) -> tuple[float, float, int]:
    """Download the ZIP to `doel` in chunks; (seconds to the first byte, seconds in all, bytes)."""
    start = time.perf_counter()
    eerste = None
    grootte = 0
    with client.stream("GET", url) as antwoord, doel.open("wb") as uit:
        antwoord.raise_for_status()
        for stuk in antwoord.iter_bytes(MB):
            if eerste is None:
                eerste = time.perf_counter() - start
            grootte += len(stuk)
            uit.write(stuk)
    return eerste or 0.0, time.perf_counter() - start, grootte


def controleer(pad: Path) -> tuple[int, int, list[str]]:
    """(files, bytes, paths that differ): every file the manifest lists, read back from the ZIP in chunks."""
    fouten = []
    with zipfile.ZipFile(pad) as archief:
        manifest = json.loads(archief.read("manifest.json"))
        bestanden = [b for s in manifest["bewijsstukken"] for v in s["versies"] for b in v["bestanden"]]
        for bestand in bestanden:
            digest, grootte = hashlib.sha256(), 0
            with archief.open(bestand["pad"]) as inhoud:
                while stuk := inhoud.read(MB):
                    digest.update(stuk)
                    grootte += len(stuk)
            if digest.hexdigest() != bestand["sha256"] or grootte != bestand["grootte"]:
                fouten.append(bestand["pad"])
    return len(bestanden), sum(b["grootte"] for b in bestanden), fouten


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groot", action="store_true", help="een dossier van --mb MB: meet de geheugengroei")
    parser.add_argument("--mb", type=int, default=500, help="grootte van het dossier met --groot (standaard 500)")
    parser.add_argument("--keer", type=int, default=5, help="aantal exports om te timen (standaard 5)")
    parser.add_argument("--bewaar", action="store_true", help="laat de tijdelijke map staan")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="portfolio-benchmark-dossier-"))
    per_bestand_mb = args.mb // (2 * BEWIJSSTUKKEN) + 1
    env = {
        **os.environ,
        "PORTFOLIO_DATABASE_URL": f"sqlite:///{tmp / 'benchmark.db'}",
        "PORTFOLIO_STORAGE_DIR": str(tmp / "bestanden"),
        "PORTFOLIO_AUDIT_CHECKPOINT_DIR": str(tmp / "audit"),
        "PORTFOLIO_ENVIRONMENT": "test",
        "PORTFOLIO_SECRET_KEY": secrets.token_urlsafe(48),
        "PORTFOLIO_MAX_BESTAND_MB": str(per_bestand_mb + 10),
        "PORTFOLIO_LOG_LEVEL": "WARNING",
    }
    server = None
    try:
        print("Dossiers aanmaken ...", flush=True)
        warm_id, student_id, token = richt_in(env, args.mb if args.groot else None)
        poort = vrije_poort()
        server = start_server(env, poort)
        basis = f"http://127.0.0.1:{poort}/api/v1/studenten"
        zip_pad = tmp / "dossier.zip"
        with httpx.Client(timeout=900, headers={"Authorization": f"Bearer {token}"}) as client:
            if args.groot:
                exporteer(client, f"{basis}/{warm_id}/dossier", zip_pad)
                Path(f"/proc/{server.pid}/clear_refs").write_text("5")
                voor = geheugen_kb(server.pid)
                eerste, duur, grootte = exporteer(client, f"{basis}/{student_id}/dossier", zip_pad)
                na = geheugen_kb(server.pid)
                tijden = [(eerste, duur)]
            else:
                exporteer(client, f"{basis}/{student_id}/dossier", zip_pad)  # warm-up: imports, fonts, templates
                tijden = []
                for _ in range(args.keer):
                    eerste, duur, grootte = exporteer(client, f"{basis}/{student_id}/dossier", zip_pad)
                    tijden.append((eerste, duur))
        bestanden, bewijs_bytes, fouten = controleer(zip_pad)

        print(f"Dossier:         {BEWIJSSTUKKEN} bewijsstukken, {bestanden} bestanden (2 versies per bewijsstuk)")
        print(f"ZIP:             {grootte / MB:.1f} MB, waarvan {bewijs_bytes / MB:.1f} MB bewijs")
        eersten, duren = [t[0] for t in tijden], [t[1] for t in tijden]
        print(
            f"Export:          mediaan {statistics.median(duren) * 1000:.0f} ms (min {min(duren) * 1000:.0f}, "
            f"max {max(duren) * 1000:.0f}) over {len(duren)} keer; eerste byte na "
            f"{statistics.median(eersten) * 1000:.0f} ms"
        )
        if args.groot:
            print(f"Doorvoer:        {grootte / MB / duren[0]:.0f} MB/s")
        print(f"sha256 en grootte: {'kloppen' if not fouten else 'WIJKEN AF: ' + ', '.join(fouten[:5])}")
        goed = not fouten
        if args.groot:
            groei_mb = (na["VmHWM"] - voor["VmRSS"]) / 1024
            print(f"Server VmRSS:    voor {voor['VmRSS'] / 1024:.1f} MB, na {na['VmRSS'] / 1024:.1f} MB")
            print(f"Server VmHWM:    voor {voor['VmHWM'] / 1024:.1f} MB, na {na['VmHWM'] / 1024:.1f} MB (piek)")
            print(f"Piekgroei:       {groei_mb:.1f} MB (grens {MAX_GROEI_MB} MB)")
            goed = goed and groei_mb < MAX_GROEI_MB
            print("Resultaat:       " + ("binnen de grens" if goed else "NIET binnen de grens"))
        return 0 if goed else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if args.bewaar:
            print(f"Tijdelijke map bewaard: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
