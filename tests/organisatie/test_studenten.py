"""Staff see the students they may see (need to know), on a page with live search and in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import tijd
from app.models import GebruikerRol, Rol
from tests import factories


def _namen(client) -> list[str]:  # noqa: ANN001
    return [s["naam"] for s in client.get("/api/v1/studenten").json()]


def _alle_studenten(db) -> set[int]:  # noqa: ANN001
    """Every student in the database, including accounts other test modules committed."""
    return set(db.scalars(select(GebruikerRol.gebruiker_id).where(GebruikerRol.rol == Rol.student)))


def test_praktijkbegeleider_krijgt_precies_de_eigen_studenten(
    client,
    student,
    andere_student,
    praktijkbegeleider,
    als,  # noqa: ANN001
) -> None:
    als(praktijkbegeleider)
    response = client.get("/api/v1/studenten")
    assert response.status_code == 200
    [antwoord] = response.json()
    assert set(antwoord) == {"id", "naam", "studentnummer", "cohort", "aangetoond", "totaal", "diplomabaar"}
    assert antwoord["id"] == student.id
    assert antwoord["naam"] == "Sanne Student"
    assert antwoord["studentnummer"] == student.studentnummer
    assert antwoord["cohort"].startswith("WA6-2026-")


def test_andere_praktijkbegeleider_ziet_alleen_de_andere_student(
    client,
    student,
    andere_praktijkbegeleider,
    als,  # noqa: ANN001
) -> None:
    als(andere_praktijkbegeleider)
    assert _namen(client) == ["Ahmed Anderestudent"]


def test_oud_praktijkbegeleider_ziet_niemand_meer_na_het_einde_van_de_begeleiding(
    client,
    oud_praktijkbegeleider,
    als,  # noqa: ANN001
) -> None:
    als(oud_praktijkbegeleider)
    assert client.get("/api/v1/studenten").json() == []


def test_een_toekomstige_begeleiding_geeft_nog_geen_toegang(client, db, student, als) -> None:  # noqa: ANN001
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    factories.create_begeleiding(db, begeleider, student, van=tijd.vandaag() + dt.timedelta(days=1))
    als(begeleider)
    assert _namen(client) == []


def test_examencommissie_ziet_alle_studenten(client, db, student, andere_student, examencommissielid, als) -> None:  # noqa: ANN001
    als(examencommissielid)
    ids = {s["id"] for s in client.get("/api/v1/studenten").json()}
    assert {student.id, andere_student.id} <= ids
    assert ids == _alle_studenten(db)


def test_beheerder_ziet_alle_studenten_maar_geen_andere_accounts(
    client,
    student,
    andere_student,
    praktijkbegeleider,
    beheerder,
    als,  # noqa: ANN001
    db,
) -> None:
    als(beheerder)
    ids = {s["id"] for s in client.get("/api/v1/studenten").json()}
    assert {student.id, andere_student.id} <= ids
    assert ids == _alle_studenten(db)  # not the praktijkbegeleider or the beheerder


def test_student_krijgt_404_op_de_studentenlijst(client, student, als) -> None:  # noqa: ANN001
    als(student)
    response = client.get("/api/v1/studenten")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert client.get("/studenten").status_code == 404


def test_zonder_inloggen_is_de_api_401_en_de_pagina_een_doorverwijzing(client) -> None:  # noqa: ANN001
    assert client.get("/api/v1/studenten").status_code == 401
    response = client.get("/studenten", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/inloggen")


def test_zoeken_in_de_api_filtert_binnen_wat_je_mag_zien(
    client, student, andere_student, examencommissielid, als
) -> None:  # noqa: ANN001
    als(examencommissielid)
    assert [s["naam"] for s in client.get("/api/v1/studenten", params={"q": "ahmed"}).json()] == ["Ahmed Anderestudent"]


def test_praktijkbegeleider_ziet_de_eigen_student_op_de_pagina_met_link_naar_het_portfolio(
    client,
    student,
    andere_student,
    praktijkbegeleider,
    als,  # noqa: ANN001
) -> None:
    als(praktijkbegeleider)
    html = client.get("/studenten").text
    assert f'<a href="/studenten/{student.id}/portfolio">Sanne Student</a>' in html
    assert "Ahmed Anderestudent" not in html
    assert "WA-N6 2.1" in html
    assert 'hx-get="/studenten"' in html


def test_live_zoeken_geeft_alleen_de_resultaten_terug(client, student, andere_student, examencommissielid, als) -> None:  # noqa: ANN001
    als(examencommissielid)
    response = client.get("/studenten", params={"q": "anderestudent"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and "<h1>" not in response.text
    assert "Ahmed Anderestudent" in response.text and "Sanne Student" not in response.text
    assert response.headers["vary"] == "HX-Request"


def test_zoeken_op_cohort_vindt_de_studenten_van_dat_cohort(client, db, examencommissielid, als) -> None:  # noqa: ANN001
    cohort = factories.create_cohort(db, "WA6-2031-02")
    student = factories.create_gebruiker(db, Rol.student, naam="Chris Cohort")
    factories.create_inschrijving(db, student, cohort)
    factories.create_inschrijving(db, factories.create_gebruiker(db, Rol.student, naam="Dana Anders"))
    als(examencommissielid)
    html = client.get("/studenten", params={"q": "2031-02"}).text
    assert "Chris Cohort" in html and "Dana Anders" not in html


def test_niets_gevonden_wordt_in_gewone_taal_gezegd(client, student, praktijkbegeleider, als) -> None:  # noqa: ANN001
    als(praktijkbegeleider)
    assert "Geen studenten gevonden voor “xyz”." in client.get("/studenten", params={"q": "xyz"}).text


@pytest.mark.parametrize("pad", ["/studenten", "/api/v1/studenten"])
def test_studentenlijst_kost_evenveel_queries_bij_3_en_30_studenten(
    client,
    db,
    als,
    count_queries,
    maak_studenten,
    pad,  # noqa: ANN001
) -> None:
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    maak_studenten(5)  # not theirs: must not show up
    maak_studenten(3, begeleider)
    als(begeleider)
    with count_queries:
        assert len(client.get("/api/v1/studenten").json()) == 3
        client.get(pad)
    bij_3 = count_queries.count
    maak_studenten(27, begeleider)
    with count_queries:
        assert len(client.get("/api/v1/studenten").json()) == 30
        client.get(pad)
    assert count_queries.count == bij_3
