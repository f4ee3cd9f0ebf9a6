# SPDX-License-Identifier: LGPL-2.1-or-later
"""Bad databases get one readable message, no traceback, and are left exactly as they were."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from projem_workbench.db.engine import make_engine
from tests.support.cli import run_projem


def assert_one_clean_error(result, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("projem: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_postgresql() -> None:
    url = f"postgresql://projem@127.0.0.1:{closed_port()}/projem"
    result = run_projem("--db", url, "db", "upgrade")
    assert_one_clean_error(result, "cannot use the database", "127.0.0.1")


def test_unknown_postgresql_host() -> None:
    result = run_projem("--db", "postgresql://projem@no-such-host.invalid/projem", "db", "current")
    assert_one_clean_error(result, "no-such-host.invalid")


def test_corrupt_sqlite_file_is_reported_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database, it is a CAM engineer's shopping list\n" * 200)
    before = digest(path)
    result = run_projem("--db", str(path), "db", "upgrade")
    assert_one_clean_error(result, "damaged or is not a SQLite database")
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.sqlite3"]


def test_truncated_sqlite_file_is_reported_and_untouched(
    sqlite_template: Path, tmp_path: Path
) -> None:
    source = sqlite_template
    damaged = tmp_path / "damaged.sqlite3"
    data = source.read_bytes()
    damaged.write_bytes(data[: len(data) // 3])
    before = digest(damaged)
    result = run_projem("--db", str(damaged), "db", "check")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert digest(damaged) == before


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own tmp is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="projem-ro-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def test_read_only_sqlite_file(shared_dir: Path) -> None:
    path = shared_dir / "readonly.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.close()
    path.chmod(0o444)
    before = digest(path)
    # root ignores file modes, so the command runs as 'nobody' to meet the read-only file.
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    user = nobody if os.geteuid() == 0 else []
    env = {"HOME": str(shared_dir)}
    result = run_projem("--db", str(path), "db", "upgrade", user=user, env=env)
    assert_one_clean_error(result)
    assert "read-only" in result.stderr or "cannot open" in result.stderr
    assert digest(path) == before


def test_database_from_a_newer_projem_is_refused_untouched(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
        is_sqlite = engine.dialect.name == "sqlite"
        sqlite_file = Path(db_url.removeprefix("sqlite:///")) if is_sqlite else None
    finally:
        engine.dispose()
    before = digest(sqlite_file) if sqlite_file else None

    for command in (["db", "upgrade"], ["db", "downgrade", "base"]):
        result = run_projem("--db", db_url, *command)
        assert_one_clean_error(result, "newer Projem", "9999_from_the_future", "not changed")

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            tables = conn.execute(text("SELECT count(*) FROM machines")).scalar_one()
    finally:
        engine.dispose()
    assert version == "9999_from_the_future"
    assert tables == 0
    if sqlite_file:
        assert digest(sqlite_file) == before
        assert not list(sqlite_file.parent.glob("*.bak"))


def test_non_projem_database_is_refused(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE invoices_2019 (id INTEGER PRIMARY KEY)"))
    finally:
        engine.dispose()
    result = run_projem("--db", empty_db_url, "db", "upgrade")
    assert_one_clean_error(result, "no Projem schema history", "Nothing was changed")


def test_value_refused_before_reaching_the_database_is_a_validation_error(
    database,  # type: ignore[no-untyped-def]
) -> None:
    import datetime as dt

    from projem_workbench.db.models import SecurityEvent
    from projem_workbench.errors import ValidationError

    with pytest.raises(ValidationError, match="naive datetime"), database.unit_of_work() as s:
        s.add(
            SecurityEvent(
                event_type="login_failure",
                severity="low",
                resolved_at=dt.datetime(2026, 11, 25, 9, 0),
            )
        )
