"""The request's unit of work: a refused form writes nothing, not even files."""

from __future__ import annotations

from sqlalchemy import select

from app.db import bij_rollback, weiger
from app.models import Cohort, Gebruiker, Rol
from tests import factories


def test_weigeren_maakt_alles_van_het_verzoek_ongedaan(db) -> None:  # noqa: ANN001
    persoon = factories.create_gebruiker(db, Rol.student, email="half@example.nl")
    opgeruimd = []
    bij_rollback(db, lambda: opgeruimd.append("bestand verwijderd"))

    weiger(db)

    assert db.scalar(select(Gebruiker).where(Gebruiker.email == "half@example.nl")) is None
    assert opgeruimd == ["bestand verwijderd"]
    assert persoon not in db


def test_een_geweigerd_formulier_laat_geen_cohort_achter(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post("/beheer/cohorten", data={"code": "", "naam": "Zonder code"})
    assert response.status_code == 422
    assert "Zonder code" not in [c.naam for c in db.scalars(select(Cohort))]
