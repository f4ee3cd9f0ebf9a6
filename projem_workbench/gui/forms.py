# SPDX-License-Identifier: LGPL-2.1-or-later
"""Widgets the panels share: a record form with an error line under each field (explicit
get/set between widgets and a plain dict), status lines, a wait cursor and table cells."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from projem_workbench.gui.i18n import translate
from projem_workbench.gui.qt import USER_ROLE, Qt, QtGui, QtWidgets

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"
LOW_STOCK_COLOUR = "#ffd6d6"


@dataclass(frozen=True)
class FieldSpec:
    """One editable field: ``kind`` is text, number, integer, choice, flag, notes or json."""

    name: str
    label: str
    kind: str = "text"
    choices: Sequence[str] = field(default_factory=tuple)
    optional: bool = True  # a choice that may be left unset


class JsonFieldError(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


class RecordForm(QtWidgets.QWidget):
    """Editors for ``specs`` in a form layout; each field has its own error line."""

    def __init__(self, specs: Sequence[FieldSpec], parent: Any = None) -> None:
        super().__init__(parent)
        self.specs = list(specs)
        self.editors: dict[str, Any] = {}
        self.errors: dict[str, Any] = {}
        layout = QtWidgets.QFormLayout(self)
        for spec in self.specs:
            editor = self._editor(spec)
            editor.setObjectName(f"field_{spec.name}")
            error = QtWidgets.QLabel()
            error.setObjectName(f"error_{spec.name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            box = QtWidgets.QWidget()
            column = QtWidgets.QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(editor)
            column.addWidget(error)
            layout.addRow(spec.label, box)
            self.editors[spec.name] = editor
            self.errors[spec.name] = error

    @staticmethod
    def _editor(spec: FieldSpec) -> Any:
        if spec.kind == "choice":
            combo = QtWidgets.QComboBox()
            if spec.optional:
                combo.addItem("", None)
            for value in spec.choices:
                combo.addItem(value, value)
            return combo
        if spec.kind == "flag":
            return QtWidgets.QCheckBox()
        if spec.kind in ("notes", "json"):
            edit = QtWidgets.QPlainTextEdit()
            edit.setMaximumHeight(90 if spec.kind == "notes" else 140)
            return edit
        return QtWidgets.QLineEdit()

    def set_values(self, values: dict[str, Any]) -> None:
        self.clear_errors()
        for spec in self.specs:
            editor, value = self.editors[spec.name], values.get(spec.name)
            if spec.kind == "choice":
                index = editor.findData(None if value is None else str(value))
                editor.setCurrentIndex(max(index, 0))
            elif spec.kind == "flag":
                editor.setChecked(bool(value) if value is not None else True)
            elif spec.kind == "json":
                editor.setPlainText(
                    json.dumps(value, indent=2, ensure_ascii=False) if value else ""
                )
            elif spec.kind == "notes":
                editor.setPlainText("" if value is None else str(value))
            else:
                editor.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        """What the user typed: text stripped, empty as None, JSON parsed (numbers are left
        as text for the service's validation to judge and name)."""
        result: dict[str, Any] = {}
        for spec in self.specs:
            editor = self.editors[spec.name]
            if spec.kind == "choice":
                result[spec.name] = editor.currentData()
            elif spec.kind == "flag":
                result[spec.name] = editor.isChecked()
            elif spec.kind in ("notes", "json"):
                text = editor.toPlainText().strip()
                if spec.kind == "json":
                    try:
                        result[spec.name] = json.loads(text) if text else {}
                    except json.JSONDecodeError as exc:
                        raise JsonFieldError(
                            spec.name,
                            translate("Projem", "not valid JSON: {reason}").format(reason=exc.msg),
                        ) from None
                else:
                    result[spec.name] = text or None
            else:
                result[spec.name] = editor.text().strip() or None
        return result

    def show_errors(self, problems: dict[str, str]) -> list[str]:
        """Show each message on its field; returns the messages that match no field."""
        self.clear_errors()
        unplaced = []
        for name, message in problems.items():
            if name in self.errors:
                self.errors[name].setText(message)
                self.errors[name].show()
                self.editors[name].setToolTip(message)
            else:
                unplaced.append(message)
        return unplaced

    def clear_errors(self) -> None:
        for name, label in self.errors.items():
            label.clear()
            label.hide()
            self.editors[name].setToolTip("")

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return str(label.text()) if not label.isHidden() else ""


def set_status(label: Any, text: str, *, ok: bool = True) -> None:
    label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
    label.setText(text)


@contextlib.contextmanager
def wait_cursor() -> Iterator[None]:
    QtWidgets.QApplication.setOverrideCursor(QtGui.QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QtWidgets.QApplication.restoreOverrideCursor()


def cell(value: Any, data: Any = None) -> Any:
    """A read-only table cell showing ``value`` (None as empty), carrying ``data``."""
    item = QtWidgets.QTableWidgetItem("" if value is None else str(value))
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if data is not None:
        item.setData(USER_ROLE, data)
    return item


def fill_table(table: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Replace ``table``'s content; each row's first cell carries the row's id in its data."""
    table.setSortingEnabled(False)
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setRowCount(len(rows))
    for row_number, row in enumerate(rows):
        for column, value in enumerate(row):
            table.setItem(
                row_number,
                column,
                value if isinstance(value, QtWidgets.QTableWidgetItem) else cell(value),
            )
    table.resizeColumnsToContents()


def new_table() -> Any:
    table = QtWidgets.QTableWidget()
    table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def row_data(table: Any, row: int) -> Any:
    item = table.item(row, 0)
    return item.data(USER_ROLE) if item is not None else None


def select_row_with(table: Any, data: Any) -> bool:
    for row in range(table.rowCount()):
        if row_data(table, row) == data:
            table.selectRow(row)
            return True
    return False


def colour_row(table: Any, row: int, colour: str, tip: str) -> None:
    brush = QtGui.QBrush(QtGui.QColor(colour))
    for column in range(table.columnCount()):
        item = table.item(row, column)
        if item is not None:
            item.setBackground(brush)
            item.setToolTip(tip)
