# SPDX-License-Identifier: LGPL-2.1-or-later
"""On SQLite, which keeps JSON as text: entries of any content verify, and a snapshot's text
re-formatted without changing its values still verifies, while an edited value does not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projem_workbench.audit.chain import append_audit_entry
from projem_workbench.audit.verify import BreakReason, verify_chain
from projem_workbench.db import migrate
from projem_workbench.db.enums import AuditAction
from projem_workbench.db.session import Database
from tests.db.audit_support import as_admin, build_chain

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


def sqlite_database(folder: Path) -> Database:
    database = Database(f"sqlite:///{folder / 'projem.sqlite3'}")
    migrate.upgrade(database.engine, "head")
    return database


def verify(database: Database) -> Any:
    with database.read_session() as session:
        return verify_chain(session)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(after=st.dictionaries(st.text(), json_values, max_size=5), agent=st.none() | st.text())
def test_entries_of_any_content_verify(
    tmp_path_factory: Any, sqlite_template: Path, after: dict[str, Any], agent: str | None
) -> None:
    # A copy of the migrated template per example: migrating each one took most of the time.
    path = tmp_path_factory.mktemp("text") / "projem.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    database = Database(f"sqlite:///{path}")
    try:
        with database.unit_of_work() as session:
            append_audit_entry(
                session,
                action=AuditAction.UPDATE,
                entity_type="tools",
                entity_id="ölçü 🔧",
                before={"nested": [after]},
                after=after,
                user_agent=agent,
            )
        assert verify(database).ok
    finally:
        database.dispose()


def test_text_reformatted_without_changing_values_still_verifies(tmp_path: Path) -> None:
    database = sqlite_database(tmp_path)
    try:
        build_chain(database)
        with as_admin(database.engine) as conn:
            before = conn.exec_driver_sql("SELECT after FROM audit_logs WHERE id = 3").scalar()
            spaced = json.dumps(json.loads(before), indent=2, ensure_ascii=True)
            conn.exec_driver_sql("UPDATE audit_logs SET after = ? WHERE id = 3", (spaced,))
        assert verify(database).ok

        with as_admin(database.engine) as conn:
            edited = spaced.replace('"quantity_on_hand": 0', '"quantity_on_hand": 9')
            assert edited != spaced
            conn.exec_driver_sql("UPDATE audit_logs SET after = ? WHERE id = 3", (edited,))
        broken = verify(database)
        assert (broken.broken_id, broken.reason) == (3, BreakReason.HASH_MISMATCH)
    finally:
        database.dispose()
