# SPDX-License-Identifier: LGPL-2.1-or-later
"""The audit hash chain: what is hashed, how, and how an entry is appended.

``chain_hash = sha256(prev_chain_hash || canonical_json(entry))`` where ``prev_chain_hash`` is
the previous entry's 64 lower-case hex characters as ASCII bytes, ``||`` is concatenation and
``entry`` is every stored column of the row except ``id`` and ``chain_hash``. The first entry's
``prev_chain_hash`` is 64 zeros. See docs/database/audit-chain.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from projem_workbench.audit.canonical import (
    canonical_json,
    canonical_json_of_json_value,
    format_datetime,
    to_json_value,
)
from projem_workbench.db.base import utcnow
from projem_workbench.db.enums import AuditAction
from projem_workbench.db.models import AuditLog

GENESIS = "0" * 64
# The columns an entry's hash covers, in no particular order (canonical JSON sorts keys).
HASHED_COLUMNS = (
    "user_id",
    "session_id",
    "action",
    "entity_type",
    "entity_id",
    "before",
    "after",
    "ip_address",
    "user_agent",
    "created_at",
    "prev_chain_hash",
)
# Any constant works, as long as every writer of one database uses the same one.
ADVISORY_LOCK_KEY = 0x50524F4A454D  # "PROJEM"
_AUDIT_TABLE = AuditLog.__table__


def entry_of(row: Mapping[str, Any] | AuditLog) -> dict[str, Any]:
    """The hashed part of an audit row (a mapping of columns or an ``AuditLog``)."""
    if isinstance(row, AuditLog):
        return {column: getattr(row, column) for column in HASHED_COLUMNS}
    return {column: row[column] for column in HASHED_COLUMNS}


def chain_hash(prev_chain_hash: str, entry: Mapping[str, Any]) -> str:
    """SHA-256 hex of the previous hash's ASCII bytes followed by the entry's canonical JSON."""
    return _sha256_hex(prev_chain_hash, canonical_json(entry))


def stored_chain_hash(row: Mapping[str, Any]) -> str:
    """The hash of an audit row as read back from the database (the verifier's fast path).

    ``before`` and ``after`` come back as plain JSON, so only the datetime and the enum need
    mapping; the result equals ``chain_hash(row["prev_chain_hash"], entry_of(row))``.
    """
    entry = {column: row[column] for column in HASHED_COLUMNS}
    entry["created_at"] = format_datetime(row["created_at"])
    entry["action"] = row["action"].value
    return _sha256_hex(row["prev_chain_hash"], canonical_json_of_json_value(entry))


def _sha256_hex(prev_chain_hash: str, canonical: bytes) -> str:
    digest = hashlib.sha256(prev_chain_hash.encode("ascii"))
    digest.update(canonical)
    return digest.hexdigest()


def lock_chain(session: Session) -> None:
    """Serialise appends for the rest of this transaction.

    PostgreSQL: a transaction-level advisory lock, released at commit or rollback. SQLite: the
    unit of work already began with ``BEGIN IMMEDIATE``, which holds the database's write lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})


def head_hash(session: Session) -> str:
    """The newest entry's chain hash, or the genesis value for an empty chain."""
    newest = session.execute(
        select(AuditLog.chain_hash).order_by(AuditLog.id.desc()).limit(1)
    ).scalar_one_or_none()
    return newest or GENESIS


def append_audit_entry(
    session: Session,
    *,
    action: AuditAction,
    entity_type: str,
    entity_id: str | int | None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    user_id: int | None = None,
    session_id: int | None = None,
    ip_address: str | None = None,
    user_agent: str | None = None,
) -> str:
    """Append one entry in the caller's transaction (it commits or rolls back with the
    change) and return its chain hash.

    The row goes in as a Core insert: no caller needs it as an ORM object, and skipping the
    ORM's unit of work is most of the difference between an audited and a plain change.
    """
    lock_chain(session)
    action = AuditAction(action)
    entry: dict[str, Any] = {
        "user_id": user_id,
        "session_id": session_id,
        "action": action,
        "entity_type": entity_type,
        "entity_id": None if entity_id is None else str(entity_id),
        # Stored exactly as hashed: JSON values after the canonical mapping.
        "before": to_json_value(before) if before is not None else None,
        "after": to_json_value(after) if after is not None else None,
        "ip_address": ip_address,
        "user_agent": user_agent,
        # Microseconds are what both backends store; the hash must cover what is stored.
        "created_at": utcnow(),
        "prev_chain_hash": head_hash(session),
    }
    hashed = {**entry, "action": action.value, "created_at": format_datetime(entry["created_at"])}
    entry["chain_hash"] = _sha256_hex(
        entry["prev_chain_hash"], canonical_json_of_json_value(hashed)
    )
    session.execute(insert(_AUDIT_TABLE), [entry])
    return entry["chain_hash"]
