"""A cohort of three with different progress: Anna has LU1.1 aangetoond, Bart waits for judgement, Cas has
nothing yet. The praktijkbegeleider supervises Anna and Bart; a student of another cohort is never shown."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.models import Cohort, Gebruiker, Rol
from tests import factories
from tests.beoordeling.conftest import maak_beoordeling, maak_ingediend


@dataclass
class Cohortdata:
    cohort: Cohort
    anna: Gebruiker
    bart: Gebruiker
    cas: Gebruiker
    begeleider: Gebruiker
    buiten: Gebruiker  # in another cohort, supervised by the same begeleider


@pytest.fixture
def cohortdata(db) -> Cohortdata:  # noqa: ANN001
    cohort = factories.create_cohort(db, "WA6-OVERZICHT-01")
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Pieter Praktijkbegeleider")
    studenten = []
    for naam in ("Anna Aangetoond", "Bart Beoordeling", "Cas Concept"):
        s = factories.create_gebruiker(db, Rol.student, naam=naam)
        factories.create_inschrijving(db, s, cohort)
        studenten.append(s)
    anna, bart, cas = studenten
    buiten = factories.create_gebruiker(db, Rol.student, naam="Dirk Elders")
    factories.create_inschrijving(db, buiten)
    for s in (anna, bart, buiten):
        factories.create_begeleiding(db, begeleider, s)
    maak_beoordeling(db, anna, begeleider, maak_ingediend(db, anna, ("LU1.1",)))
    maak_ingediend(db, bart, ("LU1.1", "LU1.2"))
    return Cohortdata(cohort, anna, bart, cas, begeleider, buiten)
