"""The house has floors: no import cycle, and no import from a lower floor to a higher one.

README's architecture section says which package may import which; LAGEN below is that
order as data. Every import counts, also one inside a function or under `if TYPE_CHECKING:`,
because a hidden import is still a dependency. A package may import the packages on floors
below its own and, on its own floor, those listed before it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

# Bottom to top. A name is a package (app/<naam>/) or a module at the top of app/ (app/<naam>.py).
LAGEN: list[list[str]] = [
    ["config", "tijd"],
    ["models"],
    # The kernel: errors, forms, the database session, paging, documents, file storage and the job port.
    [
        "templating",
        "errors",
        "formulieren",
        "foutafhandeling",
        "db",
        "paginering",
        "documenten",
        "opslag",
        "diploma",
        "taken",
    ],
    ["toegang"],  # who is asking (sessions, tokens, CSRF) and what they may (policy)
    ["ops"],  # request plumbing: body limits, security headers, logging, health, migrations
    ["audit"],
    ["voortgang"],  # the read side: progress from the tables the domains below and above write
    # The writing domains, each above those it builds on.
    [
        "kwalificaties",
        "accounts",
        "meldingen",
        "organisatie",
        "portfolio",
        "beoordeling",
        "beroepsvereisten",
        "openbadge",
        "besluit",
    ],
    # Pages and exports that combine several domains.
    ["dashboard", "cohortoverzicht", "dossier", "beheer", "case"],
    ["main", "demo", "cli"],
]


def _kamer(module: str) -> str:
    """'app.portfolio.service' → 'portfolio'; 'app.db' → 'db'."""
    return module.split(".")[1]


def _modules() -> dict[str, Path]:
    gevonden = {}
    for pad in APP.rglob("*.py"):
        delen = list(pad.relative_to(APP.parent).with_suffix("").parts)
        if delen[-1] == "__init__":
            delen = delen[:-1]
        gevonden[".".join(delen)] = pad
    return gevonden


def _doel(naam: str, modules: dict[str, Path]) -> str | None:
    """The module of app/ an imported name lives in (the longest known prefix)."""
    while naam:
        if naam in modules:
            return naam
        naam = naam.rpartition(".")[0]
    return None


def importgraaf() -> dict[str, set[str]]:
    """Module → the modules of app/ it imports, wherever in the file the import stands."""
    modules = _modules()
    graaf: dict[str, set[str]] = defaultdict(set)
    for module, pad in modules.items():
        pakket = module if pad.name == "__init__.py" else module.rpartition(".")[0]
        for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
            namen: list[str] = []
            if isinstance(knoop, ast.Import):
                namen = [a.name for a in knoop.names]
            elif isinstance(knoop, ast.ImportFrom):
                basis = knoop.module or ""
                if knoop.level:
                    basis = ".".join(pakket.split(".")[: len(pakket.split(".")) - knoop.level + 1] + [basis]).strip(".")
                namen = [f"{basis}.{a.name}" for a in knoop.names] + [basis]
            for naam in namen:
                if naam.startswith("app") and (doel := _doel(naam, modules)) and doel != module:
                    graaf[module].add(doel)
                    break
    return graaf


def _cycli(graaf: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    laag: dict[str, int] = {}
    stapel: list[str] = []
    op_stapel: set[str] = set()
    gevonden: list[list[str]] = []
    teller = 0

    def bezoek(knoop: str) -> None:
        nonlocal teller
        index[knoop] = laag[knoop] = teller
        teller += 1
        stapel.append(knoop)
        op_stapel.add(knoop)
        for volgende in sorted(graaf.get(knoop, ())):
            if volgende not in index:
                bezoek(volgende)
                laag[knoop] = min(laag[knoop], laag[volgende])
            elif volgende in op_stapel:
                laag[knoop] = min(laag[knoop], index[volgende])
        if laag[knoop] == index[knoop]:
            groep = []
            while True:
                lid = stapel.pop()
                op_stapel.discard(lid)
                groep.append(lid)
                if lid == knoop:
                    break
            if len(groep) > 1:
                gevonden.append(sorted(groep))

    for knoop in sorted(set(graaf) | {d for doelen in graaf.values() for d in doelen}):
        if knoop not in index:
            bezoek(knoop)
    return gevonden


def _rang() -> dict[str, tuple[int, int]]:
    return {naam: (verdieping, plaats) for verdieping, laag in enumerate(LAGEN) for plaats, naam in enumerate(laag)}


def test_elke_kamer_staat_op_een_verdieping() -> None:
    kamers = {_kamer(m) for m in _modules() if m != "app"}
    assert kamers - set(_rang()) == set(), "zet het nieuwe pakket in LAGEN (en in README)"


def test_geen_importcyclus_tussen_modules() -> None:
    assert _cycli(importgraaf()) == []


def test_geen_importcyclus_tussen_pakketten() -> None:
    pakketten: dict[str, set[str]] = defaultdict(set)
    for bron, doelen in importgraaf().items():
        for doel in doelen:
            if bron != "app" and doel != "app" and _kamer(bron) != _kamer(doel):
                pakketten[_kamer(bron)].add(_kamer(doel))
    assert _cycli(pakketten) == []


def test_niemand_importeert_naar_boven() -> None:
    rang = _rang()
    omhoog = sorted(
        f"{bron} → {doel}"
        for bron, doelen in importgraaf().items()
        for doel in doelen
        if bron != "app" and doel != "app" and rang[_kamer(doel)] > rang[_kamer(bron)]
    )
    assert omhoog == []


@pytest.mark.parametrize(
    ("bron", "verwacht"),
    [
        ("import app.db\n", {"app.db"}),
        ("def f():\n    from app.errors import DomainError\n", {"app.errors"}),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.models import Gebruiker\n", {"app.models"}),
        ("from app.voortgang import rules\n", {"app.voortgang.rules"}),
    ],
)
def test_de_graaf_ziet_elke_soort_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bron: str, verwacht: set[str]
) -> None:
    """The check itself: imports inside functions and under TYPE_CHECKING count too."""
    nep = tmp_path / "app"
    for module in ("db", "errors", "models/__init__", "voortgang/__init__", "voortgang/rules", "proef"):
        pad = nep / f"{module}.py"
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_text(bron if module == "proef" else "")
    monkeypatch.setitem(globals(), "APP", nep)
    assert importgraaf()["app.proef"] == verwacht


def test_een_cyclus_wordt_gevonden() -> None:
    assert _cycli({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
