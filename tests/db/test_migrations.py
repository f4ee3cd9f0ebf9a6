# SPDX-License-Identifier: LGPL-2.1-or-later
"""Migrations on both backends: up, down, up again; `db check`; automatic upgrade with backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DataError, IntegrityError

from projem_workbench.db import migrate
from projem_workbench.db.base import Base
from projem_workbench.db.engine import make_engine
from projem_workbench.errors import MigrationError
from tests.db.rows import insert_row
from tests.support.cli import run_projem


def test_revision_chain_is_linear() -> None:
    scripts = migrate.script_directory()
    assert len(scripts.get_heads()) == 1
    assert len(scripts.get_bases()) == 1
    revisions = list(scripts.walk_revisions())
    for revision in revisions:
        assert not revision.is_merge_point, revision.revision
        assert not revision.is_branch_point, revision.revision


def test_known_head_is_the_newest_migration() -> None:
    """Commands skip Alembic when the database is at KNOWN_HEAD: it must be the real head."""
    assert migrate.head_revision() == migrate.KNOWN_HEAD


def test_schema_state_without_alembic_at_head_and_with_it_behind(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        migrate.upgrade(engine, "head")
        state = migrate.schema_state(engine)
        assert state.status is migrate.SchemaStatus.CURRENT
        assert state.current == state.head == migrate.KNOWN_HEAD
        migrate.downgrade(engine, "-1")
        behind = migrate.schema_state(engine)
        assert behind.status is migrate.SchemaStatus.BEHIND
        assert behind.current != behind.head == migrate.KNOWN_HEAD
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO alembic_version VALUES ('0001')"))
        with pytest.raises(MigrationError, match="several schema revisions"):
            migrate.schema_state(engine)
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_with_check_clean(empty_db_url: str) -> None:
    first = run_projem("--db", empty_db_url, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert run_projem("--db", empty_db_url, "db", "check").returncode == 0

    down = run_projem("--db", empty_db_url, "db", "downgrade", "base", "--yes")
    assert down.returncode == 0, down.stderr
    engine = make_engine(empty_db_url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                enums = conn.execute(text("SELECT count(*) FROM pg_type WHERE typtype = 'e'"))
                assert enums.scalar_one() == 0
    finally:
        engine.dispose()

    again = run_projem("--db", empty_db_url, "db", "upgrade")
    assert again.returncode == 0, again.stderr
    check = run_projem("--db", empty_db_url, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "models and migrations agree" in check.stdout


def test_all_tables_exist_at_head(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()
    assert tables == set(Base.metadata.tables)
    assert len(tables) == 17


def test_check_fails_when_models_and_database_differ(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE INDEX ix_stray ON machines (controller)"))
    finally:
        engine.dispose()
    check = run_projem("--db", db_url, "db", "check")
    assert check.returncode == 1
    assert "ix_stray" in check.stdout


def test_check_fails_when_not_at_head(empty_db_url: str) -> None:
    if empty_db_url.startswith("sqlite:///"):  # an empty file: checking does not create one
        Path(empty_db_url.removeprefix("sqlite:///")).touch()
    check = run_projem("--db", empty_db_url, "db", "check")
    assert check.returncode == 1
    assert "not at head" in check.stdout


def test_current_reports_revision(db_url: str) -> None:
    current = run_projem("--db", db_url, "db", "current")
    assert current.returncode == 0
    assert f"{migrate.head_revision()} (head, up to date)" in current.stdout


def test_outdated_sqlite_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    engine = make_engine(url)
    try:
        migrate.upgrade(engine, "0001")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO machines (name, machine_type, controller, post_processor, "
                    "travel_x_mm, travel_y_mm, travel_z_mm, max_spindle_rpm, max_feed_mm_min, "
                    "rapid_mm_min) VALUES ('Old VMC', 'mill_3axis', 'linuxcnc', 'linuxcnc', "
                    "500, 400, 300, 8000, 5000, 10000)"
                )
            )
    finally:
        engine.dispose()

    state = migrate.ensure_current(make_engine(url))
    assert state.status is migrate.SchemaStatus.BEHIND
    backups = list(tmp_path.glob("shop.sqlite3.*.bak"))
    assert len(backups) == 1
    backup_engine = make_engine(f"sqlite:///{backups[0]}")
    try:
        assert migrate.schema_state(backup_engine).current == "0001"
    finally:
        backup_engine.dispose()
    engine = make_engine(url)
    try:
        assert migrate.schema_state(engine).status is migrate.SchemaStatus.CURRENT
        with engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM machines")).scalars().all()
        assert names == ["Old VMC"]
    finally:
        engine.dispose()


def test_commands_upgrade_an_empty_database_automatically(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        state = migrate.ensure_current(engine)
        assert state.status is migrate.SchemaStatus.EMPTY
        assert migrate.schema_state(engine).status is migrate.SchemaStatus.CURRENT
    finally:
        engine.dispose()


def test_freecad_tool_types_block_downgrade_while_used(db_url: str) -> None:
    """0003's labels can only go when no tool uses them; the refusal leaves the schema at head."""
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            tool_id = insert_row(conn, "tools", tool_type="probe")
        refused = run_projem("--db", db_url, "db", "downgrade", "0002", "--yes")
        assert refused.returncode != 0
        assert "1 tool(s) use a type added by it" in refused.stderr
        assert migrate.schema_state(engine).current == migrate.head_revision()

        with engine.begin() as conn:
            conn.execute(
                text("UPDATE tools SET tool_type = 'drill' WHERE id = :id"), {"id": tool_id}
            )
        down = run_projem("--db", db_url, "db", "downgrade", "0002", "--yes")
        assert down.returncode == 0, down.stderr
        with engine.begin() as conn:
            assert conn.execute(text("SELECT tool_type FROM tools")).scalar_one() == "drill"
        # The old CHECK (SQLite) or enum (PostgreSQL) refuses the new label again.
        with pytest.raises((IntegrityError, DataError)), engine.begin() as conn:
            insert_row(conn, "tools", tool_type="probe")
    finally:
        engine.dispose()


def test_artefact_corrupt_events_block_downgrade(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            insert_row(conn, "security_events", event_type="artefact_corrupt")
        refused = run_projem("--db", db_url, "db", "downgrade", "0003", "--yes")
        assert refused.returncode != 0
        assert "1 security event(s) of type artefact_corrupt" in refused.stderr
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM security_events"))
        down = run_projem("--db", db_url, "db", "downgrade", "0003", "--yes")
        assert down.returncode == 0, down.stderr
        with pytest.raises((IntegrityError, DataError)), engine.begin() as conn:
            insert_row(conn, "security_events", event_type="artefact_corrupt")
    finally:
        engine.dispose()
