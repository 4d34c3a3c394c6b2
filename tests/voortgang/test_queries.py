"""Lists cost a fixed number of queries: the voortgang of 5 or 200 students, the inbox with 5 or 200 waiting."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import Oordeel, Rol
from app.voortgang import repository, service
from app.voortgang.status import LeeruitkomstStatus, OordeelFeit, VersieFeit
from tests import factories
from tests.beoordeling.conftest import maak_beoordeling, maak_ingediend


def _studenten(db: Session, aantal: int, begeleider=None) -> list:  # noqa: ANN001
    cohort = factories.create_cohort(db)
    studenten = []
    for _ in range(aantal):
        student = factories.create_gebruiker(db, Rol.student, wachtwoord=None)
        factories.create_inschrijving(db, student, cohort)
        if begeleider is not None:
            factories.create_begeleiding(db, begeleider, student)
        studenten.append(student)
    return studenten


def test_de_voortgang_van_200_studenten_kost_evenveel_queries_als_van_5(db: Session, count_queries) -> None:
    beoordelaar = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Pieter Bakker", wachtwoord=None)
    tellingen = {}
    for aantal in (5, 200):
        studenten = _studenten(db, aantal)
        for student in studenten:
            beoordeeld = maak_ingediend(db, student, ("LU1.1", "LU2.1"))
            maak_beoordeling(db, student, beoordelaar, beoordeeld, Oordeel.aangetoond)
            maak_ingediend(db, student, ("LU3.1",))
        db.expunge_all()
        with count_queries:
            statussen = service.statussen_van(db, [s.id for s in studenten])
        tellingen[aantal] = count_queries.count
        assert len(statussen) == aantal
        for s in studenten:
            per_code = statussen[s.id].per_code()
            assert per_code["LU1.1"].status == LeeruitkomstStatus.aangetoond
            assert per_code["LU1.1"].toelichting.startswith("Aangetoond volgens P. Bakker")
            assert per_code["LU2.1"].status == LeeruitkomstStatus.ter_beoordeling
            assert per_code["LU3.1"].status == LeeruitkomstStatus.ter_beoordeling
            assert per_code["LU5.3"].status == LeeruitkomstStatus.niet_gestart
    assert tellingen[5] == tellingen[200] <= 8


def test_de_inbox_kost_evenveel_queries_bij_5_als_bij_200_studenten(
    client: TestClient, als, db: Session, count_queries
) -> None:  # noqa: ANN001
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Pieter Bakker")
    als(begeleider)
    tellingen = {}
    totaal = 0
    for aantal in (5, 195):
        for student in _studenten(db, aantal, begeleider):
            maak_ingediend(db, student, ("LU1.1", "LU2.1"))
        totaal += aantal
        with count_queries:
            pagina = client.get("/te-beoordelen")
        assert pagina.status_code == 200
        assert f"{totaal} inzendingen wachten" in pagina.text
        assert pagina.text.count('class="inbox-item"') == min(totaal, 25)
        tellingen[totaal] = count_queries.count
    assert tellingen[5] == tellingen[200]


def test_een_vaak_gecorrigeerd_oordeel_telt_alleen_in_zijn_laatste_correctie(db: Session) -> None:
    """Only judgements nothing replaced are loaded whole; a version judged once no longer waits, also when
    the correction rests on other evidence. The page (from loaded objects) and lists (SQL) agree."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from app.models import Beoordeling

    beoordelaar = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Pieter Bakker", wachtwoord=None)
    (student,) = _studenten(db, 1)
    eerste = maak_ingediend(db, student, ("LU1.1",), titel="Verslag")
    tweede = maak_ingediend(db, student, ("LU1.1",), titel="Observatie")
    vorige = maak_beoordeling(db, student, beoordelaar, eerste, Oordeel.niet_aangetoond)
    for oordeel_ in (Oordeel.gedeeltelijk_aangetoond, Oordeel.niet_aangetoond, Oordeel.aangetoond):
        correctie = maak_beoordeling(db, student, beoordelaar, tweede, oordeel_)
        correctie.vervangt_id = vorige.id
        vorige = correctie
    db.flush()
    db.expunge_all()

    feiten = repository.feiten_van(db, [student.id])[student.id]
    lu = next(iter(feiten.values()))
    assert [o.id for o in lu.oordelen] == [vorige.id]
    assert set().union(*lu.beoordeeld.values()) == {eerste.id, tweede.id}
    uit_sql = service.statussen_van(db, [student.id])[student.id].per_code()["LU1.1"]
    assert uit_sql.status == LeeruitkomstStatus.aangetoond
    assert "wacht" not in uit_sql.toelichting

    beoordelingen = db.scalars(
        select(Beoordeling).options(selectinload(Beoordeling.bewijs), selectinload(Beoordeling.beoordelaar))
    ).all()
    kwalificatie = repository.kwalificaties_van(db, [student.id])[student.id]
    uit_objecten = service.statussen_uit(student.id, kwalificatie, _feiten_uit_objecten([], beoordelingen))
    lu_id = next(iter(feiten))
    # No versions passed: only the judgements' side is compared.
    assert [o.id for o in _feiten_uit_objecten([], beoordelingen)[lu_id].oordelen] == [vorige.id]
    # (without versions there are no version numbers for the sentence either)
    tellend = [(o.id, o.oordeel, o.versie_ids) for o in uit_objecten.per_leeruitkomst[lu_id].tellend]
    assert tellend == [(o.id, o.oordeel, o.versie_ids) for o in uit_sql.tellend]


def _feiten_uit_objecten(bewijsstukken, beoordelingen) -> dict[int, repository.LeeruitkomstFeiten]:  # noqa: ANN001
    """The test's own reading of the facts from loaded objects, to hold the SQL loader against."""
    from collections import defaultdict

    feiten: dict[int, repository.LeeruitkomstFeiten] = defaultdict(repository.LeeruitkomstFeiten)
    for bewijsstuk in bewijsstukken:
        if bewijsstuk.is_verborgen:
            continue
        for v in bewijsstuk.versies:
            for koppeling in v.koppelingen:
                feiten[koppeling.leeruitkomst_id].versies.append(
                    VersieFeit(v.id, v.bewijsstuk_id, v.versie, v.status, v.ingediend_op)
                )
    vervangen = {b.vervangt_id for b in beoordelingen if b.vervangt_id is not None}
    for b in beoordelingen:
        feit = feiten[b.leeruitkomst_id]
        versies = frozenset(x.versie_id for x in b.bewijs)
        feit.beoordeeld.setdefault(b.beoordelaar_id, set()).update(versies)
        if b.id not in vervangen:
            feit.oordelen.append(
                OordeelFeit(b.id, b.beoordelaar_id, b.beoordelaar.naam, b.tijd, b.oordeel, versies, b.vervangt_id)
            )
    return feiten


def test_lijsten_en_de_pagina_geven_dezelfde_status_bij_correcties_van_meerdere_beoordelaars(db: Session) -> None:
    """Each student's corrections are told apart from another's: three students judged by two assessors in
    interleaved correction chains get from the list query (SQL) what the page derives from loaded objects."""
    import random

    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from app.models import Beoordeling, Bewijsstuk, BewijsstukVersie

    kans = random.Random(14)
    beoordelaars = [
        factories.create_gebruiker(db, Rol.praktijkbegeleider, naam=naam, wachtwoord=None)
        for naam in ("Pieter Bakker", "Sanne de Vries")
    ]
    studenten = _studenten(db, 3)
    versies = {s.id: [maak_ingediend(db, s, ("LU1.1", "LU2.1")), maak_ingediend(db, s, ("LU1.1",))] for s in studenten}
    laatste: dict[tuple[int, int], Beoordeling] = {}
    for _ in range(40):
        student, beoordelaar = kans.choice(studenten), kans.choice(beoordelaars)
        versie = kans.choice(versies[student.id])
        oordeel_ = kans.choice(list(Oordeel))
        nieuw = maak_beoordeling(db, student, beoordelaar, versie, oordeel_)
        vorige = laatste.get((student.id, beoordelaar.id))
        if vorige is not None and vorige.leeruitkomst_id == nieuw.leeruitkomst_id:
            nieuw.vervangt_id = vorige.id
        laatste[(student.id, beoordelaar.id)] = nieuw
    db.flush()
    db.expunge_all()

    uit_sql = service.statussen_van(db, [s.id for s in studenten])
    kwalificaties = repository.kwalificaties_van(db, [s.id for s in studenten])
    gezien = set()
    for student in studenten:
        bewijsstukken = db.scalars(
            select(Bewijsstuk)
            .where(Bewijsstuk.student_id == student.id)
            .options(selectinload(Bewijsstuk.versies).selectinload(BewijsstukVersie.koppelingen))
        ).all()
        beoordelingen = db.scalars(
            select(Beoordeling)
            .where(Beoordeling.student_id == student.id)
            .options(selectinload(Beoordeling.bewijs), selectinload(Beoordeling.beoordelaar))
        ).all()
        feiten = _feiten_uit_objecten(bewijsstukken, beoordelingen)
        uit_objecten = service.statussen_uit(student.id, kwalificaties[student.id], feiten)
        assert uit_sql[student.id].per_leeruitkomst == uit_objecten.per_leeruitkomst
        gezien |= {u.status for u in uit_objecten.per_leeruitkomst.values()}
    # The draw reaches more than one outcome, so the comparison says something.
    assert len(gezien) >= 3
