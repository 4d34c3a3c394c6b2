"""With the evidence in S3, every checkpoint is also an object in the bucket, locked where the bucket can:
emptying the checkpoint file on one machine no longer hides deleted records."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.audit import checkpoints
from app.audit.service import achterstand, registreer, verifieer
from app.config import get_settings
from app.models import Rol
from app.opslag.s3 import _client
from tests import factories
from tests.audit.vervalsingen import zonder_trigger
from tests.opslag.conftest import s3_endpoint  # noqa: F401 (fixture)


def _bucket(endpoint: str, *, vergrendeling: bool) -> tuple[object, str]:
    client = _client(endpoint, "eu-west-1")
    naam = f"audit-{uuid.uuid4().hex[:12]}"
    client.create_bucket(
        Bucket=naam,
        CreateBucketConfiguration={"LocationConstraint": "eu-west-1"},
        ObjectLockEnabledForBucket=vergrendeling,
    )
    return client, naam


def _naar_s3(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, endpoint: str, bucket: str) -> None:
    settings = get_settings()
    monkeypatch.setattr(settings, "opslag", "s3")
    monkeypatch.setattr(settings, "s3_endpoint_url", endpoint)
    monkeypatch.setattr(settings, "s3_bucket", bucket)
    monkeypatch.setattr(settings, "s3_regio", "eu-west-1")
    monkeypatch.setattr(settings, "audit_checkpoint_dir", tmp_path / "audit")


def _zes_records(db: Session) -> list[int]:
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    records = [registreer(db, beheerder, "s3_kopie_test", "gebruiker", beheerder.id, stap=i) for i in range(6)]
    db.commit()
    return [r.volgnummer for r in records]


def _kopieen(client, bucket: str) -> list[str]:  # noqa: ANN001
    inhoud = client.list_objects_v2(Bucket=bucket, Prefix=checkpoints.S3_VOORVOEGSEL).get("Contents", [])
    return [o["Key"] for o in inhoud]


def test_een_checkpoint_krijgt_een_vergrendelde_kopie_in_de_bucket(
    db: Session,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    s3_endpoint: str,  # noqa: F811
) -> None:
    client, bucket = _bucket(s3_endpoint, vergrendeling=True)
    _naar_s3(monkeypatch, tmp_path, s3_endpoint, bucket)
    eigen = _zes_records(db)

    assert verifieer(db).ok  # which checkpoints the head
    [sleutel] = _kopieen(client, bucket)
    kop = client.head_object(Bucket=bucket, Key=sleutel)
    assert kop["ObjectLockMode"] == "GOVERNANCE"
    assert kop["ObjectLockRetainUntilDate"] > dt.datetime.now(dt.UTC) + dt.timedelta(days=3000)
    # A later checkpoint lists first: the furthest is read with one listing.
    registreer(db, None, "s3_kopie_test", "gebruiker", None)
    db.commit()
    assert verifieer(db).ok
    assert len(_kopieen(client, bucket)) == 2
    assert checkpoints.verste(checkpoints.lees()).volgnummer == eigen[-1] + 1


def test_verwijderde_records_vallen_op_ook_als_het_checkpointbestand_weg_is(
    db: Session,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    s3_endpoint: str,  # noqa: F811
) -> None:
    _, bucket = _bucket(s3_endpoint, vergrendeling=True)
    _naar_s3(monkeypatch, tmp_path, s3_endpoint, bucket)
    eigen = _zes_records(db)
    assert verifieer(db).ok

    checkpoints.pad().unlink()  # whoever deletes the newest records removes the file as well
    zonder_trigger(db)
    from tests.audit.vervalsingen import _verwijder

    _verwijder(db, eigen[4], eigen[5])
    db.expire_all()

    uitkomst = verifieer(db)
    assert not uitkomst.ok
    assert f"records {eigen[4]} t/m {eigen[5]} ontbreken" in uitkomst.reden
    assert achterstand(db) == ""  # the copy in S3 still counts as a checkpoint


def test_zonder_vergrendeling_op_de_bucket_is_de_kopie_gewoon(
    db: Session,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    s3_endpoint: str,  # noqa: F811
) -> None:
    client, bucket = _bucket(s3_endpoint, vergrendeling=False)
    _naar_s3(monkeypatch, tmp_path, s3_endpoint, bucket)
    _zes_records(db)
    assert verifieer(db).ok
    [sleutel] = _kopieen(client, bucket)
    assert "ObjectLockMode" not in client.head_object(Bucket=bucket, Key=sleutel)
    assert client.get_object(Bucket=bucket, Key=sleutel)["Body"].read().startswith(b'{"volgnummer":')
