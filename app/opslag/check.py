"""`portfolio storage check [--repair]`: do the stored files and the database still agree?

The database's view comes in as plain (key, size, sha256[, where]) tuples, so this module does not
depend on the bewijsstuk models; `where` names the bewijsstuk a missing or damaged file belongs to.
It works through the blob port only, so it checks every backend the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from app.opslag.storage import CHUNK_SIZE, BestandNietGevonden, Onvoltooid, Storage

# A file younger than this may belong to an upload whose transaction has not committed yet.
GRACE = timedelta(hours=1)


class KnownFile(NamedTuple):
    key: str
    size: int
    sha256: str
    waar: str = ""

    def naam(self) -> str:
        return f"{self.key} ({self.waar})" if self.waar else self.key


@dataclass(frozen=True)
class Mismatch:
    key: str
    expected: int | str
    found: int | str


@dataclass
class StorageReport:
    checked: int = 0
    orphans: list[str] = field(default_factory=list)
    stale_temp_files: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    size_mismatches: list[Mismatch] = field(default_factory=list)
    checksum_mismatches: list[Mismatch] = field(default_factory=list)
    recent_unknown: list[str] = field(default_factory=list)
    removed_orphans: list[str] = field(default_factory=list)
    removed_temp_files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong any more (orphans removed by a repair count as solved)."""
        return not (
            self.missing
            or self.size_mismatches
            or self.checksum_mismatches
            or set(self.orphans) - set(self.removed_orphans)
            or set(self.stale_temp_files) - set(self.removed_temp_files)
        )

    def summary(self) -> str:
        regels = [f"Opslagcontrole: {self.checked} bestand(en) uit de database gecontroleerd."]
        regels += _sectie(
            "verweesd bestand (in de opslag, onbekend in de database)", self.orphans, self.removed_orphans
        )
        regels += _sectie("achtergebleven tijdelijk bestand", self.stale_temp_files, self.removed_temp_files)
        regels += _sectie("ontbrekend bestand (in de database, niet in de opslag)", self.missing)
        regels += _sectie(
            "bestand met afwijkende grootte",
            [f"{m.key} (verwacht {m.expected} bytes, gevonden {m.found})" for m in self.size_mismatches],
        )
        regels += _sectie(
            "bestand met afwijkende checksum",
            [f"{m.key} (verwacht {m.expected}, gevonden {m.found})" for m in self.checksum_mismatches],
        )
        if self.recent_unknown:
            regels.append(
                f"{len(self.recent_unknown)} recent bestand(en) nog niet in de database; "
                "mogelijk een upload die nog bezig is, niet meegeteld."
            )
        if self.size_mismatches or self.checksum_mismatches or self.missing:
            regels.append(
                "Ontbrekende en afwijkende bestanden worden nooit automatisch hersteld: "
                "laat een beheerder ze onderzoeken (bijvoorbeeld terugzetten uit de back-up)."
            )
        elif (self.orphans or self.stale_temp_files) and not self.ok:
            regels.append("Verwijder verweesde en tijdelijke bestanden met --repair.")
        if self.ok:
            regels.append("Alles klopt.")
        return "\n".join(regels)


def check_storage(
    known: Iterable[KnownFile | tuple[str, int, str]],
    storage: Storage,
    *,
    repair: bool = False,
    verify_checksums: bool = True,
    grace: timedelta = GRACE,
    now: datetime | None = None,
) -> StorageReport:
    """Compare what the database knows with what the storage holds; `repair` removes only orphans."""
    now = now or datetime.now(UTC)
    report = StorageReport()
    expected: dict[str, list[KnownFile]] = {}
    for row in known:
        file = KnownFile(*row)
        expected.setdefault(file.key, []).append(file)

    for key in sorted(expected):
        report.checked += len(expected[key])
        _check_known(storage, key, expected[key], report, verify_checksums)

    for blob in storage.list():
        if blob.key in expected:
            continue
        if now - blob.modified_at < grace:
            report.recent_unknown.append(blob.key)
        else:
            report.orphans.append(blob.key)
    if isinstance(storage, Onvoltooid):
        report.stale_temp_files = list(storage.unfinished(grace))

    if repair:
        for key in report.orphans:
            storage.delete(key)
            report.removed_orphans.append(key)
        for name in report.stale_temp_files:
            storage.remove_unfinished(name)  # type: ignore[union-attr]
            report.removed_temp_files.append(name)
    return report


def _check_known(
    storage: Storage, key: str, rows: list[KnownFile], report: StorageReport, verify_checksums: bool
) -> None:
    try:
        size = storage.size(key)
        hashing = verify_checksums and any(row.size == size for row in rows)
        sha256 = sha256_van(storage, key) if hashing else None
    except BestandNietGevonden:
        report.missing.extend(row.naam() for row in rows)
        return
    for row in rows:
        # A wrong size implies a wrong checksum; report each broken file once, under its plainest cause.
        if size != row.size:
            report.size_mismatches.append(Mismatch(row.naam(), row.size, size))
        elif sha256 is not None and sha256 != row.sha256.lower():
            report.checksum_mismatches.append(Mismatch(row.naam(), row.sha256, sha256))


def sha256_van(storage: Storage, key: str) -> str:
    digest = hashlib.sha256()
    with storage.open(key) as f:
        while chunk := f.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def _sectie(omschrijving: str, items: list[str], removed: list[str] | None = None) -> list[str]:
    if not items:
        return []
    weg = set(removed or [])
    regels = [f"{len(items)} x {omschrijving}:"]
    regels += [f"  - {item}{' (verwijderd)' if item in weg else ''}" for item in items]
    return regels
