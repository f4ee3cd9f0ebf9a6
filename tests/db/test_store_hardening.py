# SPDX-License-Identifier: LGPL-2.1-or-later
"""Files out of the store and the store itself: an existing file is not overwritten unasked, a
copied file gets the mode open() would give it, and the unfinished write of a killed writer is
reported by fsck and removed by gc once it is surely abandoned."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from projem_workbench.db.enums import AuditAction
from projem_workbench.db.models import AuditLog
from projem_workbench.db.session import Database
from projem_workbench.services import model_library
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import INCOMING_ABANDONED_AFTER, BlobStore
from tests.db.test_bad_input import assert_one_clean_error
from tests.support.cli import run_projem
from tests.support.documents import synthetic_fcstd

pytestmark = pytest.mark.usefixtures("no_freecad")


@pytest.fixture
def saved(database: Database, tmp_path: Path) -> Path:
    """A model version in a store beside the test; returns the store's folder."""
    store = tmp_path / "store"
    document = synthetic_fcstd(tmp_path / "plate.FCStd", {"Pad": "PartDesign::Pad"})
    model_library.save_model_version(
        Workspace(database, BlobStore(store)), path=document, name="plate"
    )
    return store


def model_get(db_url: str, store: Path, output: Path, *extra: str, umask: int | None = None):  # type: ignore[no-untyped-def]
    args = ["--db", db_url, "model", "--store", str(store), "get", "plate", "--version", "1"]
    args += ["-o", str(output), *extra]
    if umask is None:
        return run_projem(*args)
    command = f'umask {umask:03o} && exec {sys.executable} -m projem_workbench "$@"'
    return subprocess.run(
        ["sh", "-c", command, "sh", *args], capture_output=True, text=True, timeout=120
    )


def test_model_get_does_not_overwrite_unless_asked(
    db_url: str, saved: Path, tmp_path: Path
) -> None:
    output = tmp_path / "plate-v1.FCStd"
    output.write_bytes(b"the engineer's edited copy")
    refused = model_get(db_url, saved, output)
    assert_one_clean_error(refused, str(output), "exists", "--overwrite")
    assert output.read_bytes() == b"the engineer's edited copy"

    replaced = model_get(db_url, saved, output, "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert output.read_bytes() != b"the engineer's edited copy"


def test_model_get_into_a_missing_folder_names_it(db_url: str, saved: Path, tmp_path: Path) -> None:
    folder = tmp_path / "no-such-folder"
    result = model_get(db_url, saved, folder / "plate.FCStd")
    assert_one_clean_error(result, f"the folder {folder} does not exist")


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_a_copied_file_follows_the_umask(
    db_url: str, saved: Path, tmp_path: Path, umask: int, mode: int
) -> None:
    output = tmp_path / "plate-copy.FCStd"
    result = model_get(db_url, saved, output, umask=umask)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(output.stat().st_mode) == mode
    # What open() does with a file that is there: it keeps its mode.
    output.chmod(0o640)
    again = model_get(db_url, saved, output, "--overwrite", umask=umask)
    assert again.returncode == 0, again.stderr
    assert stat.S_IMODE(output.stat().st_mode) == 0o640


WRITER = """
import sys, time
from pathlib import Path
from projem_workbench.store.blobs import BlobStore

class Endless:  # a large document arriving: 1 MiB chunks, then a stall (never finishes)
    def __init__(self):
        self.sent = 0
    def read(self, size):
        if self.sent >= 8 << 20:
            time.sleep(3600)
        self.sent += 1 << 20
        return bytes([self.sent % 251]) * (1 << 20)

BlobStore(Path(sys.argv[1])).put_stream(Endless())
"""


def killed_writer(store: Path) -> Path:
    """The incoming file of a real writer killed (SIGKILL) in the middle of its write."""
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(store)])
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            incoming = list(store.glob(".incoming-*"))
            if incoming and incoming[0].stat().st_size >= 8 << 20:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the writer never wrote 8 MiB")
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert writer.returncode == -signal.SIGKILL
    return incoming[0]


def store_entries(database: Database) -> list[tuple[AuditAction, dict]]:  # type: ignore[type-arg]
    with database.read_session() as session:
        rows = session.execute(
            select(AuditLog.action, AuditLog.after)
            .where(AuditLog.entity_type == "artefact_store")
            .order_by(AuditLog.id)
        )
        return [(action, after) for action, after in rows]


def test_a_killed_writers_file_is_reported_then_removed_once_abandoned(
    db_url: str, database: Database, saved: Path
) -> None:
    left = killed_writer(saved)
    size = left.stat().st_size
    store = ["--db", db_url, "artefacts", "--store", str(saved)]

    fsck = run_projem(*store, "fsck")
    assert fsck.returncode == 0, fsck.stderr
    assert f"incoming  {left.name}  {size} bytes" in fsck.stdout
    assert "(maybe in progress)" in fsck.stdout
    assert f"1 unfinished write(s) holding {size} bytes" in fsck.stdout

    young = run_projem(*store, "gc")  # just written: it may be a write in progress
    assert young.returncode == 0, young.stderr
    assert "removed 0 abandoned unfinished write(s), 0 bytes; kept 1" in young.stdout
    assert left.exists()

    past = time.time() - INCOMING_ABANDONED_AFTER.total_seconds() - 60
    os.utime(left, (past, past))
    assert "(abandoned)" in run_projem(*store, "fsck").stdout
    dry = run_projem(*store, "gc", "--dry-run")
    assert f"would remove 1 abandoned unfinished write(s), {size} bytes" in dry.stdout
    assert left.exists()
    removed = run_projem(*store, "gc")
    assert removed.returncode == 0, removed.stderr
    assert f"removed 1 abandoned unfinished write(s), {size} bytes" in removed.stdout
    assert not left.exists()
    assert model_library.get_version(database, "plate", 1)  # the stored blob is untouched
    assert run_projem(*store, "fsck").returncode == 0

    entries = store_entries(database)
    assert [action for action, _ in entries] == [
        AuditAction.VERIFY,
        AuditAction.DELETE,
        AuditAction.VERIFY,
        AuditAction.DELETE,
        AuditAction.VERIFY,
    ]
    assert entries[0][1]["incoming_bytes"] == size
    assert entries[1][1]["removed_incoming"] == []
    assert entries[3][1]["removed_incoming"] == [left.name]
    assert entries[3][1]["incoming_bytes"] == size


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_exported_gcode_follows_the_umask(
    db_url: str, database: Database, tmp_path: Path, umask: int, mode: int
) -> None:
    from projem_workbench.services import reference
    from projem_workbench.services.sim_runs import simulate_run
    from tests.db.test_sim_runs import CLEAN, PART, stored_run

    reference.load_reference_data(database, reference.starter_catalog())
    store = BlobStore(tmp_path / "store")
    document = synthetic_fcstd(tmp_path / "block.FCStd", {"Block": "Part::Box"})
    model_library.save_model_version(Workspace(database, store), path=document, name="block")
    run_id = stored_run(database, store, CLEAN)
    assert simulate_run(Workspace(database, store), cam_run_id=run_id, surface_stl=PART).released
    program = tmp_path / "block.ngc"
    args = ["--db", db_url, "cam", "--store", str(store.root), "gcode", str(run_id)]
    command = f'umask {umask:03o} && exec {sys.executable} -m projem_workbench "$@"'
    result = subprocess.run(
        ["sh", "-c", command, "sh", *args, "-o", str(program)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(program.stat().st_mode) == mode
    assert program.read_text().startswith("(begin operation")
