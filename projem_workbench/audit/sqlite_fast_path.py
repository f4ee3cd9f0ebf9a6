# SPDX-License-Identifier: LGPL-2.1-or-later
"""Verifying on SQLite without decoding: hash the entry from the text SQLite holds.

SQLite keeps JSON as the text Projem wrote, and Projem writes canonical JSON (the engine's
``json_serializer``), so an entry's canonical form can be assembled from the stored strings
directly. This is only a shortcut: when the hash built this way does not match (an entry
written before canonical storage, text re-formatted by hand, an unusual string), the verifier
recomputes the entry the full way before it calls anything broken. A match is conclusive: the
assembled bytes then are the bytes that were hashed when the entry was written.
"""

from __future__ import annotations

import hashlib
import json.encoder
import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection

# The same characters escaped the same way as RFC 8785 (C implementation, no ASCII escaping).
_quote = json.encoder.encode_basestring
# How SQLAlchemy stores a DateTime on SQLite (always with microseconds).
_SQLITE_DATETIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")

# Column order of the query below; the entry's keys in RFC 8785 (UTF-16) order.
RAW_COLUMNS = (
    "id, chain_hash, prev_chain_hash, action, after, before, created_at, entity_id, "
    "entity_type, ip_address, session_id, user_agent, user_id"
)
_RAW_PAGE = f"SELECT {RAW_COLUMNS} FROM audit_logs WHERE id > ? ORDER BY id LIMIT ?"


def raw_pages(connection: Connection, after_id: int, page_size: int) -> Iterator[list[Any]]:
    """Pages of raw rows (tuples as the driver returns them) with id above ``after_id``."""
    while True:
        page = connection.exec_driver_sql(_RAW_PAGE, (after_id, page_size)).fetchall()
        if not page:
            return
        yield page
        after_id = page[-1][0]


def _string(value: str | None) -> str:
    return "null" if value is None else _quote(value)


def _integer(value: int | None) -> str:
    return "null" if value is None else str(value)


def raw_hash_matches(row: Any) -> bool:
    """True when the stored text, assembled as canonical JSON, hashes to the stored hash."""
    (_, stored, prev, action, after, before, created_at, entity_id, entity_type, ip, session,
     agent, user) = row  # fmt: skip
    if not isinstance(created_at, str) or not _SQLITE_DATETIME.fullmatch(created_at):
        return False
    canonical = (
        f'{{"action":{_quote(action)},"after":{after or "null"},"before":{before or "null"},'
        f'"created_at":"{created_at[:10]}T{created_at[11:]}Z","entity_id":{_string(entity_id)},'
        f'"entity_type":{_quote(entity_type)},"ip_address":{_string(ip)},'
        f'"prev_chain_hash":{_quote(prev)},"session_id":{_integer(session)},'
        f'"user_agent":{_string(agent)},"user_id":{_integer(user)}}}'
    )
    try:
        data = prev.encode("ascii") + canonical.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate or a mangled hash: the full path decides
        return False
    return hashlib.sha256(data).hexdigest() == stored
