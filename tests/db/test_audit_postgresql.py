# SPDX-License-Identifier: LGPL-2.1-or-later
"""PostgreSQL computes the same canonical JSON and hashes as the Python client.

These run against the PostgreSQL test server only: the server-side functions exist there.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select, text, update
from sqlalchemy.orm import Session

from projem_workbench.audit.chain import ENTRY_FIELDS, entry_of
from projem_workbench.db.canonical import MAX_SAFE_INTEGER, canonical_json, to_json_value
from projem_workbench.db.engine import make_engine
from projem_workbench.db.models import AuditLog
from projem_workbench.db.session import Database
from tests.conftest import create_pg_database, drop_pg_database
from tests.db.audit_support import as_admin, build_chain

# Lanes without a PostgreSQL server (the FreeCAD roots) deselect these with -m "not postgres".
pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_engine(pg_admin_url: str, pg_template: str) -> Iterator[Engine]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = make_engine(create_pg_database(pg_admin_url, name, template=pg_template))
    yield engine
    engine.dispose()
    drop_pg_database(pg_admin_url, name)


# PostgreSQL text cannot hold U+0000, and lone surrogates are not Unicode text at all.
strings = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
decimal_strings = st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str)
payloads = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)
    | st.floats(allow_nan=False, allow_infinity=False)
    | strings
    | decimal_strings,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(strings.filter(lambda s: len(s) < 10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=payloads)
def test_python_and_postgresql_canonical_forms_are_byte_identical(
    pg_engine: Engine, payload: object
) -> None:
    expected = canonical_json(payload)
    with pg_engine.connect() as conn:
        canonical, digest = conn.execute(
            text("SELECT canonical_json(CAST(:v AS jsonb)), compute_json_hash(CAST(:v AS jsonb))"),
            {"v": json.dumps(payload)},
        ).one()
    assert canonical.encode("utf-8") == expected
    assert digest == hashlib.sha256(expected).hexdigest()


@pytest.mark.parametrize(
    "payload",
    [
        {"\U0001f600": 1, "\ue000": 2, "a": [1e-7, 1e21, -0.0, 5e-324, 1.7976931348623157e308]},
        {"price": str(Decimal("-1234567.89")), "big": MAX_SAFE_INTEGER, "neg": -MAX_SAFE_INTEGER},
        {"ctl": '\x01\x1f\x7f\u2028 "quoted" \\ /', "nested": {"z": [], "y": {}}},
    ],
)
def test_known_edge_cases_agree(pg_engine: Engine, payload: object) -> None:
    with pg_engine.connect() as conn:
        canonical = conn.execute(
            text("SELECT canonical_json(CAST(:v AS jsonb))"), {"v": json.dumps(payload)}
        ).scalar_one()
    assert canonical.encode("utf-8") == canonical_json(payload)


def test_server_verification_agrees_with_the_client(pg_engine: Engine) -> None:
    database = Database(engine=pg_engine)
    build_chain(database)
    with pg_engine.connect() as conn:
        results = conn.execute(text("SELECT * FROM verify_audit_chain()")).mappings().all()
    assert len(results) >= 8
    assert all(r["hash_ok"] and r["link_ok"] for r in results)
    assert all(r["computed_hash"] == r["stored_hash"] for r in results)

    with as_admin(pg_engine) as conn:
        conn.execute(update(AuditLog.__table__).where(AuditLog.id == 2).values(entity_id="x"))
    with pg_engine.connect() as conn:
        bad = (
            conn.execute(text("SELECT id FROM verify_audit_chain() WHERE NOT hash_ok"))
            .scalars()
            .all()
        )
    assert bad == [2]


def test_the_server_hashes_the_entry_fields_the_client_hashes(pg_engine: Engine) -> None:
    # Migration 0002's audit_entry() spells the fields out in PL/pgSQL: it must build the
    # entry chain.ENTRY_FIELDS defines, value for value, or the server's verification differs.
    with Session(pg_engine) as session:
        if session.execute(select(AuditLog.id).limit(1)).first() is None:
            build_chain(Database(engine=pg_engine))
        rows = session.execute(select(AuditLog).order_by(AuditLog.id)).scalars().all()
        server = session.execute(
            text("SELECT audit_entry(a) FROM audit_logs AS a ORDER BY a.id")
        ).scalars()
        for row, server_entry in zip(rows, server, strict=True):
            assert tuple(sorted(server_entry)) == ENTRY_FIELDS
            assert server_entry == to_json_value(entry_of(row))
