# SPDX-License-Identifier: LGPL-2.1-or-later
"""The Simulation panel: a CAM run's G-code simulated on a height field of the stock.

Choose the resolution, Run (on a worker thread, with a progress bar; the GUI keeps working),
and see the machined stock and the material left as pictures, the volumes, the cycle time with
acceleration beside the feed-only estimate, and the findings. Choosing a finding shows its
G-code line and marks its place in FreeCAD's 3D view. A stored simulation opens without
running again. The state and texts live in :class:`SimulationPresenter`; this page copies
them into widgets (``set_fields``) and reads the one field the user sets (``get_fields``).
"""

from __future__ import annotations

from typing import Any

from projem_workbench.errors import ProjemError
from projem_workbench.gui import forms, worker
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.panels.simulation import (
    SimulationPresenter,
    resolution_range,
)
from projem_workbench.gui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

IMAGE_WIDTH, IMAGE_HEIGHT = 330, 200  # each picture's preferred size; scaled to fit
SEVERITY_COLOURS = {"error": "#ffd6d6", "warning": "#fff1c2"}
HIGHLIGHT_COLOUR = "#ffe082"
PROGRESS_STEPS = 1000
PROGRESS_POLL_MS = 100


class Picture(QtWidgets.QLabel):
    """A PNG shown whole at the label's size, scaled again when the label is resized."""

    def __init__(self) -> None:
        super().__init__()
        self._original: Any = None
        self.setMinimumSize(120, 80)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Ignored
        )
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)

    def set_png(self, data: bytes | None) -> None:
        pixmap = QtGui.QPixmap()
        if data and pixmap.loadFromData(data):
            self._original = pixmap
            self.setToolTip(translate("Projem", "{width} × {height} px").format(
                width=pixmap.width(), height=pixmap.height()))  # fmt: skip
            self._scale()
        else:
            self._original = None
            self.clear()
            self.setToolTip("")
            self.setText(translate("Projem", "no picture yet"))

    def original(self) -> Any:
        return self._original

    def sizeHint(self) -> Any:
        return QtCore.QSize(IMAGE_WIDTH, IMAGE_HEIGHT)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._scale()

    def _scale(self) -> None:
        if self._original is not None:
            self.setPixmap(
                self._original.scaled(
                    max(self.width() - 4, 16), max(self.height() - 4, 16),
                    Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation,
                )
            )  # fmt: skip


class SimulationPanel(QtWidgets.QWidget):
    simulated = Signal(object)  # the SimRunView of a simulation that finished here

    def __init__(
        self, workspace: Any, parent: Any = None, *, presenter: SimulationPresenter | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ProjemSimulation")
        self.setWindowTitle(translate("Projem", "Simulation"))
        self.presenter = presenter or SimulationPresenter(workspace)
        # The worker thread only stores its progress (see SimulationPresenter.start); the GUI
        # thread reads it on this timer. A signal emitted from the worker thread on an object
        # of the GUI thread crashed PySide6 6.12 ("none_dealloc"), and polling needs no
        # cross-thread Qt call at all.
        self._progress_timer = QtCore.QTimer(self)
        self._progress_timer.setInterval(PROGRESS_POLL_MS)
        self._progress_timer.timeout.connect(self.show_progress)

        self.title = QtWidgets.QLabel()
        self.title.setWordWrap(True)
        self.resolution = QtWidgets.QDoubleSpinBox()
        self.resolution.setDecimals(2)
        self.resolution.setRange(*resolution_range())
        self.resolution.setSingleStep(0.05)
        self.resolution.setSuffix(" mm")
        self.resolution.setToolTip(
            translate("Projem", "Cell size of the stock's height field: finer is slower")
        )
        self.run_button = QtWidgets.QPushButton(translate("Projem", "Run"))
        self.run_button.setToolTip(
            translate("Projem", "Simulate the run's G-code on its stock with its tools")
        )
        self.stored = QtWidgets.QComboBox()
        self.stored.setObjectName("stored_simulations")
        self.stored.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.stored.setMinimumContentsLength(20)
        self.stored.setToolTip(translate("Projem", "Simulations of this run stored so far"))
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.hide()
        self.verdict = QtWidgets.QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.stock_image, self.left_image = Picture(), Picture()
        self.volumes, self.times = QtWidgets.QLabel(), QtWidgets.QLabel()
        self.counts = QtWidgets.QLabel()
        for label in (self.volumes, self.times, self.counts):
            label.setWordWrap(True)
        self.findings = forms.new_table()
        self.findings.setObjectName("findings")
        self.findings.setMinimumHeight(80)
        self.findings.setWordWrap(False)  # one line a finding; the whole message is its tooltip
        self.findings.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.gcode = QtWidgets.QPlainTextEdit()
        self.gcode.setObjectName("simulation_gcode")
        self.gcode.setReadOnly(True)
        self.gcode.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.gcode.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
        self.gcode.setMinimumHeight(80)
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        self._layout()

        self.run_button.clicked.connect(self.run)
        self.stored.activated.connect(self._stored_chosen)
        self.findings.itemSelectionChanged.connect(self._finding_chosen)
        self.set_fields()

    def _layout(self) -> None:
        top = QtWidgets.QHBoxLayout()
        top.addWidget(QtWidgets.QLabel(translate("Projem", "Resolution")))
        top.addWidget(self.resolution)
        top.addWidget(self.run_button)
        top.addSpacing(12)
        top.addWidget(QtWidgets.QLabel(translate("Projem", "Stored")))
        top.addWidget(self.stored, 1)
        # Pictures, findings and G-code share the height in a splitter: a dock beside the 3D
        # view is short, and the user decides what to see more of.
        pictures = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout(pictures)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        grid.addWidget(QtWidgets.QLabel(translate("Projem", "Machined stock")), 0, 0)
        grid.addWidget(QtWidgets.QLabel(translate("Projem", "Material left")), 0, 1)
        grid.addWidget(self.stock_image, 1, 0)
        grid.addWidget(self.left_image, 1, 1)
        grid.setRowStretch(1, 1)
        found = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(found)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.counts)
        column.addWidget(self.findings, 1)
        splitter = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        for widget, stretch in ((pictures, 3), (found, 2), (self.gcode, 2)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        splitter.setSizes([IMAGE_HEIGHT, 130, 130])
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.verdict)
        layout.addWidget(self.volumes)
        layout.addWidget(self.times)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

    # -- opening ----------------------------------------------------------------------------

    def open_run(self, cam_run_id: int) -> None:
        """Show a CAM run and its stored simulation (nothing is run)."""
        if self.presenter.running:  # its result is about to be shown here
            if cam_run_id != self.presenter.cam_run.id:
                forms.set_status(
                    self.status,
                    translate("Projem", "Wait for the simulation of run {id} to finish.").format(
                        id=self.presenter.cam_run.id
                    ),
                    ok=False,
                )
            return
        try:
            self.presenter.open_run(cam_run_id)
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        self.status.clear()
        self.set_fields()

    def open_sim(self, sim_run_id: int) -> None:
        try:
            self.presenter.open_sim(sim_run_id)
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        self.status.clear()
        self.set_fields()

    # -- fields -----------------------------------------------------------------------------

    def get_fields(self) -> dict[str, Any]:
        return {"resolution_mm": round(float(self.resolution.value()), 3)}

    def set_fields(self) -> None:
        """Show the presenter's state: run, verdict, pictures, figures, findings, G-code."""
        p = self.presenter
        self.title.setText(p.title_text())
        self.resolution.setValue(p.resolution_mm)
        self.run_button.setEnabled(p.can_run)
        self.resolution.setEnabled(not p.running)
        self.progress.setVisible(p.running)
        text, released = p.verdict()
        forms.set_status(self.verdict, text, ok=released)
        self.verdict.setStyleSheet(self.verdict.styleSheet() + " font-weight: bold;")
        self.stock_image.set_png(p.image("stock"))
        self.left_image.set_png(p.image("left"))
        self.volumes.setText(p.volumes_text())
        self.times.setText(p.times_text())
        self.counts.setText(p.counts_text())
        self._fill_stored()
        self._fill_findings()
        if self.gcode.document().blockCount() != len(p.gcode_lines) or not p.gcode_lines:
            self.gcode.setPlainText("\n".join(p.gcode_lines))
        self.gcode.setExtraSelections([])
        if p.error:
            forms.set_status(self.status, p.error, ok=False)

    def _fill_stored(self) -> None:
        p = self.presenter
        self.stored.blockSignals(True)
        self.stored.clear()
        choices = p.stored_choices()
        if not choices:
            self.stored.addItem(translate("Projem", "none yet"), None)
        for sim_id, text in choices:
            self.stored.addItem(text, sim_id)
        self.stored.setCurrentIndex(max(self.stored.findData(p.sim.id if p.sim else None), 0))
        self.stored.setEnabled(bool(choices) and not p.running)
        self.stored.blockSignals(False)

    def _stored_chosen(self, index: int) -> None:
        sim_id = self.stored.itemData(index)
        if sim_id is not None and (self.presenter.sim is None or sim_id != self.presenter.sim.id):
            self.open_sim(sim_id)

    def _fill_findings(self) -> None:
        rows = self.presenter.findings()
        headers = [
            translate("Projem", "Severity"),
            translate("Projem", "Kind"),
            translate("Projem", "Line"),
            translate("Projem", "Message"),
        ]
        severity = {"error": translate("Projem", "error"),
                    "warning": translate("Projem", "warning")}  # fmt: skip
        style = self.style()
        icons = {
            "error": style.standardIcon(QtWidgets.QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        self.findings.blockSignals(True)
        forms.fill_table(
            self.findings,
            headers,
            [
                [
                    forms.cell(severity.get(row.severity, row.severity), index),
                    row.kind,
                    "" if row.line is None else row.line,
                    row.message,
                ]
                for index, row in enumerate(rows)
            ],
        )
        for index, row in enumerate(rows):
            if row.severity in icons:
                self.findings.item(index, 0).setIcon(icons[row.severity])
            forms.colour_row(
                self.findings, index, SEVERITY_COLOURS.get(row.severity, "#ffffff"), row.message
            )
        self.findings.resizeColumnsToContents()  # again: the icons widen the first column
        self.findings.blockSignals(False)

    # -- running ----------------------------------------------------------------------------

    def run(self) -> None:
        fields = self.get_fields()
        try:
            job = self.presenter.start(fields["resolution_mm"])
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        self.progress.setValue(0)
        self.progress.setFormat(self.presenter.progress_text())
        self.status.clear()
        self.set_fields()
        self._progress_timer.start()
        worker.run_in_thread(job, self._finished, self._failed)

    def show_progress(self) -> None:
        """On the GUI thread, every PROGRESS_POLL_MS while the simulation runs."""
        if not self.presenter.running:
            return
        self.progress.setValue(round(self.presenter.progress * PROGRESS_STEPS))
        self.progress.setFormat(f"{self.presenter.progress_text()}  %p%")

    @property
    def busy(self) -> bool:
        return self.presenter.running

    def _finished(self, sim: Any) -> None:
        self._progress_timer.stop()
        self.progress.setValue(PROGRESS_STEPS)
        self.presenter.finished(sim)
        self.set_fields()
        forms.set_status(
            self.status,
            translate("Projem", "Simulation {id} stored.").format(id=sim.id),
            ok=True,
        )
        self.simulated.emit(sim)

    def _failed(self, exc: BaseException) -> None:
        self._progress_timer.stop()
        self.presenter.failed(exc)
        self.set_fields()
        if not isinstance(exc, ProjemError):  # a bug: the report view gets the traceback
            import traceback

            from projem_workbench.gui import freecad_gui

            freecad_gui.log_error("".join(traceback.format_exception(exc)))

    # -- findings ---------------------------------------------------------------------------

    def _finding_chosen(self) -> None:
        rows = {index.row() for index in self.findings.selectedIndexes()}
        row = self.presenter.select_finding(min(rows) if rows else None)
        if row is not None and row.line is not None:
            self.highlight_line(row.line)
        else:  # a finding of the whole program (material left): no line to show
            self.gcode.setExtraSelections([])

    def select_finding(self, index: int) -> None:
        self.findings.selectRow(index)

    def highlight_line(self, line: int) -> None:
        """Scroll the G-code to 1-based ``line`` and mark it."""
        block = self.gcode.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return
        cursor = QtGui.QTextCursor(block)
        self.gcode.setTextCursor(cursor)
        self.gcode.centerCursor()
        selection = QtWidgets.QTextEdit.ExtraSelection()
        char_format = QtGui.QTextCharFormat()
        char_format.setBackground(QtGui.QBrush(QtGui.QColor(HIGHLIGHT_COLOUR)))
        char_format.setProperty(QtGui.QTextFormat.Property.FullWidthSelection, True)
        selection.format = char_format
        selection.cursor = cursor
        self.gcode.setExtraSelections([selection])

    def highlighted_line(self) -> int | None:
        """The 1-based line marked in the G-code view (None: none)."""
        selections = self.gcode.extraSelections()
        return selections[0].cursor.blockNumber() + 1 if selections else None
