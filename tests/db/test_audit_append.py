# SPDX-License-Identifier: LGPL-2.1-or-later
"""How an entry is appended: stored as before, database errors translated like any other,
and no append where the head could be read from before the chain was locked."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select, text

from projem_workbench.audit.chain import (
    GENESIS,
    append_audit_entries,
    append_audit_entry,
    chain_hash,
    entry_of,
)
from projem_workbench.audit.verify import verify_chain
from projem_workbench.db.enums import AuditAction
from projem_workbench.db.models import AuditLog, Tool
from projem_workbench.db.session import Database
from projem_workbench.errors import ConfigurationError, IntegrityViolationError
from projem_workbench.services import audited
from tests.db.audit_support import writer_tool

AUDIT = AuditLog.__table__


def _entries(database: Database) -> int:
    with database.read_session() as session:
        return session.execute(select(func.count()).select_from(AuditLog)).scalar_one()


def test_entries_read_back_as_written_and_hash_from_what_is_stored(database: Database) -> None:
    with database.unit_of_work() as session:
        tool = audited.create(session, writer_tool("EM 6"))
        returned = append_audit_entry(
            session,
            action=AuditAction.EXPORT,
            entity_type="tools",
            entity_id=7,
            after={"file": "ölçü 🔧.csv", "count": 1},
            user_agent='Projem "test" \\',
        )
    with database.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(AUDIT).order_by(AUDIT.c.id)).mappings()]
        # A create has no before: stored as JSON null (as the Core insert stored it), not NULL.
        assert conn.execute(select(func.count()).where(AUDIT.c.before.is_(None))).scalar() == 0
    created, exported = rows
    assert created["action"] is AuditAction.CREATE
    assert (created["entity_type"], created["entity_id"]) == ("tools", str(tool.id))
    assert created["before"] is None and created["after"]["name"] == "EM 6"
    assert created["created_at"].tzinfo is not None
    assert created["prev_chain_hash"] == GENESIS
    assert exported["prev_chain_hash"] == created["chain_hash"]
    assert exported["entity_id"] == "7" and exported["after"]["file"] == "ölçü 🔧.csv"
    assert exported["chain_hash"] == returned
    for row in rows:
        assert row["chain_hash"] == chain_hash(row["prev_chain_hash"], entry_of(row))


def test_many_entries_appended_at_once_chain_in_order(database: Database) -> None:
    with database.unit_of_work() as session:
        first = append_audit_entry(
            session, action=AuditAction.VERIFY, entity_type="x", entity_id=None
        )
        assert append_audit_entries(session, []) == []
        returned = append_audit_entries(
            session,
            [
                {"action": AuditAction.CREATE, "entity_type": "tools", "entity_id": n,
                 "after": {"name": f"EM {n}"}, "user_id": None}
                for n in (3, 1, 2)
            ],
        )  # fmt: skip
    with database.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(AUDIT).order_by(AUDIT.c.id)).mappings()]
    assert [row["entity_id"] for row in rows] == [None, "3", "1", "2"]
    assert [row["chain_hash"] for row in rows] == [first, *returned]
    for parent, row in itertools.pairwise(rows):
        assert row["prev_chain_hash"] == parent["chain_hash"]
    for row in rows:
        assert row["chain_hash"] == chain_hash(row["prev_chain_hash"], entry_of(row))
    with database.read_session() as session:
        assert verify_chain(session).ok


def test_a_database_error_in_the_append_is_translated_and_leaves_nothing(
    database: Database,
) -> None:
    with pytest.raises(IntegrityViolationError), database.unit_of_work() as session:
        session.add(writer_tool("EM 8"))
        session.flush()
        append_audit_entry(
            session, action=AuditAction.UPDATE, entity_type="tools", entity_id=1, user_id=987654
        )
    with database.read_session() as session:
        assert session.execute(select(func.count()).select_from(Tool)).scalar_one() == 0
    assert _entries(database) == 0
    with database.unit_of_work() as session:
        audited.create(session, writer_tool("EM 8"))
    with database.read_session() as session:
        assert verify_chain(session).ok


# PostgreSQL only: SQLite's BEGIN IMMEDIATE holds the write lock before anything is read.
@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])
@pytest.mark.parametrize("level", ["REPEATABLE READ", "SERIALIZABLE"])
def test_postgresql_refuses_to_append_where_the_head_could_be_stale(
    database: Database, level: str
) -> None:
    refused = pytest.raises(ConfigurationError, match="READ COMMITTED")
    with refused, database.unit_of_work() as session:
        session.execute(text(f"SET TRANSACTION ISOLATION LEVEL {level}"))
        audited.create(session, writer_tool("EM 10"))
    assert _entries(database) == 0
