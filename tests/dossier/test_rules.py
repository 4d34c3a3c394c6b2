"""Paths in the dossier ZIP: readable, safe, and never two files on one path."""

from __future__ import annotations

from app.dossier.rules import bestandsnamen, map_van, slug


def test_de_map_heet_naar_het_bewijsstuk_en_de_versie() -> None:
    assert map_van(12, "Verslag wijkschouw (Zuid)", 3) == "bewijsstukken/12-verslag-wijkschouw-zuid/v3"


def test_een_titel_wordt_een_leesbare_ascii_slug() -> None:
    assert slug("Reflectie: één ‘gesprek’ met café-eigenaren!") == "reflectie-een-gesprek-met-cafe-eigenaren"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("日本語") == "bewijsstuk"
    assert len(slug("lang " * 100)) <= 60
    assert not slug("lang " * 100).endswith("-")


def test_twee_bestanden_met_dezelfde_naam_krijgen_elk_een_eigen_naam() -> None:
    assert bestandsnamen(["foto.jpg", "Foto.jpg", "foto.jpg", "notitie"]) == [
        "foto.jpg",
        "Foto (2).jpg",
        "foto (3).jpg",
        "notitie",
    ]
    assert bestandsnamen(["notitie", "notitie"]) == ["notitie", "notitie (2)"]


def test_een_bestandsnaam_kan_niet_uit_zijn_map_ontsnappen() -> None:
    [naam] = bestandsnamen(["../../.bashrc"])
    assert "/" not in naam and not naam.startswith(".")
