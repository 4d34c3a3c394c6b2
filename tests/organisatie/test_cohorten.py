"""A beheerder keeps the list of cohorts; nobody else sees it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Cohort, Rol
from tests import factories
from tests.organisatie.conftest import audit_records


def test_beheerder_maakt_een_cohort_aan_en_dat_staat_in_de_audittrail(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post(
        "/beheer/cohorten", data={"code": "WA6-2027-02", "naam": "Februari 2027"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/beheer/cohorten?melding=cohort-aangemaakt"
    cohort = db.scalar(select(Cohort).where(Cohort.code == "WA6-2027-02"))
    assert cohort is not None and cohort.naam == "Februari 2027"
    assert audit_records(db, "cohort_aangemaakt") == [
        {"actor_id": beheerder.id, "onderwerp_id": str(cohort.id), "code": "WA6-2027-02", "naam": "Februari 2027"}
    ]
    pagina = client.get(response.headers["location"]).text
    assert "Het cohort is aangemaakt." in pagina
    assert "<td>WA6-2027-02</td>" in pagina


def test_beheerder_ziet_per_cohort_het_aantal_inschrijvingen(client, db, beheerder, student, als) -> None:  # noqa: ANN001
    cohort = factories.create_cohort(db, "WA6-2026-09")
    for _ in range(2):
        factories.create_inschrijving(db, factories.create_gebruiker(db, Rol.student), cohort)
    als(beheerder)
    html = client.get("/beheer/cohorten").text
    assert "<tr><td>WA6-2026-09</td><td></td><td>2</td>" in html
    assert '<a href="/cohorten/WA6-2026-09/voortgang">Cohortoverzicht WA6-2026-09</a></td></tr>' in html


def test_beheerder_krijgt_een_melding_bij_een_bestaande_code(client, db, beheerder, als) -> None:  # noqa: ANN001
    factories.create_cohort(db, "WA6-2026-09")
    als(beheerder)
    response = client.post("/beheer/cohorten", data={"code": "wa6-2026-09"})
    assert response.status_code == 409
    assert "Cohort WA6-2026-09 bestaat al." in response.text
    assert 'value="wa6-2026-09"' in response.text  # what was typed stays in the form
    assert audit_records(db, "cohort_aangemaakt") == []


def test_beheerder_krijgt_een_melding_zonder_code(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post("/beheer/cohorten", data={"code": "  "})
    assert response.status_code == 422
    assert "Vul een cohortcode in" in response.text
    assert 'aria-invalid="true"' in response.text


@pytest.mark.parametrize(
    "persona", ["student", "praktijkbegeleider", "examencommissielid", "andere_praktijkbegeleider"]
)
@pytest.mark.parametrize(
    "pad", ["/beheer/cohorten", "/beheer/inschrijvingen", "/beheer/begeleidingen", "/beheer/import"]
)
def test_wie_geen_beheerder_is_krijgt_404_op_de_beheerpaginas(client, als, request, persona, pad) -> None:  # noqa: ANN001
    als(request.getfixturevalue(persona))
    assert client.get(pad).status_code == 404


@pytest.mark.parametrize(
    ("pad", "data"),
    [
        ("/beheer/cohorten", {"code": "X"}),
        ("/beheer/inschrijvingen", {}),
        ("/beheer/begeleidingen", {}),
        ("/beheer/import", {"pakket": "x"}),
    ],
)
def test_praktijkbegeleider_kan_niets_aanmaken_via_beheer(client, db, praktijkbegeleider, als, pad, data) -> None:  # noqa: ANN001
    als(praktijkbegeleider)
    assert client.post(pad, data=data).status_code == 404
    assert db.scalar(select(Cohort).where(Cohort.code == "X")) is None


def test_wie_niet_is_ingelogd_gaat_naar_de_inlogpagina(client) -> None:  # noqa: ANN001
    response = client.get("/beheer/cohorten", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/inloggen")


def test_cohortenlijst_kost_evenveel_queries_bij_3_en_30_cohorten(client, db, beheerder, als, count_queries) -> None:  # noqa: ANN001
    als(beheerder)
    for _ in range(3):
        factories.create_cohort(db)
    with count_queries:
        assert client.get("/beheer/cohorten").status_code == 200
    bij_3 = count_queries.count
    for _ in range(27):
        factories.create_cohort(db)
    with count_queries:
        assert client.get("/beheer/cohorten").text.count("<tr><td>") == 30
    assert count_queries.count == bij_3
