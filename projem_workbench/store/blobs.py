# SPDX-License-Identifier: LGPL-2.1-or-later
"""A content-addressed blob store: every file is kept once, under its SHA-256.

Layout ``<root>/ab/cd/<64 hex>``. Writes go to a temporary file in the store, are flushed to
disk, renamed into place and the folder is flushed too, so a blob is either absent or complete
after a crash. Reads re-hash what they return and raise :class:`BlobCorruptError` when the
content no longer matches its address. Addresses come from the database, never from a user's
path: anything that is not 64 lower-case hex digits is refused before a path is built.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from projem_workbench.errors import ProjemError, ValidationError

CHUNK = 1 << 20
_SHA256 = re.compile(r"[0-9a-f]{64}")


class BlobMissingError(ProjemError):
    """A blob the database refers to is not in the store."""


class BlobCorruptError(ProjemError):
    """A blob's content no longer matches its SHA-256: it was changed or damaged on disk."""

    def __init__(self, message: str, *, sha256: str, actual: str) -> None:
        super().__init__(message)
        self.sha256 = sha256
        self.actual = actual


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    created: bool  # False when the same content was already stored


def checked_sha256(value: str) -> str:
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise ValidationError(f"not a SHA-256 address: {value!r}", field="sha256")
    return value


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_of(self, sha256: str) -> Path:
        sha256 = checked_sha256(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put_file(self, source: Path) -> StoredBlob:
        with Path(source).open("rb") as handle:
            return self.put_stream(handle)

    def put_stream(self, stream: BinaryIO) -> StoredBlob:
        """Store what ``stream`` holds (read in chunks), unless the same content is there."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        descriptor, temporary = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        try:
            with os.fdopen(descriptor, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha256 = digest.hexdigest()
            target = self.path_of(sha256)
            if target.is_file() and target.stat().st_size == size:
                return StoredBlob(sha256, size, created=False)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(temporary, 0o444)  # blobs are never changed in place
            os.replace(temporary, target)
            _fsync_folder(target.parent)
            return StoredBlob(sha256, size, created=True)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)

    def copy_verified(self, sha256: str, destination: Path) -> int:
        """Copy a blob to ``destination`` (atomically), checking its hash on the way."""
        destination = Path(destination)
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{destination.name}.", dir=destination.parent
        )
        try:
            with os.fdopen(descriptor, "wb") as out:
                size = self._stream_verified(sha256, out)
            os.replace(temporary, destination)
            return size
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)

    def read_verified(self, sha256: str) -> bytes:
        """A (small) blob's bytes, checked against its address."""
        digest = hashlib.sha256()
        with self._open(sha256) as handle:
            data = handle.read()
        digest.update(data)
        self._check(sha256, digest.hexdigest())
        return data

    def _stream_verified(self, sha256: str, out: BinaryIO) -> int:
        digest, size = hashlib.sha256(), 0
        with self._open(sha256) as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        self._check(sha256, digest.hexdigest())
        return size

    def actual_sha256(self, sha256: str) -> str:
        digest = hashlib.sha256()
        with self._open(sha256) as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def _open(self, sha256: str) -> BinaryIO:
        path = self.path_of(sha256)
        try:
            return path.open("rb")
        except FileNotFoundError:
            raise BlobMissingError(f"blob {sha256[:12]}… is missing from {self.root}") from None

    def _check(self, sha256: str, actual: str) -> None:
        if actual != sha256:
            raise BlobCorruptError(
                f"blob {sha256[:12]}… in {self.root} is corrupt: its content now hashes to "
                f"{actual[:12]}…; restore it from a backup",
                sha256=sha256,
                actual=actual,
            )

    def iter_blobs(self) -> Iterator[tuple[str, Path]]:
        """Every stored blob (address, path); temporary files are not blobs."""
        if not self.root.is_dir():
            return
        for first in sorted(self.root.iterdir()):
            if not (first.is_dir() and len(first.name) == 2):
                continue
            for second in sorted(first.iterdir()):
                for path in sorted(second.iterdir()):
                    if _SHA256.fullmatch(path.name) and path.name[:4] == first.name + second.name:
                        yield path.name, path

    def remove(self, sha256: str) -> None:
        path = self.path_of(sha256)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()

    def size_on_disk(self) -> int:
        return sum(path.stat().st_size for _, path in self.iter_blobs())


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
