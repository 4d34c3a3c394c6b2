"""The ways someone with write access to the database could try to rewrite the audit trail.

Each one tampers with a chain whose last six records are `eigen` (volgnummers,
oldest first, the last one the head and checkpointed) and says where the
check must find it: the volgnummer it names and a piece of the reason.
On PostgreSQL the append-only trigger is switched off for the transaction
first, as a superuser could.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from app.audit.keten import audit_sleutel, bereken_hash, canonieke_inhoud
from app.models import AuditRecord


def zonder_trigger(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL session_replication_role = replica"))


def _wijzig_veld(s: Session, eigen: list[int]) -> tuple[int, str]:
    s.execute(update(AuditRecord).where(AuditRecord.volgnummer == eigen[2]).values(gegevens='{"stap": 99}'))
    return eigen[2], "gewijzigd"


def _verwijder(s: Session, *volgnummers: int) -> None:
    s.execute(delete(AuditRecord).where(AuditRecord.volgnummer.in_(volgnummers)))


def _verwijder_midden(s: Session, eigen: list[int]) -> tuple[int, str]:
    _verwijder(s, eigen[2])
    return eigen[3], f"record {eigen[2]} ontbreekt"


def _verwijder_eerste(s: Session, eigen: list[int]) -> tuple[int, str]:
    _verwijder(s, 1)
    return 2, "record 1 ontbreekt"


def _verwijder_laatste(s: Session, eigen: list[int]) -> tuple[int, str]:
    _verwijder(s, eigen[5])
    return eigen[5], f"record {eigen[5]} ontbreekt: de keten eindigt bij record {eigen[4]}"


def _verwijder_laatste_vijf(s: Session, eigen: list[int]) -> tuple[int, str]:
    _verwijder(s, *eigen[1:])
    return eigen[1], f"records {eigen[1]} t/m {eigen[5]} ontbreken"


def _verwissel_twee(s: Session, eigen: list[int]) -> tuple[int, str]:
    a, b = eigen[1], eigen[3]
    nummer = AuditRecord.volgnummer
    s.execute(update(AuditRecord).where(nummer == a).values(volgnummer=-1))
    s.execute(update(AuditRecord).where(nummer == b).values(volgnummer=a))
    s.execute(update(AuditRecord).where(nummer == -1).values(volgnummer=b))
    return a, "vorige record"


def _herschrijf_met_gewone_sha256(s: Session, eigen: list[int]) -> tuple[int, str]:
    """Rewrite one record and recompute every later hash as a plain sha256, as the trail used to be."""
    records = s.scalars(select(AuditRecord).where(AuditRecord.volgnummer >= eigen[2]).order_by(AuditRecord.volgnummer))
    vorige = None
    for record in records:
        if vorige is None:
            record.gegevens = '{"stap": 99}'
        else:
            record.vorige_hash = vorige
        record.hash = vorige = hashlib.sha256(canonieke_inhoud(record)).hexdigest()
    s.flush()
    return eigen[2], "gewijzigd"


def _herschrijf_de_kop_met_de_sleutel(s: Session, eigen: list[int]) -> tuple[int, str]:
    """Even with the key, the checkpointed head cannot be replaced unnoticed."""
    record = s.scalars(select(AuditRecord).where(AuditRecord.volgnummer == eigen[5])).one()
    record.gegevens = '{"stap": 99}'
    record.hash = bereken_hash(record, audit_sleutel())
    s.flush()
    return eigen[5], "checkpoint"


def _leegmaken(s: Session, eigen: list[int]) -> tuple[int, str]:
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("TRUNCATE audit_record"))
    else:
        s.execute(delete(AuditRecord))
    return 1, f"records 1 t/m {eigen[5]} ontbreken"


@dataclass(frozen=True)
class Vervalsing:
    naam: str
    doe: Callable[[Session, list[int]], tuple[int, str]]


VERVALSINGEN = [
    pytest.param(Vervalsing(naam, doe), id=naam)
    for naam, doe in [
        ("een_veld_gewijzigd", _wijzig_veld),
        ("middelste_verwijderd", _verwijder_midden),
        ("eerste_verwijderd", _verwijder_eerste),
        ("laatste_verwijderd", _verwijder_laatste),
        ("laatste_vijf_verwijderd", _verwijder_laatste_vijf),
        ("twee_verwisseld", _verwissel_twee),
        ("herschreven_met_gewone_sha256", _herschrijf_met_gewone_sha256),
        ("kop_herschreven_met_de_sleutel", _herschrijf_de_kop_met_de_sleutel),
        ("leeggemaakt", _leegmaken),
    ]
]
