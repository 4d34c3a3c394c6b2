"""Append to and verify the audit trail: each record carries the keyed hash of the one before it.

Changing, inserting or deleting any stored record breaks the chain from that
record on; rewriting a record and recomputing the later hashes needs the key,
which is not in the database; deleting the newest records shows against the
checkpoints kept outside it. `portfolio audit verify` names the place.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from sqlalchemy import Row
from sqlalchemy.orm import Session

from app import taken
from app.audit import checkpoints, repository
from app.audit.checkpoints import Checkpoint
from app.audit.keten import CHECKPOINTTAAK, GENESIS, bereken_hash, ketenen, zet_in_wachtrij
from app.audit.schemas import Verificatie
from app.audit.sleutel import audit_sleutel
from app.config import get_settings
from app.db import alleen_lezen
from app.models import AuditRecord, Gebruiker
from app.tijd import tijdstip

__all__ = ["GENESIS", "Verificatie", "audit_sleutel", "bereken_hash", "ketenen", "registreer", "verifieer"]

logger = logging.getLogger("portfolio.audit")


def registreer(
    session: Session,
    actor: Gebruiker | None,
    actie: str,
    onderwerp_type: str,
    onderwerp_id: object = None,
    **gegevens: object,
) -> AuditRecord:
    """Record one event (who, what, which subject, when); it joins the chain when the session commits.

    The returned record gets its volgnummer and hash at commit; rolling back
    (the transaction, or the savepoint it was recorded in) drops it.
    """
    record = AuditRecord(
        tijd=dt.datetime.now(dt.UTC),
        actor_id=actor.id if actor else None,
        actie=actie,
        onderwerp_type=onderwerp_type,
        onderwerp_id=None if onderwerp_id is None else str(onderwerp_id),
        gegevens=json.dumps(gegevens, ensure_ascii=False, sort_keys=True, default=str),
    )
    zet_in_wachtrij(session, record)
    return record


def _ontbreken(van: int, tot: int) -> str:
    return f"record {van} ontbreekt" if van == tot else f"records {van} t/m {tot} ontbreken"


def verifieer(
    session: Session, *, vanaf_checkpoint: bool = False, batch: int = 1000, vastleggen: bool = True
) -> Verificatie:
    """Walk the chain in order; stop at the first place where a hash, a link or a checkpoint does not hold.

    From record 1 by default; `vanaf_checkpoint` starts at the furthest
    checkpoint instead (its record must still carry the checkpointed hash),
    so the cost grows with what was written since, not with the whole trail.
    A chain that holds is checkpointed at its head (unless `vastleggen` is False).
    """
    try:
        bekend = checkpoints.lees()
    except checkpoints.OngeldigCheckpoint as fout:
        return Verificatie(0, reden=str(fout))
    per_nummer: dict[int, list[Checkpoint]] = {}
    for checkpoint in bekend:
        per_nummer.setdefault(checkpoint.volgnummer, []).append(checkpoint)
    verste = checkpoints.verste(bekend)
    start = verste if vanaf_checkpoint else None

    sleutel = audit_sleutel()
    verwacht = start.volgnummer if start else 1
    # From a checkpoint the link to the record before it is not walked; the checkpoint vouches for the record.
    vorige_hash: str | None = None if start else GENESIS
    aantal = 0
    while rijen := repository.records_vanaf(session, verwacht, batch):
        for rij in rijen:
            if start and not aantal and rij.volgnummer != verwacht:
                # The checkpointed record is gone: find where it breaks.
                return verifieer(session, batch=batch, vastleggen=vastleggen)
            reden = _fout(rij, verwacht, vorige_hash, sleutel, per_nummer)
            if reden:
                return Verificatie(aantal, repository.record(session, rij.id), reden, rij.volgnummer)
            vorige_hash, verwacht, aantal = rij.hash, verwacht + 1, aantal + 1
    if start and not aantal:
        return verifieer(session, batch=batch, vastleggen=vastleggen)
    kop = verwacht - 1
    vanaf = start.volgnummer if start else None
    if verste is not None and verste.volgnummer > kop:
        reden = (
            f"{_ontbreken(kop + 1, verste.volgnummer)}: de keten eindigt bij record {kop}, "
            f"maar het checkpoint van {tijdstip(verste.tijd, seconden=True)} noemt record {verste.volgnummer}"
        )
        return Verificatie(aantal, None, reden, kop + 1, vanaf)
    if vastleggen and vorige_hash is not None and kop > (verste.volgnummer if verste else 0):
        _leg_vast(kop, vorige_hash)
    return Verificatie(aantal, vanaf=vanaf)


def _fout(
    rij: Row, verwacht: int, vorige_hash: str | None, sleutel: bytes, per_nummer: dict[int, list[Checkpoint]]
) -> str:
    """Why this record breaks the chain, or "" when it holds."""
    if rij.volgnummer != verwacht:
        return _ontbreken(verwacht, rij.volgnummer - 1)
    if vorige_hash is not None and rij.vorige_hash != vorige_hash:
        return "verwijst niet naar de hash van het vorige record"
    if bereken_hash(rij, sleutel) != rij.hash:
        return "inhoud past niet bij de opgeslagen hash (gewijzigd)"
    for checkpoint in per_nummer.get(rij.volgnummer, ()):
        if checkpoint.hash != rij.hash:
            return f"past niet bij het checkpoint van {tijdstip(checkpoint.tijd, seconden=True)} (vervangen)"
    return ""


def _leg_vast(volgnummer: int, hash: str) -> None:
    try:
        checkpoints.schrijf(volgnummer, hash)
    except OSError:
        # The check itself holds; without this checkpoint the next one walks a little further.
        logger.exception("audit-checkpoint niet geschreven")


def achterstand(session: Session) -> str:
    """Why the checkpoints do not cover the chain's tail, or "" when they do.

    Records deleted after the newest checkpoint leave a chain that holds, so the
    checkpoints themselves must keep up: with records in the chain there must be a
    checkpoint, and the newest one may be older than the head record by at most
    PORTFOLIO_AUDIT_CHECKPOINT_MAX_MINUTEN (the checkpoint job writes one after every
    commit that adds records, so only a worker that stopped, or a removed file, lags).
    """
    kop = repository.kop(session)
    if kop is None:
        return ""
    try:
        verste = checkpoints.verste(checkpoints.lees())
    except checkpoints.OngeldigCheckpoint as fout:
        return str(fout)
    if verste is None:
        return (
            f"er zijn geen checkpoints ({checkpoints.pad()} ontbreekt of is leeg), maar de keten telt "
            f"{kop.volgnummer} records: verwijderde laatste records zouden niet opvallen"
        )
    grens = dt.timedelta(minutes=get_settings().audit_checkpoint_max_minuten)
    if verste.volgnummer < kop.volgnummer and kop.tijd - verste.tijd > grens:
        return (
            f"het nieuwste checkpoint (record {verste.volgnummer}, {tijdstip(verste.tijd, seconden=True)}) is "
            f"meer dan {grens.total_seconds() / 60:.0f} minuten ouder dan de kop van de keten (record "
            f"{kop.volgnummer}, {tijdstip(kop.tijd, seconden=True)}): draait de werker?"
        )
    return ""


class KetenVerbroken(Exception):
    """The chain does not hold: the checkpoint job fails, visibly, instead of checkpointing it."""


@taken.taak(CHECKPOINTTAAK)
def checkpoint_taak(session: Session) -> None:
    """Check the chain from the newest checkpoint and checkpoint its head (every commit's records at once)."""
    # A reading transaction, ended before the job's "klaar": on SQLite the walk never holds the write lock.
    with alleen_lezen(session):
        uitkomst = verifieer(session, vanaf_checkpoint=True)
        session.rollback()
    if not uitkomst.ok:
        raise KetenVerbroken(f"audittrail verbroken bij record {uitkomst.plaats}: {uitkomst.reden}")
