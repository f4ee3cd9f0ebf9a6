# SPDX-License-Identifier: LGPL-2.1-or-later
"""The append's shortcut to an entry's canonical form gives the bytes canonical JSON gives.

``append_audit_entry`` assembles the entry's canonical form from the canonical texts of its
snapshots instead of serialising the whole entry again; any difference would be a different
hash, so this is checked against the general path for arbitrary entries, including the ones
the shortcut hands back to it (non-string scalars, unsafe integers, lone surrogates).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projem_workbench.audit.chain import ENTRY_FIELDS, GENESIS, canonical_entry
from projem_workbench.db.canonical import (
    MAX_SAFE_INTEGER,
    CanonicalJSONError,
    canonical_json_of_json_value,
)
from projem_workbench.db.models import AuditLog


def test_the_entry_fields_are_every_stored_column_but_the_key_and_hash_in_key_order() -> None:
    columns = {column.name for column in AuditLog.__table__.c} - {"id", "chain_hash"}
    assert set(ENTRY_FIELDS) == columns
    # RFC 8785 orders keys by UTF-16 code units; for ASCII names that is sorted() order.
    assert list(ENTRY_FIELDS) == sorted(ENTRY_FIELDS, key=lambda name: name.encode("utf-16-be"))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=15,
)
snapshots = st.none() | st.dictionaries(st.text(max_size=8), json_values, max_size=6)
# Mostly ordinary text; sometimes a lone surrogate, which has no canonical form.
strings = st.text() | st.text(st.characters(categories=("Cs", "Ll")), min_size=1, max_size=3)
scalars = st.none() | strings
ids = st.none() | st.integers(0, 10**6) | st.integers() | st.booleans()
hashes = st.just(GENESIS) | st.text("0123456789abcdef", min_size=64, max_size=64)


@given(
    action=st.sampled_from(["create", "update", "delete", "import"]) | strings,
    entity_type=strings,
    entity_id=scalars,
    ip_address=scalars,
    user_agent=scalars,
    user_id=ids,
    session_id=ids,
    before=snapshots,
    after=snapshots,
    created_at=st.just("2026-11-25T09:30:00.000000Z") | strings,
    prev=hashes,
)
def test_assembled_entry_is_the_canonical_json_of_the_entry(
    action: str,
    entity_type: str,
    entity_id: str | None,
    ip_address: str | None,
    user_agent: str | None,
    user_id: Any,
    session_id: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    created_at: str,
    prev: str,
) -> None:
    scalar_columns = {
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "ip_address": ip_address,
        "user_agent": user_agent,
        "user_id": user_id,
        "session_id": session_id,
    }
    full = {
        **scalar_columns,
        "before": before,
        "after": after,
        "created_at": created_at,
        "prev_chain_hash": prev,
    }
    try:
        texts = {
            "before": canonical_json_of_json_value(before).decode("utf-8"),
            "after": canonical_json_of_json_value(after).decode("utf-8"),
        }
        expected = canonical_json_of_json_value(full)
    except CanonicalJSONError:
        # No canonical form: the shortcut must refuse it too, never hash something else.
        if "texts" in locals():
            with pytest.raises(CanonicalJSONError):
                canonical_entry({**scalar_columns, **texts}, created_at, prev)
        return
    assert canonical_entry({**scalar_columns, **texts}, created_at, prev) == expected


def test_a_typical_entry_takes_the_shortcut_and_matches() -> None:
    entry = {
        "action": "update",
        "entity_type": "tools",
        "entity_id": "42",
        "ip_address": None,
        "user_agent": 'Projem "1.0" \\ ölçü 🔧\n',
        "user_id": 7,
        "session_id": None,
        "before": '{"diameter_mm":"6.000","name":"EM 6"}',
        "after": '{"diameter_mm":"6.000","name":"EM 6 mm"}',
    }
    full = {
        **entry,
        "before": {"diameter_mm": "6.000", "name": "EM 6"},
        "after": {"name": "EM 6 mm", "diameter_mm": "6.000"},
        "created_at": "2026-11-25T09:30:00.000000Z",
        "prev_chain_hash": GENESIS,
    }
    assembled = canonical_entry(entry, "2026-11-25T09:30:00.000000Z", GENESIS)
    assert assembled == canonical_json_of_json_value(full)
