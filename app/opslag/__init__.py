"""Storage of bewijsstuk files: random keys, content-sniffed types, atomic writes, a consistency check."""

from app.opslag.check import GRACE, KnownFile, Mismatch, StorageReport, check_storage
from app.opslag.response import bestand_response
from app.opslag.storage import (
    CHUNK_SIZE,
    MAX_BYTES,
    BestandLeeg,
    BestandNietGevonden,
    BestandstypeNietToegestaan,
    BestandTeGroot,
    LocalStorage,
    Storage,
    StoredFile,
    content_disposition,
    get_storage,
    is_inline_safe,
    sanitize_filename,
)

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
    "Storage",
    "StorageReport",
    "StoredFile",
    "bestand_response",
    "check_storage",
    "content_disposition",
    "get_storage",
    "is_inline_safe",
    "sanitize_filename",
]
