"""`portfolio storage check [--repair]` on the real settings: finds orphans and damaged files a test planted.

The command opens its own session and reads committed rows only, so this test
commits a bewijsstuk of its own and removes it again afterwards.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import cli
from app.models import Bestand, Bewijsstuk, BewijsstukSoort, BewijsstukVersie, Gebruiker, GebruikerRol, Rol
from app.opslag import LocalStorage, StoredFile, bewaar, exists
from tests.portfolio.conftest import PDF, PNG


@dataclass
class Vastgelegd:
    student_id: int
    bestanden: list[StoredFile]


@pytest.fixture
def vastgelegd_bewijs(engine: Engine, opslag: LocalStorage) -> Iterator[Vastgelegd]:
    """A committed bewijsstuk with two stored files (storage is this test's own folder)."""
    bestanden = [bewaar(opslag, io.BytesIO(inhoud), 10_000) for inhoud in (PDF, PNG)]
    with Session(engine) as session, session.begin():
        student = Gebruiker(
            email="cli-opslag@example.nl", naam="Cli Student", rol_records=[GebruikerRol(rol=Rol.student)]
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
        session.add(Bewijsstuk(student=student, versies=[versie]))
        session.flush()
        student_id = student.id
    try:
        yield Vastgelegd(student_id, bestanden)
    finally:
        with Session(engine) as session, session.begin():
            session.execute(delete(Bewijsstuk).where(Bewijsstuk.student_id == student_id))
            session.execute(delete(GebruikerRol).where(GebruikerRol.gebruiker_id == student_id))
            session.execute(delete(Gebruiker).where(Gebruiker.id == student_id))


def pad_van(opslag: LocalStorage, key: str):  # noqa: ANN201
    return opslag.root / key[:2] / key[2:4] / key


def storage_check(*args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, ["storage", "check", *args])


def test_een_kloppende_opslag_geeft_exit_0(vastgelegd_bewijs: Vastgelegd) -> None:
    result = storage_check()

    assert result.exit_code == 0, result.output
    assert "Alles klopt." in result.output


def test_storage_check_vindt_een_verweesd_en_een_beschadigd_bestand(
    vastgelegd_bewijs: Vastgelegd, opslag: LocalStorage
) -> None:
    # An orphan: a file from an upload whose transaction never committed, an hour and more ago.
    wees = bewaar(opslag, io.BytesIO(PDF), 10_000)
    oud = time.time() - 2 * 3600
    os.utime(pad_van(opslag, wees.key), (oud, oud))
    # Damage: same size, other bytes (bit rot, or someone editing the file on disk).
    beschadigd = vastgelegd_bewijs.bestanden[0]
    pad = pad_van(opslag, beschadigd.key)
    pad.write_bytes(pad.read_bytes().replace(b"Catalog", b"Katalog"))

    result = storage_check()

    assert result.exit_code == 1
    assert "1 x verweesd bestand" in result.output
    assert wees.key in result.output
    assert "1 x bestand met afwijkende checksum" in result.output
    # Named with the bewijsstuk it belongs to, so the beheerder knows whose evidence to restore.
    assert f"{beschadigd.key} (bewijsstuk " in result.output
    assert f"versie 1, b0) (verwacht {beschadigd.sha256}" in result.output

    # --repair removes the orphan, never the damaged evidence: that is for a human to restore.
    hersteld = storage_check("--repair")
    assert hersteld.exit_code == 1
    assert f"{wees.key} (verwijderd)" in hersteld.output
    assert not exists(opslag, wees.key)
    assert exists(opslag, beschadigd.key)
