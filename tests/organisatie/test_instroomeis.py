"""The instroomeis (appointed at the Nederlandse politie) is recorded on the inschrijving, by form and by import."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.models import Gebruiker, Inschrijving
from tests.organisatie.conftest import audit_records
from tests.organisatie.test_import import _importeer


def _inschrijving(db, student) -> Inschrijving:  # noqa: ANN001
    return db.scalar(select(Inschrijving).where(Inschrijving.student_id == student.id))


def test_the_beheerder_records_the_appointment_and_sees_it(client, db, beheerder, student, als) -> None:  # noqa: ANN001
    inschrijving = _inschrijving(db, student)
    als(beheerder)
    html = client.get("/beheer/inschrijvingen").text
    assert "Aangesteld bij de politie" in html and "nog niet vastgelegd" in html
    response = client.post(
        f"/beheer/inschrijvingen/{inschrijving.id}/aanstelling", data={"aangesteld_bij_politie_op": "01-08-2026"}
    )
    assert response.status_code == 200  # followed the redirect back to the list
    assert "De datum van aanstelling bij de politie is vastgelegd." in response.text
    assert 'value="2026-08-01"' in response.text
    db.refresh(inschrijving)
    assert inschrijving.aangesteld_bij_politie_op == dt.date(2026, 8, 1)
    [record] = audit_records(db, "inschrijving_aanstelling_vastgelegd")
    assert (record["van"], record["naar"]) == (None, "2026-08-01")


def test_a_bad_date_is_refused_in_dutch_and_changes_nothing(client, db, beheerder, student, als) -> None:  # noqa: ANN001
    inschrijving = _inschrijving(db, student)
    als(beheerder)
    response = client.post(
        f"/beheer/inschrijvingen/{inschrijving.id}/aanstelling", data={"aangesteld_bij_politie_op": "32-13-2026"}
    )
    assert response.status_code == 422
    assert "De datum van aanstelling &#39;32-13-2026&#39; is geen geldige datum" in response.text
    db.refresh(inschrijving)
    assert inschrijving.aangesteld_bij_politie_op is None
    onbekend = client.post(f"/beheer/inschrijvingen/{2**40}/aanstelling", data={"aangesteld_bij_politie_op": ""})
    assert onbekend.status_code == 404


def test_the_import_takes_the_optional_appointment_column(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    tekst = (
        "studentnummer;naam;e-mail;cohort;kwalificatie;aangesteld_bij_politie_op\n"
        "200001;Lotte Aangesteld;lotte@student.example.nl;WA6-2026-09;WA-N6 2.1;15-08-2026\n"
        "200002;Milan Zonder;milan@student.example.nl;WA6-2026-09;WA-N6 2.1;\n"
    )
    assert _importeer(client, tekst).status_code == 200
    datums = {
        naam: datum
        for naam, datum in db.execute(
            select(Gebruiker.naam, Inschrijving.aangesteld_bij_politie_op)
            .join(Inschrijving, Inschrijving.student_id == Gebruiker.id)
            .where(Gebruiker.studentnummer.in_(["200001", "200002"]))
        )
    }
    assert datums == {"Lotte Aangesteld": dt.date(2026, 8, 15), "Milan Zonder": None}
