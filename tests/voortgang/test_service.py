"""`voortgang_van` loads any number of students in the same queries, and agrees with the rules."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.models import Rol
from app.voortgang import bijhouden
from app.voortgang.service import voortgang_van
from tests import factories
from tests.beoordeling.conftest import maak_beoordeling, maak_ingediend

DATUM = dt.date(2026, 12, 1)


def _studenten(db: Session, aantal: int, beoordelaar, beheerder) -> list:  # noqa: ANN001
    cohort = factories.create_cohort(db)
    studenten = []
    for _ in range(aantal):
        student = factories.create_gebruiker(db, Rol.student, wachtwoord=None)
        factories.create_inschrijving(db, student, cohort)
        maak_beoordeling(db, student, beoordelaar, maak_ingediend(db, student, ("LU1.1", "LU2.1")))
        maak_ingediend(db, student, ("LU3.1",))
        factories.create_resultaat(db, student, "RTGP", beheerder, geldig_tot=dt.date(2026, 12, 20))
        factories.create_resultaat(db, student, "IBT", beheerder, geldig_tot=dt.date(2026, 11, 30))
        studenten.append(student)
    return studenten


def test_de_voortgang_van_30_studenten_kost_evenveel_queries_als_van_1(db: Session, count_queries) -> None:
    beoordelaar = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Pieter Bakker", wachtwoord=None)
    beheerder = factories.create_gebruiker(db, Rol.beheerder, wachtwoord=None)
    tellingen = {}
    for aantal in (1, 30):
        studenten = _studenten(db, aantal, beoordelaar, beheerder)
        bijhouden.verwerk(db)  # the set-up's own writes reach the stored progress before counting
        db.expunge_all()
        with count_queries:
            alle = voortgang_van(db, [s.id for s in studenten], datum=DATUM)
        tellingen[aantal] = count_queries.count
        assert set(alle) == {s.id for s in studenten}
        for s in studenten:
            v = alle[s.id].voortgang
            assert (v.aangetoond, v.totaal) == (1, 12)
            assert v.kerntaken[0].aangetoond == 1
            assert [w.code for w in v.waarschuwingen] == ["RTGP"]
            redenen = [(r.soort, r.code) for r in v.diplomabaarheid.redenen]
            assert ("wachtend", "LU3.1") in redenen and ("beroepsvereiste", "IBT") in redenen
            assert ("beroepsvereiste", "RTGP") not in redenen
    assert tellingen[1] == tellingen[30] <= 9


def test_een_student_zonder_inschrijving_ontbreekt(db: Session) -> None:
    zonder = factories.create_gebruiker(db, Rol.student, wachtwoord=None)

    assert voortgang_van(db, [zonder.id]) == {}
    assert voortgang_van(db, []) == {}
