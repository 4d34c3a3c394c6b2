"""With two assessors required, a praktijkbegeleider's filtered cohort matrix tells no more than their own view."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Cohort, Inschrijving, Rol
from tests import factories
from tests.beoordeling.conftest import aanbieden, oordeel  # noqa: F401 - fixture
from tests.portfolio.conftest import opslag, upload  # noqa: F401 - fixtures


def test_het_filter_van_een_begeleider_volgt_zijn_eigen_zicht_niet_het_opgeslagen_oordeel_van_een_ander(
    db,
    client,
    als,
    beheerder,
    student,
    praktijkbegeleider,
    aanbieden,  # noqa: F811
) -> None:  # noqa: ANN001
    als(beheerder)
    assert client.patch("/api/v1/kwalificaties/WA-N6/versies/2.1", json={"beoordelaars_vereist": 2}).status_code == 200
    collega = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Cor Collega")
    factories.create_begeleiding(db, collega, student)
    bewijs = aanbieden(student, ("LU1.1",), titel="Verslag buurtpreventie")
    als(collega)
    antwoord = client.post(
        f"/api/v1/studenten/{student.id}/beoordelingen", json=oordeel(bewijs, "LU1.1", "niet_aangetoond")
    )
    assert antwoord.status_code == 201, antwoord.text
    code = db.scalar(select(Cohort.code).join(Inschrijving).where(Inschrijving.student_id == student.id))
    pad = f"/api/v1/cohorten/{code}/voortgang"

    def namen(status: str) -> list[str]:
        return [r["student"]["naam"] for r in client.get(pad, params={"status": status}).json()]

    als(beheerder)
    assert namen("niet_aangetoond") == [student.naam]  # who sees every judgement sees the colleague's verdict
    als(praktijkbegeleider)
    eigen = {r["student"]["naam"]: r["leeruitkomsten"]["LU1.1"] for r in client.get(pad).json()}
    assert eigen[student.naam] != "niet_aangetoond"  # not before their own judgement
    assert namen("niet_aangetoond") == []
    assert namen(eigen[student.naam]) == [student.naam]
