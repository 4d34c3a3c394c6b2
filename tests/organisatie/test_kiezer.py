"""A beheerder chooses a student or praktijkbegeleider by typing, not from a select with the whole school."""

from __future__ import annotations

import re

from app.models import Rol
from tests import factories


def _keuzes(html: str, veld: str) -> list[int]:
    return [int(i) for i in re.findall(rf'type="radio" id="{veld}-keuze-\d+" name="{veld}" value="(\d+)"', html)]


def test_de_formulieren_hebben_geen_select_met_alle_studenten_meer(client, db, beheerder, als) -> None:  # noqa: ANN001
    factories.create_veel_studenten(db, 30, naam="Schoolbreed")
    als(beheerder)
    for pad in ("/beheer/inschrijvingen", "/beheer/begeleidingen"):
        html = client.get(pad).text
        assert "Schoolbreed" not in html.split("kop-lijst")[0]  # the form part offers nobody before a search
        assert 'name="student_zoek"' in html and 'hx-get="/beheer/kiezer/student"' in html


def test_typen_geeft_hoogstens_twintig_treffers_met_het_id_als_waarde(client, db, beheerder, als) -> None:  # noqa: ANN001
    ids = factories.create_veel_studenten(db, 25, naam="Treffer")
    factories.create_veel_studenten(db, 3, naam="Iemand Anders")
    als(beheerder)
    response = client.get("/beheer/kiezer/student", params={"student_zoek": "treffer"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    gevonden = _keuzes(response.text, "student")
    assert len(gevonden) == 20 and set(gevonden) <= set(ids)
    assert "typ verder om te verfijnen" in response.text
    assert "<html" not in response.text


def test_zoeken_op_studentnummer_vindt_precies_die_student(client, db, beheerder, als) -> None:  # noqa: ANN001
    nina = factories.create_gebruiker(db, Rol.student, naam="Nina Nummer", studentnummer="S777123", wachtwoord=None)
    als(beheerder)
    response = client.get("/beheer/kiezer/student", params={"student_zoek": "777123"})
    assert _keuzes(response.text, "student") == [nina.id]
    assert "Nina Nummer" in response.text and "S777123" in response.text


def test_niemand_gevonden_wordt_gezegd(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.get("/beheer/kiezer/student", params={"student_zoek": "qqqzzz"})
    assert "Niemand gevonden voor “qqqzzz”." in response.text


def test_alleen_studenten_en_alleen_actieve_praktijkbegeleiders_worden_aangeboden(
    client,
    db,
    beheerder,
    als,  # noqa: ANN001
) -> None:
    student = factories.create_gebruiker(db, Rol.student, naam="Zoe Zelfde", wachtwoord=None)
    actief = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Zoe Zelfde-Begeleider", wachtwoord=None)
    factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Zoe Zelfde-Weg", wachtwoord=None, actief=False)
    als(beheerder)
    assert _keuzes(client.get("/beheer/kiezer/student", params={"student_zoek": "zoe"}).text, "student") == [student.id]
    html = client.get("/beheer/kiezer/praktijkbegeleider", params={"praktijkbegeleider_zoek": "zoe"}).text
    assert _keuzes(html, "praktijkbegeleider") == [actief.id]


def test_de_gekozen_persoon_blijft_bovenaan_als_er_verder_gezocht_wordt(client, db, beheerder, als) -> None:  # noqa: ANN001
    gekozen = factories.create_gebruiker(db, Rol.student, naam="Gerda Gekozen", wachtwoord=None)
    ander = factories.create_gebruiker(db, Rol.student, naam="Otto Ander", wachtwoord=None)
    als(beheerder)
    html = client.get("/beheer/kiezer/student", params={"student_zoek": "otto", "student": gekozen.id}).text
    assert _keuzes(html, "student") == [gekozen.id, ander.id]
    assert re.search(rf'value="{gekozen.id}" required\s+checked', html)


def test_zonder_javascript_zoekt_de_pagina_zelf(client, db, beheerder, als) -> None:  # noqa: ANN001
    """The search box belongs to a GET form of the page itself, so without htmx the page shows the matches."""
    kees = factories.create_gebruiker(db, Rol.student, naam="Kees Zonderjs", wachtwoord=None)
    als(beheerder)
    html = client.get("/beheer/begeleidingen", params={"student_zoek": "zonderjs"}).text
    assert _keuzes(html, "student") == [kees.id]
    assert '<form id="student-zoekformulier" method="get" action="/beheer/begeleidingen" hidden>' in html
    assert 'form="student-zoekformulier"' in html


def test_na_een_fout_blijft_de_gekozen_student_gekozen(client, db, beheerder, als) -> None:  # noqa: ANN001
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Bert Begeleider", wachtwoord=None)
    student = factories.create_gebruiker(db, Rol.student, naam="Sara Gekozen", wachtwoord=None)
    als(beheerder)
    data = {"praktijkbegeleider": begeleider.id, "student": student.id, "van": "2026-09-01", "tot": "2026-08-01"}
    response = client.post("/beheer/begeleidingen", data=data)
    assert response.status_code == 422
    assert re.search(rf'name="student" value="{student.id}" required\s+checked', response.text)
    assert re.search(rf'name="praktijkbegeleider" value="{begeleider.id}" required\s+checked', response.text)


def test_geen_student_gekozen_is_een_nederlandse_melding_bij_het_veld(client, db, beheerder, als) -> None:  # noqa: ANN001
    cohort = factories.create_cohort(db)
    als(beheerder)
    data = {"kwalificatie": factories.wijkagent(db).id, "cohort": cohort.id, "startdatum": "2026-09-01"}
    response = client.post("/beheer/inschrijvingen", data=data)
    assert response.status_code == 422
    assert '<span class="melding melding-fout" id="student-fout">Kies een student.</span>' in response.text
    assert 'id="student-kiezer" aria-describedby="student-fout"' in response.text


def test_alleen_een_beheerder_mag_personen_zoeken(client, praktijkbegeleider, als) -> None:  # noqa: ANN001
    als(praktijkbegeleider)
    assert client.get("/beheer/kiezer/student", params={"student_zoek": "a"}).status_code in (403, 404)


def test_een_onbekende_soort_persoon_is_404(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.get("/beheer/kiezer/beheerder", params={"beheerder_zoek": "a"})
    assert response.status_code == 404
    assert "alleen een student of een praktijkbegeleider" in response.text


def test_rare_invoer_in_het_zoekveld_geeft_geen_500(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    for term in ("%", "_", "x" * 5000, "'; drop table gebruiker; --"):
        response = client.get("/beheer/kiezer/student", params={"student_zoek": term, "student": "12abc"})
        assert response.status_code == 200
    # A NUL character cannot be stored or searched for: the app-wide input check says so in Dutch.
    response = client.get("/beheer/kiezer/student", params={"student_zoek": "\x00", "student": "12abc"})
    assert response.status_code == 422 and "NUL-teken" in response.text


def test_de_kiezer_kost_evenveel_queries_bij_weinig_en_veel_studenten(
    client,
    db,
    beheerder,
    als,
    count_queries,  # noqa: ANN001
) -> None:
    factories.create_veel_studenten(db, 3, naam="Telling")
    als(beheerder)
    with count_queries:
        client.get("/beheer/kiezer/student", params={"student_zoek": "telling"})
    weinig = count_queries.count
    factories.create_veel_studenten(db, 600, naam="Telling")
    with count_queries:
        assert (
            len(_keuzes(client.get("/beheer/kiezer/student", params={"student_zoek": "telling"}).text, "student")) == 20
        )
    assert count_queries.count == weinig
