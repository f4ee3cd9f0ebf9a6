# SPDX-License-Identifier: LGPL-2.1-or-later
"""One CAM run shown: its status, statistics and operations, its error when it failed, its
G-code (read-only, the first lines), the simulation's verdict on it (released or held, with a
button to the Simulation panel), and buttons that export the G-code and the LinuxCNC tool
table; exporting held G-code asks first, and the export is then forced (and audited). Used by
the New CAM run panel and the CAM runs dock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from projem_workbench.db.enums import RunStatus
from projem_workbench.errors import ProjemError
from projem_workbench.gui import forms
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.qt import Qt, QtGui, QtWidgets, run_modal
from projem_workbench.services import cam_run_files, cam_runs

GCODE_LINES = 2000  # shown in the panel; the export writes every line


def status_text(status: RunStatus) -> str:
    return {
        RunStatus.PENDING: translate("Projem", "pending"),
        RunStatus.RUNNING: translate("Projem", "running"),
        RunStatus.SUCCEEDED: translate("Projem", "succeeded"),
        RunStatus.FAILED: translate("Projem", "failed"),
    }.get(status, status.value)


def duration_text(seconds: Any) -> str:
    if seconds is None:
        return ""
    total = round(float(seconds))
    return translate("Projem", "{minutes} min {seconds} s").format(
        minutes=total // 60, seconds=f"{total % 60:02d}"
    )


def length_text(value: Any) -> str:
    return "" if value is None else f"{float(value):,.1f}"


class CamRunResult(QtWidgets.QWidget):
    """``summary``: show the run's status and statistics above its operations (the CAM runs
    dock shows its own, fuller details instead)."""

    def __init__(self, workspace: Any, parent: Any = None, *, summary: bool = True) -> None:
        super().__init__(parent)
        self.workspace, self.database = workspace, workspace.database
        self.run: Any = None
        self.gcode_lines = 0
        self.title = QtWidgets.QLabel()
        self.title.setWordWrap(True)
        self.stats = QtWidgets.QLabel()
        self.stats.setWordWrap(True)
        self.error = QtWidgets.QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(forms.ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.operations_table = forms.new_table()
        self.operations_table.setMaximumHeight(170)
        self.gcode = QtWidgets.QPlainTextEdit()
        self.gcode.setObjectName("gcode")
        self.gcode.setReadOnly(True)
        self.gcode.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.gcode.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
        self.gcode.setMinimumHeight(160)
        self.gcode_note = QtWidgets.QLabel()
        self.export_gcode_button = QtWidgets.QPushButton(translate("Projem", "Export G-code…"))
        self.export_table_button = QtWidgets.QPushButton(translate("Projem", "Export tool table…"))
        self.export_table_button.setToolTip(
            translate("Projem", "Write a LinuxCNC tool table (.tbl) of the run's tools")
        )
        self.verdict = QtWidgets.QLabel()
        self.verdict.setObjectName("simulation_verdict")
        self.verdict.setWordWrap(True)
        self.released = False
        self.simulate_button = QtWidgets.QPushButton(translate("Projem", "Simulation…"))
        self.simulate_button.setToolTip(
            translate("Projem", "Open the Simulation panel: simulate this run's G-code")
        )
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        gate = QtWidgets.QHBoxLayout()
        gate.addWidget(self.verdict, 1)
        gate.addWidget(self.simulate_button)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.export_gcode_button)
        buttons.addWidget(self.export_table_button)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.stats, self.error, self.operations_table):
            layout.addWidget(widget)
        self.title.setVisible(summary)
        self.stats.setVisible(summary)
        layout.addWidget(self.gcode, 1)
        layout.addWidget(self.gcode_note)
        layout.addLayout(gate)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.export_gcode_button.clicked.connect(self.export_gcode)
        self.export_table_button.clicked.connect(self.export_tool_table)
        self.simulate_button.clicked.connect(self.open_simulation)
        self.show_run(None)

    def show_run(self, run: Any, *, error: str | None = None) -> None:
        """Show ``run`` (a ``CamRunView``; None clears); ``error`` overrides the run's own."""
        self.run = run
        self.status.clear()
        self.gcode.clear()
        self.gcode_note.clear()
        self.gcode_lines = 0
        message = error or (run.error if run is not None else None)
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        if run is None:
            self.title.clear()
            self.stats.clear()
            forms.fill_table(self.operations_table, [], [])
            self._update_buttons()
            return
        ok = run.status is RunStatus.SUCCEEDED
        forms.set_status(
            self.title,
            translate("Projem", "Run {id}: {status} — {model} v{version}, {machine}, {material}")
            .format(
                id=run.id, status=status_text(run.status), model=run.model_name,
                version=run.model_version, machine=run.machine, material=run.material,
            ),
            ok=ok,
        )  # fmt: skip
        self.stats.setText(self.describe(run) if ok else "")
        self._fill_operations(run)
        if ok:
            self._load_gcode(run)
        self.show_verdict()
        self._update_buttons()

    def show_verdict(self) -> None:
        """The simulation's verdict on the run's G-code (read again: a simulation may have
        finished since the run was shown)."""
        self.released = False
        has_gcode = self.run is not None and self.run.gcode_sha256 is not None
        self.verdict.setVisible(has_gcode)
        self.simulate_button.setVisible(has_gcode)
        if not has_gcode:
            self.verdict.clear()
            return
        from projem_workbench.gui.panels.simulation import verdict
        from projem_workbench.services import sim_runs

        try:
            text, self.released = verdict(sim_runs.latest_for_run(self.database, self.run.id))
        except ProjemError as exc:
            text = str(exc)
        forms.set_status(self.verdict, text, ok=self.released)

    def open_simulation(self) -> None:
        if self.run is None:
            return
        from projem_workbench.gui import commands

        commands.show_simulation(self.run.id, workspace=self.workspace)

    @staticmethod
    def describe(run: Any) -> str:
        return translate(
            "Projem",
            "{moves} moves, cutting {cut} mm, rapid {rapid} mm, estimated cycle time {time} "
            "(from feeds, without acceleration); FreeCAD {freecad}, {post} post",
        ).format(
            moves=run.move_count,
            cut=length_text(run.cut_length_mm),
            rapid=length_text(run.rapid_length_mm),
            time=duration_text(run.estimated_cycle_s),
            freecad=run.freecad_version or "?",
            post=run.post_processor or "?",
        )

    def _fill_operations(self, run: Any) -> None:
        results = {r["name"]: r for r in run.operations.get("results", [])}
        rows = []
        for op in run.operations.get("spec", {}).get("operations", []):
            result = results.get(op["name"], {})
            depth = result.get("final_depth_mm", op.get("final_depth_mm"))
            rows.append([
                op["name"],
                op["type"],
                f"T{op.get('tool_number', '?')} {op['tool']}",
                f"S{op['spindle_rpm']:g} F{op['feed_mm_min']:g}",
                "" if depth is None else f"{float(depth):g}",
                length_text(result.get("cut_length_mm")),
                duration_text(result.get("time_s")),
            ])  # fmt: skip
        headers = [
            translate("Projem", "Operation"),
            translate("Projem", "Type"),
            translate("Projem", "Tool"),
            translate("Projem", "Speed and feed"),
            translate("Projem", "Final depth (Z mm)"),
            translate("Projem", "Cutting (mm)"),
            translate("Projem", "Time"),
        ]
        forms.fill_table(self.operations_table, headers, rows)

    def _load_gcode(self, run: Any) -> None:
        try:
            text = cam_run_files.gcode_text(self.workspace, run.id)
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        lines = text.splitlines()
        self.gcode_lines = len(lines)
        self.gcode.setPlainText("\n".join(lines[:GCODE_LINES]))
        if len(lines) > GCODE_LINES:
            self.gcode_note.setText(
                translate(
                    "Projem", "The first {shown} of {total} lines; the export has them all."
                ).format(shown=GCODE_LINES, total=len(lines))
            )
        else:
            self.gcode_note.setText(translate("Projem", "{total} lines").format(total=len(lines)))

    def _update_buttons(self) -> None:
        has_gcode = self.run is not None and self.run.gcode_sha256 is not None
        self.export_gcode_button.setEnabled(has_gcode)
        self.export_table_button.setEnabled(has_gcode)
        self.simulate_button.setEnabled(has_gcode)

    def _stem(self) -> str:
        name = str(self.run.model_name).translate(cam_runs.FILE_UNSAFE)
        return f"{name}-v{self.run.model_version}-run{self.run.id}"

    def confirm_forced_export(self, reason: str) -> bool:
        """Ask before exporting held G-code; Cancel is the default (Enter does not export)."""
        box = QtWidgets.QMessageBox(self)
        box.setObjectName("ProjemForcedExport")
        box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
        box.setWindowTitle(translate("Projem", "Export held G-code?"))
        box.setText(reason)
        box.setInformativeText(
            translate(
                "Projem",
                "The simulation has not released this G-code. Export it anyway? The forced "
                "export is recorded in the audit trail.",
            )
        )
        export = box.addButton(
            translate("Projem", "Export anyway"), QtWidgets.QMessageBox.ButtonRole.DestructiveRole
        )
        cancel = box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        run_modal(box)
        return box.clickedButton() is export

    def export_gcode(self) -> None:
        if self.run is None:
            return
        from projem_workbench.services.sim_runs import GcodeHeldError

        self.show_verdict()
        force = not self.released
        if force and not self.confirm_forced_export(self.verdict.text()):
            forms.set_status(self.status, translate("Projem", "Nothing exported."))
            return
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, translate("Projem", "Export G-code"), f"{self._stem()}.ngc",
            translate("Projem", "G-code (*.ngc *.nc *.gcode);;All files (*)"),
        )  # fmt: skip
        if not path:
            return
        try:
            try:
                cam_run_files.export_gcode(self.workspace, self.run.id, Path(path), force=force)
            except GcodeHeldError as exc:  # held since the verdict was read
                if not self.confirm_forced_export(str(exc)):
                    forms.set_status(self.status, translate("Projem", "Nothing exported."))
                    return
                force = True
                cam_run_files.export_gcode(self.workspace, self.run.id, Path(path), force=True)
        except (ProjemError, OSError) as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        if force:
            forms.set_status(
                self.status,
                translate(
                    "Projem", "Held G-code written to {path}; the forced export is audited."
                ).format(path=path),
                ok=False,
            )
            return
        forms.set_status(
            self.status, translate("Projem", "G-code written to {path}").format(path=path)
        )

    def export_tool_table(self) -> None:
        if self.run is None:
            return
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, translate("Projem", "Export LinuxCNC tool table"), f"{self._stem()}.tbl",
            translate("Projem", "LinuxCNC tool table (*.tbl)"),
        )  # fmt: skip
        if not path:
            return
        try:
            count = cam_run_files.export_tool_table(self.database, self.run.id, Path(path))
        except (ProjemError, OSError) as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        forms.set_status(
            self.status,
            translate("Projem", "{count} tools written to {path}").format(count=count, path=path),
        )
