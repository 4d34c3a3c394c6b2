"""A version file that follows an older version: its relations are checked before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from app.errors import Conflict
from app.kwalificaties import service
from app.kwalificaties.bestand import OngeldigBestand
from app.models import Kwalificatie, LeeruitkomstRelatie
from tests.organisatie.test_versiewissel import VOORBEELD_22


def _variant(tmp_path: Path, **opvolging: object) -> Path:
    inhoud = yaml.safe_load(VOORBEELD_22.read_text(encoding="utf-8"))
    inhoud["versie"] = "2.9"
    inhoud["opvolging"] = {**inhoud["opvolging"], **opvolging}
    pad = tmp_path / "variant.yaml"
    pad.write_text(yaml.safe_dump(inhoud, allow_unicode=True), encoding="utf-8")
    return pad


def _aantallen(db) -> tuple[int, int]:  # noqa: ANN001
    return (
        db.scalar(select(func.count()).select_from(Kwalificatie)),
        db.scalar(select(func.count()).select_from(LeeruitkomstRelatie)),
    )


def test_a_version_not_loaded_is_refused_and_nothing_is_written(db, tmp_path: Path) -> None:  # noqa: ANN001
    voor = _aantallen(db)
    with pytest.raises(Conflict, match="versie 1.0 op, maar die is niet geladen"):
        service.laad_bestand(db, _variant(tmp_path, versie="1.0"))
    assert _aantallen(db) == voor


def test_an_unknown_leeruitkomst_on_either_side_is_refused(db, tmp_path: Path) -> None:  # noqa: ANN001
    relaties = [{"leeruitkomst": "LU9.9", "soort": "exactMatchOf", "vorige": "LU1.1"}]
    with pytest.raises(OngeldigBestand, match="opvolging.relaties.0.leeruitkomst: onbekende leeruitkomst 'LU9.9'"):
        service.laad_bestand(db, _variant(tmp_path, relaties=relaties))
    relaties = [{"leeruitkomst": "LU1.1", "soort": "exactMatchOf", "vorige": "LU9.9"}]
    voor = _aantallen(db)
    with pytest.raises(Conflict, match="geen leeruitkomst LU9.9"):
        service.laad_bestand(db, _variant(tmp_path, relaties=relaties))
    assert _aantallen(db) == voor


def test_loading_22_twice_changes_nothing_and_21_keeps_its_hash(db) -> None:  # noqa: ANN001
    assert service.laad_bestand(db, VOORBEELD_22)[1] is service.Laadresultaat.geladen
    assert service.laad_bestand(db, VOORBEELD_22)[1] is service.Laadresultaat.ongewijzigd
    # The bundled 2.1 (no opvolging) still matches what is stored: its content hash did not change.
    assert [r for _, r in service.laad_meegeleverde(db)] == [service.Laadresultaat.ongewijzigd]
