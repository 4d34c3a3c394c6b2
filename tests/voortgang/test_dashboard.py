"""The student's dashboard: where they stand, what to do next, and what is between them and the diploma."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import tijd
from app.besluit import service as besluit_service
from app.models import Besluit, Diplomabesluit, Inschrijving, Intrekking, Oordeel, Rol
from app.tijd import vandaag
from tests import factories
from tests.beoordeling.conftest import maak_beoordeling, maak_ingediend

CODES = ["LU1.1", "LU1.2", "LU2.1", "LU2.2", "LU2.3", "LU3.1", "LU3.2", "LU4.1", "LU4.2", "LU5.1", "LU5.2", "LU5.3"]


def _tekst(html: str) -> str:
    """The page as a reader sees it: tags gone, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _sectie(html: str, kop_id: str) -> str:
    begin = html.index(f'id="{kop_id}"')
    einde = html.find("</section>", begin)
    return _tekst(html[begin:einde])


def test_na_inloggen_ziet_de_student_het_dashboard(als, student, client: TestClient) -> None:
    als(student)

    antwoord = client.get("/")

    assert antwoord.url.path == "/dashboard"
    assert "<h1>Mijn voortgang</h1>" in antwoord.text
    assert '<a href="/portfolio">Naar mijn portfolio</a>' in antwoord.text
    assert 'href="/dashboard" aria-current="page">Mijn voortgang' in antwoord.text


def test_een_nieuwe_student_ziet_dat_alles_nog_moet(als, student, client: TestClient) -> None:
    als(student)

    pagina = client.get("/dashboard").text

    assert "0 van de 12 leeruitkomsten aangetoond" in _tekst(pagina)
    assert '<strong>Nog niet diplomabaar</strong>: <a href="#kop-diploma">15 punten ontbreken</a>' in pagina
    assert pagina.count('class="lu-tegel" data-status="niet_gestart"') == 12
    for code in CODES:
        assert f'href="/portfolio#lu-{code.replace(".", "-")}"' in pagina
    raster = _sectie(pagina, "kop-leeruitkomsten")
    assert "LU3.1 Kent en analyseert het juridisch kader" in raster
    assert raster.count("○ Niet gestart") == 12
    kerntaken = _sectie(pagina, "kop-kerntaken")
    assert "KT2 Verkrijgen en verder ontwikkelen van een professionele (beroeps)identiteit" in kerntaken
    assert "0 van 3 aangetoond" in kerntaken
    assert '<progress max="3" value="0"' in pagina
    stappen = _sectie(pagina, "kop-stappen")
    # One step, not twelve alike: each leeruitkomst opens the upload form with it ticked.
    assert stappen.count("Voeg bewijs toe voor de 12 leeruitkomsten zonder bewijs:") == 1
    assert "Koppel bewijs" not in stappen
    blok = pagina[pagina.index('id="kop-stappen"') :]
    for code in CODES:
        assert f'href="/portfolio/bewijsstukken/nieuw?leeruitkomst={code}"' in blok
    diploma = _sectie(pagina, "kop-diploma")
    assert "Nog niet diplomabaar. Dit ontbreekt nog (15):" in diploma
    assert "LU1.1 is nog niet aangetoond (niet gestart): Nog geen bewijs gekoppeld." in diploma
    assert "Het ambtsedig opmaken van een proces-verbaal: er is op " in diploma
    assert "Nog geen resultaat" in _sectie(pagina, "kop-beroepsvereisten")
    assert "Je hebt nog geen feedback gekregen." in pagina


def test_het_dashboard_volgt_oordelen_feedback_en_beroepsvereisten(
    als, db: Session, student, praktijkbegeleider, beheerder, client: TestClient
) -> None:
    bakker = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Pieter Bakker")
    factories.create_begeleiding(db, bakker, student)
    maak_ingediend(db, student, ("LU1.1",))
    beoordeeld = maak_ingediend(db, student, ("LU3.2",))
    oordeel = maak_beoordeling(db, student, bakker, beoordeeld, Oordeel.gedeeltelijk_aangetoond)
    oordeel.feedback = "Beschrijf ook hoe je de geweldsinstructie toepaste."
    goed = maak_ingediend(db, student, ("LU2.1",))
    maak_beoordeling(db, student, bakker, goed, Oordeel.aangetoond).feedback = "Sterk verslag."
    db.flush()
    factories.create_resultaat(db, student, "RTGP", beheerder, geldig_tot=vandaag() + dt.timedelta(days=20))
    factories.create_resultaat(db, student, "IBT", beheerder, geldig_tot=vandaag() - dt.timedelta(days=1))
    factories.create_resultaat(db, student, "PV", beheerder, voldaan=False)
    als(student)

    pagina = client.get("/dashboard").text

    assert "1 van de 12 leeruitkomsten aangetoond" in _tekst(pagina)
    raster = _sectie(pagina, "kop-leeruitkomsten")
    assert "LU1.1 Weet waar de politie staat ◷ Ter beoordeling" in raster
    assert "◐ Gedeeltelijk aangetoond" in raster and "✓ Aangetoond" in raster
    stappen = _sectie(pagina, "kop-stappen")
    assert stappen.index("Wacht op het oordeel van je praktijkbegeleider over LU1.1") < stappen.index(
        "Verwerk de feedback van P. Bakker op LU3.2"
    )
    assert "LU2.1" not in stappen
    assert "1 van 3 aangetoond" in _sectie(pagina, "kop-kerntaken")
    feedback = _sectie(pagina, "kop-feedback")
    # Newest first, each linked to the judgement in the portfolio.
    assert feedback.index("LU2.1 : aangetoond") < feedback.index("LU3.2 : gedeeltelijk aangetoond")
    assert "Beschrijf ook hoe je de geweldsinstructie toepaste." in feedback
    assert f'href="/portfolio#beoordeling-{oordeel.id}"' in pagina
    vereisten = _sectie(pagina, "kop-beroepsvereisten")
    binnenkort = (vandaag() + dt.timedelta(days=20)).strftime("%d-%m-%Y")
    assert f"Let op: RTGP (Regeling Toetsing Geweldsbeheersing Politie) toetsen is nog geldig tot {binnenkort}" in (
        _tekst(pagina).replace("⚠ ", "")
    )
    assert f"Voldaan, geldig tot {binnenkort} (verloopt binnenkort)" in vereisten
    assert "Niet geldig: resultaat van 15-09-2026 was geldig tot" in vereisten
    assert "Niet geldig: resultaat van 15-09-2026 is niet voldaan" in vereisten
    diploma = _sectie(pagina, "kop-diploma")
    assert "LU1.1: versie 1 van een bewijsstuk wacht sinds" in diploma
    # RTGP warns but is not yet a reason.
    assert re.findall(r'data-soort="beroepsvereiste" data-code="(\w+)"', pagina) == ["IBT", "PV"]


def _alles_aangetoond(db: Session, student, beoordelaar, beheerder) -> None:  # noqa: ANN001
    for code in CODES:
        maak_beoordeling(db, student, beoordelaar, maak_ingediend(db, student, (code,)), Oordeel.aangetoond)
    for code in ("RTGP", "IBT", "PV"):
        factories.create_resultaat(db, student, code, beheerder, geldig_tot=vandaag() + dt.timedelta(days=300))


def test_een_diplomabare_student_ziet_dat_en_heeft_niets_meer_te_doen(
    als, db: Session, student, praktijkbegeleider, beheerder, client: TestClient
) -> None:
    _alles_aangetoond(db, student, praktijkbegeleider, beheerder)
    als(student)

    pagina = client.get("/dashboard").text

    assert "12 van de 12 leeruitkomsten aangetoond" in _tekst(pagina)
    assert f"✓ Diplomabaar op {vandaag().strftime('%d-%m-%Y')}." in _tekst(pagina)
    diploma = _sectie(pagina, "kop-diploma")
    assert "Diplomabaar. Je voldoet aan alle eisen" in diploma
    assert "ontbreekt" not in diploma
    assert "Voor geen enkele leeruitkomst hoef je nu iets te doen." in pagina
    assert pagina.count('data-status="aangetoond"') == 12
    assert "Let op" not in pagina


def test_een_student_zonder_inschrijving_krijgt_uitleg(als, db: Session, client: TestClient) -> None:
    nieuw = factories.create_gebruiker(db, Rol.student)
    als(nieuw)

    antwoord = client.get("/dashboard")

    assert antwoord.status_code == 200
    assert "Je bent nog niet ingeschreven voor een kwalificatie." in antwoord.text


def test_alleen_de_student_zelf_heeft_een_dashboard(als, student, praktijkbegeleider, client: TestClient) -> None:
    als(praktijkbegeleider)

    assert client.get("/dashboard").status_code == 404


def test_het_dashboard_kost_evenveel_queries_met_weinig_of_veel_gegevens(
    als, db: Session, student, praktijkbegeleider, beheerder, client: TestClient, count_queries
) -> None:
    als(student)
    tellingen = []
    for ronde in range(2):
        # The second round: every leeruitkomst judged, many versions waiting, several results per requirement.
        aantal = 1 if ronde == 0 else 30
        for i in range(aantal):
            versie = maak_ingediend(db, student, (CODES[i % 12],))
            beoordeling = maak_beoordeling(db, student, praktijkbegeleider, versie, Oordeel.niet_aangetoond)
            beoordeling.feedback = f"Feedback {i}"
            maak_ingediend(db, student, (CODES[(i + 5) % 12],))
        for code in ("RTGP", "IBT", "PV")[: 1 + 2 * ronde]:
            factories.create_resultaat(db, student, code, beheerder, geldig_tot=vandaag() + dt.timedelta(days=10))
        if ronde == 1:
            _veel_besluiten(db, student, praktijkbegeleider)
        db.flush()
        db.expunge_all()
        with count_queries:
            antwoord = client.get("/dashboard")
        assert antwoord.status_code == 200
        tellingen.append(count_queries.count)
    assert tellingen[0] == tellingen[1]
    assert _sectie(antwoord.text, "kop-feedback").count("Feedback ") == 5
    assert _sectie(antwoord.text, "kop-mijn-diploma").count("Ingetrokken") == 3


def _veel_besluiten(db: Session, student, lid) -> None:  # noqa: ANN001
    """Three revoked diplomas, a valid one and a refusal, straight in the database (as years of decisions)."""
    inschrijving_id = db.scalar(select(Inschrijving.id).where(Inschrijving.student_id == student.id))
    for i, soort in enumerate([Besluit.vastgesteld] * 4 + [Besluit.afgewezen]):
        besluit = Diplomabesluit(
            student_id=student.id,
            inschrijving_id=inschrijving_id,
            besluit=soort,
            motivering=f"Besluit {i}",
            beslist_door_id=lid.id,
            tijd=tijd.nu() - dt.timedelta(days=10 - i),
            datum=vandaag() - dt.timedelta(days=10 - i),
            snapshot="{}",
            snapshot_sha256="0" * 64,
            diplomanummer=f"WA6-2026-{900 + i:06d}" if soort is Besluit.vastgesteld else None,
        )
        db.add(besluit)
        db.flush()
        if i < 3:
            db.add(Intrekking(besluit_id=besluit.id, reden=f"Reden {i}", door_id=lid.id, tijd=tijd.nu()))
    db.flush()


def test_een_vastgesteld_diploma_staat_op_het_dashboard_met_download_en_verificatie(
    als, db: Session, student, praktijkbegeleider, beheerder, examencommissielid, client: TestClient
) -> None:
    _alles_aangetoond(db, student, praktijkbegeleider, beheerder)
    als(student)
    assert 'id="kop-mijn-diploma"' not in client.get("/dashboard").text  # diplomabaar is not yet a diploma
    besluit = besluit_service.beslissen(db, examencommissielid, student.id, "vastgesteld", "Volledig dossier.")
    nummer = besluit.diplomanummer

    pagina = client.get("/dashboard").text

    diploma = _sectie(pagina, "kop-mijn-diploma")
    assert f"Je diploma is vastgesteld door de examencommissie op {vandaag().strftime('%d-%m-%Y')}" in diploma
    assert f"Diplomanummer: {nummer}" in diploma
    assert f'<a class="knop" href="/api/v1/diplomas/{nummer}/pdf" download>Diploma downloaden (PDF)</a>' in pagina
    code = besluit.verificatiecode
    assert f'<a href="/diplomas/{nummer}?code={code}">Openbare verificatiepagina</a>' in pagina
    assert f"Verificatiecode: {code}" in diploma
    # The Open Badge beside the PDF, what it is in one sentence, and LinkedIn's form filled in.
    assert f'href="/api/v1/diplomas/{nummer}/openbadge.jwt" download>Download als Open Badge</a>' in pagina
    assert "Open Badges 3.0" in diploma
    linkedin = re.search(r'href="(https://www\.linkedin\.com/profile/add\?[^"]+)"', pagina).group(1)
    velden = parse_qs(urlsplit(html.unescape(linkedin)).query)
    assert velden["name"] == ["Diploma Wijkagent (niveau 6)"] and velden["organizationName"] == ["Politieacademie"]
    assert velden["issueYear"] == [str(vandaag().year)] and velden["issueMonth"] == [str(vandaag().month)]
    assert velden["certUrl"][0].endswith(f"/diplomas/{nummer}?code={code}") and velden["certId"] == [nummer]
    badge = client.get(f"/api/v1/diplomas/{nummer}/openbadge.jwt")
    assert badge.status_code == 200 and badge.text.count(".") == 2
    pdf = client.get(f"/api/v1/diplomas/{nummer}/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_een_ingetrokken_diploma_zegt_dat_met_reden_en_datum_zonder_download(
    als, db: Session, student, praktijkbegeleider, beheerder, examencommissielid, client: TestClient
) -> None:
    _alles_aangetoond(db, student, praktijkbegeleider, beheerder)
    nummer = besluit_service.beslissen(db, examencommissielid, student.id, "vastgesteld", "Volledig.").diplomanummer
    besluit_service.intrekken(db, examencommissielid, nummer, "Het bewijs voor LU3.1 bleek niet van de student.")
    db.expunge_all()
    als(student)

    pagina = client.get("/dashboard").text

    diploma = _sectie(pagina, "kop-mijn-diploma")
    vandaag_nl = vandaag().strftime("%d-%m-%Y")
    assert f"Ingetrokken Je diploma {nummer} , vastgesteld op {vandaag_nl}, is op {vandaag_nl} ingetrokken" in diploma
    assert "Het is niet meer geldig." in diploma
    assert "Reden: Het bewijs voor LU3.1 bleek niet van de student." in diploma
    assert "Diploma downloaden" not in pagina and "/pdf" not in pagina
    assert f'href="/diplomas/{nummer}"' in pagina


def test_een_afgewezen_besluit_is_geen_diploma_op_het_dashboard(
    als, db: Session, student, praktijkbegeleider, beheerder, examencommissielid, client: TestClient
) -> None:
    _alles_aangetoond(db, student, praktijkbegeleider, beheerder)
    besluit_service.beslissen(db, examencommissielid, student.id, "afgewezen", "Het dossier is te dun.")
    als(student)

    assert 'id="kop-mijn-diploma"' not in client.get("/dashboard").text


def test_de_stap_van_een_leeruitkomst_zonder_bewijs_opent_het_formulier_met_die_leeruitkomst(
    als, student, client: TestClient
) -> None:
    als(student)
    pagina = client.get("/dashboard").text
    link = re.search(r'href="(/portfolio/bewijsstukken/nieuw\?leeruitkomst=LU3\.2)"', pagina).group(1)

    formulier = client.get(html.unescape(link)).text

    aangevinkt = re.findall(r'<input[^>]*name="leeruitkomsten"[^>]*>', formulier)
    assert [v for v in aangevinkt if "checked" in v] and all('value="LU3.2"' in v for v in aangevinkt if "checked" in v)
