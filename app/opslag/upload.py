"""The upload pipeline: one way into storage for every backend.

The stream is read in chunks; each chunk is counted against the limit, hashed and
followed by the content sniffer before it is handed to the backend's `put`. A refusal
(too big, empty, not an allowed type) raises inside the stream, so the backend stores
nothing. Container types (PDF, zip, OLE2) are confirmed on the stored blob, which is
removed again when they fail. Memory holds a chunk and the sniffer's head, whatever the file's size.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from typing import BinaryIO

from app.opslag.sniff import SNIFF_BYTES, TEXT, BestandstypeNietToegestaan, Soort, TekstControle, sniff
from app.opslag.storage import CHUNK_SIZE, BestandLeeg, BestandTeGroot, Storage, StoredFile


class _Controle:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.digest = hashlib.sha256()
        self.tekst = TekstControle()
        self.head = bytearray()
        self.soort: Soort | None = None
        self.size = 0

    def stukken(self, stream: BinaryIO, chunk_size: int) -> Iterator[bytes]:
        while chunk := stream.read(min(chunk_size, self.max_bytes + 1 - self.size)):
            self.size += len(chunk)
            if self.size > self.max_bytes:
                raise BestandTeGroot(self.max_bytes)
            self.digest.update(chunk)
            self.tekst.lees(chunk)
            if self.soort is None:
                self.head += chunk[: SNIFF_BYTES - len(self.head)]
                if len(self.head) >= SNIFF_BYTES:
                    # Decide early so a refused file is not read to the end.
                    self.soort = sniff(bytes(self.head), self.tekst)
            elif self.soort.mediatype == TEXT and not self.tekst.geldig:
                raise BestandstypeNietToegestaan()
            yield chunk
        if self.size == 0:
            raise BestandLeeg()
        if self.soort is None:
            self.soort = sniff(bytes(self.head), self.tekst)
        if self.soort.mediatype == TEXT and not self.tekst.afronden():
            raise BestandstypeNietToegestaan()


def bewaar(storage: Storage, stream: BinaryIO, max_bytes: int, *, chunk_size: int = CHUNK_SIZE) -> StoredFile:
    """Store everything readable from `stream` under a new random key, or nothing at all."""
    key = secrets.token_hex(16)
    controle = _Controle(max_bytes)
    storage.put(key, controle.stukken(stream, chunk_size))
    soort = controle.soort
    assert soort is not None  # the stream ran to its end, so it was sniffed
    if soort.container is None:
        return StoredFile(key=key, size=controle.size, sha256=controle.digest.hexdigest(), mediatype=soort.mediatype)
    try:
        with storage.open(key) as opgeslagen:
            mediatype = soort.bevestig(opgeslagen)
    except BaseException:
        storage.delete(key)
        raise
    return StoredFile(key=key, size=controle.size, sha256=controle.digest.hexdigest(), mediatype=mediatype)
