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
from collections.abc import Iterable, Mapping
from typing import Any, Required, TypedDict, Unpack

from sqlalchemy import Text, bindparam, insert, select, text
from sqlalchemy.orm import Session

from projem_workbench.db.base import utcnow
from projem_workbench.db.canonical import (
    MAX_SAFE_INTEGER,
    CanonicalJSONError,
    canonical_json,
    canonical_json_of_json_value,
    format_datetime,
    to_json_value,
)
from projem_workbench.db.enums import AuditAction
from projem_workbench.db.models import AuditLog
from projem_workbench.errors import ConfigurationError

GENESIS = "0" * 64
# The hashed part of an entry: every stored column but ``id`` and ``chain_hash``, in the order
# canonical JSON puts them (RFC 8785 sorts keys; these are ASCII, so by their bytes). What
# else names them is derived from this; tests check it against the table and against
# migration 0002's ``audit_entry()``, which the server's ``verify_audit_chain()`` hashes.
ENTRY_FIELDS = (
    "action",
    "after",
    "before",
    "created_at",
    "entity_id",
    "entity_type",
    "ip_address",
    "prev_chain_hash",
    "session_id",
    "user_agent",
    "user_id",
)
# The snapshots, stored as the canonical JSON text that was hashed.
SNAPSHOT_FIELDS = frozenset({"after", "before"})
# Any constant works, as long as every writer of one database uses the same one.
ADVISORY_LOCK_KEY = 0x50524F4A454D  # "PROJEM"
# RFC 8785 escapes strings as the standard library's C encoder does (see db/canonical.py).
_quote = json.encoder.encode_basestring

_TABLE = AuditLog.__table__
_HEAD = select(_TABLE.c.chain_hash).order_by(_TABLE.c.id.desc()).limit(1)
# PostgreSQL: the lock, then the head and the isolation level, in one round trip: psycopg2
# sends a statement without parameters as one simple query, whose statements the server runs
# one after the other. In READ COMMITTED each takes its own snapshot, so the second, run once
# the lock is granted, sees the entry of the writer that held it before; under any other
# level it would not, and the level is returned so that those are refused. One round trip
# less while the lock is held: 8 writers wait for each other's round trips.
_PG_LOCK_AND_HEAD = text(
    f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_KEY}); "
    "SELECT (SELECT chain_hash FROM audit_logs ORDER BY id DESC LIMIT 1), "
    "current_setting('transaction_isolation')"
)
# The snapshots are bound as text, which the JSON column (jsonb on PostgreSQL) takes as the
# JSON it spells: stored as hashed, not serialised a second time by the JSON type. inline():
# no RETURNING of the new id, which nobody reads.
_INSERT = (
    insert(_TABLE)
    .values({name: bindparam(f"{name}_text", type_=Text) for name in SNAPSHOT_FIELDS})
    .inline()
)


def entry_of(row: Mapping[str, Any] | AuditLog) -> dict[str, Any]:
    """The hashed part of an audit row (a mapping of columns or an ``AuditLog``)."""
    if isinstance(row, AuditLog):
        return {column: getattr(row, column) for column in ENTRY_FIELDS}
    return {column: row[column] for column in ENTRY_FIELDS}


def chain_hash(prev_chain_hash: str, entry: Mapping[str, Any]) -> str:
    """SHA-256 hex of the previous hash's ASCII bytes followed by the entry's canonical JSON."""
    return _sha256_hex(prev_chain_hash, canonical_json(entry))


def stored_chain_hash(row: Mapping[str, Any]) -> str:
    """The hash of an audit row as read back from the database (the verifier's fast path).

    ``before`` and ``after`` come back as plain JSON, so only the datetime and the enum need
    mapping; the result equals ``chain_hash(row["prev_chain_hash"], entry_of(row))``.
    """
    entry = {column: row[column] for column in ENTRY_FIELDS}
    entry["created_at"] = format_datetime(row["created_at"])
    entry["action"] = row["action"].value
    return _sha256_hex(row["prev_chain_hash"], canonical_json_of_json_value(entry))


def _sha256_hex(prev_chain_hash: str, canonical: bytes) -> str:
    digest = hashlib.sha256(prev_chain_hash.encode("ascii"))
    digest.update(canonical)
    return digest.hexdigest()


def head_hash(session: Session) -> str:
    """The newest entry's chain hash, or the genesis value for an empty chain."""
    return session.execute(_HEAD).scalar_one_or_none() or GENESIS


def _lock_and_read_head(session: Session) -> str:
    """Serialise appends for the rest of this transaction and return the head, read after the
    lock by a statement that sees every entry committed before it was granted.

    PostgreSQL: a transaction-level advisory lock, released at commit or rollback; under
    REPEATABLE READ or SERIALIZABLE the transaction's snapshot can predate the lock and two
    writers could append to one parent, so those are refused. SQLite: the unit of work began
    with ``BEGIN IMMEDIATE``, which holds the database's write lock.
    """
    if session.get_bind().dialect.name != "postgresql":
        return head_hash(session)
    head, isolation = session.execute(_PG_LOCK_AND_HEAD).one()
    if isolation != "read committed":
        raise ConfigurationError(
            f"audit entries are appended in READ COMMITTED transactions only, not {isolation}: "
            "the newest entry could be read from before the chain was locked and the chain "
            "would fork"
        )
    return head or GENESIS


class NewEntry(TypedDict, total=False):
    """An entry as its writer gives it: what happened to what (with the snapshots before and
    after), and who did it from where; its time and its place in the chain come on append."""

    action: Required[AuditAction]
    entity_type: Required[str]
    entity_id: Required[str | int | None]
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    user_id: int | None
    session_id: int | None
    ip_address: str | None
    user_agent: str | None


def append_audit_entry(session: Session, **entry: Unpack[NewEntry]) -> str:
    """Append one entry in the caller's transaction (it commits or rolls back with the
    change) and return its chain hash.

    The snapshots are mapped and serialised before the chain is locked, so on PostgreSQL the
    other writers wait for one head lookup, one hash and one insert only.
    """
    return _append(session, [_prepared(entry)])[0]


def append_audit_entries(session: Session, entries: Iterable[NewEntry]) -> list[str]:
    """Append many entries, in order: one lock, one head lookup and one multi-row insert for
    all of them (an import of many records). Their chain hashes, in order."""
    prepared = [_prepared(entry) for entry in entries]
    return _append(session, prepared) if prepared else []


def _prepared(entry: NewEntry) -> dict[str, Any]:
    """An entry's stored fields but its time and place in the chain; the snapshots as
    canonical JSON text."""
    entity_id = entry["entity_id"]
    return {
        "user_id": entry.get("user_id"),
        "session_id": entry.get("session_id"),
        "action": AuditAction(entry["action"]),
        "entity_type": entry["entity_type"],
        "entity_id": None if entity_id is None else str(entity_id),
        "before": _canonical_text(entry.get("before")),
        "after": _canonical_text(entry.get("after")),
        "ip_address": entry.get("ip_address"),
        "user_agent": entry.get("user_agent"),
    }


def _append(session: Session, entries: list[dict[str, Any]]) -> list[str]:
    """Chain ``entries`` onto the head, under the lock, and insert them."""
    # Pending changes reach the database before their entries, and before the chain is
    # locked rather than at commit, under the lock.
    session.flush()
    prev = _lock_and_read_head(session)
    # Taken under the lock, so created_at follows the chain's order; microseconds are what
    # both backends store, and the hash must cover what is stored.
    created_at = utcnow()
    stamp = format_datetime(created_at)
    rows = []
    for entry in entries:
        hashed = {**entry, "action": entry["action"].value}
        chain = _sha256_hex(prev, canonical_entry(hashed, stamp, prev))
        row = {name: value for name, value in entry.items() if name not in SNAPSHOT_FIELDS}
        row.update({f"{name}_text": entry[name] for name in SNAPSHOT_FIELDS})
        row.update(created_at=created_at, prev_chain_hash=prev, chain_hash=chain)
        rows.append(row)
        prev = chain
    session.execute(_INSERT, rows[0] if len(rows) == 1 else rows)
    return [row["chain_hash"] for row in rows]


def _canonical_text(value: Mapping[str, Any] | None) -> str:
    if value is None:
        return "null"
    return canonical_json_of_json_value(to_json_value(value)).decode("utf-8")


# Each field's key as it opens its member of the entry's canonical form.
_MEMBER_KEYS = tuple((name, f"{_quote(name)}:") for name in ENTRY_FIELDS)


def canonical_entry(entry: Mapping[str, Any], created_at: str, prev: str) -> bytes:
    """The canonical JSON of an entry whose ``before`` and ``after`` are canonical JSON text.

    RFC 8785 is compositional: an object is its members in key order, each value in its own
    canonical form. So the entry's form is assembled from the snapshots' texts and the other
    fields in :data:`ENTRY_FIELDS` order, each in its canonical form. This gives the bytes
    ``canonical_json`` gives for the whole entry without serialising the snapshots a second
    time (tests/unit/test_canonical_entry.py checks it on random entries).
    """
    fields = {**entry, "created_at": created_at, "prev_chain_hash": prev}
    members = ",".join(
        key + (fields[name] if name in SNAPSHOT_FIELDS else _scalar(fields[name]))
        for name, key in _MEMBER_KEYS
    )
    try:
        return f"{{{members}}}".encode()
    except UnicodeEncodeError as exc:  # a lone surrogate in a string: not Unicode text
        raise CanonicalJSONError(f"an entry column is not Unicode text: {exc.reason}") from exc


def _scalar(value: Any) -> str:
    """The canonical form of one column: strings and safe integers directly, else in full."""
    kind = type(value)
    if kind is str:
        return _quote(value)  # the escaping db/canonical.py relies on; surrogates fail on encoding
    if value is None:
        return "null"
    if kind is int and -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        return str(value)
    return canonical_json_of_json_value(value).decode("utf-8")
