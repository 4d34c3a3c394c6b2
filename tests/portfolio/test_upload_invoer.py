"""Upload fields the database cannot hold, and file parts a parser would drop, are refused out loud."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Bewijsstuk
from app.opslag import LocalStorage
from tests.portfolio.conftest import PDF, Uploader, bestanden_in


def _aantal(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Bewijsstuk))


def test_een_nul_teken_in_de_titel_geeft_422_en_bewaart_niets(
    als, student, upload: Uploader, db: Session, opslag: LocalStorage
) -> None:
    als(student)

    antwoord = upload(student, titel="Verslag\x00wijkschouw")

    assert antwoord.status_code == 422
    assert "NUL-teken" in antwoord.json()["detail"]
    assert antwoord.json()["errors"] == [{"veld": "titel", "melding": "Dit veld bevat een NUL-teken."}]
    assert _aantal(db) == 0
    assert bestanden_in(opslag) == []


def test_een_bestand_met_alleen_filename_ster_wordt_geweigerd_niet_stil_overgeslagen(
    als, student, client: TestClient, db: Session, opslag: LocalStorage
) -> None:
    als(student)
    grens = "grens123"
    body = (
        (
            f"--{grens}\r\n"
            'Content-Disposition: form-data; name="titel"\r\n\r\nVerslag\r\n'
            f"--{grens}\r\n"
            'Content-Disposition: form-data; name="leeruitkomsten"\r\n\r\nLU1.1\r\n'
            f"--{grens}\r\n"
            "Content-Disposition: form-data; name=\"bestanden\"; filename*=UTF-8''verslag%20wijk.pdf\r\n"
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + f"\r\n--{grens}--\r\n".encode()
    )

    antwoord = client.post(
        f"/api/v1/studenten/{student.id}/bewijsstukken",
        content=body,
        headers={"Content-Type": f"multipart/form-data; boundary={grens}"},
    )

    assert antwoord.status_code == 422
    assert "filename" in antwoord.json()["detail"]
    assert _aantal(db) == 0
    assert bestanden_in(opslag) == []


def test_een_pdf_met_javascript_wordt_geweigerd_met_uitleg(
    als, student, upload: Uploader, db: Session, opslag: LocalStorage
) -> None:
    from tests.opslag.test_pdf import ACTIEF, _pdf

    als(student)

    antwoord = upload(student, [("verslag.pdf", _pdf(ACTIEF["javascript"]))])

    assert antwoord.status_code == 415
    # A refused file is named, so the student knows which of several it was.
    assert antwoord.json()["detail"].startswith("verslag.pdf: deze PDF bevat actieve inhoud (JavaScript)")
    assert _aantal(db) == 0
    assert bestanden_in(opslag) == []


def test_een_onmogelijk_bestand_id_om_te_verwijderen_geeft_422(
    als, student, upload: Uploader, client: TestClient
) -> None:
    als(student)
    bewijs = upload(student).json()

    antwoord = client.patch(f"/api/v1/bewijsstukken/{bewijs['id']}", data={"verwijder_bestand": str(2**63)})

    assert antwoord.status_code == 422
    assert antwoord.json()["errors"] == [{"veld": "verwijder_bestand", "melding": "Onbekend bestand."}]


def test_de_datum_van_vandaag_geldt_in_nederland_ook_na_middernacht_daar(als, student, upload: Uploader) -> None:
    import datetime as dt

    from app import tijd

    als(student)
    # 00:30 on 2 December in Amsterdam, still 1 December in UTC.
    with tijd.zet_klok(dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)):
        vandaag = upload(student, datum="2026-12-02")
        morgen = upload(student, datum="2026-12-03")

    assert vandaag.status_code == 201, vandaag.text
    assert vandaag.json()["datum"] == "2026-12-02"
    assert morgen.status_code == 422
    assert morgen.json()["errors"] == [{"veld": "datum", "melding": "De datum van de activiteit ligt in de toekomst."}]
