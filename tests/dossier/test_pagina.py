"""The download button: on the student's own portfolio and on the examencommissie's view of a student, nowhere else."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

KNOP = "Dossier downloaden (ZIP)"


def _knop(html: str) -> str | None:
    gevonden = re.search(r'<a class="knop secundair" href="([^"]+)" download>Dossier downloaden', html)
    return gevonden.group(1) if gevonden else None


def test_de_student_downloadt_het_eigen_dossier_vanaf_het_portfolio(client: TestClient, als, student) -> None:  # noqa: ANN001
    als(student)
    link = _knop(client.get("/portfolio").text)

    assert link == f"/api/v1/studenten/{student.id}/dossier"
    antwoord = client.get(link)
    assert antwoord.status_code == 200
    assert antwoord.headers["content-type"] == "application/zip"


def test_de_examencommissie_ziet_de_knop_bij_een_student(client: TestClient, als, student, examencommissielid) -> None:  # noqa: ANN001
    als(examencommissielid)
    pagina = client.get(f"/studenten/{student.id}/portfolio")

    assert pagina.status_code == 200
    assert _knop(pagina.text) == f"/api/v1/studenten/{student.id}/dossier"


def test_praktijkbegeleider_en_beheerder_zien_geen_knop(
    client: TestClient,
    als,
    student,
    praktijkbegeleider,
    beheerder,  # noqa: ANN001
) -> None:
    for persoon in (praktijkbegeleider, beheerder):
        als(persoon)
        pagina = client.get(f"/studenten/{student.id}/portfolio")
        assert pagina.status_code == 200
        assert KNOP not in pagina.text
