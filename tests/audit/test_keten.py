"""The hash chain: every record carries the previous one's hash, so changes and gaps show."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from app.audit.keten import CHECKPOINTTAAK
from app.audit.service import GENESIS, audit_sleutel, bereken_hash, registreer, verifieer
from app.config import Settings, get_settings
from app.models import AuditRecord, Rol, Taak, TaakStatus
from tests import factories
from tests.audit.vervalsingen import zonder_trigger


def _drie_records(db: Session) -> list[AuditRecord]:
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    records = [registreer(db, beheerder, "keten_test", "gebruiker", beheerder.id, stap=stap) for stap in (1, 2, 3)]
    db.commit()  # records join the chain at commit
    return records


def test_registreer_ketent_elk_record_aan_het_vorige(db: Session) -> None:
    eerste, tweede, derde = _drie_records(db)

    assert tweede.volgnummer == eerste.volgnummer + 1
    assert tweede.vorige_hash == eerste.hash
    assert derde.vorige_hash == tweede.hash
    assert all(r.hash == bereken_hash(r) for r in (eerste, tweede, derde))
    assert all(r.hash == bereken_hash(r, audit_sleutel()) for r in (eerste, tweede, derde))
    if eerste.volgnummer == 1:
        assert eerste.vorige_hash == GENESIS


def test_registreer_legt_wie_wat_en_waarover_vast(db: Session) -> None:
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    record = registreer(db, beheerder, "rol_gewijzigd", "gebruiker", 42, rol="praktijkbegeleider", aan=True)
    db.commit()

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

    zonder_trigger(db)
    db.execute(text("UPDATE audit_record SET gegevens = :g WHERE id = :id"), {"g": '{"stap": 99}', "id": tweede.id})
    db.expire_all()
    uitkomst = verifieer(db)

    assert not uitkomst.ok
    assert uitkomst.eerste_fout.volgnummer == tweede.volgnummer
    assert "gewijzigd" in uitkomst.reden
    assert uitkomst.gecontroleerd == tweede.volgnummer - 1


def test_een_gewijzigd_record_met_herberekende_hash_breekt_de_schakel_naar_het_volgende(db: Session) -> None:
    _eerste, tweede, derde = _drie_records(db)

    zonder_trigger(db)
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

    zonder_trigger(db)
    db.execute(text("DELETE FROM audit_record WHERE id = :id"), {"id": tweede.id})
    db.expire_all()
    uitkomst = verifieer(db)

    assert not uitkomst.ok
    assert uitkomst.eerste_fout.volgnummer == derde.volgnummer
    assert uitkomst.reden == f"record {weg} ontbreekt"


def test_wie_het_deed_uitwissen_valt_op(db: Session) -> None:
    eerste, _tweede, _derde = _drie_records(db)

    zonder_trigger(db)
    db.execute(text("UPDATE audit_record SET actor_id = NULL WHERE id = :id"), {"id": eerste.id})
    db.expire_all()
    uitkomst = verifieer(db)

    assert not uitkomst.ok
    assert uitkomst.eerste_fout.volgnummer == eerste.volgnummer


def test_een_record_krijgt_zijn_plaats_pas_bij_de_commit(db: Session) -> None:
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    record = registreer(db, beheerder, "keten_test", "gebruiker", beheerder.id)
    db.flush()

    assert record.volgnummer is None and record.id is None  # no lock taken, nothing written yet
    db.commit()
    assert record.volgnummer is not None and record.hash == bereken_hash(record)


def test_wat_wordt_teruggedraaid_komt_niet_in_de_keten(db: Session) -> None:
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    db.commit()
    registreer(db, beheerder, "teruggedraaid", "gebruiker", beheerder.id)
    db.rollback()
    bewaard = registreer(db, beheerder, "bewaard", "gebruiker", beheerder.id)
    db.commit()

    acties = db.scalars(select(AuditRecord.actie).where(AuditRecord.actie.in_(["teruggedraaid", "bewaard"])))
    assert list(acties) == ["bewaard"]
    assert bewaard.vorige_hash != GENESIS or bewaard.volgnummer == 1


def test_een_teruggedraaid_savepoint_neemt_alleen_zijn_eigen_records_mee(db: Session) -> None:
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    voor = registreer(db, beheerder, "voor_savepoint", "gebruiker", beheerder.id)
    try:
        with db.begin_nested():
            registreer(db, beheerder, "in_savepoint", "gebruiker", beheerder.id)
            raise RuntimeError("de stap mislukt")
    except RuntimeError:
        pass
    with db.begin_nested():
        binnen = registreer(db, beheerder, "in_gelukt_savepoint", "gebruiker", beheerder.id)
    assert binnen.volgnummer is None  # a savepoint's release is not the commit
    db.commit()

    acties = db.scalars(
        select(AuditRecord.actie).where(AuditRecord.actor_id == beheerder.id).order_by(AuditRecord.volgnummer)
    )
    assert list(acties) == ["voor_savepoint", "in_gelukt_savepoint"]
    assert binnen.vorige_hash == voor.hash


def test_met_een_andere_sleutel_klopt_geen_enkele_hash(db: Session, monkeypatch) -> None:  # noqa: ANN001
    _drie_records(db)
    monkeypatch.setattr(get_settings(), "audit_key", "een-andere-sleutel-van-minstens-32-tekens")

    uitkomst = verifieer(db)

    assert not uitkomst.ok
    assert uitkomst.plaats == db.scalar(select(func.min(AuditRecord.volgnummer)))
    assert "gewijzigd" in uitkomst.reden


def test_met_een_andere_sleutel_vallen_ook_de_checkpoints_af(db: Session, monkeypatch) -> None:  # noqa: ANN001
    _drie_records(db)
    assert verifieer(db).ok  # checkpoints the head with the right key
    monkeypatch.setattr(get_settings(), "audit_key", "een-andere-sleutel-van-minstens-32-tekens")

    uitkomst = verifieer(db)

    assert not uitkomst.ok
    assert "regel 1 van het checkpointbestand" in uitkomst.reden


def test_een_commit_met_records_zet_een_checkpointtaak_klaar_die_latere_commits_meeneemt(db: Session) -> None:
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    # A job another test committed before this one would take these commits along: start without (rolled back).
    db.execute(delete(Taak).where(Taak.naam == CHECKPOINTTAAK))
    db.commit()
    wachtend = select(Taak).where(Taak.naam == CHECKPOINTTAAK, Taak.status == TaakStatus.wachtend)
    assert db.scalars(wachtend).all() == []  # no records, no checkpoint

    registreer(db, beheerder, "keten_test", "gebruiker", beheerder.id, stap=1)
    db.commit()
    registreer(db, beheerder, "keten_test", "gebruiker", beheerder.id, stap=2)
    db.commit()

    # In the commits' own transactions, and one job for both: its run checkpoints whatever the head is then.
    assert len(db.scalars(wachtend).all()) == 1
    registreer(db, beheerder, "keten_test", "gebruiker", beheerder.id, stap=3)
    db.rollback()
    assert len(db.scalars(wachtend).all()) == 1


def test_een_te_korte_audit_sleutel_wordt_geweigerd() -> None:
    with pytest.raises(ValidationError, match="PORTFOLIO_AUDIT_KEY moet minstens 32 tekens lang zijn"):
        Settings(audit_key="te-kort", secret_key="s" * 40)
