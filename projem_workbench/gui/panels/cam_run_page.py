# SPDX-License-Identifier: LGPL-2.1-or-later
"""The New CAM run task panel: choose the model version (by default the active document,
saved to the library first), the machine and the material; Plan fills the stock and the
operations from the default plan (each operation's reason as its tooltip, the plan's notes
below); every cell can be edited, blank speeds and feeds meaning "the calculator's"; Run checks
the spec (each problem shown on its field), runs CAM and shows the result with its G-code.

Inside FreeCAD the plan and the run use FreeCAD in this process, on the GUI thread, and the
CAM job document stays open for FreeCAD's own tools; elsewhere they run under ``freecadcmd``
on a worker thread. The state, the texts and the calls to services live in
:class:`NewCamRunPresenter`; this page reads its fields (``get_fields``) and shows the
presenter's plan (``set_fields``).
"""

from __future__ import annotations

from typing import Any

from projem_workbench.errors import ProjemError, ValidationError
from projem_workbench.gui import forms, worker
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.panels.cam_operations import OperationsTable, parse_number
from projem_workbench.gui.panels.cam_result import CamRunResult
from projem_workbench.gui.panels.cam_run import (
    ACTIVE_DOCUMENT,
    STOCK_LABELS,
    STOCK_PLACE,
    STOCK_SIDES,
    Job,
    NewCamRunPresenter,
    target,
)
from projem_workbench.gui.qt import QtWidgets, Signal

ERROR_FIELD = "border: 1px solid #b00020; background: #ffcdd2;"


class NewCamRunPanel(QtWidgets.QWidget):
    planned = Signal(object)  # the RunSpec
    finished = Signal(object)  # the CamRunView, succeeded or failed

    def __init__(
        self, workspace: Any, parent: Any = None, *, presenter: NewCamRunPresenter | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ProjemNewCamRun")
        self.setWindowTitle(translate("Projem", "New CAM run"))
        self.workspace = workspace
        self.presenter = presenter or NewCamRunPresenter(workspace)

        self.model_combo, self.version_combo = QtWidgets.QComboBox(), QtWidgets.QComboBox()
        self.machine_combo, self.material_combo = QtWidgets.QComboBox(), QtWidgets.QComboBox()
        for combo in self._combos():
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
        self.result = CamRunResult(workspace)
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

    def _combos(self) -> tuple[Any, ...]:
        return (self.model_combo, self.version_combo, self.machine_combo, self.material_combo)

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

    # -- the presenter's state, as the FreeCAD session test reads it -----------------------

    @property
    def busy(self) -> bool:
        return self.presenter.busy

    @property
    def last_run(self) -> Any:
        return self.presenter.last_run

    @property
    def stock_errors(self) -> dict[str, str]:
        return self.presenter.stock_errors

    # -- fields -----------------------------------------------------------------------------

    def get_fields(self) -> dict[str, Any]:
        """What the fields hold: the choices, the operations and stock margins as numbers, and
        the problems found reading them (a cell or margin that is not a number)."""
        operations, problems = self.operations.operations()
        stock: dict[str, Any] = {}
        for side, edit in self.stock_edits.items():
            try:
                stock[side] = parse_number(edit.text())
            except ValueError:
                problems[f"{STOCK_PLACE}{side}"] = translate(
                    "Projem", "not a number: {text}"
                ).format(text=edit.text())
        return {
            "model": self.model_combo.currentData(),
            "version": self.version_combo.currentData(),
            "machine": self.machine_combo.currentData(),
            "material": self.material_combo.currentData(),
            "operations": operations,
            "stock": stock,
            "problems": problems,
        }

    def set_fields(self) -> None:
        """Show the presenter's plan: stock margins, operations and notes, no problems."""
        for side, text in self.presenter.stock_texts().items():
            self.stock_edits[side].setText(text)
        self.operations.set_operations(self.presenter.operations())
        self.notes.setText(self.presenter.notes)
        self._show_problems({})
        self._update_buttons()

    # -- choices ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Offer the active document, the library's models, the machines and materials."""
        try:
            choices = self.presenter.choices()
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        self.operations.tool_names = choices.tools
        machines = [(name, name) for name in choices.machines]
        materials = [(name, name) for name in choices.materials]
        for combo, items in (
            (self.model_combo, choices.models),
            (self.machine_combo, machines),
            (self.material_combo, materials),
        ):
            _fill(combo, items, keep=combo.currentData())
        self._model_chosen()
        missing = self.presenter.missing_text(choices)
        if missing:
            forms.set_status(self.status, missing, ok=False)
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
        versions, error = self.presenter.versions(self.model_combo.currentData())
        if error is not None:
            forms.set_status(self.status, error, ok=False)
        _fill(self.version_combo, versions)
        self._target_changed()

    def _target(self) -> tuple[str, int] | None:
        return target(self.model_combo.currentData(), self.version_combo.currentData())

    def _target_changed(self) -> None:
        dropped = self.presenter.target_changed(self._target())
        if dropped is not None:
            self.set_fields()
            forms.set_status(self.status, dropped)
        self._update_buttons()

    def _setting_changed(self) -> None:
        if self.presenter.base is not None:
            self.check()

    def _update_buttons(self) -> None:
        enabled = self.presenter.enabled(
            model=self.model_combo.currentData(),
            version=self.version_combo.currentData(),
            rows=self.operations.rowCount(),
        )
        self.plan_button.setEnabled(enabled["plan"])
        self.run_button.setEnabled(enabled["run"])
        self.remove_button.setEnabled(enabled["remove"])
        for combo in self._combos():
            combo.setEnabled(enabled["version" if combo is self.version_combo else "choices"])

    # -- planning ---------------------------------------------------------------------------

    def plan(self) -> None:
        if self.presenter.busy:
            return
        if self.model_combo.currentData() == ACTIVE_DOCUMENT and not self._save_active():
            return
        job = self.presenter.plan_job(self.get_fields())
        if isinstance(job, str):
            forms.set_status(self.status, job, ok=False)
            return
        chosen = self._target()
        assert chosen is not None
        self._start(job, lambda spec: self._planned(spec, chosen))

    def _save_active(self) -> bool:
        """Store the active document as a library version and choose it."""
        from projem_workbench.gui.library_save import save_active_document

        try:
            saved = save_active_document(self.workspace, parent=self, ask_name=False)
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return False
        if saved is None:
            return False
        self.refresh()
        return self.choose_model(saved.version.name, saved.version.version)

    def _planned(self, spec: Any, chosen: tuple[str, int]) -> None:
        self.presenter.planned(spec, chosen)
        self.set_fields()
        checked = self.check()
        text = self.presenter.planned_text(spec, chosen)
        forms.set_status(self.status, text, ok=checked is not None)
        self.planned.emit(spec)

    def _remove_operation(self) -> None:
        self.operations.remove_selected()
        self._update_buttons()

    # -- checking ---------------------------------------------------------------------------

    def check(self) -> Any:
        """The spec as a run would resolve it, with the calculator's values shown in the blank
        cells; None, with every problem shown on its field, when something is wrong."""
        checked = self.presenter.check(self.get_fields())
        if checked is None:
            return None
        self._show_problems(checked.problems, checked.error)
        if checked.resolved is not None:
            self.operations.set_calculated(checked.resolved)
        return checked.spec

    def _show_problems(self, problems: dict[str, str], error: BaseException | None = None) -> None:
        """Each problem on its cell or stock field; the rest, or the error, listed below."""
        presenter = self.presenter
        rest = self.operations.show_errors(presenter.placed_problems(problems, error))
        rest = presenter.take_stock_problems(rest)
        for side, edit in self.stock_edits.items():
            message = presenter.stock_errors.get(side, "")
            edit.setStyleSheet(ERROR_FIELD if message else "")
            edit.setToolTip(message)
        lines = presenter.problem_lines(self.operations.error_lines(), rest, error)
        self.errors.setText("\n".join(lines))
        self.errors.setVisible(bool(lines))

    # -- running ----------------------------------------------------------------------------

    def run(self) -> None:
        if self.presenter.busy or self.presenter.planned_for is None:
            return
        spec = self.check()
        if spec is None:
            forms.set_status(
                self.status, translate("Projem", "Correct the marked fields, then Run."), ok=False
            )
            return
        self._start(self.presenter.run_job(spec, self.get_fields()), self._ran)

    def _ran(self, run: Any) -> None:
        text = self.presenter.ran(run)
        self.result.show_run(run)
        self.result_box.show()
        forms.set_status(self.status, text)
        self.finished.emit(run)

    def _failed(self, exc: BaseException) -> None:
        failure = self.presenter.failed(exc)
        if failure.recorded:
            self.result.show_run(failure.run, error=failure.error)
            self.result_box.show()
        elif isinstance(exc, ValidationError):
            self._show_problems(exc.problems, exc)
        forms.set_status(self.status, failure.status, ok=False)
        if failure.recorded and failure.run is not None:
            self.finished.emit(failure.run)

    def _start(self, job: Job, on_success: Any) -> None:
        self.presenter.busy = True
        self._update_buttons()
        forms.set_status(self.status, job.label)

        def succeeded(result: Any) -> None:
            self.presenter.busy = False
            on_success(result)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.presenter.busy = False
            self._failed(exc)
            self._update_buttons()

        worker.run_with_progress(
            self, job.label, job.work, succeeded, failed, on_thread=not self.presenter.in_process
        )


def _fill(combo: Any, items: list[tuple[str, Any]], keep: Any = None) -> None:
    """Offer ``items`` (text, value) in ``combo``, keeping ``keep`` chosen if it is there (else
    the first), without signalling the change."""
    combo.blockSignals(True)
    combo.clear()
    for text, value in items:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(combo.findData(keep), 0))
    combo.blockSignals(False)
