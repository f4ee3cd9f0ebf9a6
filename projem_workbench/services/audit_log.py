# SPDX-License-Identifier: LGPL-2.1-or-later
"""Reading the audit trail: filtered pages of entries for the log viewer, and verification.

Reads only; the trail is written by :mod:`projem_workbench.services.audited` and verified by
:mod:`projem_workbench.audit.verify` and, against the tables, by
:mod:`projem_workbench.audit.verify_rows` (a break or a difference is recorded as a security
event there).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select

from projem_workbench.audit.verify import VerifyResult, verify_and_record
from projem_workbench.audit.verify_rows import RowsResult, verify_rows_and_record
from projem_workbench.db.enums import AuditAction
from projem_workbench.db.models import AuditLog
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.services.records import enum_member

DEFAULT_LIMIT = 500
MAX_LIMIT = 10_000


class AuditEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    created_at: dt.datetime
    action: AuditAction
    entity_type: str
    entity_id: str | None
    user_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    chain_hash: str


def list_entries(
    database: Database,
    *,
    entity_type: str | None = None,
    action: AuditAction | str | None = None,
    entity_id: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    before_id: int | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[AuditEntry]:
    """Entries matching every filter given, newest first.

    ``since``/``until`` bound ``created_at`` (inclusive, timezone-aware); ``before_id`` pages
    back from an entry already shown; ``limit`` is 1 to 10,000.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(f"limit must be 1 to {MAX_LIMIT}, got {limit}", field="limit")
    for name, moment in (("since", since), ("until", until)):
        if moment is not None and moment.tzinfo is None:
            raise ValidationError(f"{name} must carry a time zone", field=name)
    if since is not None and until is not None and since > until:
        raise ValidationError("since is later than until", field="since")
    query = select(AuditLog)
    if entity_type:
        query = query.where(AuditLog.entity_type == entity_type)
    if action:
        query = query.where(AuditLog.action == enum_member(AuditAction, action, "action"))
    if entity_id:
        query = query.where(AuditLog.entity_id == str(entity_id).strip())
    if since is not None:
        query = query.where(AuditLog.created_at >= since)
    if until is not None:
        query = query.where(AuditLog.created_at <= until)
    if before_id is not None:
        query = query.where(AuditLog.id < before_id)
    query = query.order_by(AuditLog.id.desc()).limit(limit)
    with database.read_session() as session:
        return [AuditEntry.model_validate(row) for row in session.scalars(query)]


def entity_types(database: Database) -> list[str]:
    """Every entity type the trail mentions, for the viewer's filter."""
    with database.read_session() as session:
        query = select(AuditLog.entity_type).distinct().order_by(AuditLog.entity_type)
        return list(session.scalars(query))


def entry_count(database: Database) -> int:
    with database.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditLog)) or 0)


def verify_trail(
    database: Database, *, from_id: int | None = None, expect_head: str | None = None
) -> VerifyResult:
    """Check the whole chain (or from ``from_id``); a break is recorded as a security event."""
    if from_id is not None and from_id < 1:
        raise ValidationError("from_id must be an entry id of 1 or more", field="from_id")
    return verify_and_record(database, from_id=from_id, expect_head=expect_head)


def verify_rows(database: Database) -> RowsResult:
    """Compare every audited row with its newest snapshot in the trail; differences (a change
    made beside Projem, e.g. by SQL) are recorded as a security event."""
    return verify_rows_and_record(database)
