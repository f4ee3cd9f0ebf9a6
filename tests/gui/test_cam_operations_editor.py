# SPDX-License-Identifier: LGPL-2.1-or-later
"""The operations table's type cell offers the types of cam/operations.py, in its order."""

from __future__ import annotations

from PySide6 import QtWidgets

from projem_workbench.cam.operations import OPERATIONS
from projem_workbench.gui.panels.cam_operations import KEYS, OperationsTable


def test_the_type_editor_offers_the_tables_types(qtbot) -> None:  # type: ignore[no-untyped-def]
    table = OperationsTable()
    qtbot.addWidget(table)
    table.set_operations([{"name": "Facing", "type": "facing", "tool": "FM 50"}])
    index = table.model().index(0, KEYS.index("type"))
    editor = table.itemDelegate().createEditor(table.viewport(), None, index)
    assert isinstance(editor, QtWidgets.QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == list(OPERATIONS)
