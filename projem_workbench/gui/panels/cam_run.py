# SPDX-License-Identifier: LGPL-2.1-or-later
"""The New CAM run task panel: choose the model version (by default the active document,
saved to the library first), the machine and the material; Plan fills the stock and the
operations from the default plan (each operation's reason as its tooltip, the plan's notes
below); every cell can be edited, blank speeds and feeds meaning "the calculator's"; Run checks
the spec (each problem shown on its field), runs CAM and shows the result with its G-code.

Inside FreeCAD the plan and the run use FreeCAD in this process, on the GUI thread, and the
CAM job document stays open for FreeCAD's own tools; elsewhere they run under ``freecadcmd``
on a worker thread. The panel calls services only.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from projem_workbench.errors import ProjemError, ValidationError
from projem_workbench.gui import forms, freecad_gui, worker
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.panels.cam_operations import OperationsTable, parse_number
from projem_workbench.gui.panels.cam_result import CamRunResult
from projem_workbench.gui.qt import QtWidgets, Signal
from projem_workbench.services import cam_plan, cam_runs, model_library
from projem_workbench.services.cam_spec import parse_spec
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from projem_workbench.services.tools import TOOLS

ACTIVE_DOCUMENT = -1  # the model combo's entry for the active document (models have names)
STOCK_SIDES = ("x_neg", "x_pos", "y_neg", "y_pos", "z_neg", "z_pos")
STOCK_LABELS = ("X−", "X+", "Y−", "Y+", "Z−", "Z+")
ERROR_FIELD = "border: 1px solid #b00020; background: #ffcdd2;"


def readable(error: BaseException) -> str:
    """An error's message without the FreeCAD traceback some CAM failures carry (the report
    view gets the whole text)."""
    text = str(error)
    head, _, tail = text.partition("\nTraceback (most recent call last)")
    if tail:
        freecad_gui.log_error(text)
    return head.strip()


class NewCamRunPanel(QtWidgets.QWidget):
    planned = Signal(object)  # the RunSpec
    finished = Signal(object)  # the CamRunView, succeeded or failed

    def __init__(self, database: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProjemNewCamRun")
        self.setWindowTitle(translate("Projem", "New CAM run"))
        self.database = database
        self.in_process = freecad_gui.cam_runs_in_process()
        self.busy = False
        self.base: dict[str, Any] | None = None  # the planned spec the fields edit
        self.planned_for: tuple[str, int] | None = None
        self.last_run: Any = None

        self.model_combo, self.version_combo = QtWidgets.QComboBox(), QtWidgets.QComboBox()
        self.machine_combo, self.material_combo = QtWidgets.QComboBox(), QtWidgets.QComboBox()
        for combo in (self.model_combo, self.version_combo, self.machine_combo,
                      self.material_combo):  # fmt: skip
            # Long names must not widen the panel past FreeCAD's narrow task view.
            combo.setSizeAdjustPolicy(
                QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self.plan_button = QtWidgets.QPushButton(translate("Projem", "Plan"))
        self.plan_button.setToolTip(
            translate("Projem", "Make the default plan: stock, operations, tools and feeds")
        )
        self.stock_edits = {side: QtWidgets.QLineEdit() for side in STOCK_SIDES}
        self.stock_errors: dict[str, str] = {}
        self.notes = QtWidgets.QLabel()
        self.notes.setWordWrap(True)
        self.operations = OperationsTable()
        self.remove_button = QtWidgets.QPushButton(translate("Projem", "Remove operation"))
        self.errors = QtWidgets.QLabel()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(forms.ERROR_STYLE)
        self.errors.hide()
        self.run_button = QtWidgets.QPushButton(translate("Projem", "Run"))
        self.run_button.setToolTip(
            translate("Projem", "Check the plan, make the toolpaths and post the G-code")
        )
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        self.result = CamRunResult(database)
        self.result_box = QtWidgets.QGroupBox(translate("Projem", "Result"))
        result_layout = QtWidgets.QVBoxLayout(self.result_box)
        result_layout.setContentsMargins(4, 4, 4, 4)
        result_layout.addWidget(self.result)
        self.result_box.hide()
        self._layout()

        self.model_combo.currentIndexChanged.connect(self._model_chosen)
        self.version_combo.currentIndexChanged.connect(self._target_changed)
        self.machine_combo.currentIndexChanged.connect(self._setting_changed)
        self.material_combo.currentIndexChanged.connect(self._setting_changed)
        self.plan_button.clicked.connect(self.plan)
        self.remove_button.clicked.connect(self._remove_operation)
        self.run_button.clicked.connect(self.run)
        self.refresh()

    def _layout(self) -> None:
        choice = QtWidgets.QFormLayout()
        choice.addRow(translate("Projem", "Model"), self.model_combo)
        choice.addRow(translate("Projem", "Version"), self.version_combo)
        choice.addRow(translate("Projem", "Machine"), self.machine_combo)
        choice.addRow(translate("Projem", "Material"), self.material_combo)
        plan_row = QtWidgets.QHBoxLayout()
        plan_row.addStretch(1)
        plan_row.addWidget(self.plan_button)
        choice.addRow(plan_row)
        stock = QtWidgets.QGroupBox(translate("Projem", "Stock margins (mm)"))
        stock.setToolTip(translate("Projem", "Added to the part's bounding box on each side"))
        grid = QtWidgets.QGridLayout(stock)
        for index, (side, label) in enumerate(zip(STOCK_SIDES, STOCK_LABELS, strict=True)):
            self.stock_edits[side].setObjectName(f"stock_{side}")
            grid.addWidget(QtWidgets.QLabel(label), index // 2, 2 * (index % 2))
            grid.addWidget(self.stock_edits[side], index // 2, 2 * (index % 2) + 1)
        operations = QtWidgets.QGroupBox(translate("Projem", "Operations"))
        column = QtWidgets.QVBoxLayout(operations)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.operations, 1)
        hint = QtWidgets.QLabel(
            translate(
                "Projem",
                "Every cell can be edited. Grey values come from the feeds-and-speeds "
                "calculator: leave them blank to keep them.",
            )
        )
        hint.setWordWrap(True)
        column.addWidget(hint)
        column.addWidget(self.notes)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.run_button)
        column.addLayout(row)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # FreeCAD's task box has its own
        layout.addLayout(choice)
        layout.addWidget(stock)
        layout.addWidget(operations, 1)
        layout.addWidget(self.errors)
        layout.addWidget(self.status)
        layout.addWidget(self.result_box, 1)

    # -- choices ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Offer the active document, the library's models, the machines and materials."""
        try:
            models = model_library.list_models(self.database)
            machines = [m.name for m in MACHINES.list(self.database)]
            materials = [m.name for m in MATERIALS.list(self.database)]
            self.operations.tool_names = [t.name for t in TOOLS.list(self.database)]
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        document = freecad_gui.active_document()
        keep = self.model_combo.currentData()
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        if document is not None:
            self.model_combo.addItem(
                translate("Projem", "Active document: {label} (saved to the library first)")
                .format(label=document.label),
                ACTIVE_DOCUMENT,
            )  # fmt: skip
        for model in models:
            self.model_combo.addItem(model.name, model.name)
        self.model_combo.setCurrentIndex(max(self.model_combo.findData(keep), 0))
        self.model_combo.blockSignals(False)
        for combo, names in ((self.machine_combo, machines), (self.material_combo, materials)):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for name in names:
                combo.addItem(name, name)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)
        self._model_chosen()
        missing = [
            what
            for what, names in (
                (translate("Projem", "machines"), machines),
                (translate("Projem", "materials"), materials),
                (translate("Projem", "tools"), self.operations.tool_names),
            )
            if not names
        ]
        if missing:
            text = translate(
                "Projem",
                "The database has no {what} yet: add them in the Projem editors, or load the "
                "starter catalogue (projem catalog load).",
            ).format(what=", ".join(missing))
            forms.set_status(self.status, text, ok=False)
        self._update_buttons()

    def choose_model(self, name: str, version: int | None = None) -> bool:
        index = self.model_combo.findData(name)
        if index < 0:
            return False
        self.model_combo.setCurrentIndex(index)
        if version is not None:
            self.version_combo.setCurrentIndex(max(self.version_combo.findData(version), 0))
        return True

    def _model_chosen(self) -> None:
        name = self.model_combo.currentData()
        self.version_combo.blockSignals(True)
        self.version_combo.clear()
        if name == ACTIVE_DOCUMENT:
            self.version_combo.addItem(translate("Projem", "new version when planned"), None)
        elif name is not None:
            try:
                versions = model_library.versions(self.database, name)
            except ProjemError as exc:
                versions = []
                forms.set_status(self.status, str(exc), ok=False)
            for v in reversed([v for v in versions if not v.is_deleted]):
                self.version_combo.addItem(
                    translate("Projem", "version {version}").format(version=v.version), v.version
                )
        self.version_combo.blockSignals(False)
        self._target_changed()

    def _target(self) -> tuple[str, int] | None:
        name, version = self.model_combo.currentData(), self.version_combo.currentData()
        return None if name in (None, ACTIVE_DOCUMENT) or version is None else (name, version)

    def _target_changed(self) -> None:
        """Another model or version: the plan (its faces) belongs to the old one."""
        if self.planned_for is not None and self._target() != self.planned_for:
            self._set_plan(None)
            forms.set_status(self.status, translate("Projem", "Plan again for this model."))
        self._update_buttons()

    def _setting_changed(self) -> None:
        if self.base is not None:
            self.check()

    def _update_buttons(self) -> None:
        idle = not self.busy
        chosen = self.model_combo.currentData() is not None
        self.plan_button.setEnabled(idle and chosen)
        self.run_button.setEnabled(idle and self.base is not None)
        self.remove_button.setEnabled(idle and self.operations.rowCount() > 1)
        for widget in (self.model_combo, self.version_combo, self.machine_combo,
                       self.material_combo):  # fmt: skip
            widget.setEnabled(
                idle and (widget is not self.version_combo or self._target() is not None)
            )

    # -- planning ---------------------------------------------------------------------------

    def plan(self) -> None:
        if self.busy:
            return
        if self.model_combo.currentData() == ACTIVE_DOCUMENT and not self._save_active():
            return
        target = self._target()
        machine, material = self.machine_combo.currentData(), self.material_combo.currentData()
        if target is None or machine is None or material is None:
            text = translate("Projem", "Choose a model, a machine and a material.")
            forms.set_status(self.status, text, ok=False)
            return
        (model, version), database = target, self.database
        label = translate("Projem", "Planning {model} v{version}…")
        self._start(
            label.format(model=model, version=version),
            lambda: cam_plan.plan_run(
                database, model=model, version=version, machine=machine, material=material
            ),
            lambda spec: self._planned(spec, target),
        )

    def _save_active(self) -> bool:
        """Store the active document as a library version and choose it."""
        from projem_workbench.gui.library_save import save_active_document

        try:
            saved = save_active_document(self.database, parent=self, ask_name=False)
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return False
        if saved is None:
            return False
        self.refresh()
        return self.choose_model(saved.version.name, saved.version.version)

    def _planned(self, spec: Any, target: tuple[str, int]) -> None:
        self._set_plan(spec.model_dump(mode="json"))
        self.planned_for = target
        self.notes.setText(
            "\n".join(f"• {note}" for note in spec.notes)
            if spec.notes
            else translate("Projem", "The plan has no notes.")
        )
        checked = self.check()
        text = translate(
            "Projem", "Planned {count} operations for {model} v{version}. Edit them, then Run."
        ).format(count=len(spec.operations), model=target[0], version=target[1])
        forms.set_status(self.status, text, ok=checked is not None)
        self.planned.emit(spec)

    def _set_plan(self, base: dict[str, Any] | None) -> None:
        self.base = base
        self.planned_for = None
        offsets = ((base or {}).get("stock") or {}).get("offsets_mm") or {}
        for side, edit in self.stock_edits.items():
            value = offsets.get(side)
            edit.setText("" if value is None else f"{float(value):g}")
        self.operations.set_operations((base or {}).get("operations", []))
        if base is None:
            self.notes.clear()
        self._show_problems({})
        self._update_buttons()

    def _remove_operation(self) -> None:
        self.operations.remove_selected()
        self._update_buttons()

    # -- checking ---------------------------------------------------------------------------

    def spec(self) -> Any:
        """The spec as the fields hold it, or None with every problem shown on its field."""
        if self.base is None:
            return None
        operations, problems = self.operations.operations()
        offsets: dict[str, Any] = {}
        for side, edit in self.stock_edits.items():
            try:
                offsets[side] = parse_number(edit.text())
            except ValueError:
                problems[f"stock.offsets_mm.{side}"] = translate(
                    "Projem", "not a number: {text}"
                ).format(text=edit.text())
        if problems:
            self._show_problems(problems)
            return None
        data = {**self.base, "operations": operations, "stock": {"offsets_mm": offsets}}
        try:
            spec = parse_spec(data, source=translate("Projem", "the plan"))
        except ValidationError as exc:
            self._show_problems(exc.problems, exc)
            return None
        return spec

    def check(self) -> Any:
        """The spec checked as a run would resolve it (library tools, machine limits, and for a
        stored model its depths and heights against the stock), with the calculator's values
        shown in the blank cells; None when something is wrong."""
        spec = self.spec()
        if spec is None:
            return None
        model, version = self._target() or (None, None)
        try:
            resolved = cam_runs.check_spec(
                self.database,
                spec=spec,
                machine=self.machine_combo.currentData(),
                material=self.material_combo.currentData(),
                model=model,  # its stock: depths into the table, heights in the part
                version=version,
            )
        except ValidationError as exc:
            self._show_problems(exc.problems, exc)
            return None
        except ProjemError as exc:
            self._show_problems({}, exc)
            return None
        self._show_problems({})
        self.operations.set_calculated(resolved)
        return spec

    def _show_problems(self, problems: dict[str, str], error: BaseException | None = None) -> None:
        """Each problem on its cell or stock field; the rest, or the error, listed below."""
        field = getattr(error, "field", None)
        placed = {k: v for k, v in problems.items() if k not in ("spec", field) or "." in k}
        rest = self.operations.show_errors(placed)
        self.stock_errors = {}
        for place in list(rest):
            side = place.removeprefix("stock.offsets_mm.")
            if side in self.stock_edits:
                self.stock_errors[side] = rest.pop(place)
        for side, edit in self.stock_edits.items():
            message = self.stock_errors.get(side, "")
            edit.setStyleSheet(ERROR_FIELD if message else "")
            edit.setToolTip(message)
        lines = self.operations.error_lines()
        lines += [
            translate("Projem", "stock {side}: {message}").format(side=label, message=message)
            for side, label in zip(STOCK_SIDES, STOCK_LABELS, strict=True)
            if (message := self.stock_errors.get(side))
        ]
        lines += [f"{place}: {message}" for place, message in rest.items()]
        if not lines and error is not None:
            lines = [readable(error)]
        self.errors.setText("\n".join(lines))
        self.errors.setVisible(bool(lines))

    # -- running ----------------------------------------------------------------------------

    def run(self) -> None:
        if self.busy or self.planned_for is None:
            return
        spec = self.check()
        if spec is None:
            forms.set_status(
                self.status, translate("Projem", "Correct the marked fields, then Run."), ok=False
            )
            return
        (model, version), database = self.planned_for, self.database
        machine, material = self.machine_combo.currentData(), self.material_combo.currentData()
        keep_open = self.in_process  # FreeCAD's own tools can then inspect the CAM job

        def run_cam() -> Any:
            return cam_runs.run_cam(
                database, model=model, version=version, machine=machine, material=material,
                spec=spec, keep_open=keep_open,
            )  # fmt: skip

        self._start(
            translate("Projem", "Running CAM for {model} v{version}…").format(
                model=model, version=version
            ),
            run_cam,
            self._ran,
        )

    def _ran(self, run: Any) -> None:
        self.last_run = run
        self.result.show_run(run)
        self.result_box.show()
        text = translate("Projem", "Run {id} succeeded.").format(id=run.id)
        record = run.operations or {}
        if record.get("document") and record.get("job_document"):
            text += " " + translate(
                "Projem", "FreeCAD's CAM job is open for inspection ({file})."
            ).format(file=Path(record["job_document"]).name)
        forms.set_status(self.status, text)
        self.finished.emit(run)

    def _failed(self, exc: BaseException) -> None:
        run_id = getattr(exc, "run_id", None)
        if run_id is not None:  # recorded as failed: show the run and FreeCAD's reason
            try:
                self.last_run = cam_runs.get_run(self.database, run_id)
            except ProjemError:
                self.last_run = None
            self.result.show_run(self.last_run, error=readable(exc))
            self.result_box.show()
            forms.set_status(self.status, translate("Projem", "The run failed."), ok=False)
            if self.last_run is not None:
                self.finished.emit(self.last_run)
        elif isinstance(exc, ValidationError):
            self._show_problems(exc.problems, exc)
            forms.set_status(self.status, readable(exc), ok=False)
        elif isinstance(exc, ProjemError):
            forms.set_status(self.status, readable(exc), ok=False)
        else:  # a bug: the message here, the traceback in the report view
            freecad_gui.log_error("".join(traceback.format_exception(exc)))
            forms.set_status(
                self.status,
                translate("Projem", "Unexpected error: {error}\nDetails are in the report view.")
                .format(error=f"{type(exc).__name__}: {exc}"),
                ok=False,
            )  # fmt: skip

    def _start(self, label: str, function: Any, on_success: Any) -> None:
        self.busy = True
        self._update_buttons()
        forms.set_status(self.status, label)

        def succeeded(result: Any) -> None:
            self.busy = False
            on_success(result)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self._failed(exc)
            self._update_buttons()

        worker.run_with_progress(
            self, label, function, succeeded, failed, on_thread=not self.in_process
        )
