"""The audit page's words: every action and subject type the code records has a Dutch label."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.audit import vocabulaire

APP = Path(__file__).resolve().parents[2] / "app"


def _argument(aanroep: ast.Call, plaats: int, naam: str) -> ast.expr | None:
    if len(aanroep.args) > plaats:
        return aanroep.args[plaats]
    return next((k.value for k in aanroep.keywords if k.arg == naam), None)


def _opgeschreven() -> tuple[set[str], set[str]]:
    """The string literals passed as actie and onderwerp_type to `registreer` anywhere in app/.

    An action chosen by an expression (`"a" if x else "b"`) counts with every literal in it;
    one held in a variable is not seen here.
    """
    acties: set[str] = set()
    soorten: set[str] = set()
    for bestand in APP.rglob("*.py"):
        for knoop in ast.walk(ast.parse(bestand.read_text(encoding="utf-8"))):
            if not isinstance(knoop, ast.Call):
                continue
            naam = knoop.func.attr if isinstance(knoop.func, ast.Attribute) else getattr(knoop.func, "id", None)
            # registreer(session, actor, actie, onderwerp_type, ...); app.kwalificaties has an unrelated
            # two-argument registreer(code, plaats), which the missing arguments rule out.
            actie, soort = _argument(knoop, 2, "actie"), _argument(knoop, 3, "onderwerp_type")
            if naam != "registreer" or actie is None or soort is None:
                continue
            for doel, argument in ((acties, actie), (soorten, soort)):
                doel.update(
                    n.value for n in ast.walk(argument) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                )
    return acties, soorten


def test_de_scan_vindt_de_bekende_aanroepen() -> None:
    acties, soorten = _opgeschreven()

    # If this fails the scan is broken, not the vocabulary.
    assert {"ingelogd", "concept_gewijzigd", "nieuwe_versie", "begeleiding_beeindigd"} <= acties
    assert {"gebruiker", "bewijsstuk", "api_token"} <= soorten


def test_elke_actie_in_de_code_heeft_een_label() -> None:
    acties, _ = _opgeschreven()

    assert sorted(acties - vocabulaire.ACTIES.keys()) == []


def test_elk_soort_onderwerp_in_de_code_heeft_een_label() -> None:
    _, soorten = _opgeschreven()

    assert sorted(soorten - vocabulaire.ONDERWERP_TYPES.keys()) == []


def test_een_onbekende_code_verschijnt_als_zichzelf() -> None:
    assert vocabulaire.actie_label("diploma_bevestigd_v9") == "diploma_bevestigd_v9"
    assert vocabulaire.onderwerp_label("getuigschrift") == "getuigschrift"
    assert vocabulaire.onderwerp_url("getuigschrift", "3") is None


@pytest.mark.parametrize(
    ("soort", "id_", "url"),
    [
        ("gebruiker", "12", "/beheer/gebruikers/12"),
        ("bewijsstuk", "5", "/bewijsstukken/5"),
        ("cohort", "3", "/beheer/cohorten"),
        ("gebruiker", None, None),
        ("gebruiker", "../12", None),
        ("gebruiker", "²", None),
        ("api_token", "4", None),
    ],
)
def test_een_onderwerp_linkt_alleen_naar_een_bestaande_pagina(soort: str, id_: str | None, url: str | None) -> None:
    assert vocabulaire.onderwerp_url(soort, id_) == url


def test_filterkeuzes_staan_op_label_en_houden_een_onbekende_keuze() -> None:
    keuzes = vocabulaire.keuzes(vocabulaire.ACTIES, "oud_soort_record")

    labels = [label for _, label in keuzes[:-1]]
    assert labels == sorted(labels, key=str.casefold)
    assert keuzes[-1] == ("oud_soort_record", "oud_soort_record")
    assert ("rollen_gewijzigd", "Rollen gewijzigd") in keuzes
    assert vocabulaire.keuzes(vocabulaire.ACTIES, "ingelogd") == vocabulaire.keuzes(vocabulaire.ACTIES)
