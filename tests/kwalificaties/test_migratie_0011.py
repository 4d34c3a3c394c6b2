"""Migration 0011 gives an existing Wijkagent N6 2.1 the published headings, PV and RTGP's second link."""

from __future__ import annotations

import copy
import hashlib
import json
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

from alembic import command
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from app.db import make_engine
from app.kwalificaties import service
from app.kwalificaties.bestand import lees_bestand
from app.ops.migrations import alembic_config


def _migreer(engine: Engine, revisie: str) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revisie)


def _zoals_voor_0011() -> dict:
    """The bundled file as it was before the headings, PV and the second RTGP link were modelled."""
    inhoud = copy.deepcopy(lees_bestand(service.BUNDLED_DIR / "wa-n6-2.1.yaml").model_dump(mode="json"))
    inhoud.pop("opvolging")  # the file format had no opvolging (migration 0025) then either
    for kt in inhoud["kerntaken"]:
        for bs in kt["bouwstenen"]:
            for lu in bs["leeruitkomsten"]:
                for onderdeel in lu["onderdelen"]:
                    if onderdeel["aanvulling"]:
                        onderdeel["kop"] = None
    inhoud["beroepsvereisten"] = [
        {**{k: v for k, v in bv.items() if k != "leeruitkomsten"}, "leeruitkomst": bv["leeruitkomsten"][0]}
        for bv in inhoud["beroepsvereisten"]
        if bv["code"] != "PV"
    ]
    return inhoud


def _sha(inhoud: dict) -> str:
    return hashlib.sha256(json.dumps(inhoud, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _schrijf_oude_versie(connection: Connection, inhoud: dict) -> None:
    """The rows the loader wrote before 0011 (kernthema's left out: 0011 does not touch them)."""

    def nieuw(sql: str, **waarden: object) -> int:
        connection.execute(text(sql), waarden)
        return connection.scalar(text("SELECT MAX(id) FROM " + sql.split()[2]))  # noqa: S608 (a literal above)

    k = nieuw(
        "INSERT INTO kwalificatie (code, versie, versiedatum, titel, niveau, status, bron, inhoud_sha256) "
        "VALUES (:code, :versie, :datum, :titel, :niveau, 'gepubliceerd', '', :sha)",
        code=inhoud["code"],
        versie=inhoud["versie"],
        datum=inhoud["versiedatum"],
        titel=inhoud["titel"],
        niveau=inhoud["niveau"],
        sha=_sha(inhoud),
    )
    leeruitkomsten = {}
    for i, kt in enumerate(inhoud["kerntaken"]):
        kt_id = nieuw(
            "INSERT INTO kerntaak (kwalificatie_id, volgorde, code, titel, omschrijving, context, complexiteit, "
            "zelfstandigheid_en_verantwoordelijkheid) VALUES (:k, :v, :code, :t, :o, :c, :x, :z)",
            k=k, v=i, code=kt["code"], t=kt["titel"], o=kt["omschrijving"], c=kt["context"],
            x=kt["complexiteit"], z=kt["zelfstandigheid_en_verantwoordelijkheid"],
        )  # fmt: skip
        for j, bs in enumerate(kt["bouwstenen"]):
            bs_id = nieuw(
                "INSERT INTO bouwsteen (kerntaak_id, volgorde, code, titel, omschrijving) VALUES (:kt, :v, :c, :t, :o)",
                kt=kt_id, v=j, c=bs["code"], t=bs["titel"], o=bs["omschrijving"],
            )  # fmt: skip
            for m, lu in enumerate(bs["leeruitkomsten"]):
                lu_id = nieuw(
                    "INSERT INTO leeruitkomst (bouwsteen_id, volgorde, code) VALUES (:bs, :v, :c)",
                    bs=bs_id, v=m, c=lu["code"],
                )  # fmt: skip
                leeruitkomsten[lu["code"]] = lu_id
                for n, o in enumerate(lu["onderdelen"]):
                    connection.execute(
                        text(
                            "INSERT INTO leeruitkomst_onderdeel (leeruitkomst_id, volgorde, kop, aanvulling, tekst) "
                            "VALUES (:lu, :v, :kop, :a, :t)"
                        ),
                        {"lu": lu_id, "v": n, "kop": o["kop"], "a": o["aanvulling"], "t": o["tekst"]},
                    )
    for i, bv in enumerate(inhoud["beroepsvereisten"]):
        connection.execute(
            text(
                "INSERT INTO beroepsvereiste (kwalificatie_id, volgorde, code, naam, omschrijving, leeruitkomst_id) "
                "VALUES (:k, :v, :c, :n, :o, :lu)"
            ),
            {
                "k": k,
                "v": i,
                "c": bv["code"],
                "n": bv["naam"],
                "o": bv["omschrijving"],
                "lu": leeruitkomsten[bv["leeruitkomst"]],
            },
        )


def test_the_reconstruction_is_the_content_loaded_before_0011() -> None:
    # The migration's file name starts with a date, so it is loaded by path.
    pad = next((Path(service.__file__).parents[2] / "migrations" / "versions").glob("*-0011_*.py"))
    spec = spec_from_file_location("migratie_0011", pad)
    migratie = module_from_spec(spec)
    spec.loader.exec_module(migratie)
    assert _sha(_zoals_voor_0011()) == migratie.OUDE_SHA
    nieuw = lees_bestand(service.BUNDLED_DIR / "wa-n6-2.1.yaml")
    assert service.inhoud_sha256(nieuw) == migratie.NIEUWE_SHA


def test_an_existing_database_gets_the_headings_pv_and_the_links(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'oud.db'}")
    _migreer(engine, "0009")
    with engine.begin() as connection:
        _schrijf_oude_versie(connection, _zoals_voor_0011())

    _migreer(engine, "head")

    with Session(engine) as session, session.begin():
        # The bundled file is now the stored content: nothing to load, nothing refused.
        assert [r for _, r in service.laad_meegeleverde(session)] == [service.Laadresultaat.ongewijzigd]
        wijkagent = service.kwalificatie_boom(session, "WA-N6", "2.1")
        vereisten = {bv.code: [lu.code for lu in bv.leeruitkomsten] for bv in wijkagent.beroepsvereisten}
        assert vereisten == {"RTGP": ["LU3.1", "LU3.2"], "IBT": ["LU3.2"], "PV": ["LU3.1", "LU3.2"]}
        koppen = {
            lu.code: o.kop
            for kt in wijkagent.kerntaken
            for bs in kt.bouwstenen
            for lu in bs.leeruitkomsten
            for o in lu.onderdelen
            if o.aanvulling
        }
        assert koppen == {
            "LU1.1": "Voor de politiefunctionaris op niveau 6 geldt aanvullend:",
            "LU1.2": "Voor de politiefunctie op niveau 6 geldt aanvullend:",
            "LU2.1": "Specifiek voor de Wijkagent op niveau 6 geldt aanvullend:",
            "LU2.2": "Specifiek voor de Wijkagent op niveau 6 geldt aanvullend:",
            "LU3.1": "Specifiek voor de wijkagent op niveau 6 geldt aanvullend:",
            "LU3.2": "Specifiek voor de wijkagent op niveau 6 geldt aanvullend:",
        }

    # And back: the content the previous revision knew, one leeruitkomst per beroepsvereiste.
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0009")
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT inhoud_sha256 FROM kwalificatie")) == _sha(_zoals_voor_0011())
        rijen = connection.execute(
            text(
                "SELECT bv.code, lu.code FROM beroepsvereiste bv JOIN leeruitkomst lu ON lu.id = bv.leeruitkomst_id "
                "ORDER BY bv.volgorde"
            )
        ).all()
        assert [tuple(r) for r in rijen] == [("RTGP", "LU3.1"), ("IBT", "LU3.2")]
    engine.dispose()


def test_other_content_under_the_version_is_left_alone_and_still_refused(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'anders.db'}")
    _migreer(engine, "0009")
    inhoud = _zoals_voor_0011()
    inhoud["titel"] = "Wijkagent (een andere lezing)"
    with engine.begin() as connection:
        _schrijf_oude_versie(connection, inhoud)

    _migreer(engine, "head")

    with Session(engine) as session, session.begin():
        wijkagent = service.kwalificatie_boom(session, "WA-N6", "2.1")
        assert [bv.code for bv in wijkagent.beroepsvereisten] == ["RTGP", "IBT"]
        try:
            service.laad_meegeleverde(session)
        except service.Conflict as fout:
            assert "bestaat al met andere inhoud" in str(fout)
        else:
            raise AssertionError("de afwijkende versie had geweigerd moeten worden")
    engine.dispose()
