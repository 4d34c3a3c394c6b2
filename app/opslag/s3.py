"""The S3 backend: any S3-compatible store (AWS, MinIO, Ceph, Garage), through boto3 with SigV4.

Uploads go up in parts of `DEEL` bytes (one PutObject for a small file, a multipart upload
otherwise), so memory holds at most one part. Reads are ranged GETs behind a seekable file,
which the upload pipeline's content check and the Range answers both use.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable, Iterator
from datetime import timedelta
from functools import lru_cache
from typing import Any, BinaryIO

from app.opslag.storage import CHUNK_SIZE, KEY, BestandNietGevonden, Object, OpslagOnbereikbaar

MiB = 1024 * 1024
DEEL = 8 * MiB  # S3 wants parts of at least 5 MiB (the last excepted)


def _client(endpoint_url: str, regio: str) -> Any:  # noqa: ANN401 (boto3 clients are generated)
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint_url or None,
        region_name=regio,
        # SigV4 everywhere (custom endpoints default to it only with this), path-style for MinIO and friends.
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
    )


@lru_cache(maxsize=8)
def s3_storage(endpoint_url: str, bucket: str, regio: str) -> S3Storage:
    """One client per configuration and process: boto3 clients are thread-safe and keep their connections."""
    return S3Storage(_client(endpoint_url, regio), bucket)


def _is_niet_gevonden(fout: Exception) -> bool:
    from botocore.exceptions import ClientError

    if not isinstance(fout, ClientError):
        return False
    code = str(fout.response.get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound"}


def _onbereikbaar(fout: Exception) -> bool:
    from botocore.exceptions import BotoCoreError, ClientError

    return isinstance(fout, BotoCoreError | ClientError)


class S3Storage:
    def __init__(self, client: Any, bucket: str, *, deel: int = DEEL) -> None:  # noqa: ANN401
        self.client = client
        self.bucket = bucket
        self.deel = deel

    def _check(self, key: str) -> None:
        if not KEY.fullmatch(key):
            raise BestandNietGevonden()

    def put(self, key: str, chunks: Iterable[bytes]) -> None:
        self._check(key)
        buffer = bytearray()
        upload_id: str | None = None
        delen: list[dict[str, Any]] = []
        try:
            for chunk in chunks:
                buffer += chunk
                while len(buffer) >= self.deel:
                    if upload_id is None:
                        upload_id = self.client.create_multipart_upload(Bucket=self.bucket, Key=key)["UploadId"]
                    self._deel(key, upload_id, delen, bytes(memoryview(buffer)[: self.deel]))
                    del buffer[: self.deel]
            if upload_id is None:
                self.client.put_object(Bucket=self.bucket, Key=key, Body=bytes(buffer))
            else:
                if buffer:
                    self._deel(key, upload_id, delen, bytes(buffer))
                self.client.complete_multipart_upload(
                    Bucket=self.bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": delen}
                )
        except BaseException as fout:
            if upload_id is not None:
                # An upload that cannot be aborted now is listed by `unfinished` and cleaned up there.
                with contextlib.suppress(Exception):
                    self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
            if isinstance(fout, Exception) and _onbereikbaar(fout):
                raise OpslagOnbereikbaar() from fout
            raise

    def _deel(self, key: str, upload_id: str, delen: list[dict[str, Any]], data: bytes) -> None:
        nummer = len(delen) + 1
        antwoord = self.client.upload_part(
            Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=nummer, Body=data
        )
        delen.append({"ETag": antwoord["ETag"], "PartNumber": nummer})

    def open(self, key: str, start: int = 0, end: int | None = None) -> BinaryIO:
        grootte = self.size(key)
        einde = grootte if end is None else min(end, grootte)
        return io.BufferedReader(_S3Lezer(self, key, start, einde), buffer_size=CHUNK_SIZE)  # type: ignore[return-value]

    def size(self, key: str) -> int:
        self._check(key)
        try:
            return int(self.client.head_object(Bucket=self.bucket, Key=key)["ContentLength"])
        except Exception as fout:
            if _is_niet_gevonden(fout):
                raise BestandNietGevonden() from fout
            if _onbereikbaar(fout):
                raise OpslagOnbereikbaar() from fout
            raise

    def delete(self, key: str) -> None:
        self._check(key)
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def list(self) -> Iterator[Object]:
        for pagina in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            for item in pagina.get("Contents", []):
                if KEY.fullmatch(item["Key"]):
                    yield Object(item["Key"], int(item["Size"]), item["LastModified"])

    def unfinished(self, older_than: timedelta) -> Iterator[str]:
        """Multipart uploads a crash broke off: as `key/upload id`."""
        from datetime import UTC, datetime

        grens = datetime.now(UTC) - older_than
        for pagina in self.client.get_paginator("list_multipart_uploads").paginate(Bucket=self.bucket):
            for upload in pagina.get("Uploads", []):
                if upload["Initiated"] < grens:
                    yield f"{upload['Key']}/{upload['UploadId']}"

    def remove_unfinished(self, name: str) -> None:
        key, _, upload_id = name.partition("/")
        self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)

    def presigned_get(self, key: str, *, content_type: str, content_disposition: str, expires: int) -> str:
        self._check(key)
        return self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentType": content_type,
                "ResponseContentDisposition": content_disposition,
                "ResponseCacheControl": "private, no-cache",
            },
            ExpiresIn=min(expires, 300),
        )


class _S3Lezer(io.RawIOBase):
    """The object's bytes [start, end) as a seekable raw stream: one GET while reading on, a new one after a seek."""

    def __init__(self, opslag: S3Storage, key: str, start: int, end: int) -> None:
        super().__init__()
        self._opslag, self._key = opslag, key
        self._start, self._end = start, max(start, end)
        self._pos = start
        self._body: Any = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos - self._start

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        basis = {io.SEEK_SET: 0, io.SEEK_CUR: self.tell(), io.SEEK_END: self._end - self._start}[whence]
        nieuw = self._start + max(0, basis + offset)
        if nieuw != self._pos:
            self._sluit_body()
            self._pos = nieuw
        return self.tell()

    def readinto(self, buffer: Any) -> int:  # noqa: ANN401
        if self._pos >= self._end:
            return 0
        if self._body is None:
            antwoord = self._opslag.client.get_object(
                Bucket=self._opslag.bucket, Key=self._key, Range=f"bytes={self._pos}-{self._end - 1}"
            )
            self._body = antwoord["Body"]
        data = self._body.read(min(len(buffer), self._end - self._pos))
        if not data:
            raise OSError(f"object {self._key} eindigde eerder dan verwacht")
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)

    def _sluit_body(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self) -> None:
        self._sluit_body()
        super().close()
