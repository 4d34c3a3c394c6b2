"""SQLite as the embedded default holds under load: 20 students upload at once for 20 seconds.

A real database file and a live server; every upload the server acknowledged is
there afterwards, with its row and a file with the right checksum.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time

import httpx
import pytest
from sqlalchemy import select

from app.models import Bestand, BewijsstukVersie, Rol
from app.opslag import LocalStorage
from tests.conftest import TEST_DATABASE_URL, EchteApp

UPLOADERS = 20
DUUR = 20  # seconds

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL.startswith("sqlite"),
    reason="SQLite's single writer under load; PostgreSQL under load is what scripts/load.py measures",
)


def test_twintig_studenten_uploaden_twintig_seconden_tegelijk_zonder_fout_en_zonder_verlies(
    echte_app: EchteApp, opslag: LocalStorage
) -> None:
    clients = [(persoon, echte_app.client(persoon)) for persoon in (echte_app.persoon(Rol.student) for _ in range(20))]
    barrier = threading.Barrier(UPLOADERS)
    bevestigd: list[tuple[int, str]] = []  # (bewijsstuk id, sha256) of every upload answered 201
    fouten: list[str] = []
    lock = threading.Lock()

    def student_aan_het_werk(student_id: int, client: httpx.Client) -> None:
        barrier.wait(timeout=30)
        einde = time.monotonic() + DUUR
        while time.monotonic() < einde:
            inhoud = f"Reflectie {secrets.token_hex(16)}\n".encode() * 50
            antwoord = client.post(
                f"/api/v1/studenten/{student_id}/bewijsstukken",
                data={"titel": "Reflectie", "leeruitkomsten": ["LU1.1"], "onderbouwing": "Zo."},
                files=[("bestanden", ("reflectie.txt", inhoud, "text/plain"))],
            )
            if antwoord.status_code != 201:
                with lock:
                    fouten.append(f"upload {antwoord.status_code}: {antwoord.text[:200]}")
                continue
            bewijsstuk_id = antwoord.json()["id"]
            with lock:
                bevestigd.append((bewijsstuk_id, hashlib.sha256(inhoud).hexdigest()))
            for pad in (f"/api/v1/bewijsstukken/{bewijsstuk_id}/indienen", "/portfolio"):
                vervolg = client.post(pad) if pad.endswith("indienen") else client.get(pad)
                if vervolg.status_code != 200:
                    with lock:
                        fouten.append(f"{pad} {vervolg.status_code}: {vervolg.text[:200]}")

    threads = [threading.Thread(target=student_aan_het_werk, args=(persoon.id, client)) for persoon, client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DUUR + 60)

    assert fouten == []
    assert len(bevestigd) >= UPLOADERS
    with echte_app.sessie() as session:
        rijen = {
            (rij.bewijsstuk_id, rij.sha256): rij.opslag_sleutel
            for rij in session.execute(
                select(BewijsstukVersie.bewijsstuk_id, Bestand.sha256, Bestand.opslag_sleutel)
                .join(Bestand.versie)
                .where(BewijsstukVersie.bewijsstuk_id.in_([b for b, _ in bevestigd]))
            )
        }
    for bewijsstuk_id, sha256 in bevestigd:
        sleutel = rijen[(bewijsstuk_id, sha256)]
        with opslag.open(sleutel) as bestand:
            assert hashlib.sha256(bestand.read()).hexdigest() == sha256
