# SPDX-License-Identifier: LGPL-2.1-or-later
"""The CAM runs dock: every run (newest first) with its status, model version, machine,
material, moves, cycle time and whether its G-code is released or held, filtered by model;
the selected run's details (what produced it, its operations, its error), its G-code, the
simulation's verdict, and exports of the G-code and the tool table."""

from __future__ import annotations

from typing import Any

from projem_workbench.db.enums import RunStatus
from projem_workbench.errors import ProjemError
from projem_workbench.gui import forms
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.panels.cam_result import CamRunResult, duration_text, status_text
from projem_workbench.gui.qt import Qt, QtWidgets
from projem_workbench.services import cam_runs, model_library

FAILED_COLOUR = "#ffd6d6"
SHOWN_RUNS = 200
GATE_COLUMN = 7


def gate_text(run: Any) -> str:
    """Whether the run's G-code is released by a clean simulation or held (why: tooltip)."""
    if run.gcode_sha256 is None:
        return ""
    return translate("Projem", "held") if run.held else translate("Projem", "released")


class CamRunsPanel(QtWidgets.QWidget):
    def __init__(self, workspace: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.database = workspace.database
        self.runs: dict[int, Any] = {}

        self.model_filter = QtWidgets.QComboBox()
        self.refresh_button = QtWidgets.QPushButton(translate("Projem", "Refresh"))
        self.table = forms.new_table()
        self.details = QtWidgets.QPlainTextEdit()
        self.details.setReadOnly(True)
        self.result = CamRunResult(workspace, summary=False)
        self.summary = QtWidgets.QLabel()
        self._layout()

        self.model_filter.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._selected)
        self.reload()

    def _layout(self) -> None:
        top = QtWidgets.QHBoxLayout()
        top.addWidget(QtWidgets.QLabel(translate("Projem", "Model")))
        top.addWidget(self.model_filter, 1)
        top.addWidget(self.refresh_button)
        self.table.setMinimumHeight(120)
        self.details.setMinimumHeight(90)
        splitter = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        for widget, stretch in ((self.table, 2), (self.details, 1), (self.result, 4)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)

    def reload(self) -> None:
        """Refresh the models offered by the filter, then the runs."""
        chosen = self.model_filter.currentData()
        self.model_filter.blockSignals(True)
        self.model_filter.clear()
        self.model_filter.addItem(translate("Projem", "All models"), None)
        try:
            for model in model_library.list_models(self.database, include_deleted=True):
                self.model_filter.addItem(model.name, model.name)
        except ProjemError as exc:
            forms.set_status(self.summary, str(exc), ok=False)
        self.model_filter.setCurrentIndex(max(self.model_filter.findData(chosen), 0))
        self.model_filter.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        keep = self.current_run_id()
        try:
            runs = cam_runs.list_runs(
                self.database, model=self.model_filter.currentData(), limit=SHOWN_RUNS
            )
        except ProjemError as exc:
            forms.set_status(self.summary, str(exc), ok=False)
            return
        self.runs = {run.id: run for run in runs}
        headers = [
            translate("Projem", "Run"),
            translate("Projem", "Status"),
            translate("Projem", "Model"),
            translate("Projem", "Machine"),
            translate("Projem", "Material"),
            translate("Projem", "Moves"),
            translate("Projem", "Cycle time"),
            translate("Projem", "G-code"),
            translate("Projem", "Created"),
        ]
        rows = [
            [
                forms.cell(run.id, run.id),
                status_text(run.status),
                f"{run.model_name} v{run.model_version}",
                run.machine,
                run.material,
                "" if run.move_count is None else run.move_count,
                duration_text(run.estimated_cycle_s),
                gate_text(run),
                run.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            ]
            for run in runs
        ]
        forms.fill_table(self.table, headers, rows)
        for row, run in enumerate(runs):
            if run.status is RunStatus.FAILED:
                forms.colour_row(self.table, row, FAILED_COLOUR, run.error or "")
            elif run.held:
                self.table.item(row, GATE_COLUMN).setToolTip(run.held)
        self.summary.setStyleSheet("")
        self.summary.setText(
            translate("Projem", "Runs shown: {count} (newest first)").format(count=len(runs))
        )
        if not (keep is not None and self.select_run(keep)):
            self._show(None)

    def current_run_id(self) -> int | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return forms.row_data(self.table, min(rows)) if rows else None

    def select_run(self, run_id: int) -> bool:
        return forms.select_row_with(self.table, run_id)

    def _selected(self) -> None:
        self._show(self.runs.get(self.current_run_id()))

    def _show(self, run: Any) -> None:
        self.result.show_run(run)
        self.details.setPlainText(self.describe(run) if run is not None else "")

    @staticmethod
    def describe(run: Any) -> str:
        lines = list(run.summary_lines())
        record = run.operations or {}
        created = run.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        lines.append(translate("Projem", "Created: {when}").format(when=created))
        if run.gcode_sha256:
            lines.append(f"G-code SHA-256: {run.gcode_sha256}")
        if record.get("job_document"):
            lines.append(
                translate("Projem", "CAM job document: {path}").format(path=record["job_document"])
            )
        notes = (record.get("spec") or {}).get("notes") or []
        if notes:
            lines.append(translate("Projem", "Plan notes:"))
            lines += [f"  {note}" for note in notes]
        for op in (record.get("spec") or {}).get("operations", []):
            given = sorted(k for k, v in (op.get("source") or {}).items() if v == "spec")
            if given:
                lines.append(
                    translate("Projem", "{operation}: given in the spec: {fields}").format(
                        operation=op["name"], fields=", ".join(given)
                    )
                )
        if record.get("tools"):
            tools = ", ".join(f"T{t['number']} {t['name']}" for t in record["tools"])
            lines.append(translate("Projem", "Tools: {tools}").format(tools=tools))
        return "\n".join(lines)
