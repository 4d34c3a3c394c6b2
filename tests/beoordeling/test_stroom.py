"""The assessor's flow: after a save the counter follows, the saved judgement shows, the next submission is one
click away; the inbox marks what is new and sorts by student; a PDF may be framed by our own page only."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import Rol
from app.tijd import nu
from tests import factories
from tests.beoordeling.conftest import Aanbieder, maak_ingediend

HTMX = {"HX-Request": "true"}


def _opslaan(client: TestClient, versie_id: int, code: str = "LU1.1", **velden) -> object:  # noqa: ANN003
    data = {"oordeel": "aangetoond", "feedback": "Sterk verslag.", "gezien": "0", **velden}
    return client.post(f"/te-beoordelen/{versie_id}/leeruitkomsten/{code}", data=data, headers=HTMX)


def test_na_opslaan_volgen_teller_het_oordeel_en_de_volgende_inzending(
    client: TestClient, db: Session, als, student, praktijkbegeleider
) -> None:  # noqa: ANN001
    eerste = maak_ingediend(db, student, ("LU1.1",), titel="Eerste verslag")
    eerste.ingediend_op = nu() - dt.timedelta(days=2)
    tweede = maak_ingediend(db, student, ("LU1.1",), titel="Tweede verslag")
    db.flush()
    als(praktijkbegeleider)
    assert "2 inzendingen wachten" in client.get("/te-beoordelen").text

    antwoord = _opslaan(client, eerste.id)

    assert antwoord.status_code == 200, antwoord.text
    # The menu's count, swapped out of band: one left.
    oob = re.search(r'<span id="aantal-te-beoordelen" hx-swap-oob="innerHTML">(.*?)</span>\s*</span>', antwoord.text)
    assert oob is not None and '<span class="teller">1<' in oob.group(1)
    # The saved judgement is what the block shows; a correction is behind its own button.
    assert "Je oordeel over LU1.1 is opgeslagen." in antwoord.text
    assert "Jouw oordeel: <strong>Aangetoond</strong>" in antwoord.text
    assert re.search(r'<details class="corrigeren">\s*<summary', antwoord.text)
    assert f'href="/te-beoordelen/{eerste.id}/volgende">Volgende inzending' in antwoord.text

    volgende = client.get(f"/te-beoordelen/{eerste.id}/volgende", follow_redirects=False)
    assert volgende.status_code == 303
    assert volgende.headers["location"] == f"/te-beoordelen/{tweede.id}"

    # The second bewijsstuk is evidence the first judgement did not look at: a new judgement, no reason asked.
    assert _opslaan(client, tweede.id, gezien=str(_eigen_id(client, student))).status_code == 200
    # Nothing else waits: the inbox, and the page says so.
    assert client.get(f"/te-beoordelen/{tweede.id}/volgende", follow_redirects=False).headers["location"] == (
        "/te-beoordelen"
    )
    pagina = client.get(f"/te-beoordelen/{tweede.id}?opgeslagen=LU1.1").text
    assert "Er wacht verder niets op jouw oordeel." in pagina
    assert client.get("/te-beoordelen/aantal").text == ""


def test_een_correctie_is_een_tweede_handeling_en_een_nieuwe_versie_niet(
    client: TestClient, db: Session, als, student, praktijkbegeleider
) -> None:  # noqa: ANN001
    versie = maak_ingediend(db, student, ("LU1.1", "LU2.1"))
    als(praktijkbegeleider)
    _opslaan(client, versie.id)

    pagina = client.get(f"/te-beoordelen/{versie.id}").text

    lu11 = pagina[pagina.index('id="lu-LU1-1"') : pagina.index('id="lu-LU2-1"')]
    lu21 = pagina[pagina.index('id="lu-LU2-1"') :]
    assert "Jouw oordeel: <strong>Aangetoond</strong>" in lu11
    assert re.search(r'<details class="corrigeren">\s*<summary class="knop secundair">Corrigeren', lu11)
    assert "Correctie opslaan" in lu11  # inside the folded correction
    # The leeruitkomst not yet judged has its form at once.
    assert "corrigeren" not in lu21 and "Oordeel opslaan" in lu21

    # A correction without a reason comes back with the form unfolded and the message at the field.
    geweigerd = _opslaan(client, versie.id, gezien=str(_eigen_id(client, student)))
    assert geweigerd.status_code == 422
    assert re.search(r'<details class="corrigeren" open>', geweigerd.text)
    assert "Een correctie heeft een reden nodig." in geweigerd.text


def _eigen_id(client: TestClient, student) -> int:  # noqa: ANN001
    return client.get(f"/api/v1/studenten/{student.id}/beoordelingen").json()[0]["id"]


def test_de_inbox_markeert_nieuwe_inzendingen_en_sorteert_op_student(
    client: TestClient, db: Session, als, praktijkbegeleider, student
) -> None:  # noqa: ANN001
    # `student` is "Sanne Student"; Anna comes first by name but submitted last.
    anna = factories.create_gebruiker(db, Rol.student, naam="Anna Aalders")
    factories.create_inschrijving(db, anna)
    factories.create_begeleiding(db, praktijkbegeleider, anna)
    oud = maak_ingediend(db, student, ("LU1.1",), titel="Oud verslag")
    oud.ingediend_op = nu() - dt.timedelta(days=3)
    maak_ingediend(db, anna, ("LU1.1",), titel="Nieuw verslag")
    db.flush()
    als(praktijkbegeleider)

    pagina = client.get("/te-beoordelen").text

    assert pagina.index("Oud verslag") < pagina.index("Nieuw verslag")  # oldest first
    items = re.findall(r'<li class="inbox-item"( data-nieuw)?>\s*<h2><a href="[^"]+">([^<]+)</a>', pagina)
    assert [(titel, bool(nieuw)) for nieuw, titel in items] == [("Oud verslag", False), ("Nieuw verslag", True)]
    assert "in de afgelopen 24 uur aangeboden" in pagina

    per_student = client.get("/te-beoordelen", params={"sorteer": "student"}).text
    assert per_student.index("Nieuw verslag") < per_student.index("Oud verslag")
    assert '<option value="student" selected>' in per_student


def test_de_inbox_per_student_kost_evenveel_queries_bij_3_als_bij_40_studenten(
    client: TestClient, db: Session, als, count_queries
) -> None:  # noqa: ANN001
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Bea Begeleider")
    cohort = factories.create_cohort(db)
    als(begeleider)
    tellingen = {}
    totaal = 0
    for aantal in (3, 37):
        for _ in range(aantal):
            s = factories.create_gebruiker(db, Rol.student, wachtwoord=None)
            factories.create_inschrijving(db, s, cohort)
            factories.create_begeleiding(db, begeleider, s)
            maak_ingediend(db, s, ("LU1.1",))
        totaal += aantal
        with count_queries:
            pagina = client.get("/te-beoordelen", params={"sorteer": "student"})
        assert pagina.status_code == 200
        assert f"{totaal} inzendingen wachten" in pagina.text
        tellingen[totaal] = count_queries.count
    assert tellingen[3] == tellingen[40]


def test_een_pdf_mag_alleen_in_onze_eigen_pagina_staan(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    als(praktijkbegeleider)
    versie_id = client.get("/te-beoordelen").text.split('href="/te-beoordelen/')[1].split('"')[0]
    pagina = client.get(f"/te-beoordelen/{versie_id}").text
    bestand_url = re.search(r'<iframe class="pdf-voorbeeld" src="([^"]+)"', pagina).group(1)
    assert bestand_url.startswith(f"/api/v1/bewijsstukken/{bewijs['id']}/bestanden/")

    inline = client.get(bestand_url)
    assert inline.status_code == 200
    assert inline.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in inline.headers["Content-Security-Policy"]
    download = client.get(bestand_url, params={"download": 1})
    assert download.headers["X-Frame-Options"] == "DENY"


def test_de_inbox_via_de_api_met_nieuw_en_per_student(
    client: TestClient, db: Session, als, praktijkbegeleider, student
) -> None:  # noqa: ANN001
    anna = factories.create_gebruiker(db, Rol.student, naam="Anna Aalders")
    factories.create_inschrijving(db, anna)
    factories.create_begeleiding(db, praktijkbegeleider, anna)
    oud = maak_ingediend(db, student, ("LU1.1", "LU2.1"), titel="Oud verslag")
    oud.ingediend_op = nu() - dt.timedelta(days=3)
    nieuw = maak_ingediend(db, anna, ("LU1.1",), titel="Nieuw verslag")
    db.flush()
    als(praktijkbegeleider)

    antwoord = client.get("/api/v1/te-beoordelen")

    assert antwoord.status_code == 200
    assert antwoord.headers["X-Total-Count"] == "2"
    lijst = antwoord.json()
    assert [(i["versie_id"], i["nieuw"]) for i in lijst] == [(oud.id, False), (nieuw.id, True)]
    assert lijst[0]["student"] == {"id": student.id, "naam": student.naam}
    assert lijst[0]["leeruitkomsten"] == ["LU1.1", "LU2.1"]
    per_student = client.get("/api/v1/te-beoordelen", params={"sorteer": "student"}).json()
    assert [i["versie_id"] for i in per_student] == [nieuw.id, oud.id]
    assert client.get("/api/v1/te-beoordelen", params={"sorteer": "raar"}).status_code == 422
    als(student)
    assert client.get("/api/v1/te-beoordelen").status_code == 404
