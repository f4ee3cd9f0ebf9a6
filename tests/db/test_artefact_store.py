# SPDX-License-Identifier: LGPL-2.1-or-later
"""The blob store and artefact rows: dedupe, atomic writes, verified reads, fsck and gc."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from projem_workbench.db.enums import ArtefactKind, SecurityEventType
from projem_workbench.db.models import Artefact, SecurityEvent
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.services import artefacts, workspace
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import BlobCorruptError, BlobStore
from tests.support.cli import run_projem


def big_file(path: Path, megabytes: int = 20) -> Path:
    with path.open("wb") as handle:
        for _ in range(megabytes):
            handle.write(os.urandom(1 << 20))
    return path


def register(database: Database, store: BlobStore, source: Path) -> int:
    blob = store.put_file(source)
    with database.unit_of_work() as session:
        row = artefacts.new_artefact(
            session,
            blob,
            kind=ArtefactKind.FCSTD,
            mime_type="application/x-freecad",
            original_name=source.name,
        )
        return row.id


def flip_a_byte(path: Path, offset: int = 1000) -> None:
    os.chmod(path, 0o644)
    with path.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0x01]))


def test_same_content_is_stored_once(database: Database, tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "store")
    document = big_file(tmp_path / "part.FCStd")
    first = register(database, store, document)
    size_after_first = store.size_on_disk()
    second = register(database, store, document)
    assert first != second
    assert store.size_on_disk() == size_after_first == 20 << 20
    assert [sha for sha, _ in store.iter_blobs()] == [
        hashlib.sha256(document.read_bytes()).hexdigest()
    ]
    assert not [p for p in store.root.iterdir() if p.name.startswith(".incoming-")]
    with database.read_session() as session:
        uris = set(session.scalars(select(Artefact.storage_uri)))
    assert uris == {"sha256:" + hashlib.sha256(document.read_bytes()).hexdigest()}


def test_a_flipped_byte_is_caught_on_read_and_by_fsck(
    database: Database, db_url: str, tmp_path: Path
) -> None:
    store = BlobStore(tmp_path / "store")
    document = big_file(tmp_path / "part.FCStd", megabytes=2)
    register(database, store, document)
    (sha256, path), *_ = store.iter_blobs()
    out = tmp_path / "out.FCStd"
    assert artefacts.export_artefact(Workspace(database, store), sha256, out) == 2 << 20
    assert out.read_bytes() == document.read_bytes()

    flip_a_byte(path)
    with pytest.raises(BlobCorruptError, match="is corrupt"):
        artefacts.export_artefact(Workspace(database, store), sha256, tmp_path / "again.FCStd")
    assert not (tmp_path / "again.FCStd").exists()  # nothing half-written
    report = artefacts.fsck(Workspace(database, store))
    assert (report.corrupt, report.missing, report.ok) == ([sha256], [], False)
    with database.read_session() as session:
        events = session.scalars(
            select(SecurityEvent.details).where(
                SecurityEvent.event_type == SecurityEventType.ARTEFACT_CORRUPT
            )
        ).all()
    assert len(events) == 2 and events[0]["sha256"] == sha256

    cli = run_projem("--db", db_url, "artefacts", "--store", str(store.root), "fsck")
    assert cli.returncode == 4
    assert f"corrupt   {sha256}" in cli.stdout


def test_missing_blobs_and_orphans_are_reported(database: Database, tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "store")
    register(database, store, big_file(tmp_path / "a.bin", 1))
    ((kept, _),) = store.iter_blobs()
    orphan = store.put_file(big_file(tmp_path / "b.bin", 1)).sha256
    store.remove(kept)
    report = artefacts.fsck(Workspace(database, store))
    assert (report.missing, report.orphaned) == ([kept], [orphan])


def test_addresses_never_become_paths_outside_the_store(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "store")
    for bad in ("../../etc/passwd", "A" * 64, "0" * 63, "0" * 64 + "/x", ""):
        with pytest.raises(ValidationError, match="not a SHA-256 address"):
            store.path_of(bad)


def test_gc_removes_only_old_unreferenced_blobs(
    database: Database, db_url: str, tmp_path: Path
) -> None:
    store = BlobStore(tmp_path / "store")
    register(database, store, big_file(tmp_path / "kept.bin", 1))
    young = store.put_file(big_file(tmp_path / "young.bin", 1)).sha256
    old = store.put_file(big_file(tmp_path / "old.bin", 1)).sha256
    two_days_ago = time.time() - 48 * 3600
    os.utime(store.path_of(old), (two_days_ago, two_days_ago))

    dry = run_projem("--db", db_url, "artefacts", "--store", str(store.root), "gc", "--dry-run")
    assert "would remove 1 unreferenced blob(s), 1048576 bytes" in dry.stdout
    assert store.exists(old)
    report = artefacts.gc(Workspace(database, store))
    assert (report.removed, report.kept_young) == ([old], [young])
    assert not store.exists(old) and store.exists(young)
    assert len(list(store.iter_blobs())) == 2


def test_store_location(
    database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(workspace.STORE_ENV, raising=False)
    root = workspace.store_root(database)
    if database.backend == "sqlite":
        assert root.name.endswith(".sqlite3.artefacts")
    else:
        assert root.name == "artefacts"
    monkeypatch.setenv(workspace.STORE_ENV, str(tmp_path / "shared"))
    assert workspace.store_root(database) == tmp_path / "shared"
