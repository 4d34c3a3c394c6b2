"""While the summary renders and the ZIP streams, the request holds no database connection: a slow download or
a long PDF never starves the pool."""

from __future__ import annotations

import io
import zipfile

import pytest

from app.dossier import samenvatting, stroom
from app.models import Rol
from tests.conftest import EchteApp
from tests.portfolio.conftest import PDF


def test_de_bestanden_stromen_zonder_databaseverbinding(echte_app: EchteApp, monkeypatch: pytest.MonkeyPatch) -> None:
    student = echte_app.persoon(Rol.student, naam="Stroom Student")
    client = echte_app.client(student)
    antwoord = client.post(
        f"/api/v1/studenten/{student.id}/bewijsstukken",
        data={"titel": "Verslag", "leeruitkomsten": ["LU1.1"], "onderbouwing": "Zo."},
        files=[("bestanden", ("verslag.pdf", PDF, "application/pdf"))],
    )
    assert antwoord.status_code == 201, antwoord.text

    in_gebruik: list[int] = []
    bij_pdf: list[int] = []
    echte_stukken, echte_pdf = stroom._stukken, samenvatting.pdf_van

    def stukken(storage, sleutel):  # noqa: ANN001, ANN202
        # The server runs in this process: its pool tells how many connections are out right now.
        in_gebruik.append(echte_app.engine.pool.checkedout())
        yield from echte_stukken(storage, sleutel)

    def pdf_van(*args):  # noqa: ANN002, ANN202
        bij_pdf.append(echte_app.engine.pool.checkedout())
        return echte_pdf(*args)

    monkeypatch.setattr(stroom, "_stukken", stukken)
    monkeypatch.setattr(samenvatting, "pdf_van", pdf_van)
    antwoord = client.get(f"/api/v1/studenten/{student.id}/dossier")

    assert antwoord.status_code == 200, antwoord.text
    assert zipfile.ZipFile(io.BytesIO(antwoord.content)).testzip() is None
    assert in_gebruik == [0]
    assert bij_pdf == [0]
