"""`portfolio storage overzetten --naar s3`: copy every known file from one backend to another, verified.

Each file is streamed from the source, hashed on the way, and the upload is abandoned (nothing
stored) when its sha256 differs from the database's; what arrived is then read back and hashed
again. A target object that is already there with the right sha256 is skipped, so a run that was
interrupted picks up where it stopped. Keys stay the same, so the database needs no change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from app.opslag.check import KnownFile, sha256_van
from app.opslag.storage import CHUNK_SIZE, BestandNietGevonden, Storage


class _Afwijkend(Exception):
    pass


@dataclass
class Overzetrapport:
    gekopieerd: int = 0
    overgeslagen: int = 0
    ontbrekend: list[str] = field(default_factory=list)
    afwijkend: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.ontbrekend or self.afwijkend)

    def summary(self) -> str:
        regels = [
            f"Overzetten: {self.gekopieerd} bestand(en) gekopieerd en gecontroleerd, "
            f"{self.overgeslagen} stond(en) er al met de juiste sha256."
        ]
        if self.ontbrekend:
            regels.append(f"{len(self.ontbrekend)} x ontbreekt in de bron (niet gekopieerd):")
            regels += [f"  - {naam}" for naam in self.ontbrekend]
        if self.afwijkend:
            regels.append(f"{len(self.afwijkend)} x sha256 wijkt af van de database (niet gekopieerd):")
            regels += [f"  - {naam}" for naam in self.afwijkend]
        regels.append("Alles staat over." if self.ok else "Niet alles staat over; zie hierboven.")
        return "\n".join(regels)


def overzetten(
    known: Iterable[KnownFile | tuple],
    bron: Storage,
    doel: Storage,
    *,
    voortgang: Callable[[KnownFile, str], None] | None = None,
) -> Overzetrapport:
    """Copy every known file from `bron` to `doel`; files already right in `doel` are skipped."""
    rapport = Overzetrapport()
    gezien: set[str] = set()
    for rij in known:
        bestand = KnownFile(*rij)
        if bestand.key in gezien:  # a newer version points at the same blob
            continue
        gezien.add(bestand.key)
        uitkomst = _zet_over(bestand, bron, doel)
        if uitkomst == "gekopieerd":
            rapport.gekopieerd += 1
        elif uitkomst == "overgeslagen":
            rapport.overgeslagen += 1
        elif uitkomst == "ontbrekend":
            rapport.ontbrekend.append(bestand.naam())
        else:
            rapport.afwijkend.append(bestand.naam())
        if voortgang is not None:
            voortgang(bestand, uitkomst)
    return rapport


def _zet_over(bestand: KnownFile, bron: Storage, doel: Storage) -> str:
    verwacht = bestand.sha256.lower()
    try:
        aanwezig = doel.size(bestand.key) == bestand.size and sha256_van(doel, bestand.key) == verwacht
    except BestandNietGevonden:
        aanwezig = False
    if aanwezig:
        return "overgeslagen"
    doel.delete(bestand.key)  # a partial or wrong object from an earlier run
    try:
        with bron.open(bestand.key) as invoer:
            doel.put(bestand.key, _geverifieerd(invoer, bestand.size, verwacht))
    except BestandNietGevonden:
        return "ontbrekend"
    except _Afwijkend:
        return "afwijkend"
    if sha256_van(doel, bestand.key) != verwacht:
        doel.delete(bestand.key)
        return "afwijkend"
    return "gekopieerd"


def _geverifieerd(invoer: BinaryIO, grootte: int, verwacht: str) -> Iterator[bytes]:
    digest = hashlib.sha256()
    gelezen = 0
    while stuk := invoer.read(CHUNK_SIZE):
        gelezen += len(stuk)
        digest.update(stuk)
        yield stuk
    if gelezen != grootte or digest.hexdigest() != verwacht:
        # Raised inside the stream: the target abandons the upload and stores nothing.
        raise _Afwijkend()
