"""The key of the audit trail's keyed hash, shared by the chain and its checkpoints."""

from __future__ import annotations

import hashlib
import hmac

from app.config import get_settings


def audit_sleutel() -> bytes:
    """The key of the keyed hash: PORTFOLIO_AUDIT_KEY, else derived from the secret key.

    Derived with its own label, so the audit key never equals a key used for
    sessions or signed links; it is never written to the database, so whoever
    can change rows cannot recompute the hashes.
    """
    settings = get_settings()
    if settings.audit_key:
        return settings.audit_key.encode()
    return hmac.new(settings.secret_key.encode(), b"portfolio audittrail v1", hashlib.sha256).digest()
