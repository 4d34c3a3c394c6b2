"""Finding CASE objects by identifier across every loaded kwalificatie version.

Identifiers are hashes, so they do not name their kwalificatie: each version's package
is built once per process (a loaded version never changes, its content hash is part of
the key) and kept with its objects by identifier. A request then costs one query for
the list of versions, whatever their size.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.case.export import Pakket, pakket
from app.kwalificaties import repository
from app.models import Kwalificatie


@dataclass
class Geindexeerd:
    pakket: Pakket
    items: dict[str, dict]
    associaties: dict[str, dict]


_cache: dict[tuple[str, str, str, str], Geindexeerd] = {}
_slot = threading.Lock()


def _geindexeerd(session: Session, basis: str, kwalificatie: Kwalificatie) -> Geindexeerd:
    sleutel = (basis, kwalificatie.code, kwalificatie.versie, kwalificatie.inhoud_sha256)
    with _slot:
        gevonden = _cache.get(sleutel)
    if gevonden is not None:
        return gevonden
    boom = repository.kwalificatie_met_boom(session, kwalificatie.code, kwalificatie.versie)
    p = pakket(basis, boom, repository.relaties_van(session, boom.id))
    gevonden = Geindexeerd(p, {i["identifier"]: i for i in p.items}, {a["identifier"]: a for a in p.associaties})
    with _slot:
        _cache[sleutel] = gevonden
    return gevonden


def alle_pakketten(session: Session, basis: str) -> list[Geindexeerd]:
    versies = session.scalars(select(Kwalificatie).order_by(Kwalificatie.code, Kwalificatie.versie))
    return [_geindexeerd(session, basis, k) for k in versies]


def documenten(session: Session, limit: int, offset: int) -> tuple[list[Kwalificatie], int]:
    totaal = session.scalar(select(func.count()).select_from(Kwalificatie)) or 0
    stmt = select(Kwalificatie).order_by(Kwalificatie.code, Kwalificatie.versie, Kwalificatie.id)
    return list(session.scalars(stmt.limit(limit).offset(offset))), totaal


def pakket_van_document(session: Session, basis: str, identifier: str) -> Geindexeerd | None:
    return next((g for g in alle_pakketten(session, basis) if g.pakket.document["identifier"] == identifier), None)


def item(session: Session, basis: str, identifier: str) -> tuple[Geindexeerd, dict] | None:
    for g in alle_pakketten(session, basis):
        if identifier in g.items:
            return g, g.items[identifier]
    return None


def associatie(session: Session, basis: str, identifier: str) -> tuple[Geindexeerd, dict] | None:
    for g in alle_pakketten(session, basis):
        if identifier in g.associaties:
            return g, g.associaties[identifier]
    return None
