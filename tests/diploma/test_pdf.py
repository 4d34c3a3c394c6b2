"""The diploma PDF: what a reader sees on it, and that its QR code leads to the verification page."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from app.config import get_settings
from app.diploma.pdf import DiplomaGegevens, diploma_pdf, verificatie_url
from tests.documenten import paginas_van, qr_codes_van, tekst_van

URL = "https://portfolio.politieacademie.example/diplomas/WA6-2026-000123"


@pytest.fixture(scope="module")
def gegevens() -> DiplomaGegevens:
    return DiplomaGegevens(
        naam="Lotte Smit",
        kwalificatie_titel="Wijkagent",
        kwalificatie_code="WA-N6",
        versie="2.1",
        niveau=6,
        datum=dt.date(2026, 12, 3),
        diplomanummer="WA6-2026-000123",
        kerntaken=[
            ("KT1", "Werken binnen de politieorganisatie"),
            ("KT3", "Rechtmatig handelen bevorderen en bijdragen aan de legitimiteit van de politie"),
            ("KT5", "Werken aan veiligheids- en leefbaarheidsvraagstukken in de lokale context"),
        ],
        verificatie_url=URL,
    )


@pytest.fixture(scope="module")
def pdf(gegevens: DiplomaGegevens) -> bytes:
    return diploma_pdf(gegevens)


def test_het_diploma_noemt_naam_kwalificatie_en_diplomanummer(pdf: bytes) -> None:
    tekst = tekst_van(pdf)
    assert "Lotte Smit" in tekst
    assert "Wijkagent (niveau 6)" in tekst
    assert "WA-N6, versie 2.1" in tekst
    assert "WA6-2026-000123" in tekst
    assert "3 december 2026" in tekst


def test_het_diploma_noemt_de_kerntaken_die_het_dekt(pdf: bytes) -> None:
    tekst = tekst_van(pdf)
    assert "Werken binnen de politieorganisatie" in tekst
    assert "leefbaarheidsvraagstukken in de lokale context" in tekst
    assert "KT3" in tekst and "KT2" not in tekst


def test_de_qr_code_leidt_naar_de_verificatiepagina(pdf: bytes) -> None:
    assert qr_codes_van(pdf) == [URL]


def test_het_diploma_is_een_a4_van_een_pagina(pdf: bytes) -> None:
    [(breedte, hoogte)] = paginas_van(pdf)
    assert (round(breedte), round(hoogte)) == (595, 842)


def test_een_ingetrokken_diploma_zegt_dat_het_niet_meer_geldt(gegevens: DiplomaGegevens, pdf: bytes) -> None:
    ingetrokken = diploma_pdf(dataclasses.replace(gegevens, ingetrokken=True))
    assert "Dit diploma is ingetrokken en is niet meer geldig." in tekst_van(ingetrokken)
    assert "ingetrokken" not in tekst_van(pdf).lower()
    # The code still leads to the page that says why.
    assert qr_codes_van(ingetrokken) == [URL]


def test_een_naam_met_tekens_van_html_staat_er_letterlijk(gegevens: DiplomaGegevens) -> None:
    pdf = diploma_pdf(dataclasses.replace(gegevens, naam="Jan <b>de</b> Vries & Zn."))
    assert "Jan <b>de</b> Vries & Zn." in tekst_van(pdf)


def test_gegevens_veranderen_niet_als_de_lijst_kerntaken_later_verandert() -> None:
    kerntaken = [("KT1", "Werken binnen de politieorganisatie")]
    gegevens = DiplomaGegevens("A", "Wijkagent", "WA-N6", "2.1", 6, dt.date(2026, 1, 1), "WA6-2026-000001", kerntaken)
    kerntaken.append(("KT2", "Iets anders"))
    assert gegevens.kerntaken == (("KT1", "Werken binnen de politieorganisatie"),)


def test_de_verificatie_url_volgt_de_basis_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "base_url", "https://portfolio.politieacademie.example/")
    assert verificatie_url("WA6-2026-000123") == URL
