"""A beheerder pairs praktijkbegeleiders with students, from a date until a date, and ends a begeleiding."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app import tijd
from app.models import Begeleiding, Rol
from tests import factories
from tests.organisatie.conftest import audit_records

VANDAAG = tijd.vandaag()


def test_beheerder_koppelt_een_praktijkbegeleider_aan_een_student(
    client,
    db,
    beheerder,
    andere_student,
    als,  # noqa: ANN001
) -> None:
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Bea Begeleider")
    als(beheerder)
    data = {"praktijkbegeleider": begeleider.id, "student": andere_student.id, "van": "2026-09-01", "tot": ""}
    response = client.post("/beheer/begeleidingen", data=data, follow_redirects=False)
    assert response.status_code == 303
    begeleiding = db.scalar(select(Begeleiding).where(Begeleiding.praktijkbegeleider_id == begeleider.id))
    assert (begeleiding.student_id, begeleiding.van, begeleiding.tot) == (andere_student.id, dt.date(2026, 9, 1), None)
    [record] = audit_records(db, "begeleiding_aangemaakt")
    assert record["actor_id"] == beheerder.id and record["tot"] is None
    html = client.get("/beheer/begeleidingen").text
    assert "Bea Begeleider" in html and "Ahmed Anderestudent" in html


def test_de_einddatum_mag_niet_voor_de_begindatum_liggen(client, db, beheerder, student, als) -> None:  # noqa: ANN001
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    als(beheerder)
    data = {"praktijkbegeleider": begeleider.id, "student": student.id, "van": "2026-09-01", "tot": "2026-08-31"}
    response = client.post("/beheer/begeleidingen", data=data)
    assert response.status_code == 422
    assert "De einddatum (31-08-2026) ligt vóór de begindatum (01-09-2026)." in response.text
    assert db.scalar(select(Begeleiding).where(Begeleiding.praktijkbegeleider_id == begeleider.id)) is None


def test_begeleider_moet_praktijkbegeleider_en_student_moet_student_zijn(
    client,
    db,
    beheerder,
    student,
    examencommissielid,
    als,  # noqa: ANN001
) -> None:
    als(beheerder)
    data = {"praktijkbegeleider": examencommissielid.id, "student": examencommissielid.id, "van": "2026-09-01"}
    response = client.post("/beheer/begeleidingen", data=data)
    assert response.status_code == 422
    assert "Eva Examencommissie heeft niet de rol praktijkbegeleider." in response.text
    assert "Eva Examencommissie heeft niet de rol student." in response.text


def test_een_tweede_begeleiding_in_dezelfde_periode_wordt_geweigerd(
    client,
    db,
    beheerder,
    student,
    praktijkbegeleider,
    als,  # noqa: ANN001
) -> None:
    als(beheerder)
    data = {"praktijkbegeleider": praktijkbegeleider.id, "student": student.id, "van": VANDAAG.isoformat()}
    response = client.post("/beheer/begeleidingen", data=data)
    assert response.status_code == 409
    assert "Pieter Praktijkbegeleider begeleidt Sanne Student al" in response.text


def test_na_beeindigen_ziet_de_praktijkbegeleider_de_student_niet_meer(
    client,
    db,
    beheerder,
    student,
    praktijkbegeleider,
    als,  # noqa: ANN001
) -> None:
    begeleiding = db.scalar(select(Begeleiding).where(Begeleiding.praktijkbegeleider_id == praktijkbegeleider.id))
    gisteren = VANDAAG - dt.timedelta(days=1)
    als(beheerder)
    response = client.post(
        f"/beheer/begeleidingen/{begeleiding.id}/beeindigen", data={"tot": gisteren.isoformat()}, follow_redirects=False
    )
    assert response.status_code == 303
    db.refresh(begeleiding)
    assert begeleiding.tot == gisteren
    [record] = audit_records(db, "begeleiding_beeindigd")
    assert (record["oude_tot"], record["tot"]) == (None, gisteren.isoformat())
    als(praktijkbegeleider)
    assert client.get("/api/v1/studenten").json() == []


def test_beeindigen_voor_de_begindatum_wordt_geweigerd(client, db, beheerder, praktijkbegeleider, als) -> None:  # noqa: ANN001
    begeleiding = db.scalar(select(Begeleiding).where(Begeleiding.praktijkbegeleider_id == praktijkbegeleider.id))
    als(beheerder)
    te_vroeg = begeleiding.van - dt.timedelta(days=1)
    response = client.post(f"/beheer/begeleidingen/{begeleiding.id}/beeindigen", data={"tot": te_vroeg.isoformat()})
    assert response.status_code == 422
    assert "ligt vóór de begindatum" in response.text
    db.refresh(begeleiding)
    assert begeleiding.tot is None


def test_een_beeindigde_begeleiding_kan_niet_opnieuw_worden_beeindigd(
    client,
    db,
    beheerder,
    oud_praktijkbegeleider,
    als,  # noqa: ANN001
) -> None:
    begeleiding = db.scalar(select(Begeleiding).where(Begeleiding.praktijkbegeleider_id == oud_praktijkbegeleider.id))
    als(beheerder)
    response = client.post(f"/beheer/begeleidingen/{begeleiding.id}/beeindigen", data={"tot": VANDAAG.isoformat()})
    assert response.status_code == 409
    assert "al beëindigd" in response.text


def test_begeleidingenlijst_kost_evenveel_queries_bij_3_en_30_rijen(
    client,
    db,
    beheerder,
    als,
    count_queries,
    maak_studenten,  # noqa: ANN001
) -> None:
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    als(beheerder)
    maak_studenten(3, begeleider)
    with count_queries:
        assert client.get("/beheer/begeleidingen").text.count('<tr id="begeleiding-') == 3
    bij_3 = count_queries.count
    maak_studenten(27, begeleider)
    with count_queries:
        assert client.get("/beheer/begeleidingen").text.count('<tr id="begeleiding-') == 30
    assert count_queries.count == bij_3
