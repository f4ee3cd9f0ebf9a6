# SPDX-License-Identifier: LGPL-2.1-or-later
"""A content-addressed blob store: every file is kept once, under its SHA-256.

Layout ``<root>/ab/cd/<64 hex>``. Writes go to a temporary file in the store
(``.incoming-*``), are flushed to disk, renamed into place and the folder is flushed too, so a
blob is either absent or complete after a crash. A writer killed mid-write leaves its
``.incoming-*`` file behind: :meth:`BlobStore.incoming_files` lists them, and one nobody has
written to for :data:`INCOMING_ABANDONED_AFTER` is abandoned (a live writer writes a chunk at
least every few seconds). Reads re-hash what they return and raise :class:`BlobCorruptError`
when the content no longer matches its address. Addresses come from the database, never from a
user's path: anything that is not 64 lower-case hex digits is refused before a path is built.
Files copied out of the store are created as ``open()`` would create them (the umask applies).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from projem_workbench.errors import ProjemError, ValidationError

CHUNK = 1 << 20
_SHA256 = re.compile(r"[0-9a-f]{64}")
INCOMING_PREFIX = ".incoming-"
# An incoming file unmodified for this long belongs to a writer that is gone: a live one
# writes a chunk (1 MiB) at least every few seconds, then renames the file within moments.
INCOMING_ABANDONED_AFTER = dt.timedelta(hours=1)


class BlobMissingError(ProjemError):
    """A blob the database refers to is not in the store."""


class BlobCorruptError(ProjemError):
    """A blob's content no longer matches its SHA-256: it was changed or damaged on disk."""

    def __init__(self, message: str, *, sha256: str, actual: str) -> None:
        super().__init__(message)
        self.sha256 = sha256
        self.actual = actual


@dataclass(frozen=True)
class IncomingFile:
    """A temporary file of a blob being written, or left by a writer that was killed."""

    path: Path
    size: int
    age: dt.timedelta  # since it was last written

    @property
    def abandoned(self) -> bool:
        return self.age >= INCOMING_ABANDONED_AFTER


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
        descriptor, temporary = tempfile.mkstemp(prefix=INCOMING_PREFIX, dir=self.root)
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
        """Copy a blob to ``destination`` (atomically), checking its hash on the way.

        The file gets the mode ``open()`` would give it: an existing file's, else 0666 less
        the umask (a temporary file from ``mkstemp`` would be 0600 whatever the umask).
        """
        destination = Path(destination)
        descriptor, temporary = _new_file_beside(destination)
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

    def incoming_files(self) -> list[IncomingFile]:
        """The temporary files of writes in progress or of writers that were killed."""
        if not self.root.is_dir():
            return []
        now = time.time()
        found = []
        for path in sorted(self.root.glob(f"{INCOMING_PREFIX}*")):
            with contextlib.suppress(FileNotFoundError):  # its writer just renamed it
                status = path.stat()
                age = dt.timedelta(seconds=max(now - status.st_mtime, 0.0))
                found.append(IncomingFile(path, status.st_size, age))
        return found

    def remove_incoming(self, incoming: IncomingFile) -> None:
        """Remove an abandoned incoming file (refused for one that may still be written)."""
        if not incoming.abandoned or incoming.path.parent != self.root:
            raise ValidationError(f"{incoming.path} may belong to a write in progress")
        with contextlib.suppress(FileNotFoundError):
            incoming.path.unlink()

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


def _new_file_beside(destination: Path) -> tuple[int, str]:
    """A new temporary file in ``destination``'s folder, created as ``open()`` creates one."""
    folder = destination.parent
    if not folder.is_dir():
        raise ValidationError(
            f"cannot write {destination}: the folder {folder} does not exist", field="output"
        )
    if destination.is_dir():
        raise ValidationError(f"cannot write {destination}: it is a folder", field="output")
    try:
        mode = stat.S_IMODE(destination.stat().st_mode)
    except FileNotFoundError:
        mode = None
    while True:
        temporary = folder / f".{destination.name}.{secrets.token_hex(6)}"
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ValidationError(
                f"cannot write {destination}: {exc.strerror}", field="output"
            ) from None
        if mode is not None:
            os.fchmod(descriptor, mode)
        return descriptor, str(temporary)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
