"""POST and GET /api/v1/studenten/{id}/beroepsvereisten: the beheerder records, who may see the student reads."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import tijd
from app.models import AuditRecord, BeroepsvereisteResultaat

# Today at noon on the Dutch clock: the factories date begeleidingen from the real today.
VANDAAG = tijd.vandaag()


@pytest.fixture(autouse=True)
def klok():  # noqa: ANN201
    with tijd.zet_klok(dt.datetime.combine(VANDAAG, dt.time(12), tzinfo=tijd.TIJDZONE)):
        yield


def dag(dagen: int) -> str:
    return (VANDAAG + dt.timedelta(days=dagen)).isoformat()


def nl(dagen: int) -> str:
    return (VANDAAG + dt.timedelta(days=dagen)).strftime("%d-%m-%Y")


def _pad(student) -> str:  # noqa: ANN001
    return f"/api/v1/studenten/{student.id}/beroepsvereisten"


def _rtgp(**anders: object) -> dict:
    return {"code": "RTGP", "resultaat": "voldaan", "datum": dag(-19), "geldig_tot": dag(346)} | anders


def test_the_beheerder_records_a_result_and_it_is_audited(client, db, beheerder, student, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post(_pad(student), json=_rtgp())
    assert response.status_code == 201, response.text
    body = response.json()
    assert {k: body[k] for k in ("code", "resultaat", "datum", "geldig_tot", "corrigeert")} == {
        "code": "RTGP",
        "resultaat": "voldaan",
        "datum": dag(-19),
        "geldig_tot": dag(346),
        "corrigeert": None,
    }
    record = db.scalar(select(AuditRecord).where(AuditRecord.actie == "beroepsvereiste_resultaat_vastgelegd"))
    assert record is not None and record.onderwerp_id == str(body["id"])
    assert '"code": "RTGP"' in record.gegevens and f'"student_id": {student.id}' in record.gegevens


def test_history_is_kept_newest_first_and_a_correction_is_a_new_record(client, db, beheerder, student, als) -> None:  # noqa: ANN001
    als(beheerder)
    eerste = client.post(_pad(student), json=_rtgp(datum=dag(-395), geldig_tot=dag(-30))).json()
    client.post(_pad(student), json={"code": "IBT", "resultaat": "niet_voldaan", "datum": dag(-60)})
    correctie = client.post(_pad(student), json=_rtgp(datum=dag(-395), geldig_tot=dag(14), corrigeert=eerste["id"]))
    assert correctie.status_code == 201, correctie.text

    lijst = client.get(_pad(student)).json()
    assert [(r["code"], r["datum"], r["corrigeert"]) for r in lijst] == [
        ("IBT", dag(-60), None),
        ("RTGP", dag(-395), eerste["id"]),
        ("RTGP", dag(-395), None),
    ]
    # Nothing was changed: the corrected record is still there as it was.
    oud = db.get(BeroepsvereisteResultaat, eerste["id"])
    db.refresh(oud)
    assert oud.geldig_tot.isoformat() == dag(-30)


@pytest.mark.parametrize(
    ("invoer", "veld", "melding"),
    [
        (
            _rtgp(code="XYZ"),
            "code",
            "Kies een beroepsvereiste (RTGP, IBT, PV); 'XYZ' hoort niet bij deze kwalificatie.",
        ),
        (_rtgp(resultaat="gehaald"), "resultaat", "Kies het resultaat: voldaan of niet voldaan."),
        (_rtgp(datum="31-02-2026"), "datum", "De datum van het resultaat '31-02-2026' is geen geldige datum"),
        (_rtgp(datum=dag(1), geldig_tot=dag(366)), "datum", f"De datum ({nl(1)}) ligt in de toekomst"),
        (_rtgp(geldig_tot=dag(-20)), "geldig_tot", f"Geldig tot ({nl(-20)}) ligt vóór de datum van het resultaat"),
        (_rtgp(geldig_tot=None), "geldig_tot", "Vul in tot wanneer het resultaat geldig is."),
        (_rtgp(resultaat="niet_voldaan"), "geldig_tot", "laat geldig tot leeg"),
        # An id the database cannot hold is refused before the service looks for it.
        (_rtgp(corrigeert=2**40), "corrigeert", "Geef een geheel getal tussen"),
    ],
)
def test_bad_input_is_a_dutch_422_naming_the_field(client, beheerder, student, als, invoer, veld, melding) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post(_pad(student), json=invoer)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    fouten = response.json()["errors"]
    assert any(f["veld"].removeprefix("body.") == veld and melding in f["melding"] for f in fouten), fouten
    assert client.get(_pad(student)).json() == []


def test_a_correction_must_be_of_the_same_student(client, beheerder, student, andere_student, als) -> None:  # noqa: ANN001
    als(beheerder)
    van_ander = client.post(_pad(andere_student), json=_rtgp()).json()
    response = client.post(_pad(student), json=_rtgp(corrigeert=van_ander["id"]))
    assert response.status_code == 422
    assert "bestaat niet bij deze student" in response.text


def test_only_the_beheerder_records(client, student, praktijkbegeleider, examencommissielid, als) -> None:  # noqa: ANN001
    for persoon in (student, praktijkbegeleider, examencommissielid):
        als(persoon)
        assert client.post(_pad(student), json=_rtgp()).status_code in (403, 404)


def test_who_may_see_the_student_reads_the_results(  # noqa: PLR0913
    client,
    beheerder,
    student,
    andere_student,
    praktijkbegeleider,
    andere_praktijkbegeleider,
    examencommissielid,
    als,  # noqa: ANN001
) -> None:
    als(beheerder)
    client.post(_pad(student), json=_rtgp())
    for persoon in (student, praktijkbegeleider, examencommissielid):
        als(persoon)
        response = client.get(_pad(student))
        assert response.status_code == 200
        assert [r["code"] for r in response.json()] == ["RTGP"]
    for persoon in (andere_student, andere_praktijkbegeleider):
        als(persoon)
        assert client.get(_pad(student)).status_code == 404


def test_an_unknown_student_is_404(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    assert client.post("/api/v1/studenten/999999/beroepsvereisten", json=_rtgp()).status_code == 404
    assert client.get("/api/v1/studenten/999999/beroepsvereisten").status_code == 404
    # An id no database column holds is just as unknown, never a 500.
    assert client.get(f"/api/v1/studenten/{2**40}/beroepsvereisten").status_code == 404
    assert client.post(f"/api/v1/studenten/{2**40}/beroepsvereisten", json=_rtgp()).status_code == 404
