"""`portfolio kwalificatie importeer-case`: loads a package whole or refuses it with a Dutch message."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import cli
from app.models import Kwalificatie

from .test_import import raamwerk_24


def _aantal(engine, code: str) -> int:  # noqa: ANN001
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Kwalificatie).where(Kwalificatie.code == code))


def test_the_command_imports_by_depth_and_refuses_a_misfit(engine, tmp_path: Path) -> None:  # noqa: ANN001
    bestand = tmp_path / "handhaver.json"
    bestand.write_text(json.dumps(raamwerk_24()), encoding="utf-8")
    geweigerd = CliRunner().invoke(
        cli, ["kwalificatie", "importeer-case", str(bestand), "--code", "CLI-HH", "--versie", "1"]
    )
    assert geweigerd.exit_code == 1
    assert "niets geladen" in geweigerd.output and "--niveaus" in geweigerd.output
    assert _aantal(engine, "CLI-HH") == 0
    try:
        gelukt = CliRunner().invoke(
            cli,
            ["kwalificatie", "importeer-case", str(bestand), "--code", "CLI-HH", "--versie", "1",
             "--niveaus", "kerntaak=3,bouwsteen=4,leeruitkomst=5"],
        )  # fmt: skip
        assert gelukt.exit_code == 0, gelukt.output
        assert "4 kerntaak, 8 bouwsteen, 24 leeruitkomst" in gelukt.output
        assert _aantal(engine, "CLI-HH") == 1
    finally:
        with Session(engine) as session, session.begin():
            session.execute(delete(Kwalificatie).where(Kwalificatie.code == "CLI-HH"))
