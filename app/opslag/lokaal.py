"""The local-disk backend: blobs under `root/ab/cd/<key>`, written to `root/.tmp/` and renamed into place."""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from app.opslag.storage import KEY, BestandNietGevonden, Object, OpslagVol

_TMP_DIR = ".tmp"


class LocalStorage:
    def __init__(self, root: Path):
        self.root = Path(root)

    def put(self, key: str, chunks: Iterable[bytes]) -> None:
        final = self._path(key)
        tmp_dir = self.root / _TMP_DIR
        tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-", suffix=".part")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            self._make_parent(final)
            if final.exists():  # never replace a stored blob
                raise FileExistsError(errno.EEXIST, "sleutel bestaat al", str(final))
            os.replace(tmp, final)
        except OSError as fout:
            tmp.unlink(missing_ok=True)
            if fout.errno == errno.ENOSPC:
                raise OpslagVol() from fout
            raise
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        try:
            _fsync_dir(final.parent)
        except BaseException:
            final.unlink(missing_ok=True)
            raise

    def _make_parent(self, path: Path) -> None:
        created = [d for d in (path.parent.parent, path.parent) if not d.exists()]
        path.parent.mkdir(parents=True, exist_ok=True)
        for directory in created:
            _fsync_dir(directory.parent)

    def _path(self, key: str) -> Path:
        if not KEY.fullmatch(key):
            raise BestandNietGevonden()
        return self.root / key[:2] / key[2:4] / key

    def open(self, key: str, start: int = 0, end: int | None = None) -> BinaryIO:
        try:
            bestand = self._path(key).open("rb")
        except FileNotFoundError as fout:
            raise BestandNietGevonden() from fout
        if start == 0 and end is None:
            return bestand
        return _Bereik(bestand, start, end if end is not None else os.fstat(bestand.fileno()).st_size)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError as fout:
            raise BestandNietGevonden() from fout

    def list(self) -> Iterator[Object]:
        # Directory by directory, so memory does not grow with the number of files.
        for eerste in _subdirs(self.root):
            for tweede in _subdirs(eerste):
                for entry in sorted(os.scandir(tweede), key=lambda e: e.name):
                    key = entry.name
                    if KEY.fullmatch(key) and key[:4] == eerste.name + tweede.name and entry.is_file():
                        stat = entry.stat()
                        yield Object(key, stat.st_size, datetime.fromtimestamp(stat.st_mtime, tz=UTC))

    def unfinished(self, older_than: timedelta) -> Iterator[str]:
        """Temp files of uploads a crash broke off."""
        grens = time.time() - older_than.total_seconds()
        tmp_dir = self.root / _TMP_DIR
        if not tmp_dir.is_dir():
            return
        for path in sorted(tmp_dir.iterdir()):
            if path.is_file() and path.stat().st_mtime < grens:
                yield path.name

    def remove_unfinished(self, name: str) -> None:
        if "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(f"Geen naam van een tijdelijk bestand: {name!r}")
        (self.root / _TMP_DIR / name).unlink(missing_ok=True)


class _Bereik:
    """A byte range [start, end) of an open file, as a file of its own."""

    def __init__(self, bestand: BinaryIO, start: int, end: int) -> None:
        self._bestand, self._start, self._end = bestand, start, max(start, end)
        bestand.seek(start)

    def read(self, n: int = -1) -> bytes:
        over = self._end - self._bestand.tell()
        if over <= 0:
            return b""
        return self._bestand.read(over if n is None or n < 0 else min(n, over))

    def seek(self, offset: int, whence: int = 0) -> int:
        basis = {0: self._start, 1: self._bestand.tell(), 2: self._end}[whence]
        return self._bestand.seek(max(self._start, basis + offset)) - self._start

    def tell(self) -> int:
        return self._bestand.tell() - self._start

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self._bestand.close()

    def __enter__(self) -> _Bereik:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _subdirs(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(Path(e.path) for e in os.scandir(directory) if e.is_dir() and re.fullmatch("[0-9a-f]{2}", e.name))


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as fout:  # some filesystems cannot fsync a directory; the data itself is synced
        if fout.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)
