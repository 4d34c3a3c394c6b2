"""The hash chain: every record carries the previous one's hash, so changes and gaps show."""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.audit.service import GENESIS, bereken_hash, registreer, verifieer
from app.models import AuditRecord, Rol
from tests import factories


def _drie_records(db: Session) -> list[AuditRecord]:
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    return [registreer(db, beheerder, "keten_test", "gebruiker", beheerder.id, stap=stap) for stap in (1, 2, 3)]


def test_registreer_ketent_elk_record_aan_het_vorige(db: Session) -> None:
    eerste, tweede, derde = _drie_records(db)

    assert tweede.volgnummer == eerste.volgnummer + 1
    assert tweede.vorige_hash == eerste.hash
    assert derde.vorige_hash == tweede.hash
    assert all(r.hash == bereken_hash(r) for r in (eerste, tweede, derde))
    if eerste.volgnummer == 1:
        assert eerste.vorige_hash == GENESIS


def test_registreer_legt_wie_wat_en_waarover_vast(db: Session) -> None:
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    record = registreer(db, beheerder, "rol_gewijzigd", "gebruiker", 42, rol="praktijkbegeleider", aan=True)

    assert record.actor_id == beheerder.id
    assert (record.actie, record.onderwerp_type, record.onderwerp_id) == ("rol_gewijzigd", "gebruiker", "42")
    assert json.loads(record.gegevens) == {"aan": True, "rol": "praktijkbegeleider"}
    assert record.tijd.tzinfo is not None


def test_een_intacte_keten_is_in_orde(db: Session) -> None:
    _drie_records(db)

    uitkomst = verifieer(db)

    assert uitkomst.ok, uitkomst.reden
    assert uitkomst.gecontroleerd >= 3


def test_een_gewijzigd_record_wordt_bij_naam_genoemd(db: Session) -> None:
    _eerste, tweede, _derde = _drie_records(db)
    assert verifieer(db).ok

    db.execute(text("UPDATE audit_record SET gegevens = :g WHERE id = :id"), {"g": '{"stap": 99}', "id": tweede.id})
    db.expire_all()
    uitkomst = verifieer(db)

    assert not uitkomst.ok
    assert uitkomst.eerste_fout.volgnummer == tweede.volgnummer
    assert "gewijzigd" in uitkomst.reden
    assert uitkomst.gecontroleerd == tweede.volgnummer - 1


def test_een_gewijzigd_record_met_herberekende_hash_breekt_de_schakel_naar_het_volgende(db: Session) -> None:
    _eerste, tweede, derde = _drie_records(db)

    tweede.gegevens = '{"stap": 99}'
    tweede.hash = bereken_hash(tweede)
    db.flush()
    uitkomst = verifieer(db)

    assert not uitkomst.ok
    assert uitkomst.eerste_fout.volgnummer == derde.volgnummer
    assert "vorige record" in uitkomst.reden


def test_een_verwijderd_record_in_het_midden_valt_op(db: Session) -> None:
    _eerste, tweede, derde = _drie_records(db)
    assert verifieer(db).ok
    weg = tweede.volgnummer

    db.execute(text("DELETE FROM audit_record WHERE id = :id"), {"id": tweede.id})
    db.expire_all()
    uitkomst = verifieer(db)

    assert not uitkomst.ok
    assert uitkomst.eerste_fout.volgnummer == derde.volgnummer
    assert uitkomst.reden == f"record {weg} ontbreekt"


def test_wie_het_deed_uitwissen_valt_op(db: Session) -> None:
    eerste, _tweede, _derde = _drie_records(db)

    db.execute(text("UPDATE audit_record SET actor_id = NULL WHERE id = :id"), {"id": eerste.id})
    db.expire_all()
    uitkomst = verifieer(db)

    assert not uitkomst.ok
    assert uitkomst.eerste_fout.volgnummer == eerste.volgnummer
