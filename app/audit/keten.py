"""The hash chain: the keyed hash of a record, and linking a transaction's records just before commit.

`registreer` only queues a record in the session. When the session commits,
`_koppel_bij_commit` takes the chain's lock, reads the head, and numbers,
hashes and inserts the queued records: the lock is held for those few
inserts, not for the whole request, so writers do not queue behind each
other. Every session chains this way, in a request or in a command.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session, SessionTransaction

from app import taken
from app.audit.sleutel import audit_sleutel
from app.models import AuditRecord

GENESIS = "0" * 64
# Any constant shared by every writer of this database; the lock lives until the transaction ends.
_KETENSLOT = 728491
_WACHTRIJ = "audit_wachtrij"
# The job that checkpoints the head after a commit that added records (app/audit/service.py).
CHECKPOINTTAAK = "audit.checkpoint"


class Hashbaar(Protocol):
    """What the hash covers; an AuditRecord, or any object with these attributes (bulk generation)."""

    volgnummer: int
    tijd: dt.datetime  # aware and in UTC, as it is read back; hashed as its ISO form with microseconds
    actor_id: int | None
    actie: str
    onderwerp_type: str
    onderwerp_id: str | None
    gegevens: str
    vorige_hash: str


def canonieke_inhoud(record: Hashbaar) -> bytes:
    return json.dumps(
        [
            record.volgnummer,
            record.tijd.isoformat(timespec="microseconds"),
            record.actor_id,
            record.actie,
            record.onderwerp_type,
            record.onderwerp_id,
            record.gegevens,
            record.vorige_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def bereken_hash(record: Hashbaar, sleutel: bytes | None = None) -> str:
    """HMAC-SHA256 of the record's content and its predecessor's hash.

    Pass `sleutel=audit_sleutel()` once when hashing many records (bulk
    generation): the key is then not derived again per record.
    """
    sleutel = audit_sleutel() if sleutel is None else sleutel
    return hmac.new(sleutel, canonieke_inhoud(record), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class _Wachtend:
    record: AuditRecord
    # The (nested) transaction it was registered in: rolling that back drops it.
    transactie: SessionTransaction


def zet_in_wachtrij(session: Session, record: AuditRecord) -> None:
    # Begin the transaction now if nothing did yet, so a rollback before any query still drops the record.
    transactie = session.get_nested_transaction() or session.get_transaction() or session.begin()
    session.info.setdefault(_WACHTRIJ, []).append(_Wachtend(record, transactie))


def ketenen(session: Session, records: Iterable[AuditRecord]) -> list[AuditRecord]:
    """Number, hash and insert `records` after the current head, under the chain's lock."""
    records = list(records)
    if not records:
        return records
    # Everything else first: from the lock on, only the audit inserts remain before commit.
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # SQLite needs none: its write transaction already excludes other writers. The head is read
        # after the lock, in a fresh statement snapshot (READ COMMITTED), so it is the newest one.
        session.execute(text("SELECT pg_advisory_xact_lock(:slot)"), {"slot": _KETENSLOT})
    laatste = session.execute(
        select(AuditRecord.volgnummer, AuditRecord.hash).order_by(AuditRecord.volgnummer.desc()).limit(1)
    ).first()
    volgnummer, vorige = (laatste.volgnummer, laatste.hash) if laatste else (0, GENESIS)
    sleutel = audit_sleutel()
    for record in records:
        volgnummer += 1
        record.volgnummer = volgnummer
        record.vorige_hash = vorige
        record.hash = vorige = bereken_hash(record, sleutel)
    session.add_all(records)
    session.flush()
    return records


@event.listens_for(Session, "before_commit")
def _koppel_bij_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint's records wait for the real commit
    wachtend = session.info.pop(_WACHTRIJ, [])
    if wachtend:
        # In this transaction, before the chain's lock: the records and the job that checkpoints them
        # commit together. One waiting job serves every commit until a worker takes it (batched).
        taken.enqueue(session, CHECKPOINTTAAK, samenvoegen=True)
        ketenen(session, (w.record for w in wachtend))


@event.listens_for(Session, "after_soft_rollback")
def _vergeet_teruggedraaid(session: Session, teruggedraaid: SessionTransaction) -> None:
    wachtend = session.info.get(_WACHTRIJ)
    if not wachtend:
        return
    session.info[_WACHTRIJ] = [w for w in wachtend if not _binnen(w.transactie, teruggedraaid)]


@event.listens_for(Session, "after_transaction_end")
def _einde(session: Session, transactie: SessionTransaction) -> None:
    if transactie.parent is None:
        # Committed (already chained) or rolled back or closed: nothing may carry over to the next one.
        session.info.pop(_WACHTRIJ, None)


def _binnen(transactie: SessionTransaction | None, teruggedraaid: SessionTransaction) -> bool:
    while transactie is not None:
        if transactie is teruggedraaid:
            return True
        transactie = transactie.parent
    return False
