"""Stable CASE 1.1 identifiers of a kwalificatie's items: the same in every export and on every installation.

A lowercase UUID version 5 from one fixed namespace and "code/versie/itemcode" (the CFDocument itself:
"code/versie"); its `uri` is the object's own URL under /ims/case/v1p1. The Open Badges credential aligns
its achievement to these URIs, so the CASE export must use the same ones.
"""

from __future__ import annotations

import uuid

from app.config import get_settings

# Fixed once: changing it would change every published identifier.
NAAMRUIMTE = uuid.UUID("6f1c5a2e-8d7b-5e4a-9c3f-2b1d0e9a8f7c")
CASE_PAD = "/ims/case/v1p1"


def document_id(code: str, versie: str) -> str:
    return str(uuid.uuid5(NAAMRUIMTE, f"{code}/{versie}"))


def item_id(code: str, versie: str, item_code: str) -> str:
    return str(uuid.uuid5(NAAMRUIMTE, f"{code}/{versie}/{item_code}"))


def item_uri(code: str, versie: str, item_code: str) -> str:
    return f"{get_settings().base_url.rstrip('/')}{CASE_PAD}/CFItems/{item_id(code, versie, item_code)}"
