"""`portfolio storage check`: orphans, missing and damaged files are found; a repair only removes orphans."""

from __future__ import annotations

import io
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.opslag import LocalStorage, bewaar, exists
from app.opslag.check import KnownFile, Mismatch, check_storage
from app.opslag.storage import MAX_BYTES, StoredFile

LATER = datetime.now(UTC) + timedelta(hours=2)  # every file on disk is then older than the grace period


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "bestanden")


def save_text(storage: LocalStorage, text: str) -> StoredFile:
    return bewaar(storage, io.BytesIO(text.encode()), MAX_BYTES)


def known(*files: StoredFile) -> list[KnownFile]:
    return [KnownFile(f.key, f.size, f.sha256) for f in files]


def path_of(storage: LocalStorage, key: str) -> Path:
    return storage.root / key[:2] / key[2:4] / key


def flip_a_byte(storage: LocalStorage, key: str) -> None:
    path = path_of(storage, key)
    data = bytearray(path.read_bytes())
    data[3] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_consistent_storage_is_ok(storage: LocalStorage) -> None:
    files = [save_text(storage, f"Reflectie {n}.\n") for n in range(3)]

    report = check_storage(known(*files), storage, now=LATER)

    assert report.ok
    assert report.checked == 3
    assert report.summary() == "Opslagcontrole: 3 bestand(en) uit de database gecontroleerd.\nAlles klopt."


def test_check_finds_an_orphan_a_missing_file_and_a_corrupted_file(storage: LocalStorage) -> None:
    good = save_text(storage, "Observatieverslag wijkschouw.\n")
    orphan = save_text(storage, "Upload waarvan de transactie mislukte.\n")
    corrupted = save_text(storage, "Proces-verbaal van bevindingen.\n")
    missing = save_text(storage, "Verdwenen bewijsstuk.\n")
    storage.delete(missing.key)
    flip_a_byte(storage, corrupted.key)

    report = check_storage(known(good, corrupted, missing), storage, now=LATER)

    assert not report.ok
    assert report.orphans == [orphan.key]
    assert report.missing == [missing.key]
    assert len(report.checksum_mismatches) == 1
    mismatch = report.checksum_mismatches[0]
    assert (mismatch.key, mismatch.expected) == (corrupted.key, corrupted.sha256)
    assert mismatch.found != corrupted.sha256
    assert report.size_mismatches == []
    assert report.removed_orphans == []
    assert exists(storage, orphan.key)  # without --repair nothing is touched


def test_repair_removes_only_the_orphan_and_leaves_damaged_files_for_a_human(storage: LocalStorage) -> None:
    good = save_text(storage, "Observatieverslag wijkschouw.\n")
    orphan = save_text(storage, "Upload waarvan de transactie mislukte.\n")
    corrupted = save_text(storage, "Proces-verbaal van bevindingen.\n")
    missing = save_text(storage, "Verdwenen bewijsstuk.\n")
    storage.delete(missing.key)
    flip_a_byte(storage, corrupted.key)
    damaged_bytes = path_of(storage, corrupted.key).read_bytes()

    report = check_storage(known(good, corrupted, missing), storage, repair=True, now=LATER)

    assert report.removed_orphans == [orphan.key]
    assert not exists(storage, orphan.key)
    assert exists(storage, good.key)
    assert path_of(storage, corrupted.key).read_bytes() == damaged_bytes
    assert not exists(storage, missing.key)
    assert not report.ok  # the mismatch and the missing file still need a human
    assert sorted(o.key for o in storage.list()) == sorted([good.key, corrupted.key])


def test_a_truncated_file_is_reported_as_a_size_mismatch(storage: LocalStorage) -> None:
    stored = save_text(storage, "Een verslag dat half is weggeschreven.\n")
    path = path_of(storage, stored.key)
    path.write_bytes(path.read_bytes()[:10])

    report = check_storage(known(stored), storage, now=LATER)

    assert report.size_mismatches == [Mismatch(stored.key, stored.size, 10)]
    assert report.checksum_mismatches == []
    assert not report.ok


def test_a_file_younger_than_the_grace_period_is_not_an_orphan(storage: LocalStorage) -> None:
    # Its upload may still be waiting for the transaction that records it.
    fresh = save_text(storage, "Net geüpload.\n")

    report = check_storage([], storage, repair=True)

    assert report.orphans == []
    assert report.recent_unknown == [fresh.key]
    assert exists(storage, fresh.key)
    assert report.ok


def test_old_leftover_temp_files_are_reported_and_repaired_but_an_upload_in_progress_is_left_alone(
    storage: LocalStorage,
) -> None:
    tmp_dir = storage.root / ".tmp"
    tmp_dir.mkdir(parents=True)
    old = tmp_dir / "upload-oud.part"
    old.write_bytes(b"half")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(old, (two_hours_ago, two_hours_ago))
    in_progress = tmp_dir / "upload-bezig.part"
    in_progress.write_bytes(b"bezig")

    report = check_storage([], storage)
    assert report.stale_temp_files == ["upload-oud.part"]
    assert not report.ok

    repaired = check_storage([], storage, repair=True)
    assert repaired.removed_temp_files == ["upload-oud.part"]
    assert not old.exists()
    assert in_progress.exists()
    assert repaired.ok


def test_the_summary_explains_each_problem_in_dutch(storage: LocalStorage) -> None:
    orphan = save_text(storage, "Wees.\n")
    corrupted = save_text(storage, "Beschadigd verslag.\n")
    flip_a_byte(storage, corrupted.key)
    missing_key = "ab" * 16

    summary = check_storage(
        [*known(corrupted), KnownFile(missing_key, 10, "0" * 64)], storage, repair=True, now=LATER
    ).summary()

    assert "Opslagcontrole: 2 bestand(en) uit de database gecontroleerd." in summary
    assert f"1 x verweesd bestand (in de opslag, onbekend in de database):\n  - {orphan.key} (verwijderd)" in summary
    assert f"1 x ontbrekend bestand (in de database, niet in de opslag):\n  - {missing_key}" in summary
    assert f"1 x bestand met afwijkende checksum:\n  - {corrupted.key} (verwacht {corrupted.sha256}, gevonden " in (
        summary
    )
    assert "nooit automatisch hersteld" in summary
    assert "Alles klopt." not in summary


def test_checksums_can_be_skipped_for_a_quick_check(storage: LocalStorage) -> None:
    corrupted = save_text(storage, "Beschadigd verslag.\n")
    flip_a_byte(storage, corrupted.key)

    assert check_storage(known(corrupted), storage, verify_checksums=False, now=LATER).ok
    assert not check_storage(known(corrupted), storage, now=LATER).ok


def test_an_empty_storage_folder_that_does_not_exist_yet_is_fine(tmp_path: Path) -> None:
    report = check_storage([], LocalStorage(tmp_path / "nog-niet-aangemaakt"))

    assert report.ok
    assert report.checked == 0
