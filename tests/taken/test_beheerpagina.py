"""/beheer/taken: the beheerder sees failed jobs with their error and retries one with a button."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.models import Taak, TaakStatus


def _mislukt(db: Session, fout: str = "SMTPRecipientsRefused: niemand@example.nl") -> Taak:
    taak = Taak(
        naam="mail",
        argumenten={"ontvanger": "niemand@example.nl", "onderwerp": "x", "tekst": "y"},
        status=TaakStatus.mislukt,
        pogingen=5,
        max_pogingen=5,
        uitvoeren_na=dt.datetime.now(dt.UTC),
        laatste_fout=fout,
    )
    db.add(taak)
    db.flush()
    return taak


def test_de_beheerder_ziet_een_mislukte_taak_met_haar_fout_en_zet_haar_opnieuw_klaar(
    client, als, beheerder, db
) -> None:  # noqa: ANN001
    taak = _mislukt(db)
    als(beheerder)

    pagina = client.get("/beheer/taken")
    assert pagina.status_code == 200
    assert "E-mail" in pagina.text and "SMTPRecipientsRefused: niemand@example.nl" in pagina.text
    assert f'action="/beheer/taken/{taak.id}/opnieuw"' in pagina.text

    antwoord = client.post(f"/beheer/taken/{taak.id}/opnieuw", follow_redirects=False)
    assert antwoord.status_code == 303
    db.refresh(taak)
    assert (taak.status, taak.pogingen) == (TaakStatus.wachtend, 0)
    na = client.get(antwoord.headers["location"])
    assert f"Taak {taak.id} staat weer in de wachtrij." in na.text
    assert "Er zijn geen mislukte taken." in na.text

    tweede = client.post(f"/beheer/taken/{taak.id}/opnieuw")
    assert tweede.status_code == 409
    assert "is niet mislukt" in tweede.text


def test_een_student_kan_geen_taak_opnieuw_starten(client, als, student, db) -> None:  # noqa: ANN001
    taak = _mislukt(db)
    als(student)
    assert client.post(f"/beheer/taken/{taak.id}/opnieuw").status_code == 404
    db.refresh(taak)
    assert taak.status == TaakStatus.mislukt
