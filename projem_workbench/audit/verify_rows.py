# SPDX-License-Identifier: LGPL-2.1-or-later
"""Compare every audited row with the newest snapshot of it in the audit trail.

The chain check proves the trail was not edited; it says nothing about the tables. A change
made beside the services (``UPDATE tools SET diameter_mm = 16``) leaves an intact chain whose
newest ``after`` of that row no longer matches it. This check reads each table once and the
newest row-changing entry (create, update, delete, restore) of every row once, and names each
difference:

- a column whose value differs from the snapshot's;
- a row with no entry at all (inserted beside the services);
- an entry whose row is gone (Projem only soft-deletes, so a missing row was deleted by SQL).

Values are compared as the snapshot holds them (``services.audited.snapshot``: canonical JSON
values), decimals by value (``6`` and ``6.000`` are one diameter). Only the columns the
snapshot has are compared, so a column added by a later migration is not a difference in a
row last changed before it. ``updated_at`` is left out as ``audited.update`` leaves it out: a
write that changed nothing else records no entry.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from sqlalchemy import Numeric, Table, func, select
from sqlalchemy.orm import Session

from projem_workbench.audit.security_events import record_security_event
from projem_workbench.db.base import Base
from projem_workbench.db.canonical import to_json_value
from projem_workbench.db.enums import AuditAction, SecurityEventType, SecuritySeverity
from projem_workbench.db.models import AuditLog, SecurityEvent
from projem_workbench.db.session import Database

ROW_ACTIONS = (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.RESTORE)
# The trail itself and the events about it are not rows the services audit.
UNAUDITED_TABLES = frozenset({AuditLog.__tablename__, SecurityEvent.__tablename__})
IGNORED_COLUMNS = frozenset({"updated_at"})
# How many differences a result keeps in full (the count is always complete), and how many
# of them a security event names.
KEPT_MISMATCHES = 1_000
RECORDED_MISMATCHES = 50


class Problem(enum.StrEnum):
    VALUE = "value"  # a column differs from the snapshot
    NO_ENTRY = "no_entry"  # a row the trail has never seen
    ROW_MISSING = "row_missing"  # the trail's row is gone from the table


@dataclass(frozen=True)
class RowMismatch:
    """One difference between a table and the trail; ``column`` is None for a whole row."""

    table: str
    row_id: str
    column: str | None
    live: Any = None
    recorded: Any = None
    problem: Problem = Problem.VALUE

    def describe(self) -> str:
        where = f"{self.table} id {self.row_id}"
        if self.problem is Problem.NO_ENTRY:
            return f"{where}: the row has no entry in the audit trail (added beside Projem)"
        if self.problem is Problem.ROW_MISSING:
            return (
                f"{where}: the row is gone, but the trail's newest entry keeps it (deleted by SQL)"
            )
        return (
            f"{where}: {self.column} is {_shown(self.live)} in the table but "
            f"{_shown(self.recorded)} in the trail's newest entry"
        )


@dataclass
class RowsResult:
    checked: int = 0  # rows compared
    tables: int = 0
    mismatch_count: int = 0
    mismatches: list[RowMismatch] = field(default_factory=list)  # the first KEPT_MISMATCHES
    recorded: bool = False  # a mismatch was recorded as a security event

    @property
    def ok(self) -> bool:
        return self.mismatch_count == 0

    def add(self, mismatch: RowMismatch) -> None:
        self.mismatch_count += 1
        if len(self.mismatches) < KEPT_MISMATCHES:
            self.mismatches.append(mismatch)


def audited_tables() -> list[Table]:
    """Every table whose rows the services write, audited, in name order."""
    import projem_workbench.db.models  # noqa: F401  (every model, so every table is there)

    return [
        table
        for name, table in sorted(Base.metadata.tables.items())
        if name not in UNAUDITED_TABLES and "id" in table.c
    ]


def latest_snapshots(session: Session) -> dict[str, dict[str, Any]]:
    """``{table: {entity id: after}}`` of the newest row-changing entry of every row."""
    log = AuditLog.__table__
    newest = (
        select(func.max(log.c.id))
        .where(log.c.action.in_(ROW_ACTIONS), log.c.entity_id.is_not(None))
        .group_by(log.c.entity_type, log.c.entity_id)
    )
    query = select(log.c.entity_type, log.c.entity_id, log.c.after).where(log.c.id.in_(newest))
    snapshots: dict[str, dict[str, Any]] = {}
    for entity_type, entity_id, after in session.execute(query):
        snapshots.setdefault(entity_type, {})[entity_id] = after
    return snapshots


def verify_rows(session: Session) -> RowsResult:
    """Compare every row of every audited table with its newest snapshot."""
    result = RowsResult()
    snapshots = latest_snapshots(session)
    for table in audited_tables():
        result.tables += 1
        recorded = snapshots.get(table.name, {})
        numeric = {column.name for column in table.c if isinstance(column.type, Numeric)}
        seen: set[str] = set()
        for row in session.execute(select(table)).mappings():
            row_id = str(row["id"])
            seen.add(row_id)
            result.checked += 1
            after = recorded.get(row_id)
            if after is None:
                result.add(RowMismatch(table.name, row_id, None, problem=Problem.NO_ENTRY))
                continue
            for mismatch in _differences(table.name, row_id, dict(row), after, numeric):
                result.add(mismatch)
        for row_id in sorted(set(recorded) - seen, key=_id_order):
            result.add(RowMismatch(table.name, row_id, None, problem=Problem.ROW_MISSING))
    return result


def verify_rows_and_record(database: Database) -> RowsResult:
    """Verify the rows; differences are also recorded as a security event, in its own
    transaction (not possible on a database opened read-only: ``recorded`` stays False)."""
    with database.read_session() as session:
        result = verify_rows(session)
    if result.ok:
        return result
    result.recorded = record_security_event(
        database,
        SecurityEventType.AUDIT_CHAIN_BROKEN,
        SecuritySeverity.CRITICAL,
        {
            "check": "rows",
            "mismatch_count": result.mismatch_count,
            "mismatches": [_event_detail(m) for m in result.mismatches[:RECORDED_MISMATCHES]],
        },
    )
    return result


def _event_detail(mismatch: RowMismatch) -> dict[str, Any]:
    return {
        "table": mismatch.table,
        "id": mismatch.row_id,
        "problem": mismatch.problem.value,
        "column": mismatch.column,
        "live": _shown(mismatch.live) if mismatch.column else None,
        "recorded": _shown(mismatch.recorded) if mismatch.column else None,
    }


def _differences(
    table: str, row_id: str, row: dict[str, Any], after: dict[str, Any], numeric: set[str]
) -> Iterator[RowMismatch]:
    live = cast(dict[str, Any], to_json_value(row))  # a row is an object of named columns
    for column, recorded in after.items():
        if column in IGNORED_COLUMNS or column not in live:
            continue
        value = live[column]
        if not _same(value, recorded, decimal=column in numeric):
            yield RowMismatch(table, row_id, column, live=value, recorded=recorded)


def _same(live: Any, recorded: Any, *, decimal: bool) -> bool:
    if isinstance(live, bool) or isinstance(recorded, bool):
        return live is recorded  # True == 1 in Python, not in a row
    if live == recorded:  # also 1 and 1.0 in JSON: canonical JSON writes both as 1
        return True
    if decimal and live is not None and recorded is not None:
        try:
            return Decimal(str(live)) == Decimal(str(recorded))
        except InvalidOperation:
            return False
    return False


def _id_order(row_id: str) -> tuple[int, str]:
    return (int(row_id), "") if row_id.isdigit() else (0, row_id)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"
