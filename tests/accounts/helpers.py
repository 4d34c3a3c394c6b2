"""Small helpers for account tests: the link path, anonymous CSRF, audit records."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ApiToken, AuditRecord, Sessie
from app.toegang.sessies import token_hash

STERK = "fiets-regen-koffie-bureau"


def pad(link: str) -> str:
    return urlparse(link).path


def anonieme_csrf(client: TestClient, url: str) -> str:
    """Open a page as an anonymous visitor and return the CSRF token its forms carry."""
    client.get(url)
    return client.cookies.get("portfolio_csrf") or ""


def audit(db: Session, actie: str, onderwerp_id: object | None = None) -> list[dict]:
    stmt = select(AuditRecord).where(AuditRecord.actie == actie).order_by(AuditRecord.volgnummer)
    if onderwerp_id is not None:
        stmt = stmt.where(AuditRecord.onderwerp_id == str(onderwerp_id))
    return [{"actor_id": r.actor_id, **json.loads(r.gegevens)} for r in db.scalars(stmt)]


def sessies_van(db: Session, gebruiker_id: int) -> list[Sessie]:
    db.expire_all()
    return list(db.scalars(select(Sessie).where(Sessie.gebruiker_id == gebruiker_id)))


def token_uit(html: str) -> str:
    gevonden = re.search(r"pf_[A-Za-z0-9_-]{40,}", html)
    assert gevonden, "geen token in de pagina"
    return gevonden.group(0)


def api_token(db: Session, token: str) -> ApiToken | None:
    db.expire_all()
    return db.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
