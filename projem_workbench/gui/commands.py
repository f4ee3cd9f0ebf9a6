# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem's FreeCAD commands (``Projem_<Verb>``, icon ``resources/icons/Projem_<Verb>.svg``)
and the order they take in the toolbar and the menu.

Commands that need the database are greyed out until the workbench has opened it. Panels and
services are imported when a command runs, so registering the commands stays quick.
"""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path
from typing import Any

from projem_workbench.errors import ProjemError
from projem_workbench.gui import docks, freecad_gui
from projem_workbench.gui.i18n import QT_TRANSLATE_NOOP, translate
from projem_workbench.gui.qt import QtWidgets
from projem_workbench.gui.state import workbench_database

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"

# Toolbar and menu order.
TOOLBAR = [
    "Projem_SaveModel",
    "Projem_OpenModel",
    "Projem_NewCamRun",
    "Projem_ShowCamRuns",
    "Projem_Simulate",
    "Projem_ManageTools",
    "Projem_ManageMachines",
    "Projem_ManageMaterials",
    "Projem_VerifyAudit",
]
MENU = [*TOOLBAR, "Separator", "Projem_DatabaseStatus", "Projem_EditPreferences"]


def show_error(text: str) -> None:
    QtWidgets.QMessageBox.warning(freecad_gui.main_window(), translate("Projem", "Projem"), text)


def database() -> Any:
    return workbench_database().database


def workspace() -> Any:
    """The workbench's database with its artefact store, for panels that read or keep files."""
    return workbench_database().workspace


class ProjemCommand:
    """A command: ``name`` picks its icon; ``run`` does the work (errors become a dialog)."""

    name = ""
    menu_text = ""
    tool_tip = ""
    needs_database = True

    def GetResources(self) -> dict[str, str]:
        return {
            "Pixmap": str(ICONS / f"{self.name}.svg"),
            "MenuText": self.menu_text,
            "ToolTip": self.tool_tip,
        }

    def IsActive(self) -> bool:
        return not self.needs_database or workbench_database().ready

    def Activated(self) -> None:
        try:
            self.run()
        except ProjemError as exc:
            show_error(str(exc))
        except Exception as exc:  # a bug: say so in a dialog, details in the report view
            freecad_gui.log_error("".join(traceback.format_exception(exc)))
            show_error(
                translate(
                    "Projem", "Unexpected error: {error}\nDetails are in the report view."
                ).format(error=f"{type(exc).__name__}: {exc}")
            )

    def run(self) -> None:
        raise NotImplementedError


class SaveModelCommand(ProjemCommand):
    name = "Projem_SaveModel"
    menu_text = QT_TRANSLATE_NOOP("Projem_SaveModel", "Save document to library")
    tool_tip = QT_TRANSLATE_NOOP(
        "Projem_SaveModel", "Save the active document, then keep it in the library as a new version"
    )

    def IsActive(self) -> bool:
        return super().IsActive() and freecad_gui.active_document() is not None

    def run(self) -> None:
        from projem_workbench.gui.library_save import save_active_document

        save_active_document(workspace(), parent=freecad_gui.main_window(), ask_name=True)


def show_model_library() -> Any:
    from projem_workbench.gui.panels.model_library import ModelLibraryPanel

    return docks.show_panel(
        "models", translate("Projem", "Model library"), lambda: ModelLibraryPanel(workspace())
    )


class OpenModelCommand(ProjemCommand):
    name = "Projem_OpenModel"
    menu_text = QT_TRANSLATE_NOOP("Projem_OpenModel", "Open model version")
    tool_tip = QT_TRANSLATE_NOOP(
        "Projem_OpenModel", "Browse the model library: versions, thumbnails, open, compare, delete"
    )

    def run(self) -> None:
        show_model_library().search_edit.setFocus()


class ManageToolsCommand(ProjemCommand):
    name = "Projem_ManageTools"
    menu_text = QT_TRANSLATE_NOOP("Projem_ManageTools", "Tool library")
    tool_tip = QT_TRANSLATE_NOOP(
        "Projem_ManageTools", "Edit the shop's cutting tools, stock, and tool-library files"
    )

    def run(self) -> None:
        from projem_workbench.gui.panels.tools import ToolLibraryPanel

        docks.show_panel(
            "tools", translate("Projem", "Tool library"), lambda: ToolLibraryPanel(database())
        )


class ManageMachinesCommand(ProjemCommand):
    name = "Projem_ManageMachines"
    menu_text = QT_TRANSLATE_NOOP("Projem_ManageMachines", "Machines")
    tool_tip = QT_TRANSLATE_NOOP(
        "Projem_ManageMachines", "Edit the CNC machines: travels, spindle, feeds, post-processor"
    )

    def run(self) -> None:
        from projem_workbench.gui.panels.records import MachinesPanel

        docks.show_panel(
            "machines", translate("Projem", "Machines"), lambda: MachinesPanel(database())
        )


class ManageMaterialsCommand(ProjemCommand):
    name = "Projem_ManageMaterials"
    menu_text = QT_TRANSLATE_NOOP("Projem_ManageMaterials", "Materials")
    tool_tip = QT_TRANSLATE_NOOP(
        "Projem_ManageMaterials", "Edit the workpiece materials and their cutting data"
    )

    def run(self) -> None:
        from projem_workbench.gui.panels.records import MaterialsPanel

        docks.show_panel(
            "materials", translate("Projem", "Materials"), lambda: MaterialsPanel(database())
        )


_models_known = {"checked": 0.0, "any": False}
MODELS_RECHECK_S = 3.0  # IsActive runs several times a second: ask the database less often


def library_has_models() -> bool:
    from projem_workbench.services.model_library import has_models

    now = time.monotonic()
    if now - _models_known["checked"] > MODELS_RECHECK_S or not _models_known["any"]:
        try:
            _models_known["any"] = has_models(database())
        except ProjemError:
            _models_known["any"] = False
        _models_known["checked"] = now
    return bool(_models_known["any"])


_cam_panel: list[Any] = []  # the New CAM run panel while its task dialog is open


def new_cam_run_panel() -> Any:
    """The New CAM run panel on show, or None."""
    return _cam_panel[0] if _cam_panel else None


def show_new_cam_run() -> Any:
    """Open the New CAM run task panel (or bring back the open one); None when FreeCAD's
    task view is busy with another dialog."""
    from projem_workbench.gui.panels.cam_run_page import NewCamRunPanel

    current = new_cam_run_panel()
    if current is not None and _alive(current):
        current.refresh()
        return current
    _cam_panel.clear()
    if freecad_gui.task_panel_open():
        show_error(translate("Projem", "Finish or close the open task first."))
        return None
    panel = NewCamRunPanel(workspace())
    panel.finished.connect(_run_finished)
    _cam_panel[:] = [panel]
    freecad_gui.show_task_panel(panel, on_close=_cam_panel.clear)
    return panel


def close_new_cam_run() -> None:
    """Close the New CAM run panel if it is on show (its database is about to change)."""
    panel = new_cam_run_panel()
    if panel is not None and _alive(panel):
        freecad_gui.close_task_panel()
        if _alive(panel):  # outside FreeCAD: a window of its own
            panel.close()
    _cam_panel.clear()


def _alive(panel: Any) -> bool:
    """False once FreeCAD has closed the task dialog (and deleted the widget) behind our back."""
    try:
        return bool(panel.isVisible())
    except RuntimeError:  # "Internal C++ object already deleted"
        return False


def _run_finished(run: Any) -> None:
    runs = docks.panel("camruns")
    if runs is not None:
        runs.reload()
        runs.select_run(run.id)


class NewCamRunCommand(ProjemCommand):
    name = "Projem_NewCamRun"
    menu_text = QT_TRANSLATE_NOOP("Projem_NewCamRun", "New CAM run")
    tool_tip = QT_TRANSLATE_NOOP(
        "Projem_NewCamRun",
        "Plan toolpaths for a model version on a machine and material, adjust them, and make "
        "the G-code",
    )

    def IsActive(self) -> bool:
        return super().IsActive() and (
            freecad_gui.active_document() is not None or library_has_models()
        )

    def run(self) -> None:
        show_new_cam_run()


def show_cam_runs() -> Any:
    from projem_workbench.gui.panels.cam_runs import CamRunsPanel

    return docks.show_panel(
        "camruns", translate("Projem", "CAM runs"), lambda: CamRunsPanel(workspace())
    )


class ShowCamRunsCommand(ProjemCommand):
    name = "Projem_ShowCamRuns"
    menu_text = QT_TRANSLATE_NOOP("Projem_ShowCamRuns", "CAM runs")
    tool_tip = QT_TRANSLATE_NOOP(
        "Projem_ShowCamRuns", "The CAM runs made so far: status, statistics, G-code and exports"
    )

    def run(self) -> None:
        show_cam_runs().reload()


def show_simulation(cam_run_id: int, *, workspace: Any = None) -> Any:
    """The Simulation panel (a dock) showing CAM run ``cam_run_id`` and its stored simulation;
    ``workspace`` defaults to the workbench's."""
    from projem_workbench.gui.panels.simulation_page import SimulationPanel

    def make() -> Any:
        panel = SimulationPanel(workspace or workbench_database().workspace)
        panel.simulated.connect(_simulation_finished)
        return panel

    panel = docks.show_panel("simulation", translate("Projem", "Simulation"), make)
    if panel.presenter.cam_run is None or panel.presenter.cam_run.id != cam_run_id:
        panel.open_run(cam_run_id)
    return panel


def _simulation_finished(sim: Any) -> None:
    """A new verdict: the run's exports elsewhere show it."""
    runs = docks.panel("camruns")
    results = [runs.result] if runs is not None else []
    cam = new_cam_run_panel()
    if cam is not None and _alive(cam):
        results.append(cam.result)
    for result in results:
        if result.run is not None and result.run.id == sim.cam_run_id:
            result.show_verdict()


def run_to_simulate() -> int | None:
    """The run chosen in the CAM runs dock, else the newest run."""
    from projem_workbench.services import cam_runs

    runs = docks.panel("camruns")
    chosen = runs.current_run_id() if runs is not None else None
    if chosen is not None:
        return int(chosen)
    newest = cam_runs.list_runs(database(), limit=1)
    return newest[0].id if newest else None


class SimulateCommand(ProjemCommand):
    name = "Projem_Simulate"
    menu_text = QT_TRANSLATE_NOOP("Projem_Simulate", "Simulate CAM run")
    tool_tip = QT_TRANSLATE_NOOP(
        "Projem_Simulate",
        "Simulate the CAM run chosen in the CAM runs dock (else the newest): material removed "
        "and left, cycle time, and the G-code's errors before it goes to the machine",
    )

    def run(self) -> None:
        run_id = run_to_simulate()
        if run_id is None:
            show_error(translate("Projem", "There is no CAM run to simulate yet."))
            return
        show_simulation(run_id)


def show_audit_log() -> Any:
    from projem_workbench.gui.panels.audit_log import AuditLogPanel

    return docks.show_panel(
        "audit", translate("Projem", "Audit log"), lambda: AuditLogPanel(database())
    )


class VerifyAuditCommand(ProjemCommand):
    name = "Projem_VerifyAudit"
    menu_text = QT_TRANSLATE_NOOP("Projem_VerifyAudit", "Verify audit trail")
    tool_tip = QT_TRANSLATE_NOOP(
        "Projem_VerifyAudit", "Show the audit log and check that no entry was changed or removed"
    )

    def run(self) -> None:
        panel = show_audit_log()
        panel.reload()
        panel.verify()


class DatabaseStatusCommand(ProjemCommand):
    name = "Projem_DatabaseStatus"
    menu_text = QT_TRANSLATE_NOOP("Projem_DatabaseStatus", "Database status")
    tool_tip = QT_TRANSLATE_NOOP(
        "Projem_DatabaseStatus", "Show the Projem database's location, schema and contents"
    )

    def run(self) -> None:
        from projem_workbench.services.overview import database_overview

        overview = database_overview(database())
        counts = "\n".join(f"  {name}: {count}" for name, count in overview.row_counts.items())
        QtWidgets.QMessageBox.information(
            freecad_gui.main_window(),
            translate("Projem", "Projem database"),
            translate(
                "Projem", "Location: {location}\nSchema: {revision} ({status})\n\n{counts}"
            ).format(
                location=overview.location,
                revision=overview.schema_revision,
                status=overview.schema_status,
                counts=counts,
            ),
        )


class EditPreferencesCommand(ProjemCommand):
    name = "Projem_EditPreferences"
    menu_text = QT_TRANSLATE_NOOP("Projem_EditPreferences", "Preferences…")
    tool_tip = QT_TRANSLATE_NOOP(
        "Projem_EditPreferences", "Choose the database, the artefact store folder and the language"
    )
    needs_database = False

    def run(self) -> None:
        freecad_gui.show_preferences("Projem")


COMMANDS: dict[str, type[ProjemCommand]] = {
    command.name: command
    for command in (
        SaveModelCommand,
        OpenModelCommand,
        NewCamRunCommand,
        ShowCamRunsCommand,
        SimulateCommand,
        ManageToolsCommand,
        ManageMachinesCommand,
        ManageMaterialsCommand,
        VerifyAuditCommand,
        DatabaseStatusCommand,
        EditPreferencesCommand,
    )
}


def register() -> None:
    for name, command in COMMANDS.items():
        freecad_gui.add_command(name, command())


def icon_files() -> list[str]:
    """Every command's icon file (a test checks each exists)."""
    return [os.fspath(ICONS / f"{name}.svg") for name in COMMANDS]
