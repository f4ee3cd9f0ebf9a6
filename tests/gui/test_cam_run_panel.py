# SPDX-License-Identifier: LGPL-2.1-or-later
"""The New CAM run panel and the CAM runs dock, driven as a user would on a real database with
the starter catalogue and the sample plate built by FreeCAD (``freecadcmd``: outside FreeCAD
the plan and the run go through it, on a worker thread). In CI a missing FreeCAD fails."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6 import QtWidgets
from PySide6.QtCore import Qt, QTimer

from projem_workbench.db.enums import RunStatus
from projem_workbench.db.session import Database
from projem_workbench.freecad.runner import find_freecadcmd, run_in_freecad
from projem_workbench.gui import commands, docks, state
from projem_workbench.gui.panels.cam_run_page import NewCamRunPanel
from projem_workbench.gui.panels.cam_runs import CamRunsPanel
from projem_workbench.services import cam_run_files, cam_runs, model_library, reference
from projem_workbench.services.tools import TOOLS
from projem_workbench.services.workspace import Workspace
from tests.gui.conftest import IN_CI, choose, click, table_column, type_into
from tests.support.documents import synthetic_fcstd

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
MACHINE, MATERIAL = "VMC 850 (LinuxCNC)", "Aluminium 6061-T6"
PLANNED = ["Facing", "Pocket Face23 Z15", "Corners Face23 Z15", "Drill Ø6.8 Z0", "Outline"]
RUN_SECONDS = 180_000


def make_plate_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plate made by FreeCAD (``freecadcmd``); skips without it (fails in CI)."""
    command = find_freecadcmd()
    if command is None or shutil.which(command) is None:
        if IN_CI:
            pytest.fail("the CAM panel tests need freecadcmd, which is missing", pytrace=False)
        pytest.skip("freecadcmd is not installed")
    path = tmp_path_factory.mktemp("plate") / "plate.FCStd"
    run_in_freecad("sample_part", {"name": "plate", "path": str(path)})
    return path


def stock_shop(database: Database, plate_file: Path) -> Workspace:
    """The starter catalogue and the plate as model ``plate`` version 1, in the configured
    artefact store (the test's folder, tests/gui/conftest.py)."""
    workspace = Workspace.open(database)
    reference.load_reference_data(database, reference.starter_catalog())
    model_library.save_model_version(workspace, path=plate_file, name="plate")
    return workspace


@pytest.fixture(scope="module")
def plate_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_plate_file(tmp_path_factory)


@pytest.fixture
def shop(database: Database, plate_file: Path) -> Workspace:
    return stock_shop(database, plate_file)


def wait(qtbot, panel: NewCamRunPanel) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not panel.busy, timeout=RUN_SECONDS)


def planned_panel(qtbot, shop: Workspace) -> NewCamRunPanel:  # type: ignore[no-untyped-def]
    panel = NewCamRunPanel(shop)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.model_combo.currentData() == "plate"  # no FreeCAD document: the library's
    assert panel.version_combo.currentData() == 1
    assert not panel.run_button.isEnabled()  # nothing planned yet
    choose(panel.machine_combo, MACHINE)
    choose(panel.material_combo, MATERIAL)
    click(qtbot, panel.plan_button)
    wait(qtbot, panel)
    assert table_column(panel.operations) == PLANNED, panel.status.text()
    return panel


def edit_cell(qtbot, table, row: int, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Double-click-and-type: open the cell's editor, replace its text, press Enter."""
    item = table.cell(row, key)
    table.setCurrentItem(item)
    table.editItem(item)
    [editor] = [w for w in table.viewport().findChildren(QtWidgets.QWidget)
                if isinstance(w, (QtWidgets.QLineEdit, QtWidgets.QComboBox)) and w.isVisible()
                and not isinstance(w.parent(), QtWidgets.QComboBox)]  # fmt: skip
    if isinstance(editor, QtWidgets.QComboBox):
        editor = editor.lineEdit()
    type_into(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.cell(row, key).text() == text)  # committed (queued by Qt)


def row_of(table, name: str) -> int:  # type: ignore[no-untyped-def]
    return table_column(table).index(name)


def answer_forced_export(qtbot, *, accept: bool) -> list[str]:  # type: ignore[no-untyped-def]
    """Answer the question a held run's export asks, once it is up: "Export anyway", or Enter
    (which must mean Cancel). Returns the question's text once answered."""
    asked: list[str] = []

    def answer() -> None:
        box = QtWidgets.QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(50, answer)
            return
        assert box.objectName() == "ProjemForcedExport"
        assert box.defaultButton() is box.button(QtWidgets.QMessageBox.StandardButton.Cancel)
        asked.append(f"{box.text()}\n{box.informativeText()}")
        if accept:
            [export] = [b for b in box.buttons() if b.text() == "Export anyway"]
            export.click()
        else:
            qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    return asked


def test_plan_edit_a_feed_and_run(qtbot, shop: Workspace) -> None:  # type: ignore[no-untyped-def]
    panel = planned_panel(qtbot, shop)
    table = panel.operations
    pocket = row_of(table, "Pocket Face23 Z15")
    # The plan says why, and its notes are shown.
    assert "largest end mill that fits" in table.cell(pocket, "name").toolTip()
    assert "100 × 60 × 20 mm box" in panel.notes.text()
    assert panel.stock_edits["z_pos"].text() == "1"
    # Blank feeds are the calculator's: shown (grey) but not part of the spec.
    assert table.cell(pocket, "feed_mm_min").text() == ""
    calculated = table.calculated_value(pocket, "feed_mm_min")
    assert calculated and table.shown_text(pocket, "feed_mm_min") == f"{calculated:g}"
    assert "calculator" in table.cell(pocket, "feed_mm_min").toolTip()

    edit_cell(qtbot, table, pocket, "feed_mm_min", "1234")
    click(qtbot, panel.run_button)
    wait(qtbot, panel)
    assert "succeeded" in panel.status.text(), panel.status.text() + panel.errors.text()

    [run] = cam_runs.list_runs(shop.database)
    assert run.status is RunStatus.SUCCEEDED and run.model_name == "plate"
    assert (run.machine, run.material) == (MACHINE, MATERIAL)
    resolved = {op["name"]: op for op in run.operations["spec"]["operations"]}
    assert resolved["Pocket Face23 Z15"]["feed_mm_min"] == 1234
    assert resolved["Pocket Face23 Z15"]["source"]["feed_mm_min"] == "spec"
    assert resolved["Outline"]["source"]["feed_mm_min"] == "calculator"
    assert shop.store.exists(run.gcode_sha256)

    result = panel.result
    gcode = result.gcode.toPlainText()
    assert gcode.startswith("(Projem CAM run)") and "F1234" in gcode
    assert result.gcode_lines == len(cam_run_files.gcode_text(shop, run.id).splitlines())
    assert f"{run.move_count} moves" in result.stats.text()
    assert "estimated cycle time" in result.stats.text()
    assert table_column(result.operations_table) == PLANNED
    assert table_column(result.operations_table, 4)[-1] == "0"  # the outline's final depth
    assert result.export_gcode_button.isEnabled() and not result.error.isVisible()


def test_bad_edits_are_refused_on_their_field_and_nothing_is_recorded(  # type: ignore[no-untyped-def]
    qtbot, shop: Workspace
) -> None:
    panel = planned_panel(qtbot, shop)
    table = panel.operations
    pocket, corners = row_of(table, "Pocket Face23 Z15"), row_of(table, "Corners Face23 Z15")

    edit_cell(qtbot, table, pocket, "stepover_percent", "150")
    click(qtbot, panel.run_button)
    assert "less than or equal to 100" in table.error_at(pocket, "stepover_percent")
    assert table.cell(pocket, "stepover_percent").toolTip() == table.error_at(
        pocket, "stepover_percent"
    )
    assert "row 2 (Pocket Face23 Z15), Stepover (%)" in panel.errors.text()
    assert "Correct the marked fields" in panel.status.text()
    assert cam_runs.list_runs(shop.database) == []

    edit_cell(qtbot, table, pocket, "stepover_percent", "40")
    assert table.error_at(pocket, "stepover_percent") == ""  # the edit clears the mark
    edit_cell(qtbot, table, corners, "tool", "EM 99 mm unobtainium")
    click(qtbot, panel.run_button)
    assert "no tool named 'EM 99 mm unobtainium'" in table.error_at(corners, "tool")
    assert cam_runs.list_runs(shop.database) == []

    edit_cell(qtbot, table, corners, "tool", "EM 6 mm 3F carbide")
    edit_cell(qtbot, table, corners, "spindle_rpm", "fast")
    type_into(qtbot, panel.stock_edits["x_neg"], "-1")
    click(qtbot, panel.run_button)
    assert table.error_at(corners, "spindle_rpm") == "not a number: fast"
    assert table.error_at(pocket, "spindle_rpm") == ""
    edit_cell(qtbot, table, corners, "spindle_rpm", "")
    click(qtbot, panel.run_button)
    assert "greater than or equal to 0" in panel.stock_errors["x_neg"]
    assert "stock X−" in panel.errors.text()
    assert cam_runs.list_runs(shop.database) == []

    type_into(qtbot, panel.stock_edits["x_neg"], "2")
    edit_cell(qtbot, table, corners, "spindle_rpm", "90000")  # above the machine's spindle
    click(qtbot, panel.run_button)
    assert "rpm is outside VMC 850" in table.error_at(corners, "spindle_rpm")
    assert cam_runs.list_runs(shop.database) == []

    edit_cell(qtbot, table, corners, "spindle_rpm", "")
    edit_cell(qtbot, table, pocket, "final_depth_mm", "-50")  # through the part, into the vise
    click(qtbot, panel.run_button)
    wait(qtbot, panel)
    # This lane stores the plate unmeasured (no FreeCAD worker), so the stock is known only
    # once FreeCAD built it: the run is recorded failed there, with no G-code. (A measured
    # model is refused on the cell before FreeCAD starts: tests/db/test_cam_run_process.py.)
    assert "below the stock's bottom" in panel.result.error.text()
    [failed] = cam_runs.list_runs(shop.database)
    assert failed.status is RunStatus.FAILED and failed.gcode_sha256 is None


def test_a_failed_run_shows_freecads_reason_not_a_traceback(qtbot, shop: Workspace) -> None:  # type: ignore[no-untyped-def]
    panel = planned_panel(qtbot, shop)
    table = panel.operations
    edit_cell(qtbot, table, row_of(table, "Pocket Face23 Z15"), "faces", "Face999")
    click(qtbot, panel.run_button)
    wait(qtbot, panel)
    [run] = cam_runs.list_runs(shop.database)
    assert run.status is RunStatus.FAILED and run.gcode_sha256 is None
    shown = panel.result.error.text()
    assert panel.result.error.isVisible() and "Face999" in shown, shown
    assert "Traceback" not in shown and "failed" in panel.status.text()
    assert not panel.result.export_gcode_button.isEnabled()


def test_the_cam_runs_dock_lists_filters_and_exports(  # type: ignore[no-untyped-def]
    qtbot, shop: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = cam_runs.run_cam(shop, model="plate", machine=MACHINE, material=MATERIAL)
    panel = CamRunsPanel(shop)
    qtbot.addWidget(panel)
    assert table_column(panel.table) == [str(run.id)]
    assert table_column(panel.table, 1) == ["succeeded"]
    assert table_column(panel.table, 2) == ["plate v1"]
    assert table_column(panel.table, 5) == [str(run.move_count)]
    choose(panel.model_filter, "plate")
    assert table_column(panel.table) == [str(run.id)]

    assert panel.select_run(run.id)
    assert f"run {run.id}: succeeded" in panel.details.toPlainText()
    face_mill = TOOLS.get(shop.database, "Face mill 50 mm 5 inserts").tool_number  # the library's T
    assert f"T{face_mill} Face mill 50 mm 5 inserts" in panel.details.toPlainText()
    assert panel.result.gcode.toPlainText().startswith("(Projem CAM run)")

    target = tmp_path / "out" / "plate.ngc"
    target.parent.mkdir()
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    # The run was simulated as it was made; held G-code asks first (tests/gui/
    # test_simulation_panel.py holds a run on purpose and checks the question).
    asked = [] if panel.result.released else answer_forced_export(qtbot, accept=True)
    click(qtbot, panel.result.export_gcode_button)
    assert panel.result.released or (asked and "Export it anyway?" in asked[0])
    assert target.read_text() == cam_run_files.gcode_text(shop, run.id)
    assert "G-code written to" in panel.result.status.text()
    table_file = tmp_path / "out" / "plate.tbl"
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (str(table_file), "")
    )
    click(qtbot, panel.result.export_table_button)
    assert "4 tools written" in panel.result.status.text()
    numbers = [line.split()[0] for line in table_file.read_text().splitlines()]
    tools = cam_runs.get_run(shop.database, run.id).operations["tools"]
    used = sorted(tool["number"] for tool in tools)
    assert [n for n in numbers if not n.startswith(";")] == [f"T{n}" for n in used]


def test_the_cam_commands_wait_for_the_database_and_a_model(  # type: ignore[no-untyped-def]
    qtbot, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_run, show_runs = commands.NewCamRunCommand(), commands.ShowCamRunsCommand()
    holder = state.workbench_database()
    holder.close()
    assert not new_run.IsActive() and not show_runs.IsActive()
    holder.open(db_url)
    try:
        qtbot.waitUntil(lambda: holder.status is not state.Status.OPENING, timeout=30_000)
        assert holder.ready, holder.error
        monkeypatch.setattr(commands, "_models_known", {"checked": 0.0, "any": False})
        assert show_runs.IsActive() and not new_run.IsActive()  # an empty library
        part = synthetic_fcstd(tmp_path / "part.FCStd", {"Box": "Part::Box"})
        assert commands.workspace() is holder.workspace
        assert holder.database is holder.workspace.database
        model_library.save_model_version(holder.workspace, path=part, name="part")
        assert new_run.IsActive()

        new_run.Activated()  # outside FreeCAD the task panel is a window of its own
        panel = commands.new_cam_run_panel()
        qtbot.addWidget(panel)
        assert isinstance(panel, NewCamRunPanel) and panel.isVisible()
        assert panel.model_combo.currentData() == "part"
        assert commands.show_new_cam_run() is panel  # the open one is brought back
        show_runs.Activated()
        assert isinstance(docks.panel("camruns"), CamRunsPanel)
    finally:
        commands.close_new_cam_run()
        docks.close_all()
        holder.close()
    assert commands.new_cam_run_panel() is None and not panel.isVisible()
