# SPDX-License-Identifier: LGPL-2.1-or-later
"""The operations of a CAM run spec as an editable table: name, type, tool, faces, speeds and
feeds, stepdown, stepover and final depth, each cell editable.

A blank speed, feed or depth cell means "the calculator decides": it shows the calculator's
value in grey italics (as the run would use it) until the user types a value of their own.
Each row keeps the planned operation, so the fields without a column (side, finishing,
coolant, start depth, pecking, why) go back into the spec unchanged. Errors are shown on the
offending cell (red, the message as its tooltip) or, when they name no field, on the row.
"""

from __future__ import annotations

import copy
from typing import Any, NamedTuple

from projem_workbench.cam.operations import OPERATIONS
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.qt import USER_ROLE, QtGui, QtWidgets

OPERATION_ROLE = USER_ROLE  # on the name cell: the planned operation (a dict)
CALCULATED_ROLE = USER_ROLE + 1  # on a calculated cell: the calculator's value
ERROR_COLOUR = "#ffcdd2"
CALCULATED_COLOUR = "#7a7a7a"
TYPES = tuple(OPERATIONS)


class Column(NamedTuple):
    key: str
    kind: str  # text, type, tool, faces or number
    calculated: bool = False


COLUMNS = (
    Column("name", "text"),
    Column("type", "type"),
    Column("tool", "tool"),
    Column("faces", "faces"),
    Column("spindle_rpm", "number", calculated=True),
    Column("feed_mm_min", "number", calculated=True),
    Column("plunge_mm_min", "number", calculated=True),
    Column("stepdown_mm", "number", calculated=True),
    Column("stepover_percent", "number", calculated=True),
    Column("final_depth_mm", "number"),
)
KEYS = [column.key for column in COLUMNS]


def headers() -> list[str]:
    return [
        translate("Projem", "Operation"),
        translate("Projem", "Type"),
        translate("Projem", "Tool"),
        translate("Projem", "Faces"),
        translate("Projem", "Spindle (rpm)"),
        translate("Projem", "Feed (mm/min)"),
        translate("Projem", "Plunge (mm/min)"),
        translate("Projem", "Stepdown (mm)"),
        translate("Projem", "Stepover (%)"),
        translate("Projem", "Final depth (Z mm)"),
    ]


def number_text(value: Any) -> str:
    return "" if value is None else f"{float(value):g}"


def parse_number(text: str) -> float | None:
    """A number as typed (a decimal comma is accepted); None when blank; ValueError else."""
    text = text.strip().replace(",", ".")
    return None if not text else float(text)


class CellDelegate(QtWidgets.QStyledItemDelegate):
    """Choice editors for the type and tool columns; calculator values drawn in blank cells."""

    def __init__(self, table: OperationsTable) -> None:
        super().__init__(table)
        self.table = table

    def createEditor(self, parent: Any, option: Any, index: Any) -> Any:
        kind = COLUMNS[index.column()].kind
        if kind not in ("type", "tool"):
            return super().createEditor(parent, option, index)
        combo = QtWidgets.QComboBox(parent)
        combo.addItems(list(TYPES) if kind == "type" else self.table.tool_names)
        combo.setEditable(kind == "tool")  # a tool may be typed; the run checks it exists
        return combo

    def setEditorData(self, editor: Any, index: Any) -> None:
        if isinstance(editor, QtWidgets.QComboBox):
            text = str(index.data() or "")
            found = editor.findText(text)
            if found >= 0:
                editor.setCurrentIndex(found)
            elif editor.isEditable():
                editor.setEditText(text)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: Any, model: Any, index: Any) -> None:
        if isinstance(editor, QtWidgets.QComboBox):
            model.setData(index, editor.currentText().strip())
            return
        super().setModelData(editor, model, index)

    def initStyleOption(self, option: Any, index: Any) -> None:
        super().initStyleOption(option, index)
        calculated = index.data(CALCULATED_ROLE)
        if not str(index.data() or "").strip() and calculated is not None:
            option.text = number_text(calculated)
            font = QtGui.QFont(option.font)
            font.setItalic(True)
            option.font = font
            palette = QtGui.QPalette(option.palette)
            palette.setColor(QtGui.QPalette.ColorRole.Text, QtGui.QColor(CALCULATED_COLOUR))
            option.palette = palette


class OperationsTable(QtWidgets.QTableWidget):
    """The spec's operations; :meth:`operations` reads them back for ``parse_spec``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.tool_names: list[str] = []
        self.errors: dict[tuple[int, str], str] = {}  # (row, key or "") -> message
        self._filling = False
        self.setHorizontalHeaderLabels(headers())
        self.setItemDelegate(CellDelegate(self))
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.setMinimumHeight(160)
        self.itemChanged.connect(self._edited)

    def cell(self, row: int, key: str) -> Any:
        return self.item(row, KEYS.index(key))

    # -- filling ----------------------------------------------------------------------------

    def set_operations(self, operations: list[dict[str, Any]]) -> None:
        """Show the planned operations (``OperationSpec`` dumps); clears calculator values."""
        self._filling = True
        try:
            self.errors.clear()
            self.setRowCount(len(operations))
            for row, op in enumerate(operations):
                for column, spec in enumerate(COLUMNS):
                    value = op.get(spec.key)
                    if spec.kind == "faces":
                        text = ", ".join(value or [])
                    elif spec.kind == "number":
                        text = number_text(value)
                    else:
                        text = "" if value is None else str(value)
                    item = QtWidgets.QTableWidgetItem(text)
                    item.setToolTip(op.get("why") or "")
                    self.setItem(row, column, item)
                self.item(row, 0).setData(OPERATION_ROLE, copy.deepcopy(op))
        finally:
            self._filling = False
        self.resizeColumnsToContents()

    def set_calculated(self, resolved: list[dict[str, Any]]) -> None:
        """Show what the calculator gives for each blank speed, feed and depth cell."""
        self._filling = True
        try:
            for row, op in enumerate(resolved[: self.rowCount()]):
                for spec in COLUMNS:
                    if not spec.calculated:
                        continue
                    item = self.cell(row, spec.key)
                    from_calculator = (op.get("source") or {}).get(spec.key) == "calculator"
                    item.setData(CALCULATED_ROLE, op.get(spec.key) if from_calculator else None)
        finally:
            self._filling = False
        self._repaint_errors()
        self.viewport().update()

    def calculated_value(self, row: int, key: str) -> Any:
        return self.cell(row, key).data(CALCULATED_ROLE)

    def shown_text(self, row: int, key: str) -> str:
        """What the cell shows: its text, else the calculator's value."""
        text = self.cell(row, key).text()
        calculated = self.calculated_value(row, key)
        return text if text.strip() or calculated is None else number_text(calculated)

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.selectedIndexes()}, reverse=True)
        for row in rows:
            self.removeRow(row)
        self.errors.clear()
        self._repaint_errors()

    # -- reading ----------------------------------------------------------------------------

    def operations(self) -> tuple[list[dict[str, Any]], dict[str, str]]:
        """The operations as typed, for ``parse_spec``, and the problems found reading them
        (keyed ``operations.<row>.<field>``: a cell that is not a number)."""
        operations, problems = [], {}
        for row in range(self.rowCount()):
            op = copy.deepcopy(self.item(row, 0).data(OPERATION_ROLE) or {})
            for spec in COLUMNS:
                text = self.cell(row, spec.key).text().strip()
                if spec.kind == "faces":
                    op[spec.key] = [f for f in text.replace(";", ",").replace(" ", ",").split(",")
                                    if f]  # fmt: skip
                elif spec.kind == "number":
                    try:
                        op[spec.key] = parse_number(text)
                    except ValueError:
                        problems[f"operations.{row}.{spec.key}"] = translate(
                            "Projem", "not a number: {text}"
                        ).format(text=text)
                else:
                    op[spec.key] = text
            operations.append(op)
        return operations, problems

    # -- errors -----------------------------------------------------------------------------

    def show_errors(self, problems: dict[str, str]) -> dict[str, str]:
        """Mark each ``operations.<row>[.<field>]`` problem on its cell or row; returns the
        problems that belong to no row."""
        self.errors.clear()
        self.clearSelection()  # the selection's colour would hide the marks
        rest = {}
        for place, message in problems.items():
            parts = place.split(".")
            if parts[0] != "operations" or len(parts) < 2 or not parts[1].isdigit():
                rest[place] = message
                continue
            row = int(parts[1])
            if row >= self.rowCount():
                rest[place] = message
                continue
            key = parts[2] if len(parts) > 2 and parts[2] in KEYS else ""
            self.errors[(row, key)] = message
        self._repaint_errors()
        if self.errors:
            row, key = min(self.errors)
            self.scrollToItem(self.cell(row, key or "name"))
        return rest

    def clear_errors(self) -> None:
        self.errors.clear()
        self._repaint_errors()

    def error_at(self, row: int, key: str = "") -> str:
        return self.errors.get((row, key), "")

    def error_lines(self) -> list[str]:
        lines = []
        for (row, key), message in sorted(self.errors.items()):
            name = self.cell(row, "name").text()
            where = translate("Projem", "row {row} ({name})").format(row=row + 1, name=name)
            if key:
                where += f", {headers()[KEYS.index(key)]}"
            lines.append(f"{where}: {message}")
        return lines

    def _repaint_errors(self) -> None:
        self._filling = True
        try:
            for row in range(self.rowCount()):
                why = (self.item(row, 0).data(OPERATION_ROLE) or {}).get("why") or ""
                row_error = self.errors.get((row, ""))
                for column, spec in enumerate(COLUMNS):
                    item = self.item(row, column)
                    message = self.errors.get((row, spec.key)) or (
                        row_error if column == 0 else None
                    )
                    item.setBackground(
                        QtGui.QBrush(QtGui.QColor(ERROR_COLOUR)) if message else QtGui.QBrush()
                    )
                    item.setToolTip(message or self._tip(row, spec, why))
        finally:
            self._filling = False

    def _tip(self, row: int, spec: Column, why: str) -> str:
        calculated = self.calculated_value(row, spec.key) if spec.calculated else None
        if calculated is not None and not self.cell(row, spec.key).text().strip():
            note = translate("Projem", "Blank: the calculator's value, {value}").format(
                value=number_text(calculated)
            )
            return f"{note}\n{why}" if why else note
        return why

    def _edited(self, item: Any) -> None:
        """An edited cell is no longer marked wrong (the next check judges it again)."""
        if self._filling:
            return
        key = KEYS[item.column()]
        if self.errors.pop((item.row(), key), None) is not None:
            self._repaint_errors()
