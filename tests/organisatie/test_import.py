"""A beheerder imports students from a CSV file: first a checked preview, then all rows or none."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from app.models import Cohort, Gebruiker, Inschrijving, Rol
from app.organisatie import csv_import
from tests import factories
from tests.organisatie.conftest import audit_records, tellingen

GOED = (
    "studentnummer;naam;e-mail;cohort;kwalificatie\n"
    "100234;Sanne de Vries;Sanne.deVries@student.example.nl;WA6-2026-09;WA-N6 2.1\n"
    "100235;Ahmed El Amrani;ahmed.elamrani@student.example.nl;WA6-2026-09;WA-N6 2.1\n"
    "100236;Iris Jansen;iris.jansen@student.example.nl;WA6-2027-02;WA-N6 2.1\n"
)


def _voorbeeld(client, tekst: str | bytes, startdatum: str = "2026-09-01"):  # noqa: ANN001, ANN202
    inhoud = tekst.encode() if isinstance(tekst, str) else tekst
    return client.post(
        "/beheer/import/voorbeeld",
        files={"bestand": ("studenten.csv", inhoud, "text/csv")},
        data={"startdatum": startdatum},
    )


def _pakket(html: str) -> str:
    gevonden = re.search(r'name="pakket" value="([^"]+)"', html)
    assert gevonden, "geen Importeren-knop in het voorbeeld"
    return gevonden.group(1)


def _importeer(client, tekst: str):  # noqa: ANN001, ANN202
    voorbeeld = _voorbeeld(client, tekst)
    assert voorbeeld.status_code == 200, voorbeeld.text
    return client.post("/beheer/import", data={"pakket": _pakket(voorbeeld.text)})


def test_de_importpagina_legt_het_formaat_uit(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    html = client.get("/beheer/import").text
    for uitleg in ("studentnummer", "WA-N6 2.1", "UTF-8", "puntkomma", "helemaal of helemaal niet"):
        assert uitleg in html
    assert 'enctype="multipart/form-data"' in html
    # the file chooser offers CSV files: the attribute arrives unescaped, not as accept="&quot;.csv…&quot;"
    assert re.search(r'<input id="bestand" name="bestand" type="file"[^>]* accept="\.csv,text/csv"', html), html
    assert "&quot;" not in re.search(r'<input id="bestand"[^>]*>', html).group(0)


def test_het_voorbeeld_toont_alle_rijen_en_schrijft_nog_niets(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    voor = tellingen(db)
    response = _voorbeeld(client, GOED)
    assert response.status_code == 200
    assert "Alle 3 rijen zijn in orde. Er is nog niets opgeslagen." in response.text
    assert "Cohort WA6-2026-09 wordt aangemaakt (2 studenten)." in response.text
    assert "sanne.devries@student.example.nl" in response.text  # e-mail addresses are stored lower-case
    assert "Nieuwe student" in response.text
    assert tellingen(db) == voor


def test_een_goed_bestand_maakt_studenten_cohorten_en_inschrijvingen_aan(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    voor = tellingen(db)
    response = _importeer(client, GOED)
    assert response.status_code == 200
    assert "Import voltooid" in response.text
    assert tellingen(db) == {
        "gebruikers": voor["gebruikers"] + 3,
        "cohorten": voor["cohorten"] + 2,
        "inschrijvingen": voor["inschrijvingen"] + 3,
    }
    sanne = db.scalar(select(Gebruiker).where(Gebruiker.studentnummer == "100234"))
    assert (sanne.naam, sanne.email, sanne.wachtwoord_hash, sanne.actief) == (
        "Sanne de Vries",
        "sanne.devries@student.example.nl",
        None,
        True,
    )
    assert sanne.rollen == {Rol.student}
    inschrijving = db.scalar(select(Inschrijving).where(Inschrijving.student_id == sanne.id))
    assert inschrijving.startdatum == dt.date(2026, 9, 1)
    assert inschrijving.kwalificatie_id == factories.wijkagent(db).id
    [record] = audit_records(db, "studenten_geimporteerd")
    assert record["actor_id"] == beheerder.id
    assert {k: record[k] for k in ("rijen", "studenten_nieuw", "cohorten_nieuw", "inschrijvingen_nieuw")} == {
        "rijen": 3,
        "studenten_nieuw": 3,
        "cohorten_nieuw": 2,
        "inschrijvingen_nieuw": 3,
    }
    assert record["bestandsnaam"] == "studenten.csv"


def test_opnieuw_importeren_verandert_niets(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    _importeer(client, GOED)
    na_eerste = tellingen(db)
    response = _importeer(client, GOED)
    assert response.status_code == 200
    assert tellingen(db) == na_eerste
    assert "Nieuwe studenten: 0" in response.text
    assert "Inschrijvingen die al bestonden: 3" in response.text
    tweede = audit_records(db, "studenten_geimporteerd")[-1]
    assert (tweede["studenten_nieuw"], tweede["studenten_ongewijzigd"], tweede["inschrijvingen_bestaand"]) == (0, 3, 3)


def test_een_bestand_met_een_foute_rij_importeert_niets_en_noemt_rij_en_probleem(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    voor = tellingen(db)
    tekst = GOED.replace("ahmed.elamrani@student.example.nl", "ahmed.elamrani-at-example")
    response = _voorbeeld(client, tekst)
    assert response.status_code == 422
    assert "Rij 3: Het e-mailadres &#39;ahmed.elamrani-at-example&#39; is ongeldig." in response.text
    assert "1 van de 3 rijen heeft een probleem" in response.text
    assert 'name="pakket"' not in response.text
    assert tellingen(db) == voor


def test_elk_soort_fout_wordt_per_rij_genoemd(client, db, beheerder, praktijkbegeleider, als) -> None:  # noqa: ANN001
    als(beheerder)
    tekst = (
        "studentnummer,naam,e-mail,cohort,kwalificatie\n"
        "200001,,zonder.naam@example.nl,WA6-2026-09,WA-N6 2.1\n"  # row 2
        "200002,Onbekende Versie,versie@example.nl,WA6-2026-09,WA-N6 9.9\n"  # row 3
        "200001,Dubbel Nummer,dubbel@example.nl,WA6-2026-09,WA-N6 2.1\n"  # row 4
        f"200004,Begeleider,{praktijkbegeleider.email},WA6-2026-09,WA-N6 2.1\n"  # row 5
        "200005,Zonder Versie,zonder.versie@example.nl,WA6-2026-09,WA-N6\n"  # row 6
        "200006,Dubbel Mail,VERSIE@example.nl,,WA-N6 2.1\n"  # row 7
    )
    html = _voorbeeld(client, tekst).text
    assert "Rij 2: De naam ontbreekt." in html
    assert "Rij 3: Kwalificatie WA-N6 versie 9.9 bestaat niet." in html
    assert "Rij 4: Studentnummer 200001 staat ook in rij 2." in html
    assert (
        f"Rij 5: Het e-mailadres {praktijkbegeleider.email} is al in gebruik door een account dat geen student is."
        in html
    )
    assert "Rij 6: Bij kwalificatie &#39;WA-N6&#39; ontbreekt de versie" in html
    assert "Rij 7: Het cohort ontbreekt. E-mailadres versie@example.nl staat ook in rij 3." in html


def test_een_e_mailadres_van_een_andere_student_wordt_niet_overgenomen(client, db, beheerder, student, als) -> None:  # noqa: ANN001
    als(beheerder)
    tekst = (
        f"studentnummer;naam;e-mail;cohort;kwalificatie\n999999;Iemand Anders;{student.email};WA6-2026-09;WA-N6 2.1\n"
    )
    html = _voorbeeld(client, tekst).text
    assert f"Het e-mailadres {student.email} is al in gebruik door een ander account" in html


def test_een_bestaande_student_wordt_herkend_en_bijgewerkt(client, db, beheerder, als) -> None:  # noqa: ANN001
    bestaand = factories.create_gebruiker(
        db, Rol.student, naam="S. de Vries", email="sanne.devries@student.example.nl", studentnummer="100234"
    )
    als(beheerder)
    voor = tellingen(db)
    response = _importeer(client, GOED)
    assert response.status_code == 200
    assert "Bestaande studenten bijgewerkt: 1" in response.text
    assert tellingen(db)["gebruikers"] == voor["gebruikers"] + 2
    db.refresh(bestaand)
    assert bestaand.naam == "Sanne de Vries"
    assert bestaand.wachtwoord_hash is not None  # the existing account keeps its password


def test_het_bestand_wordt_bij_importeren_opnieuw_gecontroleerd(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    pakket = _pakket(_voorbeeld(client, GOED).text)
    # Meanwhile someone gives one of the addresses to a praktijkbegeleider.
    factories.create_gebruiker(db, Rol.praktijkbegeleider, email="iris.jansen@student.example.nl")
    voor = tellingen(db)
    response = client.post("/beheer/import", data={"pakket": pakket})
    assert response.status_code == 422
    assert "Rij 4: Het e-mailadres iris.jansen@student.example.nl is al in gebruik" in response.text
    assert "er is niets geïmporteerd" in response.text
    assert tellingen(db) == voor
    assert audit_records(db, "studenten_geimporteerd") == []


def test_een_gewijzigd_pakket_wordt_geweigerd(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    pakket = _pakket(_voorbeeld(client, GOED).text)
    data, _, handtekening = pakket.rpartition(".")
    vervalst = csv_import.verpak(beheerder, GOED.replace("Iris", "Mallory"), "x.csv", dt.date(2026, 9, 1))
    voor = tellingen(db)
    for poging in (f"{data[:-4]}AAAA.{handtekening}", f"{vervalst.rpartition('.')[0]}.{handtekening}", "onzin"):
        response = client.post("/beheer/import", data={"pakket": poging})
        assert response.status_code == 422
        assert "Upload het bestand opnieuw." in response.text
    assert tellingen(db) == voor


def test_een_pakket_van_een_andere_beheerder_wordt_geweigerd(client, db, beheerder, als) -> None:  # noqa: ANN001
    andere = factories.create_gebruiker(db, Rol.beheerder)
    pakket = csv_import.verpak(andere, GOED, "studenten.csv", dt.date(2026, 9, 1))
    als(beheerder)
    assert client.post("/beheer/import", data={"pakket": pakket}).status_code == 422


def test_komma_bom_en_een_aparte_versiekolom_worden_begrepen(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    tekst = (
        "\ufeffNaam,E-mail,Studentnummer,Cohort,Kwalificatie,Versie,Startdatum,Opmerking\n"
        '"Vries, Sanne de",sanne@example.nl,300001,WA6-2026-09,WA-N6,2.1,15-09-2026,eerste\n'
    )
    response = _importeer(client, tekst)
    assert response.status_code == 200
    sanne = db.scalar(select(Gebruiker).where(Gebruiker.studentnummer == "300001"))
    assert sanne.naam == "Vries, Sanne de"
    inschrijving = db.scalar(select(Inschrijving).where(Inschrijving.student_id == sanne.id))
    assert inschrijving.startdatum == dt.date(2026, 9, 15)


def test_een_ontbrekende_kolom_wordt_genoemd(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = _voorbeeld(client, "studentnummer;naam;cohort;kwalificatie\n1;A;B;WA-N6 2.1\n")
    assert response.status_code == 422
    assert "De kopregel mist de kolom e-mail." in response.text


def test_een_bestand_dat_geen_utf8_is_krijgt_uitleg(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = _voorbeeld(client, GOED.replace("Iris", "Irís").encode("cp1252"))
    assert response.status_code == 422
    assert "geen UTF-8-tekst" in response.text


def test_een_te_groot_bestand_wordt_geweigerd(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = _voorbeeld(client, GOED + "x" * csv_import.MAX_BYTES)
    assert response.status_code == 413
    assert "Het bestand is groter dan 2 MB." in response.text


def test_zonder_bestand_zegt_het_formulier_wat_er_mist(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = client.post("/beheer/import/voorbeeld", data={"startdatum": "2026-09-01"})
    assert response.status_code == 422
    assert "Kies een CSV-bestand." in response.text


def test_een_nieuw_cohort_uit_het_bestand_bestaat_daarna(client, db, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    _importeer(client, GOED)
    assert db.scalar(select(Cohort).where(Cohort.code == "WA6-2027-02")) is not None


def test_een_kapot_aanhalingsteken_wordt_met_regelnummer_genoemd(client, beheerder, als) -> None:  # noqa: ANN001
    als(beheerder)
    response = _voorbeeld(client, GOED + '100237;"Jan "de" Man";jan@example.nl;WA6-2026-09;WA-N6 2.1\n')
    assert response.status_code == 422
    assert "kijk op regel 5 naar de aanhalingstekens" in response.text


def test_een_cohortcode_in_andere_hoofdletters_is_hetzelfde_cohort(client, db, beheerder, als) -> None:  # noqa: ANN001
    factories.create_cohort(db, "WA6-2026-09")
    als(beheerder)
    voor = tellingen(db)
    response = _importeer(client, GOED.replace("WA6-2026-09", "wa6-2026-09").replace("WA6-2027-02", "wa6-2027-02", 1))
    assert response.status_code == 200
    assert tellingen(db)["cohorten"] == voor["cohorten"] + 1
    assert db.scalar(select(Cohort).where(Cohort.code == "wa6-2027-02")) is not None
