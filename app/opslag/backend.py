"""The configured backend, as a FastAPI dependency for endpoints and a plain call for commands."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app.config import get_settings
from app.opslag.lokaal import LocalStorage
from app.opslag.s3 import s3_storage
from app.opslag.storage import Storage


def get_storage() -> Storage:
    """Local disk under PORTFOLIO_STORAGE_DIR, or the S3 bucket when PORTFOLIO_OPSLAG=s3."""
    settings = get_settings()
    if settings.opslag == "s3":
        return s3_storage(settings.s3_endpoint_url, settings.s3_bucket, settings.s3_regio)
    return LocalStorage(settings.storage_dir)


# Endpoints get the storage as a dependency (tests override `get_storage`); commands and services get it passed in.
StorageDep = Annotated[Storage, Depends(get_storage)]
