# SPDX-License-Identifier: LGPL-2.1-or-later
"""The audit hash chain: what is hashed, how, and how an entry is appended.

``chain_hash = sha256(prev_chain_hash || canonical_json(entry))`` where ``prev_chain_hash`` is
the previous entry's 64 lower-case hex characters as ASCII bytes, ``||`` is concatenation and
``entry`` is every stored column of the row except ``id`` and ``chain_hash``. The first entry's
``prev_chain_hash`` is 64 zeros. See docs/database/audit-chain.md.
"""

from __future__ import annotations

import hashlib
import json.encoder
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from projem_workbench.audit import append_sql
from projem_workbench.audit.append_sql import ADVISORY_LOCK_KEY
from projem_workbench.audit.canonical import (
    MAX_SAFE_INTEGER,
    CanonicalJSONError,
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
# RFC 8785 escapes strings as the standard library's C encoder does (see canonical.py).
_quote = json.encoder.encode_basestring


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

    The snapshots are mapped and serialised before the chain is locked, so on PostgreSQL the
    other writers wait for one head lookup, one hash and one insert only. The statements are
    run as :mod:`projem_workbench.audit.append_sql` describes.
    """
    entry: dict[str, Any] = {
        "user_id": user_id,
        "session_id": session_id,
        "action": AuditAction(action).value,
        "entity_type": entity_type,
        "entity_id": None if entity_id is None else str(entity_id),
        # Stored exactly as hashed: the canonical text of the JSON values after the mapping.
        "before": _canonical_text(before),
        "after": _canonical_text(after),
        "ip_address": ip_address,
        "user_agent": user_agent,
    }
    if session.autoflush:
        # As a statement through the session would: pending changes reach the database before
        # their entry, and before the chain is locked rather than at commit, under the lock.
        session.flush()
    connection = session.connection()
    statements = append_sql.statements_for(connection.dialect)
    cursor = connection.connection.cursor()
    try:
        prev = append_sql.lock_and_read_head(connection, cursor, statements) or GENESIS
        # Taken under the lock, so created_at follows the chain's order; microseconds are
        # what both backends store, and the hash must cover what is stored.
        created_at = utcnow()
        canonical = canonical_entry(entry, format_datetime(created_at), prev)
        entry["chain_hash"] = _sha256_hex(prev, canonical)
        entry["created_at"] = created_at
        entry["prev_chain_hash"] = prev
        append_sql.insert_entry(connection, cursor, statements, entry)
    finally:
        cursor.close()
    return entry["chain_hash"]


def _canonical_text(value: Mapping[str, Any] | None) -> str:
    if value is None:
        return "null"
    return canonical_json_of_json_value(to_json_value(value)).decode("utf-8")


def canonical_entry(entry: Mapping[str, Any], created_at: str, prev: str) -> bytes:
    """The canonical JSON of an entry whose ``before`` and ``after`` are canonical JSON text.

    RFC 8785 is compositional: an object is its members in key order, each value in its own
    canonical form. So the entry's form is assembled from the ``before`` and ``after`` texts
    and the other columns in the fixed (ASCII) order of their names, each in its canonical
    form. This gives the bytes ``canonical_json`` gives for the whole entry without serialising
    the snapshots a second time (tests/unit/test_canonical_entry.py checks it on random
    entries).
    """
    text = (
        f'{{"action":{_scalar(entry["action"])},"after":{entry["after"]},'
        f'"before":{entry["before"]},"created_at":{_scalar(created_at)},'
        f'"entity_id":{_scalar(entry["entity_id"])},"entity_type":{_scalar(entry["entity_type"])},'
        f'"ip_address":{_scalar(entry["ip_address"])},"prev_chain_hash":{_scalar(prev)},'
        f'"session_id":{_scalar(entry["session_id"])},"user_agent":{_scalar(entry["user_agent"])},'
        f'"user_id":{_scalar(entry["user_id"])}}}'
    )
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate in a string: not Unicode text
        raise CanonicalJSONError(f"an entry column is not Unicode text: {exc.reason}") from exc


def _scalar(value: Any) -> str:
    """The canonical form of one column: strings and safe integers directly, else in full."""
    kind = type(value)
    if kind is str:
        return _quote(value)  # the escaping canonical.py relies on; surrogates fail on encoding
    if value is None:
        return "null"
    if kind is int and -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        return str(value)
    return canonical_json_of_json_value(value).decode("utf-8")
