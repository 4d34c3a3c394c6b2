"""Every storage test runs once per backend: the local disk and S3 (moto's server on loopback, no network)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from app.opslag import LocalStorage, Storage
from app.opslag.s3 import S3Storage, _client


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 in this process's threads, on a free loopback port, for the whole session."""
    from moto.server import ThreadedMotoServer

    for naam, waarde in (
        ("AWS_ACCESS_KEY_ID", "test-sleutel"),
        ("AWS_SECRET_ACCESS_KEY", "test-geheim"),
        ("AWS_DEFAULT_REGION", "eu-west-1"),
    ):
        os.environ.setdefault(naam, waarde)
    poort = _vrije_poort()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=poort, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{poort}"
    finally:
        server.stop()


def nieuwe_bucket(endpoint: str, *, deel: int | None = None) -> S3Storage:
    client = _client(endpoint, "eu-west-1")
    bucket = f"bewijs-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    return S3Storage(client, bucket) if deel is None else S3Storage(client, bucket, deel=deel)


@pytest.fixture(params=["lokaal", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    """An empty storage of each kind: a folder of this test's own, or a bucket of this test's own."""
    if request.param == "lokaal":
        return LocalStorage(tmp_path / "bestanden")
    return nieuwe_bucket(request.getfixturevalue("s3_endpoint"))


def achtergelaten(storage: Storage) -> list[str]:
    """Everything the storage holds, unfinished uploads (temp files, multipart uploads) included."""
    if isinstance(storage, LocalStorage):
        root = storage.root
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
    return sorted([o.key for o in storage.list()] + list(storage.unfinished(timedelta(hours=-1))))
