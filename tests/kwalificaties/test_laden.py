"""Loading kwalificatie data files: validated first, all or nothing, versions side by side."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from typer.testing import CliRunner

from app.cli import cli
from app.errors import Conflict
from app.kwalificaties import service
from app.kwalificaties.bestand import OngeldigBestand, lees_bestand
from app.models import Kerntaak, Kwalificatie

POLITIEAGENT = {
    "code": "PA-N4",
    "versie": "1.0",
    "versiedatum": "2022-01-01",
    "titel": "Politieagent",
    "niveau": 4,
    "kerntaken": [
        {
            "code": "KT1",
            "titel": "Werken binnen de politieorganisatie",
            "omschrijving": "Kent de organisatie.",
            "context": "Context.",
            "complexiteit": "Complexiteit.",
            "zelfstandigheid_en_verantwoordelijkheid": "Zelfstandigheid.",
            "bouwstenen": [
                {
                    "code": "B1.1",
                    "titel": "Weet waar de politie staat",
                    "omschrijving": "Begrijpt de taak.",
                    "leeruitkomsten": [{"code": "LU1.1", "onderdelen": [{"tekst": "De agent kent de taak."}]}],
                    "kernthemas": [{"naam": "Basis wet- en regelgeving"}],
                },
                {
                    "code": "B1.2",
                    "titel": "Past geweld toe",
                    "omschrijving": "Handelt rechtmatig.",
                    "leeruitkomsten": [
                        {
                            "code": "LU1.2",
                            "onderdelen": [
                                {"tekst": "De agent past geweld rechtmatig toe."},
                                {"aanvulling": "profiel", "tekst": "Voor de agent geldt dit ook."},
                            ],
                        }
                    ],
                    "kernthemas": [
                        {"naam": "Basis wet- en regelgeving"},
                        {"naam": "Geweldsbeheersing", "profielspecifiek": True},
                    ],
                },
            ],
        }
    ],
    "beroepsvereisten": [{"code": "RTGP", "naam": "RTGP toetsen", "leeruitkomsten": ["LU1.2"]}],
}


def write(tmp_path: Path, data: dict, name: str = "kwalificatie.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def count(db, model) -> int:  # noqa: ANN001
    return db.scalar(select(func.count()).select_from(model))


def test_another_kwalificatie_loads_from_a_file_of_the_same_format(db, tmp_path: Path) -> None:  # noqa: ANN001
    _, resultaat = service.laad_bestand(db, write(tmp_path, POLITIEAGENT))
    assert resultaat == service.Laadresultaat.geladen
    boom = service.kwalificatie_boom(db, "PA-N4", "1.0")
    assert [bs.code for bs in boom.kerntaken[0].bouwstenen] == ["B1.1", "B1.2"]
    assert [[lu.code for lu in bv.leeruitkomsten] for bv in boom.beroepsvereisten] == [["LU1.2"]]
    # One theme shared by two bouwstenen is one record.
    assert len({k.kernthema_id for bs in boom.kerntaken[0].bouwstenen for k in bs.kernthema_koppelingen}) == 2


def test_loading_the_same_version_twice_changes_nothing(db, tmp_path: Path) -> None:  # noqa: ANN001
    path = write(tmp_path, POLITIEAGENT)
    service.laad_bestand(db, path)
    before = count(db, Kerntaak)
    _, resultaat = service.laad_bestand(db, path)
    assert resultaat == service.Laadresultaat.ongewijzigd
    assert count(db, Kerntaak) == before


def test_a_second_version_loads_beside_the_first(db, tmp_path: Path) -> None:  # noqa: ANN001
    service.laad_bestand(db, write(tmp_path, POLITIEAGENT, "v1.yaml"))
    v2 = copy.deepcopy(POLITIEAGENT)
    v2["versie"] = "1.1"
    v2["kerntaken"][0]["bouwstenen"][0]["titel"] = "Weet waar de politie staat en waarom"
    service.laad_bestand(db, write(tmp_path, v2, "v2.yaml"))
    assert service.kwalificatie_boom(db, "PA-N4", "1.0").kerntaken[0].bouwstenen[0].titel == (
        "Weet waar de politie staat"
    )
    assert service.kwalificatie_boom(db, "PA-N4", "1.1").kerntaken[0].bouwstenen[0].titel.endswith("waarom")


def test_a_published_version_never_changes(db, tmp_path: Path) -> None:  # noqa: ANN001
    service.laad_bestand(db, write(tmp_path, POLITIEAGENT, "v1.yaml"))
    changed = copy.deepcopy(POLITIEAGENT)
    changed["titel"] = "Politieagent (gewijzigd)"
    with pytest.raises(Conflict, match="nieuw versienummer"):
        service.laad_bestand(db, write(tmp_path, changed, "v1b.yaml"))
    assert service.kwalificatie_boom(db, "PA-N4", "1.0").titel == "Politieagent"


@pytest.mark.parametrize(
    ("breek", "plaats"),
    [
        (lambda d: d["kerntaken"][0]["bouwstenen"][1].pop("titel"), "kerntaken.0.bouwstenen.1.titel"),
        (
            lambda d: d["kerntaken"][0]["bouwstenen"][1].update(code="B1.1"),
            "kerntaken.0.bouwstenen.1: code 'B1.1' komt al voor bij kerntaken.0.bouwstenen.0",
        ),
        (
            lambda d: d["beroepsvereisten"][0].update(leeruitkomsten=["LU1.2", "LU9.9"]),
            "beroepsvereisten.0.leeruitkomsten.1: onbekende leeruitkomst 'LU9.9'",
        ),
        (
            lambda d: d["kerntaken"][0]["bouwstenen"][0]["leeruitkomsten"][0]["onderdelen"][0].update(
                aanvulling="niveau_7"
            ),
            "kerntaken.0.bouwstenen.0.leeruitkomsten.0.onderdelen.0.aanvulling",
        ),
    ],
    ids=["missing-field", "duplicate-code", "unknown-reference", "unknown-addendum"],
)
def test_an_invalid_file_is_refused_naming_the_place(db, tmp_path: Path, breek, plaats: str) -> None:  # noqa: ANN001
    data = copy.deepcopy(POLITIEAGENT)
    breek(data)
    before = count(db, Kwalificatie)
    with pytest.raises(OngeldigBestand) as refused:
        service.laad_bestand(db, write(tmp_path, data))
    assert any(f.startswith(plaats) for f in refused.value.fouten), refused.value.fouten
    assert count(db, Kwalificatie) == before


def test_broken_yaml_is_refused_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text("code: [niet afgesloten", encoding="utf-8")
    with pytest.raises(OngeldigBestand, match="kapot.yaml"):
        lees_bestand(path)


def test_the_command_line_refuses_a_bad_file_and_loads_nothing(engine, tmp_path: Path) -> None:  # noqa: ANN001
    data = copy.deepcopy(POLITIEAGENT)
    data["code"] = "CLI-FOUT"
    data["beroepsvereisten"][0]["leeruitkomsten"] = ["LU9.9"]
    result = CliRunner().invoke(cli, ["kwalificatie", "load", str(write(tmp_path, data))])
    assert result.exit_code == 1
    assert "onbekende leeruitkomst 'LU9.9'" in result.output
    assert "niets geladen" in result.output
