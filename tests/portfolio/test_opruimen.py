"""The daily job that removes uploads a crash left half-written, and nothing else."""

from __future__ import annotations

import io
import os
import time

from app.opslag import LocalStorage, bewaar
from app.portfolio.opruimen import ruim_tijdelijke_bestanden_op
from tests.portfolio.conftest import PDF


def test_de_dagelijkse_opruiming_haalt_alleen_oude_afgebroken_uploads_weg(opslag: LocalStorage, db) -> None:  # noqa: ANN001
    bewaard = bewaar(opslag, io.BytesIO(PDF), len(PDF))
    tijdelijk = opslag.root / ".tmp"
    tijdelijk.mkdir(parents=True, exist_ok=True)
    oud, bezig = tijdelijk / "upload-oud.part", tijdelijk / "upload-bezig.part"
    oud.write_bytes(b"half")
    bezig.write_bytes(b"nog bezig")
    een_dag_geleden = time.time() - 24 * 3600
    os.utime(oud, (een_dag_geleden, een_dag_geleden))

    ruim_tijdelijke_bestanden_op(db)

    assert not oud.exists()
    assert bezig.exists()  # an upload still in progress keeps its temp file
    with opslag.open(bewaard.key) as stroom:
        assert stroom.read() == PDF
