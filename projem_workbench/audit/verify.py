# SPDX-License-Identifier: LGPL-2.1-or-later
"""Verify the audit chain end to end, streaming in id order with constant memory.

The first broken entry is named with the reason:

- ``wrong_genesis``: the first entry does not start from 64 zeros;
- ``hash_mismatch``: an entry's stored hash is not the hash of its own content;
- ``fork``: an entry links to an entry that already has a successor;
- ``gap``: an entry links to an entry that is missing, and ids are missing before it;
- ``broken_link``: an entry links to something other than its predecessor (a forged or
  reordered entry);
- ``head_mismatch``: the chain ends somewhere else than the head written down out of band.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from projem_workbench.audit.chain import ENTRY_FIELDS, GENESIS, stored_chain_hash
from projem_workbench.audit.security_events import record_security_event
from projem_workbench.db.enums import SecurityEventType, SecuritySeverity
from projem_workbench.db.models import AuditLog
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError

PAGE_SIZE = 5_000


class BreakReason(enum.StrEnum):
    WRONG_GENESIS = "wrong_genesis"
    HASH_MISMATCH = "hash_mismatch"
    FORK = "fork"
    GAP = "gap"
    BROKEN_LINK = "broken_link"
    HEAD_MISMATCH = "head_mismatch"


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    head: str
    broken_id: int | None = None
    reason: BreakReason | None = None
    detail: str = ""
    recorded: bool = False  # the break was recorded as a security event

    @property
    def ok(self) -> bool:
        return self.reason is None


# Table columns, not ORM attributes: Core rows skip the ORM's loading machinery (a third of
# the time on long chains).
_TABLE = AuditLog.__table__
_COLUMNS = [_TABLE.c.id, _TABLE.c.chain_hash, *(_TABLE.c[c] for c in ENTRY_FIELDS)]


class _Link(NamedTuple):
    """What the chain checks need of an entry, once its content hash has been checked."""

    id: int
    chain_hash: str
    prev_chain_hash: str
    content_ok: bool


def _links(session: Session, start_id: int) -> Iterator[_Link]:
    """Entries from ``start_id`` in id order, a page at a time (keyset paging: no cursor
    held across pages), each with its content hash checked."""
    connection = session.connection()
    after = start_id - 1
    while True:
        query = select(*_COLUMNS).where(_TABLE.c.id > after).order_by(_TABLE.c.id)
        page = connection.execute(query.limit(PAGE_SIZE)).mappings().all()
        if not page:
            return
        for row in page:
            yield _Link(
                row["id"],
                row["chain_hash"],
                row["prev_chain_hash"],
                stored_chain_hash(row) == row["chain_hash"],
            )
        after = page[-1]["id"]


def _link_break(session: Session, row: _Link, previous: _Link) -> tuple[BreakReason, str]:
    """Why ``row`` does not link to ``previous`` (only called when it does not)."""
    if row.prev_chain_hash == previous.prev_chain_hash:
        return BreakReason.FORK, f"it shares its parent with entry {previous.id}"
    target = session.execute(
        select(AuditLog.id).where(AuditLog.chain_hash == row.prev_chain_hash)
    ).scalar_one_or_none()
    if target is not None and target < previous.id:
        return BreakReason.FORK, f"it links to entry {target}, which already has a successor"
    if target is not None:
        return BreakReason.BROKEN_LINK, f"it links forward to entry {target}: entries reordered"
    if row.id > previous.id + 1:
        missing = row.id - previous.id - 1
        return BreakReason.GAP, f"the entry it links to is missing ({missing} id(s) absent)"
    return BreakReason.BROKEN_LINK, "it links to a hash that no entry has"


def verify_chain(
    session: Session, *, from_id: int | None = None, expect_head: str | None = None
) -> VerifyResult:
    """Recompute every hash from ``from_id`` (default: the first entry) to the head."""
    previous: _Link | None = None
    checked = 0
    if from_id:
        before = session.execute(
            select(_TABLE.c.id, _TABLE.c.chain_hash, _TABLE.c.prev_chain_hash)
            .where(_TABLE.c.id < from_id)
            .order_by(_TABLE.c.id.desc())
            .limit(1)
        ).first()
        previous = _Link(*before, content_ok=True) if before else None
    for row in _links(session, from_id or 1):
        if previous is None and from_id is None and row.prev_chain_hash != GENESIS:
            return VerifyResult(
                checked,
                GENESIS,
                row.id,
                BreakReason.WRONG_GENESIS,
                f"the first entry starts from {row.prev_chain_hash[:12]}…, not 64 zeros",
            )
        if not row.content_ok:
            return VerifyResult(
                checked,
                previous.chain_hash if previous else GENESIS,
                row.id,
                BreakReason.HASH_MISMATCH,
                "its stored hash does not match its content (content or hash edited)",
            )
        if previous is not None and row.prev_chain_hash != previous.chain_hash:
            reason, detail = _link_break(session, row, previous)
            return VerifyResult(checked, previous.chain_hash, row.id, reason, detail)
        previous = row
        checked += 1
    head = previous.chain_hash if previous else GENESIS
    if expect_head is not None and head != expect_head.lower():
        return VerifyResult(
            checked,
            head,
            None,
            BreakReason.HEAD_MISMATCH,
            f"the chain ends at {head}, not at the expected head {expect_head} "
            "(entries removed from the end, or a different database)",
        )
    return VerifyResult(checked, head)


def verify_and_record(
    database: Database, *, from_id: int | None = None, expect_head: str | None = None
) -> VerifyResult:
    """Verify; a broken chain is also recorded as a security event, in its own transaction
    (not possible on a database opened read-only: ``recorded`` stays False).

    A ``from_id`` past the last entry is refused: "intact, 0 entries" would read as a check
    that passed.
    """
    with database.read_session() as session:
        if from_id is not None:
            _check_start(session, from_id)
        result = verify_chain(session, from_id=from_id, expect_head=expect_head)
    if result.ok:
        return result
    recorded = record_security_event(
        database,
        SecurityEventType.AUDIT_CHAIN_BROKEN,
        SecuritySeverity.CRITICAL,
        {
            "entry_id": result.broken_id,
            "reason": str(result.reason),
            "detail": result.detail,
            "verified_entries": result.checked,
        },
    )
    return dataclasses.replace(result, recorded=recorded)


def _check_start(session: Session, from_id: int) -> None:
    last = session.execute(select(func.max(_TABLE.c.id))).scalar_one_or_none()
    if last is None:
        raise ValidationError(
            f"cannot verify from entry {from_id}: the audit trail has no entries", field="from"
        )
    if from_id > last:
        raise ValidationError(
            f"cannot verify from entry {from_id}: the last entry is {last}", field="from"
        )
