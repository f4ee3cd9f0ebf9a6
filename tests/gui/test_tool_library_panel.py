# SPDX-License-Identifier: LGPL-2.1-or-later
"""The tool library panel as a user drives it: typing a tool, errors on the fields, filters,
low-stock highlight, delete/restore, and FreeCAD/LinuxCNC files in and out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6 import QtWidgets

from projem_workbench.db.session import Database
from projem_workbench.gui.forms import LOW_STOCK_COLOUR
from projem_workbench.gui.panels.tools import IMPORT_FILTERS, ToolLibraryPanel
from projem_workbench.services import audit_log
from projem_workbench.services.tool_files import import_tool_file
from projem_workbench.services.tools import TOOLS
from tests.db.test_reference_services import tool
from tests.gui.conftest import choose, click, table_column, type_into
from tests.support.toolbits import write_library

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def fill(qtbot, panel: ToolLibraryPanel, **values: str) -> None:  # type: ignore[no-untyped-def]
    for name, value in values.items():
        editor = panel.form.editors[name]
        if isinstance(editor, QtWidgets.QComboBox):
            choose(editor, value)
        else:
            type_into(qtbot, editor, value)


def test_a_typed_tool_is_saved_and_audited(qtbot, database: Database) -> None:  # type: ignore[no-untyped-def]
    panel = ToolLibraryPanel(database)
    qtbot.addWidget(panel)
    click(qtbot, panel.new_button)
    fill(qtbot, panel, name="EM 6 3F", tool_type="flat_endmill", tool_material="carbide",
         diameter_mm="6", flutes="3", flute_length_mm="13", overall_length_mm="57",
         quantity_on_hand="4", min_stock="2", location="A2")  # fmt: skip
    click(qtbot, panel.save_button)

    stored = TOOLS.get(database, "EM 6 3F")
    assert (stored.diameter_mm, stored.flutes, stored.location) == (Decimal("6.000"), 3, "A2")
    assert table_column(panel.table) == ["EM 6 3F"]
    assert "Saved EM 6 3F" in panel.status.text()
    created = audit_log.list_entries(database, entity_type="tools", action="create")
    assert [entry.after["name"] for entry in created] == ["EM 6 3F"]

    type_into(qtbot, panel.form.editors["flutes"], "4")
    click(qtbot, panel.save_button)
    assert TOOLS.get(database, "EM 6 3F").flutes == 4


def test_validation_errors_show_on_their_fields_and_nothing_is_written(
    qtbot, database: Database
) -> None:  # type: ignore[no-untyped-def]
    panel = ToolLibraryPanel(database)
    qtbot.addWidget(panel)
    fill(qtbot, panel, name="Bad", tool_type="drill", tool_material="hss", diameter_mm="-3",
         flutes="two", flute_length_mm="40", overall_length_mm="30")  # fmt: skip
    click(qtbot, panel.save_button)

    assert "greater than 0" in panel.form.error_text("diameter_mm")
    assert panel.form.error_text("flutes")
    assert "flute_length_mm" in panel.form.error_text("overall_length_mm")
    assert panel.form.error_text("name") == ""
    assert "marked in red" in panel.status.text()
    assert TOOLS.list(database) == []

    type_into(qtbot, panel.form.editors["diameter_mm"], "3")
    type_into(qtbot, panel.form.editors["flutes"], "2")
    type_into(qtbot, panel.form.editors["overall_length_mm"], "60")
    click(qtbot, panel.save_button)
    assert panel.form.error_text("diameter_mm") == "", panel.status.text()
    assert [t.name for t in TOOLS.list(database)] == ["Bad"]
    assert TOOLS.get(database, "Bad").quantity_on_hand == 0  # left empty: the default


def test_a_taken_name_is_refused_on_the_name_field(qtbot, database: Database) -> None:  # type: ignore[no-untyped-def]
    TOOLS.add(database, tool("EM 6"))
    panel = ToolLibraryPanel(database)
    qtbot.addWidget(panel)
    fill(qtbot, panel, name="EM 6", tool_type="drill", tool_material="hss", diameter_mm="5")
    click(qtbot, panel.save_button)
    assert "already exists" in panel.form.error_text("name")
    assert len(TOOLS.list(database)) == 1


def test_filters_and_low_stock_highlight(qtbot, database: Database) -> None:  # type: ignore[no-untyped-def]
    TOOLS.add(database, tool("EM 6", quantity_on_hand=1, min_stock=3))
    TOOLS.add(database, tool("EM 10", diameter_mm="10", quantity_on_hand=5, min_stock=2))
    TOOLS.add(database, tool("Drill 5", tool_type="drill", tool_material="hss", diameter_mm="5"))
    panel = ToolLibraryPanel(database)
    qtbot.addWidget(panel)
    assert table_column(panel.table) == ["Drill 5", "EM 10", "EM 6"]
    assert "1 low on stock" in panel.summary.text()
    low_row = table_column(panel.table).index("EM 6")
    assert panel.table.item(low_row, 0).background().color().name() == LOW_STOCK_COLOUR
    assert "1 on hand, minimum 3" in panel.table.item(low_row, 3).toolTip()
    assert panel.table.item(0, 0).background().color().name() != LOW_STOCK_COLOUR

    choose(panel.type_filter, "flat_endmill")
    assert table_column(panel.table) == ["EM 10", "EM 6"]
    type_into(qtbot, panel.diameter_min, "8")
    assert table_column(panel.table) == ["EM 10"]
    type_into(qtbot, panel.diameter_min, "")
    panel.low_stock_only.setChecked(True)
    assert table_column(panel.table) == ["EM 6"]
    panel.low_stock_only.setChecked(False)
    panel.type_filter.setCurrentIndex(0)  # "All types"
    type_into(qtbot, panel.search_edit, "drill")
    assert table_column(panel.table) == ["Drill 5"]
    type_into(qtbot, panel.diameter_min, "9")
    type_into(qtbot, panel.diameter_max, "1")
    assert "larger than diameter_max" in panel.status.text()


def test_delete_then_restore(qtbot, database: Database) -> None:  # type: ignore[no-untyped-def]
    created = TOOLS.add(database, tool("EM 6"))
    panel = ToolLibraryPanel(database)
    qtbot.addWidget(panel)
    assert panel.select(created.id)
    assert panel.form.editors["name"].text() == "EM 6"
    click(qtbot, panel.delete_button)
    assert TOOLS.list(database) == [] and panel.table.rowCount() == 0
    panel.show_deleted.setChecked(True)
    assert table_column(panel.table) == ["EM 6"]
    panel.select(created.id)
    click(qtbot, panel.restore_button)
    assert [t.name for t in TOOLS.list(database)] == ["EM 6"]
    actions = [e.action.value for e in audit_log.list_entries(database, entity_type="tools")]
    assert actions == ["restore", "delete", "create"]


def test_freecad_library_and_linuxcnc_table_through_the_file_dialogs(  # type: ignore[no-untyped-def]
    qtbot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = write_library(tmp_path / "Tools")
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getOpenFileName", lambda *a, **k: (str(library), "")
    )
    panel = ToolLibraryPanel(database)
    qtbot.addWidget(panel)
    click(qtbot, panel.import_button)
    assert "5 created" in panel.status.text()
    assert sorted(table_column(panel.table)) == sorted(t.name for t in TOOLS.list(database))
    assert TOOLS.get(database, "6 mm Bull Nose").corner_radius_mm == Decimal("1.500")

    table = tmp_path / "out" / "shop"
    table.parent.mkdir()
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (str(table), "LinuxCNC (*.tbl)")
    )
    click(qtbot, panel.export_button)
    written = (tmp_path / "out" / "shop.tbl").read_text()
    assert "Exported 5 tools" in panel.status.text()
    assert written.count("\nT") + written.startswith("T") == 5
    assert "D6.000" in written or "D6.0" in written

    exported = tmp_path / "fc" / "Library" / "Shop.fctl"
    exported.parent.mkdir(parents=True)
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (str(exported), "")
    )
    click(qtbot, panel.export_button)
    assert exported.is_file() and len(list((tmp_path / "fc" / "Bit").glob("*.fctb"))) == 5


def test_an_import_with_refused_rows_asks_first(  # type: ignore[no-untyped-def]
    qtbot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv_file = tmp_path / "tools.csv"
    csv_file.write_text(
        "name,tool_type,tool_material,diameter_mm,flutes\n"
        "EM 6,flat_endmill,carbide,6,3\n"
        "Broken,flat_endmill,carbide,-6,3\n"
    )
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv_file), "")
    )
    answers = [QtWidgets.QMessageBox.StandardButton.No, QtWidgets.QMessageBox.StandardButton.Yes]
    questions: list[str] = []

    def answer(parent, title, text, *rest):  # type: ignore[no-untyped-def]
        questions.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QtWidgets.QMessageBox, "question", answer)
    panel = ToolLibraryPanel(database)
    qtbot.addWidget(panel)
    click(qtbot, panel.import_button)
    assert "Broken" in questions[0] and "Nothing was imported" in panel.status.text()
    assert TOOLS.list(database) == []
    click(qtbot, panel.import_button)
    assert [t.name for t in TOOLS.list(database)] == ["EM 6"]
    assert "1 created" in panel.status.text() and "1 rejected" in panel.status.text()


def test_the_tool_number_is_shown_chosen_and_kept(qtbot, database: Database) -> None:  # type: ignore[no-untyped-def]
    TOOLS.add(database, tool("EM 6"))
    panel = ToolLibraryPanel(database)
    qtbot.addWidget(panel)
    click(qtbot, panel.new_button)
    fill(qtbot, panel, name="Drill 5", tool_type="drill", tool_material="hss", diameter_mm="5",
         tool_number="12")  # fmt: skip
    click(qtbot, panel.save_button)
    assert TOOLS.get(database, "Drill 5").tool_number == 12
    assert dict(zip(table_column(panel.table), table_column(panel.table, 1), strict=True)) == {
        "Drill 5": "12",
        "EM 6": "1",
    }
    type_into(qtbot, panel.form.editors["tool_number"], "1")
    click(qtbot, panel.save_button)
    assert "T1 is 'EM 6' in the library" in panel.status.text()
    assert TOOLS.get(database, "Drill 5").tool_number == 12
    type_into(qtbot, panel.form.editors["tool_number"], "")  # left empty: keeps its number
    type_into(qtbot, panel.form.editors["location"], "B4")
    click(qtbot, panel.save_button)
    kept = TOOLS.get(database, "Drill 5")
    assert (kept.tool_number, kept.location) == (12, "B4")


def test_saving_another_field_keeps_an_assumed_value_assumed(  # type: ignore[no-untyped-def]
    qtbot, database: Database, tmp_path: Path
) -> None:
    import_tool_file(database, write_library(tmp_path))
    endmill = TOOLS.get(database, "5mm Endmill")
    assert endmill.params["assumed"] == ["tool_material", "flutes"]
    panel = ToolLibraryPanel(database)
    qtbot.addWidget(panel)
    assert panel.select(endmill.id)
    type_into(qtbot, panel.form.editors["location"], "A7")
    click(qtbot, panel.save_button)
    saved = TOOLS.get(database, "5mm Endmill")
    assert (saved.location, saved.params["assumed"]) == ("A7", ["tool_material", "flutes"])
    type_into(qtbot, panel.form.editors["flutes"], "4")
    click(qtbot, panel.save_button)
    saved = TOOLS.get(database, "5mm Endmill")
    assert saved.flutes == 4 and saved.params["assumed"] == ["tool_material"]


def test_a_linuxcnc_table_import_with_a_taken_number_offers_the_next_free(  # type: ignore[no-untyped-def]
    qtbot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    TOOLS.add(database, tool("EM 12", tool_number=2, diameter_mm="12"))
    table = tmp_path / "machine.tbl"
    table.write_text("T1 P1 D6 Z+10 ;EM 6 carbide\nT2 P2 D8 Z+12 ;Ball 8\n")
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *a, **k: (str(table), ""))
    questions: list[str] = []

    def answer(parent, title, text, *rest):  # type: ignore[no-untyped-def]
        questions.append(text)
        return QtWidgets.QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QtWidgets.QMessageBox, "question", answer)
    panel = ToolLibraryPanel(database)
    qtbot.addWidget(panel)
    click(qtbot, panel.import_button)
    assert len(questions) == 1 and "T2 is 'EM 12' in the library" in questions[0]
    assert TOOLS.get(database, "Ball 8").tool_number == 3
    assert "2 created" in panel.status.text()
    assert "'Ball 8' imported as T3" in panel.status.text()
    assert "*.tbl" in IMPORT_FILTERS
