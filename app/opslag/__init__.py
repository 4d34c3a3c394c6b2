"""Storage of bewijsstuk files: a blob port with two backends, one upload pipeline, a consistency check."""

from app.opslag.backend import StorageDep, get_storage
from app.opslag.check import GRACE, KnownFile, Mismatch, StorageReport, check_storage
from app.opslag.lokaal import LocalStorage
from app.opslag.response import bestand_response
from app.opslag.storage import (
    CHUNK_SIZE,
    MAX_BYTES,
    BestandLeeg,
    BestandNietGevonden,
    BestandstypeNietToegestaan,
    BestandTeGroot,
    Object,
    Storage,
    StoredFile,
    content_disposition,
    exists,
    is_inline_safe,
    sanitize_filename,
)
from app.opslag.upload import bewaar

__all__ = [
    "CHUNK_SIZE",
    "GRACE",
    "MAX_BYTES",
    "BestandLeeg",
    "BestandNietGevonden",
    "BestandTeGroot",
    "BestandstypeNietToegestaan",
    "KnownFile",
    "LocalStorage",
    "Mismatch",
    "Object",
    "Storage",
    "StorageDep",
    "StorageReport",
    "StoredFile",
    "bestand_response",
    "bewaar",
    "check_storage",
    "content_disposition",
    "exists",
    "get_storage",
    "is_inline_safe",
    "sanitize_filename",
]
