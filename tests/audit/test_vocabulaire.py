"""The audit page's words: every action and subject type the code records has a Dutch label."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.audit import vocabulaire

APP = Path(__file__).resolve().parents[2] / "app"


def _opgeschreven() -> tuple[set[str], set[str]]:
    """The string literals passed as actie and onderwerp_type to `registreer` anywhere in app/.

    An action chosen by an expression (`"a" if x else "b"`) counts with every literal in it;
    one held in a variable is found where the variable is set only if that is a literal too.
    """
    acties: set[str] = set()
    soorten: set[str] = set()
    for bestand in APP.rglob("*.py"):
        boom = ast.parse(bestand.read_text(encoding="utf-8"))
        for knoop in ast.walk(boom):
            if not isinstance(knoop, ast.Call):
                continue
            naam = knoop.func.attr if isinstance(knoop.func, ast.Attribute) else getattr(knoop.func, "id", None)
            if naam != "registreer" or len(knoop.args) < 4 or bestand.parent.name == "kwalificaties":
                continue
            for doel, argument in ((acties, knoop.args[2]), (soorten, knoop.args[3])):
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
    assert vocabulaire.onderwerp_label("diplomabesluit") == "diplomabesluit"
    assert vocabulaire.onderwerp_url("diplomabesluit", "3") is None


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
