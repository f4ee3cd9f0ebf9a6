# SPDX-License-Identifier: LGPL-2.1-or-later
"""The command line and the database file: no new empty database from a mistyped --db, read
commands on a file Projem may not write, and a closed pipe ending a command quietly."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from projem_workbench.db import migrate
from projem_workbench.db.engine import make_engine
from tests.db.test_bad_input import assert_one_clean_error
from tests.support.cli import run_projem

# The command line end to end, in subprocesses: run in the database lane (both backends);
# the FreeCAD lanes run the same services in-process.
pytestmark = pytest.mark.cli_end_to_end

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
ADD_DRILL = ["tools", "add", "--name", "Drill 3", "--tool-type", "drill"]
ADD_DRILL += ["--tool-material", "hss", "--diameter-mm", "3"]
READ_COMMANDS = [
    ["tools", "list"],
    ["tools", "show", "1"],
    ["machines", "list"],
    ["model", "list"],
    ["audit", "verify"],
    ["audit", "head"],
    ["db", "current"],
    ["db", "check"],
    ["db", "downgrade", "base", "--yes"],
    ["artefacts", "fsck"],
    ["artefacts", "gc"],
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_a_command_that_reads_does_not_create_a_missing_database(
    tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "typo.sqlite3"
    result = run_projem("--db", str(path), *command)
    assert_one_clean_error(result, "no database file", str(path))
    assert list(tmp_path.iterdir()) == []  # no file, no WAL, no artefact store


@pytest.mark.postgres
def test_a_missing_database_on_postgresql_is_named(pg_admin_url: str) -> None:
    from sqlalchemy.engine import make_url

    name = f"t_absent_{uuid.uuid4().hex[:8]}"
    url = make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
    result = run_projem("--db", url, "tools", "list")
    assert_one_clean_error(result, name)


@pytest.mark.parametrize("command", [ADD_DRILL, ["db", "upgrade"], ["tools", "list"]], ids=" ".join)
def test_a_missing_folder_is_an_error_naming_it_for_every_command(
    tmp_path: Path, command: list[str]
) -> None:
    folder = tmp_path / "no-such-folder"
    result = run_projem("--db", str(folder / "shop.sqlite3"), *command)
    assert_one_clean_error(result, f"the folder {folder} does not exist")
    assert not folder.exists()


def test_a_command_that_adds_creates_the_database(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    assert run_projem("--db", str(path), *ADD_DRILL).returncode == 0
    listed = run_projem("--db", str(path), "tools", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Drill 3" in listed.stdout
    assert "(1 found)" in listed.stdout


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder the unprivileged user can reach but not write (pytest's tmp is root's)."""
    path = Path(tempfile.mkdtemp(prefix="projem-ro-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def as_nobody(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The command as an unprivileged user: root would ignore the file modes."""
    return run_projem(*args, user=NOBODY if os.geteuid() == 0 else [], env={"HOME": str(home)})


def _database_with_a_tool(folder: Path) -> Path:
    path = folder / "shop.sqlite3"
    assert run_projem("--db", str(path), *ADD_DRILL).returncode == 0
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:  # fold the WAL in: the file alone is the database
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return path


@pytest.mark.parametrize("folder_writable", [False, True], ids=["read-only folder", "open folder"])
def test_a_read_only_database_serves_the_commands_that_read(
    shared_dir: Path, folder_writable: bool
) -> None:
    path = _database_with_a_tool(shared_dir)
    path.chmod(0o444)
    if folder_writable:
        shared_dir.chmod(0o777)
    before = digest(path)

    listed = as_nobody("--db", str(path), "tools", "list", home=shared_dir)
    assert listed.returncode == 0, listed.stderr
    assert "Drill 3" in listed.stdout
    shown = as_nobody("--db", str(path), "tools", "show", "Drill 3", home=shared_dir)
    assert shown.returncode == 0, shown.stderr
    verified = as_nobody("--db", str(path), "audit", "verify", home=shared_dir)
    assert verified.returncode == 0, verified.stderr
    assert "intact: 1 entries" in verified.stdout
    current = as_nobody("--db", str(path), "db", "current", home=shared_dir)
    assert "head, up to date" in current.stdout

    added = as_nobody("--db", str(path), *ADD_DRILL[:3], "Drill 4", *ADD_DRILL[4:], home=shared_dir)
    assert_one_clean_error(added, "read-only")
    upgraded = as_nobody("--db", str(path), "db", "upgrade", home=shared_dir)
    assert_one_clean_error(upgraded, "read-only", "Nothing was changed")
    assert digest(path) == before
    # Nothing left beside it (a read-only -shm would be in its owner's way).
    assert [p.name for p in shared_dir.iterdir() if p.name.startswith(path.name)] == [path.name]


def test_an_out_of_date_read_only_database_is_refused_not_upgraded(shared_dir: Path) -> None:
    path = _database_with_a_tool(shared_dir)
    engine = make_engine(f"sqlite:///{path}")
    try:
        migrate.downgrade(engine, "0005")
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    path.chmod(0o444)
    before = digest(path)
    result = as_nobody("--db", str(path), "tools", "list", home=shared_dir)
    assert_one_clean_error(result, "schema 0005", migrate.KNOWN_HEAD, "read-only", "db upgrade")
    assert digest(path) == before
    assert not list(shared_dir.glob("*.bak"))


def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    path = _database_with_a_tool(tmp_path)
    # The reader is gone before the command writes its first line, as `| head -1` leaves it
    # once it has read its line.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "projem_workbench", "--db", str(path), "tools", "list"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141


def test_a_downgrade_says_what_it_drops_and_needs_yes(db_url: str) -> None:
    assert run_projem("--db", db_url, *ADD_DRILL).returncode == 0
    refused = run_projem("--db", db_url, "db", "downgrade", "base")
    assert_one_clean_error(refused, "--yes", "nothing was changed")
    assert "undo 0001: Initial schema" in refused.stdout
    assert "tools (1)" in refused.stdout
    assert "audit_logs (1)" in refused.stdout
    engine = make_engine(db_url)
    try:
        assert migrate.schema_state(engine).current == migrate.KNOWN_HEAD
    finally:
        engine.dispose()
    assert "Drill 3" in run_projem("--db", db_url, "tools", "list").stdout

    one_step = run_projem("--db", db_url, "db", "downgrade", "0005", "--yes")
    assert one_step.returncode == 0, one_step.stderr
    assert "undo 0006: Persistent tool numbers" in one_step.stdout
    assert "undo 0005" not in one_step.stdout
    assert "-> 0005" in one_step.stdout


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["artefacts", "gc", "--grace-hours", "nan"], "--grace-hours must be 0 to"),
        (["artefacts", "gc", "--grace-hours", "1e308"], "--grace-hours must be 0 to"),
        (["db", "upgrade", "9999"], "Can't locate revision identified by '9999'"),
        (["db", "downgrade", "9999", "--yes"], "cannot downgrade to '9999'"),
        (["artefacts", "--store", "{db}", "fsck"], "is not a folder"),
    ],
    ids=["grace nan", "grace huge", "upgrade unknown", "downgrade unknown", "store is a file"],
)
def test_bad_input_is_one_clean_error(tmp_path: Path, command: list[str], message: str) -> None:
    path = _database_with_a_tool(tmp_path)
    result = run_projem("--db", str(path), *(word.format(db=path) for word in command))
    assert_one_clean_error(result, message)


def test_a_folder_given_as_the_database_is_named(tmp_path: Path) -> None:
    result = run_projem("--db", str(tmp_path), "tools", "list")
    assert_one_clean_error(result, f"{tmp_path} is a folder, not a database file")


def test_a_read_only_database_reports_what_it_cannot_record(shared_dir: Path) -> None:
    path = _database_with_a_tool(shared_dir)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE tools SET diameter_mm = 30")
    connection.close()
    path.chmod(0o444)
    before = digest(path)

    rows = as_nobody("--db", str(path), "audit", "verify", "--rows", home=shared_dir)
    assert rows.returncode == 3, rows.stdout + rows.stderr
    assert "diameter_mm is '30.000' in the table but '3.000'" in rows.stdout
    assert "NOT recorded as a security event: the database is read-only" in rows.stdout
    store = ["--db", str(path), "artefacts", "--store", str(shared_dir / "store")]
    fsck = as_nobody(*store, "fsck", home=shared_dir)
    assert fsck.returncode == 0, fsck.stderr
    assert "not recorded in the audit trail: the database is read-only" in fsck.stdout
    gc = as_nobody(*store, "gc", home=shared_dir)
    assert_one_clean_error(gc, "read-only", "removed nothing")
    assert digest(path) == before


@pytest.mark.parametrize("command", [["tools", "show"], ["cam", "show"]], ids=" ".join)
def test_an_id_beyond_64_bits_is_one_clean_error(db_url: str, command: list[str]) -> None:
    result = run_projem("--db", db_url, *command, "99999999999999999999")
    # SQLite cannot bind it (an OverflowError of the driver); PostgreSQL finds no such row.
    assert_one_clean_error(result)
    if db_url.startswith("sqlite"):
        assert "a number is too large for the database" in result.stderr


@pytest.mark.parametrize("folder_writable", [False, True], ids=["read-only folder", "open folder"])
def test_a_read_only_database_is_read_with_what_its_wal_holds(
    shared_dir: Path, folder_writable: bool
) -> None:
    path = _database_with_a_tool(shared_dir)
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")  # the change stays in the WAL only
        writer.execute("UPDATE tools SET name = 'Drill 3 renamed'")
        assert path.with_name(f"{path.name}-wal").stat().st_size > 0
        path.chmod(0o444)
        if folder_writable:
            shared_dir.chmod(0o777)
        listed = as_nobody("--db", str(path), "tools", "list", home=shared_dir)
    finally:
        writer.close()
    assert listed.returncode == 0, listed.stderr
    assert "Drill 3 renamed" in listed.stdout
