"""The assessment pages: the inbox, one submission with its forms, the student's feedback and reply."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Beoordeling, Inschrijving, Kwalificatie, Oordeel, Rol
from app.models.kwalificatie import KwalificatieStatus
from tests import factories
from tests.beoordeling.conftest import Aanbieder, maak_beoordeling, maak_ingediend

HTMX = {"HX-Request": "true"}


def _versie_id(client: TestClient) -> int:  # noqa: ANN001
    pagina = client.get("/te-beoordelen").text
    start = pagina.index('href="/te-beoordelen/') + len('href="/te-beoordelen/')
    return int(pagina[start : pagina.index('"', start)])


def test_de_inbox_toont_wat_eigen_studenten_aanboden_en_verder_niets(
    client: TestClient, als, student, andere_student, praktijkbegeleider, aanbieden: Aanbieder, upload
) -> None:  # noqa: ANN001
    aanbieden(student, ("LU1.1", "LU2.1"), titel="Verslag wijkschouw")
    upload(student, titel="Nog een concept")
    aanbieden(andere_student, titel="Bewijs van iemand anders")

    als(praktijkbegeleider)
    html = client.get("/te-beoordelen").text

    assert "Verslag wijkschouw" in html
    assert "Sanne Student" in html
    assert "LU1.1" in html and "LU2.1" in html
    assert "LU1.1</strong> " in html  # with the start of the leeruitkomst's text beside the code
    assert "1 inzending wacht" in html
    assert "Nog een concept" not in html
    assert "Bewijs van iemand anders" not in html
    assert client.get("/te-beoordelen/aantal").text.startswith('<span class="teller">1')


def test_de_inbox_filtert_op_student_en_cohort(
    client: TestClient, als, db: Session, student, praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    tweede = factories.create_gebruiker(db, Rol.student, naam="Tim Tweede")
    inschrijving = factories.create_inschrijving(db, tweede, factories.create_cohort(db, "WA6-2027-01"))
    factories.create_begeleiding(db, praktijkbegeleider, tweede)
    aanbieden(student, titel="Van Sanne")
    aanbieden(tweede, titel="Van Tim")
    als(praktijkbegeleider)

    alleen_tim = client.get("/te-beoordelen", params={"student": tweede.id}).text
    assert "Van Tim" in alleen_tim and "Van Sanne" not in alleen_tim
    cohort = client.get("/te-beoordelen", params={"cohort": "WA6-2027-01"}, headers=HTMX).text
    assert "Van Tim" in cohort and "Van Sanne" not in cohort
    assert "<html" not in cohort  # htmx gets just the list
    assert inschrijving.cohort_id


def test_na_de_begeleiding_staat_er_niets_meer_klaar(
    client: TestClient, als, student, oud_praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    aanbieden(student, titel="Verslag wijkschouw")
    als(oud_praktijkbegeleider)
    html = client.get("/te-beoordelen").text
    assert "Verslag wijkschouw" not in html
    assert "Er staat niets klaar om te beoordelen." in html


def test_beoordelen_met_htmx_zonder_de_pagina_te_verlaten(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder, db: Session
) -> None:  # noqa: ANN001
    aanbieden(student, ("LU1.1", "LU2.1"), onderbouwing="Ik sprak met de wijkraad.")
    als(praktijkbegeleider)
    versie_id = _versie_id(client)
    pagina = client.get(f"/te-beoordelen/{versie_id}").text
    assert "Ik sprak met de wijkraad." in pagina
    assert "Tekst van LU1.1, met aanvullingen" in pagina
    assert pagina.count('class="oordeel-formulier"') == 2
    assert 'src="/static/concept.js"' in pagina  # a draft of each judgement is kept in the browser

    fout = client.post(
        f"/te-beoordelen/{versie_id}/leeruitkomsten/LU2.1",
        data={"oordeel": "gedeeltelijk_aangetoond", "feedback": "", "observatiedatum": "2026-11-10"},
        headers=HTMX,
    )
    assert fout.status_code == 422
    # The refusal comes back into the leeruitkomst's own block, filled in, the message at the field.
    assert "HX-Retarget" not in fout.headers
    assert fout.text.lstrip().startswith('<section class="te-beoordelen" id="lu-LU2-1"')
    assert re.search(r'id="form-LU2-1-feedback-fout">Feedback is verplicht', fout.text)
    assert re.search(r'value="gedeeltelijk_aangetoond" required\s+checked', fout.text)
    assert 'value="2026-11-10"' in fout.text
    # And the message in the page's message area too.
    assert '<div id="meldingen" hx-swap-oob="innerHTML">' in fout.text

    goed = client.post(
        f"/te-beoordelen/{versie_id}/leeruitkomsten/LU1.1",
        data={
            "oordeel": "aangetoond",
            "feedback": "",
            "observatiedatum": "2026-11-12",
        },
        headers=HTMX,
    )
    assert goed.status_code == 200, goed.text
    assert "Je oordeel over LU1.1 is opgeslagen." in goed.text
    assert "<html" not in goed.text
    assert 'id="lu-LU1-1"' in goed.text
    assert "Correctie opslaan" in goed.text  # a second save is a correction, with a reason
    beoordeling = db.scalar(select(Beoordeling))
    assert (beoordeling.oordeel, str(beoordeling.observatiedatum)) == ("aangetoond", "2026-11-12")


def test_zonder_javascript_werkt_het_formulier_ook(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    aanbieden(student)
    als(praktijkbegeleider)
    versie_id = _versie_id(client)
    fout = client.post(
        f"/te-beoordelen/{versie_id}/leeruitkomsten/LU1.1",
        data={
            "oordeel": "niet_aangetoond",
            "feedback": "",
            "observatiedatum": "gisteren",
        },
    )
    assert fout.status_code == 422
    assert "geen geldige datum" in fout.text
    # What was typed comes back: the chosen oordeel is still checked.
    assert re.search(r'value="niet_aangetoond" required\s+checked', fout.text)
    goed = client.post(
        f"/te-beoordelen/{versie_id}/leeruitkomsten/LU1.1",
        data={"oordeel": "niet_aangetoond", "feedback": "Nog niet zelfstandig."},
        follow_redirects=False,
    )
    assert goed.status_code == 303
    assert goed.headers["location"] == f"/te-beoordelen/{versie_id}?opgeslagen=LU1.1#lu-LU1-1"


def test_wie_niet_mag_beoordelen_ziet_geen_formulier_of_krijgt_404(
    client: TestClient,
    als,
    student,
    praktijkbegeleider,
    andere_praktijkbegeleider,
    oud_praktijkbegeleider,
    examencommissielid,
    beheerder,
    aanbieden: Aanbieder,
) -> None:  # noqa: ANN001
    aanbieden(student)
    als(praktijkbegeleider)
    versie_id = _versie_id(client)
    data = {"oordeel": "aangetoond"}
    for persoon in (andere_praktijkbegeleider, oud_praktijkbegeleider, student):
        als(persoon)
        assert client.get(f"/te-beoordelen/{versie_id}").status_code == 404, persoon.naam
        assert client.post(f"/te-beoordelen/{versie_id}/leeruitkomsten/LU1.1", data=data).status_code == 404
    # The examencommissie and beheer read any submission, without a form, and cannot post one.
    for persoon in (examencommissielid, beheerder):
        als(persoon)
        assert f'href="/te-beoordelen/{versie_id}"' in client.get(f"/studenten/{student.id}/portfolio").text
        pagina = client.get(f"/te-beoordelen/{versie_id}")
        assert pagina.status_code == 200
        assert "oordeel-formulier" not in pagina.text
        assert "Je bekijkt deze inzending alleen" in pagina.text
        assert client.post(f"/te-beoordelen/{versie_id}/leeruitkomsten/LU1.1", data=data).status_code == 404


def test_een_verlopen_sessie_brengt_na_inloggen_terug_bij_het_formulier(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    aanbieden(student)
    als(praktijkbegeleider)
    versie_id = _versie_id(client)
    csrf = client.headers["X-CSRF-Token"]
    client.cookies.clear()

    antwoord = client.post(
        f"/te-beoordelen/{versie_id}/leeruitkomsten/LU1.1",
        data={"oordeel": "aangetoond"},
        headers={**HTMX, "X-CSRF-Token": csrf},
    )
    # Either the login redirect or the CSRF refusal: never a lost form, and never a 500.
    assert antwoord.status_code in (204, 403)
    if antwoord.status_code == 204:
        assert antwoord.headers["HX-Redirect"].startswith("/inloggen?volgende=")
    als(praktijkbegeleider)
    terug = client.get(f"/te-beoordelen/{versie_id}/leeruitkomsten/LU1.1", follow_redirects=False)
    assert terug.status_code == 303
    assert terug.headers["location"] == f"/te-beoordelen/{versie_id}#lu-LU1-1"


def test_de_student_ziet_feedback_en_toelichting_en_reageert(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student, ("LU1.1", "LU2.1"))
    als(praktijkbegeleider)
    client.post(
        f"/api/v1/studenten/{student.id}/beoordelingen",
        json={
            "leeruitkomst": "LU2.1",
            "oordeel": "gedeeltelijk_aangetoond",
            "feedback": "Beschrijf ook je eigen rol.",
            "bewijsstukken": [{"id": bewijs["id"], "versie": 1}],
        },
    )
    als(student)
    pagina = client.get("/portfolio").text
    assert "Beschrijf ook je eigen rol." in pagina
    assert "Gedeeltelijk aangetoond volgens P. Praktijkbegeleider op" in pagina
    assert "Reageer op deze feedback" in pagina
    beoordeling_id = client.get(f"/api/v1/studenten/{student.id}/beoordelingen").json()[0]["id"]

    antwoord = client.post(
        f"/beoordelingen/{beoordeling_id}/reactie", data={"tekst": "Doe ik."}, follow_redirects=False
    )

    assert antwoord.status_code == 303
    assert "Doe ik." in client.get("/portfolio").text
    assert (
        "nieuwe feedback" in client.get("/meldingen").text.lower()
        or "beoordeelde LU2.1" in client.get("/meldingen").text
    )


def test_de_beheerder_stelt_de_beoordelingsregel_in_op_de_kwalificatiepagina(
    client: TestClient, als, beheerder, praktijkbegeleider
) -> None:  # noqa: ANN001
    als(praktijkbegeleider)
    pagina = client.get("/kwalificaties/WA-N6/versies/2.1").text
    assert "één beoordelaar" in pagina
    assert "Beoordelingsregel opslaan" not in pagina
    als(beheerder)
    assert "Beoordelingsregel opslaan" in client.get("/kwalificaties/WA-N6/versies/2.1").text
    antwoord = client.post(
        "/kwalificaties/WA-N6/versies/2.1/beoordelingsregel", data={"beoordelaars_vereist": "2"}, follow_redirects=False
    )
    assert antwoord.status_code == 303
    assert "twee verschillende beoordelaars" in client.get("/kwalificaties/WA-N6/versies/2.1").text


def test_opslaan_op_een_verouderde_pagina_geeft_409_in_de_meldingen(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    als(praktijkbegeleider)
    versie_id = _versie_id(client)
    als(student)
    client.patch(f"/api/v1/bewijsstukken/{bewijs['id']}", data={"titel": "Verslag, aangevuld"})
    client.post(f"/api/v1/bewijsstukken/{bewijs['id']}/indienen")
    als(praktijkbegeleider)

    getypt = "De wijkschouw was grondig voorbereid."
    antwoord = client.post(
        f"/te-beoordelen/{versie_id}/leeruitkomsten/LU1.1",
        data={"oordeel": "aangetoond", "feedback": getypt},
        headers=HTMX,
    )

    assert antwoord.status_code == 409
    # The form stays with what was typed, and the message goes to #meldingen as well.
    assert 'class="oordeel-formulier"' in antwoord.text
    assert getypt in antwoord.text
    meldingen = antwoord.text[antwoord.text.index('<div id="meldingen" hx-swap-oob') :]
    assert "versie 2" in meldingen
    assert "De student heeft intussen versie 2 aangeboden." in client.get(f"/te-beoordelen/{versie_id}").text


def test_met_een_vereiste_beoordelaar_verdwijnt_het_bij_de_andere_begeleider_na_een_oordeel(
    client: TestClient, als, db: Session, student, praktijkbegeleider, beheerder, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    tweede = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Fatima El Amrani")
    factories.create_begeleiding(db, tweede, student)
    bewijs = aanbieden(student, ("LU1.1",), titel="Verslag wijkschouw")
    als(praktijkbegeleider)
    client.post(
        f"/api/v1/studenten/{student.id}/beoordelingen",
        json={"leeruitkomst": "LU1.1", "oordeel": "aangetoond", "bewijsstukken": [{"id": bewijs["id"], "versie": 1}]},
    )
    assert "Verslag wijkschouw" not in client.get("/te-beoordelen").text
    als(tweede)
    assert "Verslag wijkschouw" not in client.get("/te-beoordelen").text

    # With two required, the second assessor still has it waiting.
    als(beheerder)
    client.patch("/api/v1/kwalificaties/WA-N6/versies/2.1", json={"beoordelaars_vereist": 2})
    als(tweede)
    assert "Verslag wijkschouw" in client.get("/te-beoordelen").text
    als(praktijkbegeleider)
    assert "Verslag wijkschouw" not in client.get("/te-beoordelen").text


def test_een_oordeel_over_een_andere_student_haalt_een_inzending_niet_uit_de_inbox(
    client,
    db,
    student,
    andere_student,
    praktijkbegeleider,
    andere_praktijkbegeleider,
    als,  # noqa: ANN001
) -> None:
    # Another student's version of the same leeruitkomst, judged by their own praktijkbegeleider,
    # says nothing about whether this student's submission still waits.
    van_de_ander = maak_ingediend(db, andere_student, ("LU1.1",), titel="Werk van een ander")
    maak_beoordeling(db, andere_student, andere_praktijkbegeleider, van_de_ander)
    maak_ingediend(db, student, ("LU1.1",), titel="Mijn verslag")

    als(praktijkbegeleider)
    inbox = client.get("/te-beoordelen")
    assert "Mijn verslag" in inbox.text
    assert client.get("/te-beoordelen/aantal").text.startswith('<span class="teller">1')


def test_de_beoordelingsregel_van_een_andere_kwalificatie_houdt_een_inzending_niet_in_de_inbox(
    client,
    db,
    student,
    andere_student,
    praktijkbegeleider,
    als,  # noqa: ANN001
) -> None:
    # Another student follows a kwalificatie that asks two assessors; this student's asks one. Once one
    # assessor judged this student's submission, it waits for nobody else.
    strenger = Kwalificatie(
        code="TEST-2",
        versie="1.0",
        versiedatum=dt.date(2026, 1, 1),
        titel="Twee beoordelaars",
        niveau=4,
        status=KwalificatieStatus.gepubliceerd,
        inhoud_sha256="0" * 64,
        beoordelaars_vereist=2,
    )
    db.add(strenger)
    db.flush()
    db.add(
        Inschrijving(
            student_id=andere_student.id,
            kwalificatie_id=strenger.id,
            cohort_id=factories.create_cohort(db, "TEST-2-01").id,
            startdatum=dt.date(2026, 9, 1),
        )
    )
    maak_ingediend(db, andere_student, ("LU1.1",), titel="Werk van een ander")
    mijn = maak_ingediend(db, student, ("LU1.1",), titel="Mijn verslag")
    tweede = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Fatima El Amrani")
    factories.create_begeleiding(db, tweede, student)
    maak_beoordeling(db, student, praktijkbegeleider, mijn)

    als(tweede)
    assert "Mijn verslag" not in client.get("/te-beoordelen").text
    assert client.get("/te-beoordelen/aantal").text == ""


def test_met_twee_vereiste_beoordelaars_wacht_het_tot_twee_verschillende_hebben_geoordeeld(  # noqa: ANN001
    client, db, student, praktijkbegeleider, beheerder, als
) -> None:
    als(beheerder)
    client.patch("/api/v1/kwalificaties/WA-N6/versies/2.1", json={"beoordelaars_vereist": 2})
    tweede = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Fatima El Amrani")
    derde = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Ruud de Derde")
    for begeleider in (tweede, derde):
        factories.create_begeleiding(db, begeleider, student)
    versie = maak_ingediend(db, student, ("LU1.1",), titel="Mijn verslag")

    # One assessor twice is still one: the others keep it waiting.
    maak_beoordeling(db, student, praktijkbegeleider, versie, Oordeel.gedeeltelijk_aangetoond)
    maak_beoordeling(db, student, praktijkbegeleider, versie)
    als(derde)
    assert "Mijn verslag" in client.get("/te-beoordelen").text
    # A second, different assessor: done for everyone.
    maak_beoordeling(db, student, tweede, versie)
    assert "Mijn verslag" not in client.get("/te-beoordelen").text
    assert client.get("/te-beoordelen/aantal").text == ""


def test_de_inbox_pagineert_met_de_gedeelde_pager_en_houdt_het_filter(  # noqa: ANN001
    client, db, student, praktijkbegeleider, als
) -> None:
    for n in range(27):
        maak_ingediend(db, student, ("LU1.1",), titel=f"Verslag {n:02d}")
    als(praktijkbegeleider)

    eerste = client.get("/te-beoordelen", params={"student": student.id}).text
    assert "27 inzendingen wachten" in eerste
    assert "1–25 van 27" in eerste
    assert f'href="/te-beoordelen?student={student.id}&amp;pagina=2" rel="next"' in eerste
    tweede = client.get("/te-beoordelen", params={"student": student.id, "pagina": 2}).text
    assert tweede.count('class="inbox-item"') == 2
    assert "26–27 van 27" in tweede
    assert "Verslag 26" in tweede and "Verslag 00" not in tweede  # oldest first


def test_onzin_als_paginanummer_geeft_een_nederlandse_melding(client, als, student) -> None:  # noqa: ANN001
    als(student)
    antwoord = client.get("/api/v1/meldingen", params={"pagina": "nul"})
    assert antwoord.status_code == 422
    assert antwoord.headers["content-type"].startswith("application/problem+json")
    assert "pagina moet een geheel getal vanaf 1 zijn" in antwoord.json()["detail"]
    assert client.get("/meldingen", params={"per_pagina": "9999"}).status_code == 422
    lijst = client.get("/api/v1/meldingen")
    assert lijst.headers["X-Total-Count"] == "0"
    assert 'rel="last"' in lijst.headers["Link"]


def test_eerdere_oordelen_staan_een_klik_verder_en_tonen_dan_de_hele_geschiedenis(
    client: TestClient, db: Session, als, student, praktijkbegeleider
) -> None:  # noqa: ANN001
    versie = maak_ingediend(db, student, ("LU1.1",))
    for oordeel_, feedback in (
        (Oordeel.niet_aangetoond, "Eerste poging: de bron ontbreekt."),
        (Oordeel.niet_aangetoond, "Tweede poging: bijna."),
        (Oordeel.aangetoond, "Nu is het aangetoond."),
    ):
        beoordeling = maak_beoordeling(db, student, praktijkbegeleider, versie, oordeel_)
        beoordeling.feedback = feedback
    db.flush()

    als(student)
    pagina = client.get("/portfolio").text
    assert "Nu is het aangetoond." in pagina
    assert "Eerste poging" not in pagina and "Tweede poging" not in pagina
    link = re.search(r'href="(/studenten/\d+/leeruitkomsten/LU1.1/oordelen)"', pagina)
    assert link and re.search(r"Ook de\s+2 eerdere oordelen over LU1.1 tonen", pagina)

    fragment = client.get(link.group(1), headers=HTMX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text  # only the list, swapped in where the link was
    teksten = ["Nu is het aangetoond.", "Tweede poging: bijna.", "Eerste poging: de bron ontbreekt."]
    assert all(t in fragment.text for t in teksten)
    assert [fragment.text.index(t) for t in teksten] == sorted(fragment.text.index(t) for t in teksten)

    volledige_pagina = client.get(link.group(1))  # without JavaScript: a page of its own
    assert "Alle oordelen over LU1.1" in volledige_pagina.text and "Terug naar het portfolio" in volledige_pagina.text


def test_de_geschiedenis_van_een_leeruitkomst_blijft_bij_wie_het_portfolio_mag_zien(
    client: TestClient, db: Session, als, student, andere_student, praktijkbegeleider
) -> None:  # noqa: ANN001
    versie = maak_ingediend(db, student, ("LU1.1",))
    maak_beoordeling(db, student, praktijkbegeleider, versie).feedback = "Voor Sanne alleen."
    db.flush()

    als(andere_student)
    assert client.get(f"/studenten/{student.id}/leeruitkomsten/LU1.1/oordelen").status_code in (403, 404)
    als(student)
    onbekend = client.get(f"/studenten/{student.id}/leeruitkomsten/LU9.9/oordelen")
    assert onbekend.status_code == 404
    assert "hoort niet bij de kwalificatie" in onbekend.text


def _gezien(html: str) -> str:
    return re.search(r'name="gezien" value="(\d+)"', html).group(1)


def test_een_tweede_venster_hoort_welk_oordeel_intussen_is_opgeslagen(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    aanbieden(student, ("LU1.1",))
    als(praktijkbegeleider)
    versie_id = _versie_id(client)
    tweede_venster = _gezien(client.get(f"/te-beoordelen/{versie_id}").text)
    eerste_venster = client.post(
        f"/te-beoordelen/{versie_id}/leeruitkomsten/LU1.1",
        data={"oordeel": "aangetoond", "feedback": "", "gezien": "0"},
        headers=HTMX,
    )
    assert eerste_venster.status_code == 200

    getypt = "Mijn uitgebreide feedback uit het tweede venster."
    antwoord = client.post(
        f"/te-beoordelen/{versie_id}/leeruitkomsten/LU1.1",
        data={"oordeel": "niet_aangetoond", "feedback": getypt, "gezien": tweede_venster},
        headers=HTMX,
    )

    assert antwoord.status_code == 409
    meldingen = antwoord.text[antwoord.text.index('<div id="meldingen" hx-swap-oob') :]
    assert "Intussen is al een oordeel van jou over LU1.1 opgeslagen: aangetoond" in meldingen
    assert getypt in antwoord.text  # nothing typed is lost
    assert 'name="reden"' in antwoord.text  # changing it now is a correction, deliberately
    assert "Een correctie heeft een reden nodig" not in antwoord.text


def test_na_een_nieuwe_versie_vraagt_het_formulier_geen_reden(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student, ("LU1.1",))
    als(praktijkbegeleider)
    eerste = _versie_id(client)
    client.post(
        f"/te-beoordelen/{eerste}/leeruitkomsten/LU1.1",
        data={"oordeel": "niet_aangetoond", "feedback": "De bron ontbreekt.", "gezien": "0"},
    )
    als(student)
    client.patch(f"/api/v1/bewijsstukken/{bewijs['id']}", data={"titel": "Verslag, met bron"})
    client.post(f"/api/v1/bewijsstukken/{bewijs['id']}/indienen")
    als(praktijkbegeleider)
    nieuwe = _versie_id(client)
    assert nieuwe != eerste

    pagina = client.get(f"/te-beoordelen/{nieuwe}").text
    assert 'name="reden"' not in pagina
    assert "je oordeel erover is een nieuw oordeel, zonder reden" in pagina
    opgeslagen = client.post(
        f"/te-beoordelen/{nieuwe}/leeruitkomsten/LU1.1",
        data={"oordeel": "aangetoond", "feedback": "", "gezien": _gezien(pagina)},
        headers=HTMX,
    )
    assert opgeslagen.status_code == 200, opgeslagen.text
    assert "nieuw oordeel over nieuwer bewijs" in opgeslagen.text
    assert "correctie:" not in opgeslagen.text
