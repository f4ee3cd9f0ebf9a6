# SPDX-License-Identifier: LGPL-2.1-or-later
"""The audit log viewer: filters, entry details, and Verify on a worker thread showing an
intact chain, then the entry someone changed behind Projem's back."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from projem_workbench.db.session import Database
from projem_workbench.gui.panels.audit_log import AuditLogPanel
from projem_workbench.services import audit_log
from projem_workbench.services.tools import TOOLS
from tests.db.audit_support import as_admin
from tests.db.test_reference_services import tool
from tests.gui.conftest import choose, click, table_column, type_into

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@pytest.fixture
def trail(database: Database) -> Database:
    first = TOOLS.add(database, tool("EM 6"))
    TOOLS.add(database, tool("EM 8", diameter_mm="8"))
    TOOLS.update(database, first.id, {"flutes": 4})
    TOOLS.delete(database, "EM 8")
    return database


def test_filters_and_details(qtbot, trail: Database) -> None:  # type: ignore[no-untyped-def]
    panel = AuditLogPanel(trail)
    qtbot.addWidget(panel)
    assert table_column(panel.table, 2) == ["delete", "update", "create", "create"]
    assert "4 of 4 entries" in panel.summary.text()
    choose(panel.action_filter, "update")
    assert table_column(panel.table, 2) == ["update"]
    panel.table.selectRow(0)
    details = panel.details.toPlainText()
    assert '"flutes": 3' in details and '"flutes": 4' in details
    choose(panel.action_filter, None)
    choose(panel.entity_filter, "tools")
    first_id = TOOLS.get(trail, "EM 6").id
    type_into(qtbot, panel.entity_id_edit, str(first_id))
    panel.entity_id_edit.editingFinished.emit()
    assert table_column(panel.table, 2) == ["update", "create"]
    choose(panel.period_filter, 1)
    assert panel.table.rowCount() == 2


def test_verify_shows_intact_then_the_broken_entry(qtbot, trail: Database) -> None:  # type: ignore[no-untyped-def]
    panel = AuditLogPanel(trail)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.verified, timeout=20_000) as outcome:
        click(qtbot, panel.verify_button)
    assert outcome.args[0].ok
    assert "Audit chain intact: 4 entries verified" in panel.result.text()
    qtbot.waitUntil(lambda: panel.verify_button.isEnabled())

    tampered = audit_log.list_entries(trail, action="update")[0].id
    with as_admin(trail.engine) as connection:
        connection.execute(
            text("UPDATE audit_logs SET entity_id = '77' WHERE id = :id"), {"id": tampered}
        )
    with qtbot.waitSignal(panel.verified, timeout=20_000):
        click(qtbot, panel.verify_button)
    assert f"BROKEN at entry {tampered}: hash_mismatch" in panel.result.text()
    selected = {index.row() for index in panel.table.selectedIndexes()}
    assert [panel.table.item(row, 0).text() for row in selected] == [str(tampered)]
    qtbot.waitUntil(lambda: panel.verify_button.isEnabled())


def test_verify_rows_names_a_change_made_beside_projem(qtbot, trail: Database) -> None:  # type: ignore[no-untyped-def]
    panel = AuditLogPanel(trail)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.rows_verified, timeout=20_000) as outcome:
        click(qtbot, panel.verify_rows_button)
    assert outcome.args[0].ok
    assert "Rows match the audit trail: 2 rows in" in panel.result.text()
    qtbot.waitUntil(lambda: panel.verify_rows_button.isEnabled())

    changed = TOOLS.get(trail, "EM 6").id
    with trail.engine.begin() as connection:
        connection.execute(
            text("UPDATE tools SET diameter_mm = 16 WHERE id = :id"), {"id": changed}
        )
    with qtbot.waitSignal(panel.rows_verified, timeout=20_000) as outcome:
        click(qtbot, panel.verify_rows_button)
    assert not outcome.args[0].ok
    assert "Rows DIFFER from the audit trail: 1 difference(s)" in panel.result.text()
    assert f"tools id {changed}: diameter_mm is '16.000'" in panel.details.toPlainText()
    qtbot.waitUntil(lambda: panel.verify_rows_button.isEnabled())
