"""Checkpoints of the chain's head, in an append-only file outside the database.

The keyed hash stops anyone without the key from rewriting records, but not
from deleting the newest ones: the chain that is left still holds. A
checkpoint (volgnummer + hash of a head that was seen, itself keyed) remembers
how far the chain reached, so a shorter chain, or a different record at that
place, shows. Written every PORTFOLIO_AUDIT_CHECKPOINT_ELKE records, by
`portfolio audit verify` / `checkpoint` and by the audit page's check.

With the evidence in S3 (PORTFOLIO_OPSLAG=s3) every checkpoint is also kept as an
object of its own in the bucket, under object lock where the bucket has it
enabled (retention PORTFOLIO_AUDIT_CHECKPOINT_BEWAAR_DAGEN, governance mode), so
whoever can empty the file on one machine does not thereby erase how far the chain
reached. The keys count down (`audit-checkpoints/<10^12 - volgnummer>-…`), so the
furthest checkpoint is the first key listed: reading it costs two requests however
many there are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.audit.sleutel import audit_sleutel
from app.config import get_settings

BESTANDSNAAM = "checkpoints.jsonl"
S3_VOORVOEGSEL = "audit-checkpoints/"
_S3_AFTEL = 10**12

logger = logging.getLogger("portfolio.audit")


@dataclass(frozen=True)
class Checkpoint:
    volgnummer: int
    hash: str
    tijd: dt.datetime


class OngeldigCheckpoint(Exception):
    """A line of the checkpoint file that was changed, forged, or made with another key."""

    def __init__(self, regel: int, *, in_s3: bool = False) -> None:
        self.regel = regel
        waar = "de nieuwste kopie in de objectopslag" if in_s3 else f"regel {regel} van het checkpointbestand {pad()}"
        super().__init__(f"{waar} is ongeldig (gewijzigd, of gemaakt met een andere sleutel)")


def pad() -> Path:
    return get_settings().audit_checkpoint_dir / BESTANDSNAAM


def _mac(volgnummer: int, hash: str, tijd: str) -> str:
    inhoud = f"checkpoint|{volgnummer}|{hash}|{tijd}".encode()
    return hmac.new(audit_sleutel(), inhoud, hashlib.sha256).hexdigest()


def schrijf(volgnummer: int, hash: str) -> Checkpoint:
    """Append one checkpoint and fsync it; O_APPEND keeps concurrent writers' lines whole."""
    tijd = dt.datetime.now(dt.UTC)
    tijd_tekst = tijd.isoformat(timespec="microseconds")
    regel = json.dumps(
        {"volgnummer": volgnummer, "hash": hash, "tijd": tijd_tekst, "mac": _mac(volgnummer, hash, tijd_tekst)},
        separators=(",", ":"),
    )
    bestand = pad()
    bestand.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(bestand, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (regel + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    _kopie_in_s3(volgnummer, tijd, regel)
    return Checkpoint(volgnummer, hash, tijd)


def _s3() -> tuple[Any, str] | None:
    """(client, bucket) when the evidence is in S3; the checkpoints' copies go to the same bucket."""
    settings = get_settings()
    if settings.opslag != "s3":
        return None
    from app.opslag.s3 import s3_storage

    opslag = s3_storage(settings.s3_endpoint_url, settings.s3_bucket, settings.s3_regio)
    return opslag.client, opslag.bucket


@lru_cache(maxsize=8)
def _vergrendeling_aan(client: Any, bucket: str) -> bool:  # noqa: ANN401
    """Does the bucket offer object lock? Asked once per process and bucket."""
    try:
        instelling = client.get_object_lock_configuration(Bucket=bucket)
    except Exception:  # no configuration (or a store without object lock): plain objects
        return False
    return instelling.get("ObjectLockConfiguration", {}).get("ObjectLockEnabled") == "Enabled"


def _kopie_in_s3(volgnummer: int, tijd: dt.datetime, regel: str) -> None:
    s3 = _s3()
    if s3 is None:
        return
    client, bucket = s3
    sleutel = f"{S3_VOORVOEGSEL}{_S3_AFTEL - volgnummer:012d}-{tijd.strftime('%Y%m%dT%H%M%S%f')}.json"
    extra: dict[str, Any] = {}
    if _vergrendeling_aan(client, bucket):
        extra = {
            "ObjectLockMode": "GOVERNANCE",
            "ObjectLockRetainUntilDate": tijd + dt.timedelta(days=get_settings().audit_checkpoint_bewaar_dagen),
            "ChecksumAlgorithm": "SHA256",  # object lock asks for a checksum of the body
        }
    try:
        client.put_object(Bucket=bucket, Key=sleutel, Body=(regel + "\n").encode(), **extra)
    except Exception:
        # The file holds the checkpoint; without this copy the next one covers the same records.
        logger.exception("kopie van audit-checkpoint %s niet in de objectopslag gezet", volgnummer)


def _verste_kopie_in_s3() -> str | None:
    """The line of the furthest checkpoint kept in S3, or None (no S3, no copies, or the store away)."""
    s3 = _s3()
    if s3 is None:
        return None
    client, bucket = s3
    try:
        lijst = client.list_objects_v2(Bucket=bucket, Prefix=S3_VOORVOEGSEL, MaxKeys=1).get("Contents", [])
        if not lijst:
            return None
        return client.get_object(Bucket=bucket, Key=lijst[0]["Key"])["Body"].read().decode().strip()
    except Exception:
        logger.exception("audit-checkpoints in de objectopslag niet te lezen")
        return None


def lees() -> list[Checkpoint]:
    """Every checkpoint in the file, in the order written, and the furthest copy in S3 (when configured) last;
    OngeldigCheckpoint for a line that does not hold."""
    bestand = pad()
    regels = bestand.read_text().split("\n") if bestand.exists() else [""]
    # The last piece has no newline yet: a line still being appended by another process, or nothing.
    regels.pop()
    in_bestand = len(regels)
    if (kopie := _verste_kopie_in_s3()) is not None:
        regels.append(kopie)
    gelezen: list[Checkpoint] = []
    for nummer, regel in enumerate(regels, start=1):
        if not regel.strip():
            continue
        try:
            waarden = json.loads(regel)
            volgnummer, hash, tijd, mac = waarden["volgnummer"], waarden["hash"], waarden["tijd"], waarden["mac"]
            geldig = isinstance(volgnummer, int) and hmac.compare_digest(mac, _mac(volgnummer, hash, tijd))
            checkpoint = Checkpoint(volgnummer, hash, dt.datetime.fromisoformat(tijd))
        except (ValueError, KeyError, TypeError):
            geldig = False
        if not geldig:
            raise OngeldigCheckpoint(nummer, in_s3=nummer > in_bestand)
        gelezen.append(checkpoint)
    return gelezen


def verste(gelezen: list[Checkpoint]) -> Checkpoint | None:
    """The checkpoint furthest along the chain."""
    return max(gelezen, key=lambda c: c.volgnummer, default=None)
