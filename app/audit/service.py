"""Append to and verify the audit trail: each record carries the hash of the one before it.

Changing, inserting or deleting any stored record breaks the chain from that
record on, and `portfolio audit verify` names the first broken one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.models import AuditRecord, Gebruiker

GENESIS = "0" * 64


def bereken_hash(record: AuditRecord) -> str:
    inhoud = json.dumps(
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
    )
    return hashlib.sha256(inhoud.encode()).hexdigest()


def registreer(
    session: Session,
    actor: Gebruiker | None,
    actie: str,
    onderwerp_type: str,
    onderwerp_id: object = None,
    **gegevens: object,
) -> AuditRecord:
    """Append one event (who, what, which subject, when) to the trail."""
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appends so two transactions never chain onto the same record.
        session.execute(text("SELECT pg_advisory_xact_lock(728491)"))
    laatste = session.execute(
        select(AuditRecord.volgnummer, AuditRecord.hash).order_by(AuditRecord.volgnummer.desc()).limit(1)
    ).first()
    record = AuditRecord(
        volgnummer=(laatste.volgnummer + 1) if laatste else 1,
        tijd=dt.datetime.now(dt.UTC),
        actor_id=actor.id if actor else None,
        actie=actie,
        onderwerp_type=onderwerp_type,
        onderwerp_id=None if onderwerp_id is None else str(onderwerp_id),
        gegevens=json.dumps(gegevens, ensure_ascii=False, sort_keys=True, default=str),
        vorige_hash=laatste.hash if laatste else GENESIS,
    )
    record.hash = bereken_hash(record)
    session.add(record)
    session.flush()
    return record


@dataclass
class Verificatie:
    gecontroleerd: int
    eerste_fout: AuditRecord | None = None
    reden: str = ""

    @property
    def ok(self) -> bool:
        return self.eerste_fout is None


def verifieer(session: Session, batch: int = 1000) -> Verificatie:
    """Walk the chain in order; stop at the first record whose hash or link does not hold."""
    vorige_hash, verwacht_nummer, aantal = GENESIS, 1, 0
    laatste_nummer = 0
    while True:
        records = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.volgnummer > laatste_nummer)
            .order_by(AuditRecord.volgnummer)
            .limit(batch)
        ).all()
        if not records:
            return Verificatie(aantal)
        for record in records:
            if record.volgnummer != verwacht_nummer:
                return Verificatie(aantal, record, f"record {verwacht_nummer} ontbreekt")
            if record.vorige_hash != vorige_hash:
                return Verificatie(aantal, record, "verwijst niet naar de hash van het vorige record")
            if bereken_hash(record) != record.hash:
                return Verificatie(aantal, record, "inhoud past niet bij de opgeslagen hash (gewijzigd)")
            vorige_hash, verwacht_nummer, aantal = record.hash, verwacht_nummer + 1, aantal + 1
        laatste_nummer = records[-1].volgnummer
