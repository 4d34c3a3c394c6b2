"""A student uploads a bewijsstuk: what is stored, what is refused, and that a failure leaves nothing behind."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import unquote

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import get_settings
from app.models import AuditRecord, Bestand, Bewijsstuk
from app.opslag import LocalStorage
from app.portfolio import service
from tests.portfolio.conftest import ELF, MB, PDF, PNG, TEKST, Uploader, bestanden_in, mp4


def aantal_bewijsstukken(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Bewijsstuk))


def test_student_uploadt_een_bewijsstuk_met_bestanden_en_leeruitkomsten(
    als, student, upload: Uploader, db: Session, opslag: LocalStorage
) -> None:
    als(student)
    antwoord = upload(
        student,
        [("verslag.pdf", PDF), ("foto.png", PNG)],
        titel="Wijkschouw Overvecht",
        leeruitkomsten=("LU1.1", "LU4.1"),
        onderbouwing="Algemene onderbouwing",
        **{"onderbouwing_LU4.1": "Ik bouwde het netwerk op met de wijkraad.", "soort": "verslag"},
        datum="2026-10-01",
        context="Wijkteam Overvecht, avonddienst",
    )

    assert antwoord.status_code == 201
    bewijsstuk = antwoord.json()
    assert bewijsstuk["versie"] == 1
    assert bewijsstuk["status"] == "concept"
    assert bewijsstuk["soort"] == "verslag"
    assert bewijsstuk["datum"] == "2026-10-01"
    assert bewijsstuk["context"] == "Wijkteam Overvecht, avonddienst"
    assert bewijsstuk["leeruitkomsten"] == [
        {"leeruitkomst": "LU1.1", "onderbouwing": "Algemene onderbouwing"},
        {"leeruitkomst": "LU4.1", "onderbouwing": "Ik bouwde het netwerk op met de wijkraad."},
    ]
    assert [(b["naam"], b["mediatype"], b["grootte"]) for b in bewijsstuk["bestanden"]] == [
        ("verslag.pdf", "application/pdf", len(PDF)),
        ("foto.png", "image/png", len(PNG)),
    ]
    assert bewijsstuk["bestanden"][0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert len(bestanden_in(opslag)) == 2
    # The storage key is random, never the student's file name.
    assert all("verslag" not in str(pad) for pad in bestanden_in(opslag))

    record = db.scalar(
        select(AuditRecord).where(AuditRecord.actie == "bewijsstuk_geupload", AuditRecord.actor_id == student.id)
    )
    assert record.actor_id == student.id
    assert record.onderwerp_id == str(bewijsstuk["id"])
    assert json.loads(record.gegevens)["leeruitkomsten"] == ["LU1.1", "LU4.1"]


def test_een_bestand_boven_de_limiet_wordt_geweigerd_en_laat_niets_achter(
    als, student, upload: Uploader, db: Session, opslag: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "max_bestand_mb", 1)
    als(student)

    antwoord = upload(student, [("klein.pdf", PDF), ("groot.mp4", mp4(MB + 1))])

    assert antwoord.status_code == 413
    assert antwoord.headers["content-type"] == "application/problem+json"
    assert antwoord.json()["detail"] == "groot.mp4: het bestand is groter dan de toegestane 1 MB."
    assert aantal_bewijsstukken(db) == 0
    assert bestanden_in(opslag) == []  # not the small one, and no half-written temporary file either


def test_een_upload_groter_dan_de_ruimte_van_de_student_wordt_geweigerd(
    als, student, upload: Uploader, db: Session, opslag: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "max_student_mb", 2)
    als(student)
    assert upload(student, [("een.mp4", mp4(MB))]).status_code == 201

    antwoord = upload(student, [("twee.mp4", mp4(MB + 100))])

    assert antwoord.status_code == 413
    assert "niet genoeg ruimte" in antwoord.json()["detail"]
    assert aantal_bewijsstukken(db) == 1
    assert len(bestanden_in(opslag)) == 1


def test_een_te_grote_aangekondigde_upload_wordt_geweigerd_voordat_hij_gelezen_wordt(
    als, student, client, db: Session, opslag: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "max_student_mb", 5)
    als(student)

    # The body is tiny: only the announced length can be the reason for the refusal.
    antwoord = client.post(
        f"/api/v1/studenten/{student.id}/bewijsstukken",
        content=b"--x--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(50 * MB)},
    )

    assert antwoord.status_code == 413
    assert "niet genoeg ruimte" in antwoord.json()["detail"]
    assert aantal_bewijsstukken(db) == 0


def test_een_programma_met_de_naam_pdf_wordt_geweigerd(
    als, student, upload: Uploader, db: Session, opslag: LocalStorage
) -> None:
    als(student)

    antwoord = upload(student, [("verslag.pdf", ELF)])

    assert antwoord.status_code == 415
    assert antwoord.json()["detail"].startswith("verslag.pdf: dit bestandstype is niet toegestaan")
    assert aantal_bewijsstukken(db) == 0
    assert bestanden_in(opslag) == []


def test_van_meerdere_bestanden_noemt_de_weigering_het_geweigerde_bestand(
    als, student, client, db: Session, opslag: LocalStorage
) -> None:
    """On the page: the message names the file, at the file field; the other fields keep what was typed."""
    als(student)
    bestanden = [
        ("bestanden", ("foto.png", PNG, "image/png")),
        ("bestanden", ("verslag.exe", ELF, "application/octet-stream")),
    ]
    data = {"titel": "Wijkschouw", "context": "Avonddienst", "leeruitkomsten": ["LU1.1"], "onderbouwing_LU1.1": "Zo."}

    antwoord = client.post("/portfolio/bewijsstukken", data=data, files=bestanden)

    assert antwoord.status_code == 415
    assert 'id="bestanden-fout">verslag.exe: dit bestandstype is niet toegestaan' in antwoord.text
    assert 'value="Wijkschouw"' in antwoord.text and ">Avonddienst</textarea>" in antwoord.text
    assert aantal_bewijsstukken(db) == 0
    assert bestanden_in(opslag) == []  # the accepted foto.png is removed again


@pytest.mark.parametrize(
    ("gegeven", "opgeslagen"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ('Verslag "Überprüfung" café’s wijk.pdf', 'Verslag "Überprüfung" café’s wijk.pdf'),
    ],
)
def test_een_bestandsnaam_wordt_veilig_bewaard_en_correct_teruggegeven(
    als, student, upload: Uploader, client, opslag: LocalStorage, gegeven: str, opgeslagen: str
) -> None:
    als(student)

    bestand = upload(student, [(gegeven, TEKST)]).json()["bestanden"][0]
    assert bestand["naam"] == opgeslagen
    assert all(pad.is_relative_to(opslag.root) for pad in bestanden_in(opslag))

    download = client.get(bestand["url"])
    assert download.status_code == 200
    assert download.content == TEKST
    header = download.headers["content-disposition"]
    assert header.startswith('attachment; filename="')
    ascii_deel = header.split('filename="', 1)[1].split('"', 1)[0]
    assert "/" not in ascii_deel and "\\" not in ascii_deel and ascii_deel.isascii()
    assert unquote(header.split("filename*=UTF-8''", 1)[1]) == opgeslagen


def test_een_fout_tussen_opslaan_en_commit_laat_geen_rij_en_geen_bestand_achter(
    als, student, upload: Uploader, db: Session, opslag: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    als(student)

    def stroomstoring(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("de database viel weg")

    # The audit record is written after the files are stored and the rows flushed.
    monkeypatch.setattr(service.audit, "registreer", stroomstoring)
    antwoord = upload(student, [("verslag.pdf", PDF), ("foto.png", PNG)])

    assert antwoord.status_code == 500
    assert aantal_bewijsstukken(db) == 0
    assert db.scalar(select(func.count()).select_from(Bestand)) == 0
    assert bestanden_in(opslag) == []


def test_een_mislukte_commit_na_het_opslaan_ruimt_de_bestanden_op(
    als, student, upload: Uploader, db: Session, opslag: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    als(student)
    echte = service.bewijsstuk_toevoegen

    def en_dan_faalt_de_commit(*args: object, **kwargs: object) -> Bewijsstuk:
        echte(*args, **kwargs)  # stored, rows flushed, savepoint released
        assert len(bestanden_in(opslag)) == 1
        raise RuntimeError("commit mislukt")

    monkeypatch.setattr(service, "bewijsstuk_toevoegen", en_dan_faalt_de_commit)
    antwoord = upload(student)

    assert antwoord.status_code == 500
    assert aantal_bewijsstukken(db) == 0
    assert bestanden_in(opslag) == []  # removed by the request's rollback (db.bij_rollback)


def test_een_onbekende_leeruitkomst_wordt_geweigerd(
    als, student, upload: Uploader, db: Session, opslag: LocalStorage
) -> None:
    als(student)

    antwoord = upload(student, leeruitkomsten=("LU9.9",))

    assert antwoord.status_code == 422
    assert "LU9.9" in antwoord.json()["detail"]
    assert aantal_bewijsstukken(db) == 0
    assert bestanden_in(opslag) == []


def test_zonder_titel_geen_bewijsstuk(als, student, upload: Uploader, db: Session) -> None:
    als(student)

    antwoord = upload(student, titel="  ")

    assert antwoord.status_code == 422
    assert antwoord.json()["errors"] == [{"veld": "titel", "melding": "Geef het bewijsstuk een titel."}]
    assert aantal_bewijsstukken(db) == 0


def test_een_leeg_bestand_wordt_geweigerd(als, student, upload: Uploader, opslag: LocalStorage) -> None:
    als(student)

    antwoord = upload(student, [("leeg.pdf", b"")])

    # An empty file part with a name is an empty file, not "no file chosen".
    assert antwoord.status_code == 422
    assert bestanden_in(opslag) == []


def test_een_video_van_de_telefoon_wordt_herkend_aan_de_inhoud(als, student, upload: Uploader) -> None:
    als(student)

    bestand = upload(student, [("VID_20261001.bin", mp4())]).json()["bestanden"][0]

    assert bestand["mediatype"] == "video/mp4"


def test_alleen_de_student_zelf_uploadt_in_het_eigen_portfolio(
    als, student, andere_student, praktijkbegeleider, upload: Uploader, db: Session, opslag: LocalStorage
) -> None:
    for persoon in (andere_student, praktijkbegeleider):
        als(persoon)
        assert upload(student).status_code == 404
    assert aantal_bewijsstukken(db) == 0
    assert bestanden_in(opslag) == []
