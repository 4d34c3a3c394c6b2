"""Checkpoints of the chain's head, in an append-only file outside the database.

The keyed hash stops anyone without the key from rewriting records, but not
from deleting the newest ones: the chain that is left still holds. A
checkpoint (volgnummer + hash of a head that was seen, itself keyed) remembers
how far the chain reached, so a shorter chain, or a different record at that
place, shows. Written every PORTFOLIO_AUDIT_CHECKPOINT_ELKE records, by
`portfolio audit verify` / `checkpoint` and by the audit page's check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from app.audit.sleutel import audit_sleutel
from app.config import get_settings

BESTANDSNAAM = "checkpoints.jsonl"


@dataclass(frozen=True)
class Checkpoint:
    volgnummer: int
    hash: str
    tijd: dt.datetime


class OngeldigCheckpoint(Exception):
    """A line of the checkpoint file that was changed, forged, or made with another key."""

    def __init__(self, regel: int) -> None:
        self.regel = regel
        super().__init__(
            f"regel {regel} van het checkpointbestand {pad()} is ongeldig "
            "(gewijzigd, of gemaakt met een andere sleutel)"
        )


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
    return Checkpoint(volgnummer, hash, tijd)


def lees() -> list[Checkpoint]:
    """Every checkpoint in the file, in the order written; OngeldigCheckpoint for a line that does not hold."""
    bestand = pad()
    if not bestand.exists():
        return []
    regels = bestand.read_text().split("\n")
    # The last piece has no newline yet: a line still being appended by another process, or nothing.
    regels.pop()
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
            raise OngeldigCheckpoint(nummer)
        gelezen.append(checkpoint)
    return gelezen


def verste(gelezen: list[Checkpoint]) -> Checkpoint | None:
    """The checkpoint furthest along the chain."""
    return max(gelezen, key=lambda c: c.volgnummer, default=None)
