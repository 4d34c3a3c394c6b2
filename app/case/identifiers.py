"""Stable CASE identifiers: UUID version 5 from one fixed namespace.

The name of each object is built from the kwalificatie code, its version and the
item code, so every export and every installation gives the same identifier.
"""

from __future__ import annotations

import uuid

from app.kwalificaties import case_ids

# Fixed for good: changing it would give every exported object a new identity.
NAMESPACE = uuid.UUID("6f1c7f0e-3d52-5b8e-9a0c-2b7d4e1f9a30")

BASIS = "/ims/case/v1p1"


# Documents and items share the identifiers the Open Badges credential aligns to (app.kwalificaties.case_ids).
def document_id(code: str, versie: str) -> str:
    return case_ids.document_id(code, versie)


def item_id(code: str, versie: str, item_code: str) -> str:
    return case_ids.item_id(code, versie, item_code)


def associatie_id(code: str, versie: str, soort: str, van: str, naar: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{code}|{versie}|{soort}|{van}|{naar}"))


def itemtype_id(naam: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"CFItemType|{naam}"))


def als_uuid(waarde: str) -> str | None:
    """The canonical lowercase form of a UUID, or None for anything else."""
    try:
        return str(uuid.UUID(waarde))
    except ValueError:
        return None
