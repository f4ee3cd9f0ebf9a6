# SPDX-License-Identifier: LGPL-2.1-or-later
"""Editors for named records (machines, materials; tools build on it): a filtered table on the
left, the record's form on the right, New / Save / Delete / Restore. Every change goes
through the record's service, whose validation errors are shown on the field they name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from projem_workbench.db.enums import MachineType, MaterialCategory
from projem_workbench.errors import DuplicateError, ProjemError, ValidationError
from projem_workbench.gui import forms
from projem_workbench.gui.forms import FieldSpec, JsonFieldError, RecordForm
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.qt import Qt, QtWidgets, Signal
from projem_workbench.services.machines import MACHINES, search_machines
from projem_workbench.services.materials import MATERIALS, search_materials

Column = tuple[str, Callable[[Any], Any]]


class RecordPanel(QtWidgets.QWidget):
    """Subclasses name their service and say which fields, columns and filters they have."""

    saved = Signal(int)
    service: Any = None

    def __init__(self, database: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.database = database
        self.current_id: int | None = None
        self.records: dict[int, Any] = {}

        self.search_edit = QtWidgets.QLineEdit()
        self.search_edit.setPlaceholderText(translate("Projem", "Search by name…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(140)
        self.show_deleted = QtWidgets.QCheckBox(translate("Projem", "Show deleted"))
        self.table = forms.new_table()
        self.summary = QtWidgets.QLabel()
        self.form = RecordForm(self.field_specs())
        self.new_button = QtWidgets.QPushButton(translate("Projem", "New"))
        self.save_button = QtWidgets.QPushButton(translate("Projem", "Save"))
        self.delete_button = QtWidgets.QPushButton(translate("Projem", "Delete"))
        self.restore_button = QtWidgets.QPushButton(translate("Projem", "Restore"))
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        self._layout()

        self.search_edit.textChanged.connect(self.refresh)
        self.show_deleted.toggled.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.restore_button.clicked.connect(self.restore)
        self.refresh()
        self.new_record()

    # -- what subclasses provide ------------------------------------------------------------

    def field_specs(self) -> Sequence[FieldSpec]:
        raise NotImplementedError

    def columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def fetch(self, text: str, deleted: bool) -> list[Any]:
        raise NotImplementedError

    def add_filters(self, row: Any) -> None:
        """Put extra filter widgets in ``row`` (a QHBoxLayout) and connect them to refresh."""

    def add_actions(self, row: Any) -> None:
        """Put extra buttons in ``row`` (below the table)."""

    def decorate(self, row: int, record: Any) -> None:
        """Highlight a table row (e.g. low stock)."""

    def summarise(self, records: list[Any]) -> str:
        return translate("Projem", "{count} shown").format(count=len(records))

    # -- layout -----------------------------------------------------------------------------

    def _layout(self) -> None:
        filters = QtWidgets.QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        self.add_filters(filters)
        filters.addWidget(self.show_deleted)
        left = QtWidgets.QWidget()
        left_column = QtWidgets.QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(filters)
        left_column.addWidget(self.table, 1)
        below = QtWidgets.QHBoxLayout()
        below.addWidget(self.summary, 1)
        self.add_actions(below)
        left_column.addLayout(below)

        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        buttons = QtWidgets.QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button, self.restore_button):
            buttons.addWidget(button)
        right = QtWidgets.QWidget()
        right_column = QtWidgets.QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(scroll, 1)
        right_column.addLayout(buttons)
        right_column.addWidget(self.status)

        splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        outer = QtWidgets.QVBoxLayout(self)
        outer.addWidget(splitter)

    # -- behaviour --------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            records = self.fetch(self.search_edit.text().strip(), self.show_deleted.isChecked())
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        self.records = {record.id: record for record in records}
        columns = self.columns()
        rows = []
        for record in records:
            values = [getter(record) for _, getter in columns]
            rows.append([forms.cell(values[0], record.id), *values[1:]])
        forms.fill_table(self.table, [header for header, _ in columns], rows)
        for row, record in enumerate(records):
            self.decorate(row, record)
        self.summary.setText(self.summarise(records))
        if self.current_id is not None and not forms.select_row_with(self.table, self.current_id):
            self.new_record()
        self._update_buttons()

    def _selection_changed(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if not rows:
            return
        record = self.records.get(forms.row_data(self.table, min(rows)))
        if record is None:
            return
        self.current_id = record.id
        self.form.set_values(record.model_dump())
        self.status.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        deleted = self.show_deleted.isChecked()
        self.save_button.setEnabled(not deleted)
        self.new_button.setEnabled(not deleted)
        self.delete_button.setEnabled(not deleted and self.current_id is not None)
        self.restore_button.setEnabled(deleted and self.current_id is not None)

    def new_record(self) -> None:
        self.current_id = None
        self.table.clearSelection()
        self.form.set_values({})
        self._update_buttons()

    def select(self, record_id: int) -> bool:
        return forms.select_row_with(self.table, record_id)

    def save(self) -> None:
        try:
            values = self.form.values()
        except JsonFieldError as exc:
            self.form.show_errors({exc.name: str(exc)})
            forms.set_status(self.status, str(exc), ok=False)
            return
        values = self.with_defaults(values)
        try:
            if self.current_id is None:
                record = self.service.add(self.database, values)
            else:
                record = self.service.update(self.database, self.current_id, values)
        except ValidationError as exc:
            problems = exc.problems or ({exc.field: str(exc)} if exc.field else {})
            unplaced = self.form.show_errors(problems)
            text = (
                str(exc)
                if unplaced or not problems
                else translate("Projem", "Not saved: correct the fields marked in red.")
            )
            forms.set_status(self.status, text, ok=False)
            return
        except DuplicateError as exc:
            self.form.show_errors({"name": str(exc)})
            forms.set_status(self.status, str(exc), ok=False)
            return
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        self.current_id = record.id
        self.refresh()
        self.select(record.id)
        forms.set_status(self.status, translate("Projem", "Saved {name}.").format(name=record.name))
        self.saved.emit(record.id)

    def with_defaults(self, values: dict[str, Any]) -> dict[str, Any]:
        """An empty field that cannot be empty but has a default (a count, a flag) takes it."""
        fields = self.service.schema.model_fields
        result = dict(values)
        for name, value in values.items():
            info = fields.get(name)
            if value is None and info is not None and not info.is_required():
                default = info.get_default(call_default_factory=True)
                if default is not None:
                    result[name] = default
        return result

    def delete(self) -> None:
        if self.current_id is None:
            return
        self._change(
            self.service.delete, translate("Projem", "Deleted {name} (Restore brings it back).")
        )

    def restore(self) -> None:
        if self.current_id is None:
            return
        self._change(self.service.restore, translate("Projem", "Restored {name}."))

    def _change(self, action: Callable[..., Any], message: str) -> None:
        try:
            record = action(self.database, self.current_id)
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        self.current_id = None
        self.refresh()
        self.new_record()
        forms.set_status(self.status, message.format(name=record.name))


def _decimal(value: Any) -> str:
    return "" if value is None else f"{value:g}"


def _travels(machine: Any) -> str:
    return "×".join(
        _decimal(v) for v in (machine.travel_x_mm, machine.travel_y_mm, machine.travel_z_mm)
    )


class MachinesPanel(RecordPanel):
    service = MACHINES

    def field_specs(self) -> Sequence[FieldSpec]:
        return [
            FieldSpec("name", translate("Projem", "Name")),
            FieldSpec("machine_type", translate("Projem", "Machine type"), "choice",
                      [m.value for m in MachineType]),
            FieldSpec("controller", translate("Projem", "Controller")),
            FieldSpec("post_processor", translate("Projem", "Post-processor")),
            FieldSpec("travel_x_mm", translate("Projem", "Travel X (mm)")),
            FieldSpec("travel_y_mm", translate("Projem", "Travel Y (mm)")),
            FieldSpec("travel_z_mm", translate("Projem", "Travel Z (mm)")),
            FieldSpec("max_spindle_rpm", translate("Projem", "Maximum spindle speed (rpm)")),
            FieldSpec("max_feed_mm_min", translate("Projem", "Maximum feed (mm/min)")),
            FieldSpec("rapid_mm_min", translate("Projem", "Rapid (mm/min)")),
            FieldSpec("acceleration_mm_s2", translate("Projem", "Acceleration (mm/s²)")),
            FieldSpec("tool_changer_slots", translate("Projem", "Tool changer slots")),
            FieldSpec("spindle_power_kw", translate("Projem", "Spindle power (kW)")),
            FieldSpec("is_active", translate("Projem", "In service"), "flag"),
            FieldSpec("notes", translate("Projem", "Notes"), "notes"),
        ]  # fmt: skip

    def columns(self) -> Sequence[Column]:
        return [
            (translate("Projem", "Name"), lambda m: m.name),
            (translate("Projem", "Type"), lambda m: m.machine_type.value),
            (translate("Projem", "Controller"), lambda m: m.controller),
            (translate("Projem", "Travels X×Y×Z (mm)"), _travels),
            (translate("Projem", "Spindle (rpm)"), lambda m: m.max_spindle_rpm),
            (translate("Projem", "In service"),
             lambda m: translate("Projem", "yes") if m.is_active else translate("Projem", "no")),
        ]  # fmt: skip

    def fetch(self, text: str, deleted: bool) -> list[Any]:
        return search_machines(self.database, text=text or None, deleted=deleted)


class MaterialsPanel(RecordPanel):
    service = MATERIALS

    def field_specs(self) -> Sequence[FieldSpec]:
        return [
            FieldSpec("name", translate("Projem", "Name")),
            FieldSpec("category", translate("Projem", "Category"), "choice",
                      [c.value for c in MaterialCategory]),
            FieldSpec("iso_group", translate("Projem", "ISO group"), "choice", list("PMKNSH")),
            FieldSpec("hardness", translate("Projem", "Hardness")),
            FieldSpec("density_g_cm3", translate("Projem", "Density (g/cm³)")),
            FieldSpec("machinability", translate("Projem", "Machinability (%)")),
            FieldSpec("cutting_data", translate("Projem", "Cutting data (JSON)"), "json"),
            FieldSpec("notes", translate("Projem", "Notes"), "notes"),
        ]  # fmt: skip

    def columns(self) -> Sequence[Column]:
        return [
            (translate("Projem", "Name"), lambda m: m.name),
            (translate("Projem", "Category"), lambda m: m.category.value),
            (translate("Projem", "ISO group"), lambda m: m.iso_group),
            (translate("Projem", "Hardness"), lambda m: m.hardness),
            (translate("Projem", "Cutting data"),
             lambda m: ", ".join(sorted(k for k in m.cutting_data if not k.startswith("_")))),
        ]  # fmt: skip

    def fetch(self, text: str, deleted: bool) -> list[Any]:
        return search_materials(self.database, text=text or None, deleted=deleted)
