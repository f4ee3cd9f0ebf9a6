# SPDX-License-Identifier: LGPL-2.1-or-later
"""The tool library: filters (text, type, tool material, diameter range, low stock), tools low
on stock highlighted, each tool's T number, the edit form, and import/export of FreeCAD tool
libraries (.fctl), LinuxCNC tool tables (.tbl), CSV and JSON through the tool-file service."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from projem_workbench import freecad_env
from projem_workbench.db.enums import ToolMaterial, ToolType
from projem_workbench.errors import ProjemError
from projem_workbench.gui import forms
from projem_workbench.gui.forms import FieldSpec
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.panels.records import Column, RecordPanel, _decimal
from projem_workbench.gui.qt import QtWidgets
from projem_workbench.interchange import assumed_fields
from projem_workbench.interchange.freecad_toolbits import FLAVOURS
from projem_workbench.services.tool_files import export_tool_file, import_tool_file
from projem_workbench.services.tools import TOOLS, search_tools

IMPORT_FILTERS = ";;".join(
    (
        "FreeCAD (*.fctl *.fctb)",
        "LinuxCNC (*.tbl)",
        "CSV (*.csv)",
        "JSON (*.json)",
    )
)
EXPORT_FILTERS = {  # file dialog filter -> suffix added when the name has none
    "FreeCAD (*.fctl)": ".fctl",
    "LinuxCNC (*.tbl)": ".tbl",
    "CSV (*.csv)": ".csv",
    "JSON (*.json)": ".json",
}


def is_low_on_stock(tool: Any) -> bool:
    return tool.min_stock > 0 and tool.quantity_on_hand < tool.min_stock


def freecad_flavour() -> str:
    """The ToolBit layout of the running FreeCAD (1.1 outside FreeCAD)."""
    version = freecad_env.freecad_version() or "1.1"
    major_minor = ".".join(version.split(".")[:2])
    if major_minor in FLAVOURS:
        return major_minor
    return "0.20" if version.startswith("0.") else "1.1"  # 0.21 writes 0.20's layout


class ToolLibraryPanel(RecordPanel):
    service = TOOLS

    def add_filters(self, row: Any) -> None:
        self.type_filter = QtWidgets.QComboBox()
        self.type_filter.addItem(translate("Projem", "All types"), None)
        for value in ToolType:
            self.type_filter.addItem(value.value, value.value)
        self.material_filter = QtWidgets.QComboBox()
        self.material_filter.addItem(translate("Projem", "All tool materials"), None)
        for value in ToolMaterial:
            self.material_filter.addItem(value.value, value.value)
        self.diameter_min = QtWidgets.QLineEdit()
        self.diameter_min.setPlaceholderText(translate("Projem", "Ø from"))
        self.diameter_max = QtWidgets.QLineEdit()
        self.diameter_max.setPlaceholderText(translate("Projem", "Ø to"))
        for edit in (self.diameter_min, self.diameter_max):
            edit.setMaximumWidth(70)
            edit.textChanged.connect(self.refresh)
        self.low_stock_only = QtWidgets.QCheckBox(translate("Projem", "Low stock"))
        self.type_filter.currentIndexChanged.connect(self.refresh)
        self.material_filter.currentIndexChanged.connect(self.refresh)
        self.low_stock_only.toggled.connect(self.refresh)
        for widget in (
            self.type_filter,
            self.material_filter,
            self.diameter_min,
            self.diameter_max,
            self.low_stock_only,
        ):
            row.addWidget(widget)

    def add_actions(self, row: Any) -> None:
        self.import_button = QtWidgets.QPushButton(translate("Projem", "Import…"))
        self.export_button = QtWidgets.QPushButton(translate("Projem", "Export…"))
        self.import_button.setToolTip(
            translate(
                "Projem",
                "Add or update tools from a FreeCAD tool library, LinuxCNC tool table, CSV or JSON",
            )
        )
        self.export_button.setToolTip(
            translate(
                "Projem",
                "Write every tool as a FreeCAD tool library, LinuxCNC tool table, CSV or JSON",
            )
        )
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        row.addWidget(self.import_button)
        row.addWidget(self.export_button)

    def field_specs(self) -> Sequence[FieldSpec]:
        return [
            FieldSpec("name", translate("Projem", "Name")),
            FieldSpec("tool_number", translate("Projem", "Tool number (T)")),
            FieldSpec("tool_type", translate("Projem", "Tool type"), "choice",
                      [v.value for v in ToolType]),
            FieldSpec("tool_material", translate("Projem", "Tool material"), "choice",
                      [v.value for v in ToolMaterial]),
            FieldSpec("diameter_mm", translate("Projem", "Diameter (mm)")),
            FieldSpec("flutes", translate("Projem", "Flutes")),
            FieldSpec("flute_length_mm", translate("Projem", "Flute length (mm)")),
            FieldSpec("overall_length_mm", translate("Projem", "Overall length (mm)")),
            FieldSpec("shank_diameter_mm", translate("Projem", "Shank diameter (mm)")),
            FieldSpec("corner_radius_mm", translate("Projem", "Corner radius (mm)")),
            FieldSpec("tip_angle_deg", translate("Projem", "Tip angle (°)")),
            FieldSpec("coating", translate("Projem", "Coating")),
            FieldSpec("manufacturer", translate("Projem", "Manufacturer")),
            FieldSpec("part_number", translate("Projem", "Part number")),
            FieldSpec("quantity_on_hand", translate("Projem", "On hand")),
            FieldSpec("min_stock", translate("Projem", "Minimum stock")),
            FieldSpec("location", translate("Projem", "Location")),
            FieldSpec("freecad_shape", translate("Projem", "FreeCAD shape")),
        ]  # fmt: skip

    def columns(self) -> Sequence[Column]:
        return [
            (translate("Projem", "Name"), lambda x: x.name),
            (translate("Projem", "T"), lambda x: x.tool_number),
            (translate("Projem", "Type"), lambda x: x.tool_type.value),
            (translate("Projem", "Material"), lambda x: x.tool_material.value),
            (translate("Projem", "Ø (mm)"), lambda x: _decimal(x.diameter_mm)),
            (translate("Projem", "Flutes"), lambda x: x.flutes),
            (translate("Projem", "On hand"), lambda x: x.quantity_on_hand),
            (translate("Projem", "Minimum"), lambda x: x.min_stock),
            (translate("Projem", "Location"), lambda x: x.location),
        ]

    def fetch(self, text: str, deleted: bool) -> list[Any]:
        chosen_type = self.type_filter.currentData()
        chosen_material = self.material_filter.currentData()
        return search_tools(
            self.database,
            text=text or None,
            tool_types=[chosen_type] if chosen_type else [],
            tool_materials=[chosen_material] if chosen_material else [],
            diameter_min=self.diameter_min.text().strip().replace(",", ".") or None,
            diameter_max=self.diameter_max.text().strip().replace(",", ".") or None,
            low_stock=self.low_stock_only.isChecked(),
            deleted=deleted,
        )

    def with_defaults(self, values: dict[str, Any]) -> dict[str, Any]:
        """Also leaves out a value Projem assumed that the form shows unchanged, so saving
        another field does not pass the guess off as the user's (it stays ``assumed``)."""
        values = super().with_defaults(values)
        if self.current_id is None:
            return values
        try:
            stored = self.service.get(self.database, self.current_id)
        except ProjemError:
            return values
        for name in assumed_fields(stored.params or {}):
            value = getattr(stored, name, None)
            if name in values and values[name] == str(getattr(value, "value", value)):
                del values[name]
        return values

    def decorate(self, row: int, record: Any) -> None:
        if is_low_on_stock(record):
            tip = translate("Projem", "Low stock: {on_hand} on hand, minimum {minimum}").format(
                on_hand=record.quantity_on_hand, minimum=record.min_stock
            )
            forms.colour_row(self.table, row, forms.LOW_STOCK_COLOUR, tip)

    def summarise(self, records: list[Any]) -> str:
        low = sum(1 for record in records if is_low_on_stock(record))
        text = translate("Projem", "{count} shown").format(count=len(records))
        if low:
            text += " · " + translate("Projem", "{low} low on stock").format(low=low)
        return text

    # -- files ------------------------------------------------------------------------------

    def import_file(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, translate("Projem", "Import tools"), "", IMPORT_FILTERS
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        try:
            with forms.wait_cursor():
                report = import_tool_file(self.database, path)
            taken = [r for r in report.rejected if r.number_taken]
            if not report.written and taken:
                clashes = "\n".join(f"{r.name}: {r.reason}" for r in taken[:10])
                answer = QtWidgets.QMessageBox.question(
                    self,
                    translate("Projem", "Import tools"),
                    translate(
                        "Projem",
                        "{count} tool(s) in the file have a number another tool already "
                        "has:\n\n{clashes}\n\nGive them the next free numbers?",
                    ).format(count=len(taken), clashes=clashes),
                )
                if answer != QtWidgets.QMessageBox.StandardButton.Yes:
                    forms.set_status(
                        self.status, translate("Projem", "Nothing was imported."), ok=False
                    )
                    return
                renumber = True
                with forms.wait_cursor():
                    report = import_tool_file(self.database, path, renumber=True)
            else:
                renumber = False
            if not report.written:
                rejected = "\n".join(f"{r.name}: {r.reason}" for r in report.rejected[:10])
                answer = QtWidgets.QMessageBox.question(
                    self,
                    translate("Projem", "Import tools"),
                    translate(
                        "Projem",
                        "{count} tool(s) in the file were refused:\n\n{rejected}\n\n"
                        "Import the other tools anyway?",
                    ).format(count=len(report.rejected), rejected=rejected),
                )
                if answer != QtWidgets.QMessageBox.StandardButton.Yes:
                    forms.set_status(
                        self.status, translate("Projem", "Nothing was imported."), ok=False
                    )
                    return
                with forms.wait_cursor():
                    report = import_tool_file(
                        self.database, path, skip_invalid=True, renumber=renumber
                    )
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        self.refresh()
        text = translate("Projem", "Imported {file}: {summary}").format(
            file=path.name, summary=report.summary()
        )
        if report.notes:
            text += "\n" + "\n".join(report.notes[:20])
        forms.set_status(self.status, text)

    def export_file(self) -> None:
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(
            self, translate("Projem", "Export tools"), "", ";;".join(EXPORT_FILTERS)
        )
        if path:
            target = Path(path)
            if not target.suffix and chosen in EXPORT_FILTERS:
                target = target.with_suffix(EXPORT_FILTERS[chosen])
            self.export_path(target)

    def export_path(self, path: Path) -> None:
        try:
            with forms.wait_cursor():
                report = export_tool_file(self.database, path, flavour=freecad_flavour())
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        text = translate("Projem", "Exported {count} tools to {path}").format(
            count=report.count, path=report.path
        )
        if report.notes:
            text += "\n" + "\n".join(report.notes)
        forms.set_status(self.status, text)
