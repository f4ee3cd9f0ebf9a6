# SPDX-License-Identifier: LGPL-2.1-or-later
"""The audit chain on both backends: intact chains verify, every kind of tampering is caught
for the right reason, failed changes leave no entry, and the table is append-only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Engine, delete, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from projem_workbench.audit.chain import GENESIS, chain_hash, entry_of
from projem_workbench.audit.verify import BreakReason, verify_and_record, verify_chain
from projem_workbench.db.enums import SecurityEventType, ToolMaterial, ToolType
from projem_workbench.db.models import AuditLog, SecurityEvent, Tool
from projem_workbench.db.session import Database
from projem_workbench.errors import DuplicateError
from projem_workbench.services import audited
from tests.db.audit_support import as_admin, build_chain
from tests.support.cli import run_projem

ENTRIES = 8  # build_chain: 6 creates, 1 update, 1 soft delete
AUDIT = AuditLog.__table__


def rows(engine: Engine) -> list[dict]:  # type: ignore[type-arg]
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(AUDIT).order_by(AUDIT.c.id)).mappings()]


def verify(database: Database, **options: object):  # type: ignore[no-untyped-def]
    with database.read_session() as session:
        return verify_chain(session, **options)  # type: ignore[arg-type]


@pytest.fixture
def chained(database: Database) -> Database:
    build_chain(database)
    return database


def test_intact_chain_verifies(chained: Database) -> None:
    result = verify(chained)
    assert result.ok
    assert result.checked == ENTRIES
    assert result.head == rows(chained.engine)[-1]["chain_hash"]
    first = rows(chained.engine)[0]
    assert first["prev_chain_hash"] == GENESIS
    assert first["chain_hash"] == chain_hash(GENESIS, entry_of(first))


def test_entries_record_what_changed(chained: Database) -> None:
    entries = rows(chained.engine)
    assert [e["action"].value for e in entries] == ["create"] * 6 + ["update", "delete"]
    update_entry = entries[6]
    assert update_entry["before"]["quantity_on_hand"] == 0
    assert update_entry["after"]["quantity_on_hand"] == 7
    assert update_entry["after"]["diameter_mm"] == "2.000"
    assert entries[0]["after"]["params"]["emoji"] == "\U0001f527"
    assert entries[7]["after"]["is_deleted"] is True


def test_edited_after_snapshot_is_a_hash_mismatch(chained: Database) -> None:
    with as_admin(chained.engine) as conn:
        conn.execute(update(AUDIT).where(AUDIT.c.id == 3).values(after={"name": "forged"}))
    result = verify(chained)
    assert (result.broken_id, result.reason) == (3, BreakReason.HASH_MISMATCH)
    assert result.checked == 2


def test_edited_timestamp_is_a_hash_mismatch(chained: Database) -> None:
    with as_admin(chained.engine) as conn:
        conn.execute(
            update(AUDIT)
            .where(AUDIT.c.id == 4)
            .values(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        )
    result = verify(chained)
    assert (result.broken_id, result.reason) == (4, BreakReason.HASH_MISMATCH)


def test_deleted_middle_row_is_a_gap(chained: Database) -> None:
    with as_admin(chained.engine) as conn:
        conn.execute(delete(AUDIT).where(AUDIT.c.id == 4))
    result = verify(chained)
    assert (result.broken_id, result.reason) == (5, BreakReason.GAP)


def test_swapped_pair_is_a_broken_link(chained: Database) -> None:
    third, fourth = rows(chained.engine)[2:4]
    content = [c.name for c in AUDIT.columns if c.name != "id"]
    with as_admin(chained.engine) as conn:
        conn.execute(update(AUDIT).where(AUDIT.c.id == 3).values(chain_hash="f" * 64))
        conn.execute(update(AUDIT).where(AUDIT.c.id == 4).values(**{c: third[c] for c in content}))
        conn.execute(update(AUDIT).where(AUDIT.c.id == 3).values(**{c: fourth[c] for c in content}))
    result = verify(chained)
    assert (result.broken_id, result.reason) == (3, BreakReason.BROKEN_LINK)


def _forge(database: Database, prev: str) -> int:
    entry = {
        "user_id": None,
        "session_id": None,
        "action": "delete",
        "entity_type": "tools",
        "entity_id": "1",
        "before": None,
        "after": None,
        "ip_address": None,
        "user_agent": None,
        "created_at": dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC),
        "prev_chain_hash": prev,
    }
    with database.engine.begin() as conn:
        result = conn.execute(insert(AUDIT).values(**entry, chain_hash=chain_hash(prev, entry)))
        return int(result.inserted_primary_key[0])


def test_forged_row_with_recomputed_hash_but_wrong_prev_is_a_broken_link(
    chained: Database,
) -> None:
    forged = _forge(chained, prev="ab" * 32)
    result = verify(chained)
    assert (result.broken_id, result.reason) == (forged, BreakReason.BROKEN_LINK)


def test_second_successor_of_an_entry_is_a_fork(chained: Database) -> None:
    parent = rows(chained.engine)[-1]["prev_chain_hash"]
    forged = _forge(chained, prev=parent)
    result = verify(chained)
    assert (result.broken_id, result.reason) == (forged, BreakReason.FORK)


def test_truncated_tail_is_caught_by_the_expected_head(chained: Database) -> None:
    head = verify(chained).head
    with as_admin(chained.engine) as conn:
        conn.execute(delete(AUDIT).where(AUDIT.c.id >= ENTRIES - 1))
    assert verify(chained).ok  # what is left is a valid chain on its own...
    result = verify(chained, expect_head=head)
    assert result.reason is BreakReason.HEAD_MISMATCH  # ...but not the one written down
    assert result.checked == ENTRIES - 2


def test_changed_genesis_is_caught(chained: Database) -> None:
    first = rows(chained.engine)[0]
    first["prev_chain_hash"] = "1" * 64
    with as_admin(chained.engine) as conn:
        conn.execute(
            update(AUDIT)
            .where(AUDIT.c.id == 1)
            .values(prev_chain_hash="1" * 64, chain_hash=chain_hash("1" * 64, entry_of(first)))
        )
    result = verify(chained)
    assert (result.broken_id, result.reason) == (1, BreakReason.WRONG_GENESIS)


def test_verify_from_an_entry_trusts_what_came_before(chained: Database) -> None:
    with as_admin(chained.engine) as conn:
        conn.execute(update(AUDIT).where(AUDIT.c.id == 2).values(entity_id="999"))
    assert verify(chained).reason is BreakReason.HASH_MISMATCH
    result = verify(chained, from_id=3)
    assert result.ok and result.checked == ENTRIES - 2


def test_command_line_reports_and_records_a_break(chained: Database, db_url: str) -> None:
    good = run_projem("--db", db_url, "audit", "verify")
    assert good.returncode == 0, good.stderr
    assert f"{ENTRIES} entries verified" in good.stdout
    head = run_projem("--db", db_url, "audit", "head").stdout.strip()
    assert head in good.stdout

    with as_admin(chained.engine) as conn:
        conn.execute(delete(AUDIT).where(AUDIT.c.id == ENTRIES))
    truncated = run_projem("--db", db_url, "audit", "verify", "--expect-head", head)
    assert truncated.returncode == 3
    assert "head_mismatch" in truncated.stdout
    with chained.read_session() as session:
        event = session.execute(select(SecurityEvent)).scalar_one()
        assert event.event_type is SecurityEventType.AUDIT_CHAIN_BROKEN
        assert event.details["reason"] == "head_mismatch"


def test_verify_and_record_leaves_no_event_when_intact(chained: Database) -> None:
    assert verify_and_record(chained).ok
    with chained.read_session() as session:
        assert session.execute(select(func.count()).select_from(SecurityEvent)).scalar() == 0


def _tool(name: str) -> Tool:
    return Tool(
        name=name,
        tool_type=ToolType.DRILL,
        tool_material=ToolMaterial.HSS,
        diameter_mm=Decimal("5"),
        flutes=2,
    )


def test_failed_change_leaves_neither_change_nor_entry(database: Database) -> None:
    with pytest.raises(RuntimeError), database.unit_of_work() as session:
        audited.create(session, _tool("Drill 5"))
        raise RuntimeError("the CAM engineer pressed cancel")
    with database.unit_of_work() as session:
        audited.create(session, _tool("Drill 5 HSS"))
    with pytest.raises(DuplicateError), database.unit_of_work() as session:
        audited.create(session, _tool("Drill 5 again"))
        audited.create(session, _tool("Drill 5 HSS"))  # refused by the database
    with database.read_session() as session:
        names = session.execute(select(Tool.name)).scalars().all()
        entries = session.execute(select(func.count()).select_from(AuditLog)).scalar()
    assert names == ["Drill 5 HSS"]
    assert entries == 1
    assert verify(database).ok


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_logs SET entity_id = 'x'", "DELETE FROM audit_logs"],
)
def test_audit_log_is_append_only(chained: Database, statement: str) -> None:
    with pytest.raises(DBAPIError) as refused, chained.engine.begin() as conn:
        conn.execute(text(statement))
    assert "append-only" in str(refused.value)
    assert len(rows(chained.engine)) == ENTRIES


def test_user_with_audit_history_cannot_be_hard_deleted(database: Database) -> None:
    from projem_workbench.db.models import User

    with database.unit_of_work() as session:
        user = audited.create(
            session, User(email="usta@atolye.com.tr", full_name="Usta", password_hash="x")
        )
        audited.create(session, _tool("Drill by usta"), user_id=user.id)
    with pytest.raises(DBAPIError), database.engine.begin() as conn:
        conn.execute(text("DELETE FROM users"))
    assert verify(database).ok
