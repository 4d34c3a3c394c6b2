"""The examencommissie's workspace and dossier page, the decision form, and the public diploma page."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from app.models import Diplomabesluit, Rol
from tests import factories
from tests.besluit.conftest import maak_diplomabaar, maak_veel_diplomabaar

HTMX = {"HX-Request": "true"}


def test_werkruimte_toont_diplomabare_en_bijna_diplomabare_studenten(
    als,
    client,
    db,
    praktijkbegeleider,
    beheerder,
    examencommissielid,  # noqa: ANN001
) -> None:
    cohort = factories.create_cohort(db, "WA6-TEST-A")
    ander_cohort = factories.create_cohort(db, "WA6-TEST-B")
    klaar = factories.create_gebruiker(db, Rol.student, naam="Klaar Kandidaat")
    factories.create_inschrijving(db, klaar, cohort)
    maak_diplomabaar(db, klaar, praktijkbegeleider, beheerder)
    bijna = factories.create_gebruiker(db, Rol.student, naam="Bijna Kandidaat")
    factories.create_inschrijving(db, bijna, ander_cohort)
    maak_diplomabaar(db, bijna, praktijkbegeleider, beheerder, vereisten_weglaten=("PV",))
    ver = factories.create_gebruiker(db, Rol.student, naam="Verre Kandidaat")
    factories.create_inschrijving(db, ver, cohort)
    maak_diplomabaar(db, ver, praktijkbegeleider, beheerder, weglaten=("LU1.1", "LU1.2"))

    als(examencommissielid)
    pagina = client.get("/examencommissie")
    assert pagina.status_code == 200
    assert "Klaar Kandidaat" in pagina.text and "Bijna Kandidaat" in pagina.text
    assert "Verre Kandidaat" not in pagina.text
    assert "proces-verbaal: er is op" in pagina.text  # the one reason left is named
    assert pagina.text.index("Klaar Kandidaat") < pagina.text.index("Bijna Kandidaat")

    gefilterd = client.get("/examencommissie?cohort=WA6-TEST-A", headers=HTMX)
    assert "Klaar Kandidaat" in gefilterd.text and "Bijna Kandidaat" not in gefilterd.text
    assert "<html" not in gefilterd.text  # htmx gets the list only
    alleen_bijna = client.get("/examencommissie?toon=bijna")
    assert "Bijna Kandidaat" in alleen_bijna.text and "Klaar Kandidaat" not in alleen_bijna.text
    assert 'href="/examencommissie"' in pagina.text  # the menu entry


def test_werkruimte_en_dossier_zijn_alleen_voor_de_examencommissie(
    als,
    client,
    diplomabare_student,
    praktijkbegeleider,
    beheerder,  # noqa: ANN001
) -> None:
    for persoon in (praktijkbegeleider, beheerder, diplomabare_student):
        als(persoon)
        assert client.get("/examencommissie").status_code == 404
        assert client.get(f"/examencommissie/studenten/{diplomabare_student.id}").status_code == 404
        assert 'href="/examencommissie"' not in client.get("/kwalificaties").text


def test_werkruimte_kost_een_vast_aantal_queries_bij_5_en_bij_200_studenten(
    als,
    client,
    db,
    praktijkbegeleider,
    beheerder,
    examencommissielid,
    count_queries,  # noqa: ANN001
) -> None:
    cohort = factories.create_cohort(db)
    als(examencommissielid)
    aantallen = {}
    totaal = 0
    for erbij in (5, 195):
        ids = factories.create_veel_studenten(db, erbij, cohort=cohort)
        maak_veel_diplomabaar(db, ids[: erbij // 2 + 1], praktijkbegeleider, beheerder)
        totaal += erbij
        with count_queries:
            pagina = client.get(f"/examencommissie?cohort={cohort.code}&per_pagina=50")
        assert pagina.status_code == 200
        aantallen[totaal] = count_queries.count
    assert pagina.text.count('href="/examencommissie/studenten/') == 50  # 3 + 98 diplomabaar, paged
    assert "101 studenten" in pagina.text
    assert aantallen[5] == aantallen[200], aantallen


def test_dossier_toont_oordelen_bewijs_beroepsvereisten_en_controles(
    als,
    client,
    db,
    diplomabare_student,
    examencommissielid,  # noqa: ANN001
) -> None:
    als(examencommissielid)
    pagina = client.get(f"/examencommissie/studenten/{diplomabare_student.id}")
    assert pagina.status_code == 200
    tekst = pagina.text
    assert "KT1 · Werken binnen de politieorganisatie" in tekst
    assert "volgens Pieter Praktijkbegeleider op" in tekst
    assert "Overtuigend voor LU1.1." in tekst
    assert re.search(r'href="/bewijsstukken/\d+">Eindverslag, versie 1</a>', tekst)
    assert "RTGP" in tekst and "geldig tot en met" in tekst
    assert "Het beslissende lid beoordeelde niets van deze student" in tekst
    assert "Eva Examencommissie gaf geen enkele beoordeling van deze student." in tekst
    assert "Geen inzending wacht op beoordeling" in tekst
    assert "Diplomabaar" in tekst
    assert 'name="motivering"' in tekst


def test_dossier_kost_een_vast_aantal_queries(
    als,
    client,
    db,
    student,
    praktijkbegeleider,
    beheerder,
    examencommissielid,
    count_queries,  # noqa: ANN001
) -> None:
    als(examencommissielid)
    cohort = factories.create_cohort(db)
    aantallen = {}
    totaal = 1
    for ronde, erbij in enumerate((4, 195), start=1):
        # Every round adds a full set of evidence and judgements by another assessor, and more diplomabare
        # students to the school: 5 students, then 200.
        beoordelaar = factories.create_gebruiker(db, Rol.praktijkbegeleider)
        maak_diplomabaar(db, student, beoordelaar, beheerder)
        ids = factories.create_veel_studenten(db, erbij, cohort=cohort)
        maak_veel_diplomabaar(db, ids, praktijkbegeleider, beheerder)
        totaal += erbij
        with count_queries:
            pagina = client.get(f"/examencommissie/studenten/{student.id}")
        assert pagina.status_code == 200
        # The page shows this student's judgements: one assessor's, then two; nobody else's.
        assert pagina.text.count("Overtuigend voor LU1.1.") == ronde
        aantallen[totaal] = count_queries.count
    assert aantallen[5] == aantallen[200], aantallen


def test_besluit_via_het_formulier_en_de_publieke_pagina(
    als,
    client,
    db,
    diplomabare_student,
    examencommissielid,  # noqa: ANN001
) -> None:
    als(examencommissielid)
    url = f"/examencommissie/studenten/{diplomabare_student.id}"
    antwoord = client.post(
        f"{url}/besluit", data={"besluit": "vastgesteld", "motivering": "Volledig dossier."}, follow_redirects=False
    )
    assert antwoord.status_code == 303
    pagina = client.get(antwoord.headers["location"])
    nummer = db.scalar(select(Diplomabesluit.diplomanummer).where(Diplomabesluit.student_id == diplomabare_student.id))
    assert "Het diploma is vastgesteld." in pagina.text and nummer in pagina.text
    assert "Volledig dossier." in pagina.text
    assert 'name="motivering"' not in pagina.text  # a valid diploma: no second decision
    assert "intrekken" in pagina.text
    assert f'href="/api/v1/diplomas/{nummer}/pdf" download>Diploma (PDF)<' in pagina.text
    pdf = client.get(f"/api/v1/diplomas/{nummer}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    client.cookies.clear()
    code = db.scalar(select(Diplomabesluit.verificatiecode).where(Diplomabesluit.diplomanummer == nummer))
    kaal = client.get(f"/diplomas/{nummer}")
    assert "Dit diploma is geldig." in kaal.text and "Sanne Student" not in kaal.text
    assert 'name="code"' in kaal.text  # asks for the verification code
    publiek = client.get(f"/diplomas/{nummer}", params={"code": code})
    assert publiek.status_code == 200
    assert "Dit diploma is geldig." in publiek.text and "Sanne Student" in publiek.text
    assert "Wijkagent (niveau 6)" in publiek.text
    assert "Hoofdmenu" not in publiek.text
    assert "Overtuigend" not in publiek.text  # nothing of the dossier


def test_geweigerd_besluit_houdt_de_motivering_en_noemt_de_redenen(
    als,
    client,
    db,
    student,
    praktijkbegeleider,
    beheerder,
    examencommissielid,  # noqa: ANN001
) -> None:
    maak_diplomabaar(db, student, praktijkbegeleider, beheerder, vereisten_weglaten=("RTGP",))
    als(examencommissielid)
    url = f"/examencommissie/studenten/{student.id}/besluit"
    motivering = "Mijn zorgvuldig geschreven motivering."

    pagina = client.post(url, data={"besluit": "vastgesteld", "motivering": motivering})
    assert pagina.status_code == 409
    assert motivering in pagina.text
    assert "RTGP" in pagina.text and "niet diplomabaar" in pagina.text

    fragment = client.post(url, data={"besluit": "vastgesteld", "motivering": motivering}, headers=HTMX)
    assert fragment.status_code == 409
    assert "<html" not in fragment.text and 'id="besluit"' in fragment.text
    assert motivering in fragment.text
    assert 'id="meldingen" hx-swap-oob' in fragment.text

    leeg = client.post(url, data={"besluit": "afgewezen", "motivering": ""}, headers=HTMX)
    assert leeg.status_code == 422 and "Schrijf een motivering" in leeg.text
    assert db.scalar(select(Diplomabesluit).where(Diplomabesluit.student_id == student.id)) is None


def test_een_lid_dat_beoordeelde_ziet_geen_formulier(als, client, db, student, beheerder) -> None:  # noqa: ANN001
    lid = factories.create_gebruiker(db, Rol.praktijkbegeleider, Rol.examencommissie, naam="Dubbel Petje")
    factories.create_begeleiding(db, lid, student)
    maak_diplomabaar(db, student, lid, beheerder)
    als(lid)
    pagina = client.get(f"/examencommissie/studenten/{student.id}")
    assert "Dubbel Petje beoordeelde deze student zelf" in pagina.text
    assert 'name="motivering"' not in pagina.text
    weigering = client.post(
        f"/examencommissie/studenten/{student.id}/besluit",
        data={"besluit": "vastgesteld", "motivering": "Toch maar."},
        headers=HTMX,
    )
    assert weigering.status_code == 403 and weigering.headers["HX-Retarget"] == "#meldingen"


def test_intrekken_via_het_formulier(als, client, db, diplomabare_student, examencommissielid) -> None:  # noqa: ANN001
    als(examencommissielid)
    url = f"/examencommissie/studenten/{diplomabare_student.id}"
    client.post(f"{url}/besluit", data={"besluit": "vastgesteld", "motivering": "Volledig."})
    nummer = db.scalar(select(Diplomabesluit.diplomanummer).where(Diplomabesluit.student_id == diplomabare_student.id))

    leeg = client.post(f"{url}/diplomas/{nummer}/intrekking", data={"reden": ""}, headers=HTMX)
    assert leeg.status_code == 422 and 'id="besluiten"' in leeg.text and "Geef de reden" in leeg.text

    klaar = client.post(f"{url}/diplomas/{nummer}/intrekking", data={"reden": "Vervalst bewijs."}, headers=HTMX)
    assert klaar.status_code == 204 and klaar.headers["HX-Redirect"].startswith(url)
    pagina = client.get(klaar.headers["HX-Redirect"])
    assert "Ingetrokken" in pagina.text and "Vervalst bewijs." in pagina.text
    assert f'href="/api/v1/diplomas/{nummer}/pdf" download>Diploma (PDF, gemarkeerd als ingetrokken)<' in pagina.text
    assert 'name="motivering"' in pagina.text  # after revocation a new decision may follow


def test_na_intrekking_heropent_de_examencommissie_het_dossier_en_het_dashboard_zegt_hetzelfde(
    als, client, db, diplomabare_student, examencommissielid
) -> None:  # noqa: ANN001
    als(examencommissielid)
    url = f"/examencommissie/studenten/{diplomabare_student.id}"
    client.post(f"{url}/besluit", data={"besluit": "vastgesteld", "motivering": "Volledig."})
    nummer = db.scalar(select(Diplomabesluit.diplomanummer).where(Diplomabesluit.student_id == diplomabare_student.id))
    client.post(f"{url}/diplomas/{nummer}/intrekking", data={"reden": "Vervalst bewijs."})

    pagina = client.get(url).text
    assert "Dossier heropenen" in pagina and "niet diplomabaar" in pagina
    als(diplomabare_student)
    dashboard = client.get("/dashboard").text
    assert "Nog niet diplomabaar" in dashboard and f"Diploma {nummer} is op" in dashboard
    assert "<strong>Diplomabaar</strong>" not in dashboard

    als(examencommissielid)
    leeg = client.post(f"{url}/diplomas/{nummer}/heropening", data={"reden": ""}, headers=HTMX)
    assert leeg.status_code == 422 and 'id="besluiten"' in leeg.text and "Geef de reden" in leeg.text
    klaar = client.post(f"{url}/diplomas/{nummer}/heropening", data={"reden": "Bewijs opnieuw bekeken."}, headers=HTMX)
    assert klaar.status_code == 204
    pagina = client.get(klaar.headers["HX-Redirect"]).text
    assert "Het dossier is heropend" in pagina and "Bewijs opnieuw bekeken." in pagina
    assert "Dossier heropenen</summary>" not in pagina
    als(diplomabare_student)
    assert "<strong>Diplomabaar</strong>" in client.get("/dashboard").text


def test_het_portfolio_leidt_de_examencommissie_naar_het_dossier(
    als,
    client,
    student,
    examencommissielid,
    praktijkbegeleider,  # noqa: ANN001
) -> None:
    als(examencommissielid)
    assert f'href="/examencommissie/studenten/{student.id}"' in client.get(f"/studenten/{student.id}/portfolio").text
    als(praktijkbegeleider)
    assert "/examencommissie/" not in client.get(f"/studenten/{student.id}/portfolio").text


def test_bijna_is_ook_een_wachtende_inzending_of_een_verlopen_resultaat(
    als,
    client,
    db,
    praktijkbegeleider,
    beheerder,
    examencommissielid,  # noqa: ANN001
) -> None:
    from app import tijd
    from app.models import BeroepsvereisteResultaat
    from tests.beoordeling.conftest import maak_ingediend

    cohort = factories.create_cohort(db, "WA6-TEST-C")
    wacht = factories.create_gebruiker(db, Rol.student, naam="Wachtende Kandidaat")
    factories.create_inschrijving(db, wacht, cohort)
    maak_diplomabaar(db, wacht, praktijkbegeleider, beheerder)
    maak_ingediend(db, wacht, ("LU1.1",), titel="Nagekomen verslag")
    verlopen = factories.create_gebruiker(db, Rol.student, naam="Verlopen Kandidaat")
    factories.create_inschrijving(db, verlopen, cohort)
    maak_diplomabaar(db, verlopen, praktijkbegeleider, beheerder)
    resultaat = db.scalar(select(BeroepsvereisteResultaat).where(BeroepsvereisteResultaat.student_id == verlopen.id))
    db.add(
        BeroepsvereisteResultaat(
            student_id=verlopen.id,
            beroepsvereiste_id=resultaat.beroepsvereiste_id,
            datum=tijd.vandaag() - dt.timedelta(days=400),
            resultaat=resultaat.resultaat,
            geldig_tot=tijd.vandaag() - dt.timedelta(days=35),
            vastgelegd_door_id=beheerder.id,
            corrigeert_id=resultaat.id,
        )
    )
    db.flush()

    als(examencommissielid)
    pagina = client.get("/examencommissie?cohort=WA6-TEST-C&toon=bijna")
    assert "Wachtende Kandidaat" in pagina.text and "wacht" in pagina.text
    assert "Verlopen Kandidaat" in pagina.text and "was geldig tot" in pagina.text


def test_werkruimte_telt_een_gecorrigeerd_oordeel_naar_zijn_correctie(
    als,
    client,
    db,
    praktijkbegeleider,
    beheerder,
    examencommissielid,  # noqa: ANN001
) -> None:
    """Only a judgement nothing replaced counts: aangetoond corrected to niet aangetoond on two leeruitkomsten
    takes a student out of the workspace; niet aangetoond corrected to aangetoond keeps one in."""
    from app import tijd
    from app.models import Beoordeling, BeoordelingBewijs, Oordeel

    def corrigeer(student, oordeel_) -> None:  # noqa: ANN001
        oordelen = db.scalars(
            select(Beoordeling).where(Beoordeling.student_id == student.id).order_by(Beoordeling.id)
        ).all()
        for eerder in oordelen[:2]:
            eerder.oordeel = Oordeel.niet_aangetoond if oordeel_ == Oordeel.aangetoond else Oordeel.aangetoond
            versie_id = db.scalars(
                select(BeoordelingBewijs.versie_id).where(BeoordelingBewijs.beoordeling_id == eerder.id)
            ).one()
            db.add(
                Beoordeling(
                    student_id=student.id,
                    leeruitkomst_id=eerder.leeruitkomst_id,
                    beoordelaar_id=eerder.beoordelaar_id,
                    tijd=tijd.nu(),
                    oordeel=oordeel_,
                    feedback="Bij nader inzien.",
                    vervangt_id=eerder.id,
                    reden="Correctie",
                    bewijs=[BeoordelingBewijs(versie_id=versie_id)],
                    reacties=[],
                )
            )
        db.flush()

    cohort = factories.create_cohort(db, "WA6-TEST-K")
    hersteld = factories.create_gebruiker(db, Rol.student, naam="Herstelde Kandidaat")
    factories.create_inschrijving(db, hersteld, cohort)
    maak_diplomabaar(db, hersteld, praktijkbegeleider, beheerder)
    corrigeer(hersteld, Oordeel.aangetoond)  # was niet aangetoond, corrected to aangetoond
    teruggezet = factories.create_gebruiker(db, Rol.student, naam="Teruggezette Kandidaat")
    factories.create_inschrijving(db, teruggezet, cohort)
    maak_diplomabaar(db, teruggezet, praktijkbegeleider, beheerder)
    corrigeer(teruggezet, Oordeel.niet_aangetoond)  # was aangetoond, corrected to niet aangetoond

    als(examencommissielid)
    pagina = client.get("/examencommissie?cohort=WA6-TEST-K")
    assert pagina.status_code == 200
    assert "Herstelde Kandidaat" in pagina.text
    assert "Teruggezette Kandidaat" not in pagina.text

    from app.besluit import repository

    kandidaten = {r[0] for r in db.execute(repository.kandidaten_stmt("WA6-TEST-K", "alle", tijd.vandaag()))}
    assert hersteld.id in kandidaten and teruggezet.id not in kandidaten
