# SPDX-License-Identifier: LGPL-2.1-or-later
"""Units of work on PostgreSQL keep every property of an ordinary transaction with audited
writes in it, leave pooled connections as psycopg2 expects them, and replace dead ones."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import psycopg2.extensions
import pytest
import sqlalchemy.exc
from sqlalchemy import func, insert, select, text, update

from projem_workbench.db import engine as engine_module
from projem_workbench.db.models import AuditLog, Tool
from projem_workbench.db.session import Database
from projem_workbench.errors import (
    DatabaseUnavailableError,
    DuplicateError,
    IntegrityViolationError,
)
from projem_workbench.services import audited
from tests.db.audit_support import writer_tool

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("backend", ["postgresql"])]
IDLE = psycopg2.extensions.TRANSACTION_STATUS_IDLE


@pytest.fixture
def single(db_url: str) -> Iterator[Database]:
    """A database whose pool holds one connection, so every unit of work reuses it."""
    database = Database(engine=engine_module.make_engine(db_url, pool_size=1, max_overflow=0))
    try:
        yield database
    finally:
        database.dispose()


def _raw(database: Database):  # type: ignore[no-untyped-def]
    """The pooled psycopg2 connection, as the next unit of work will get it."""
    with database.engine.connect() as conn:
        return conn.connection.dbapi_connection


def _count(database: Database, model: type) -> int:
    with database.read_session() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def _assert_pooled_as_psycopg2_left_it(database: Database) -> None:
    raw = _raw(database)
    assert raw.autocommit is False
    assert raw.get_transaction_status() == IDLE


def test_an_entry_is_seen_by_the_next_statement_and_committed(single: Database) -> None:
    with single.unit_of_work() as session:
        tool = audited.create(session, writer_tool("EM 6"))
        entries = session.execute(select(AuditLog.entity_id)).scalars().all()
        assert entries == [str(tool.id)]
        audited.update(session, tool, {"location": "A/1"})
    assert _count(single, AuditLog) == 2
    _assert_pooled_as_psycopg2_left_it(single)


def test_percent_signs_in_values_and_in_parameters(single: Database) -> None:
    name = "50% off %(name)s %s"
    with single.unit_of_work() as session:
        tool = audited.create(session, writer_tool(name))  # its entry holds the name
        session.execute(update(Tool).where(Tool.id == tool.id).values(coating="%%"))
    with single.read_session() as session:
        stored = session.get(Tool, tool.id)
        assert (stored.name, stored.coating) == (name, "%%")
        entry = session.execute(select(AuditLog.after)).scalar_one()
        assert entry["name"] == name


def test_a_refused_statement_leaves_nothing_and_a_clean_connection(single: Database) -> None:
    with single.unit_of_work() as session:
        audited.create(session, writer_tool("kept"))
    with pytest.raises(IntegrityViolationError), single.unit_of_work() as session:
        audited.create(session, writer_tool("EM 7"))
        session.execute(update(Tool).values(flutes=-1))
    assert _count(single, Tool) == 1 and _count(single, AuditLog) == 1
    _assert_pooled_as_psycopg2_left_it(single)
    with single.unit_of_work() as session:  # and the connection works on
        audited.create(session, writer_tool("after"))
    assert _count(single, Tool) == 2


def test_any_exception_rolls_back_and_cleans_up(single: Database) -> None:
    with pytest.raises(KeyError), single.unit_of_work() as session:
        audited.create(session, writer_tool("EM 8"))
        raise KeyError("not a database error")
    assert _count(single, Tool) == 0 and _count(single, AuditLog) == 0
    _assert_pooled_as_psycopg2_left_it(single)


def test_a_rollback_inside_the_unit_of_work_is_a_real_one(single: Database) -> None:
    # As an import does when rows were refused: what came before the rollback is gone, what
    # comes after it is committed in a transaction of its own.
    with single.unit_of_work() as session:
        audited.create(session, writer_tool("rolled back"))
        session.rollback()
        audited.create(session, writer_tool("committed"))
    with single.read_session() as session:
        assert session.execute(select(Tool.name)).scalars().all() == ["committed"]
        assert len(session.execute(select(AuditLog.id)).all()) == 1
    _assert_pooled_as_psycopg2_left_it(single)


def test_savepoints_roll_back_to_where_they_were_taken(single: Database) -> None:
    with single.unit_of_work() as session:
        audited.create(session, writer_tool("first"))
        with pytest.raises(sqlalchemy.exc.IntegrityError), session.begin_nested():
            audited.create(session, writer_tool("second"))
            session.execute(update(Tool).values(flutes=-1))
        audited.create(session, writer_tool("third"))
    with single.read_session() as session:
        names = session.execute(select(Tool.name).order_by(Tool.id)).scalars().all()
        assert names == ["first", "third"]
    assert _count(single, AuditLog) == 2


def test_many_rows_in_one_call_as_the_first_statement(single: Database) -> None:
    def rows(*names: str) -> list[dict[str, object]]:
        return [
            {"name": name, "tool_type": "flat_endmill", "tool_material": "carbide",
             "diameter_mm": Decimal(6)}
            for name in names
        ]  # fmt: skip

    with single.unit_of_work() as session:
        session.connection().execute(insert(Tool), rows("a", "b", "c"))
    with pytest.raises(DuplicateError), single.unit_of_work() as session:
        session.connection().execute(insert(Tool), rows("d", "e", "a"))
    assert _count(single, Tool) == 3
    _assert_pooled_as_psycopg2_left_it(single)


def test_a_unit_of_work_that_runs_nothing_leaves_a_clean_connection(single: Database) -> None:
    with single.unit_of_work():
        pass
    _assert_pooled_as_psycopg2_left_it(single)


def _terminate_pooled_backend(database: Database, admin_url: str) -> None:
    pid = _raw(database).get_backend_pid()
    admin = Database(admin_url)
    try:
        with admin.engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


def test_a_dead_connection_idle_for_a_while_is_replaced_unnoticed(
    single: Database, pg_admin_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with single.unit_of_work() as session:
        audited.create(session, writer_tool("before"))
    _terminate_pooled_backend(single, pg_admin_url)
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_S", 0.0)
    with single.unit_of_work() as session:
        audited.create(session, writer_tool("after"))
    assert _count(single, Tool) == 2


def test_one_used_a_moment_ago_is_not_pinged_and_fails_once(
    single: Database, pg_admin_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_S", 3600.0)
    with single.unit_of_work() as session:
        audited.create(session, writer_tool("before"))
    _terminate_pooled_backend(single, pg_admin_url)
    with pytest.raises(DatabaseUnavailableError), single.unit_of_work() as session:
        audited.create(session, writer_tool("lost"))
    with single.unit_of_work() as session:  # the pool has reconnected
        audited.create(session, writer_tool("after"))
    assert _count(single, Tool) == 2
