# SPDX-License-Identifier: LGPL-2.1-or-later
"""The model library dock: search models, see every version with its metadata and thumbnail,
open a version in FreeCAD, compare two versions, delete and restore versions."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs

from projem_workbench.errors import ProjemError
from projem_workbench.gui import forms, freecad_gui
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.qt import Qt, QtGui, QtWidgets, Signal
from projem_workbench.services import model_library

THUMBNAIL_SIZE = 160
# Files opened from the library -> the model they came from (the save dialog proposes it).
OPENED: dict[str, str] = {}


def opened_copy_path(name: str, version: int) -> Path:
    """Where a version is copied to be opened (a per-user cache; the library keeps the original)."""
    safe = re.sub(r"[^\w.-]+", "_", name).strip("._") or "model"
    folder = Path(platformdirs.user_cache_dir("Projem", appauthor=False)) / "models"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{safe}-v{version}.FCStd"


def _size(size_bytes: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size_bytes < 1024 or unit == "GiB":
            return f"{size_bytes:.0f} {unit}" if unit == "B" else f"{size_bytes:.1f} {unit}"
        size_bytes /= 1024  # type: ignore[assignment]
    return str(size_bytes)


def _local_time(moment: Any) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class ModelLibraryPanel(QtWidgets.QWidget):
    opened = Signal(str)

    def __init__(
        self,
        workspace: Any,
        opener: Callable[[Path], Any] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.workspace, self.database = workspace, workspace.database
        self.opener = opener or freecad_gui.open_document
        self.versions: dict[int, Any] = {}

        self.search_edit = QtWidgets.QLineEdit()
        self.search_edit.setPlaceholderText(translate("Projem", "Search models…"))
        self.search_edit.setClearButtonEnabled(True)
        self.show_deleted = QtWidgets.QCheckBox(translate("Projem", "Show deleted"))
        self.models_table = forms.new_table()
        self.versions_table = forms.new_table()
        self.versions_table.setSelectionMode(
            QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection
        )
        self.thumbnail = QtWidgets.QLabel()
        self.thumbnail.setFixedSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.details = QtWidgets.QPlainTextEdit()
        self.details.setReadOnly(True)
        self.open_button = QtWidgets.QPushButton(translate("Projem", "Open"))
        self.diff_button = QtWidgets.QPushButton(translate("Projem", "Compare"))
        self.diff_button.setToolTip(translate("Projem", "Select two versions to compare them"))
        self.delete_button = QtWidgets.QPushButton(translate("Projem", "Delete"))
        self.restore_button = QtWidgets.QPushButton(translate("Projem", "Restore"))
        self.refresh_button = QtWidgets.QPushButton(translate("Projem", "Refresh"))
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        self._layout()

        self.search_edit.textChanged.connect(self.refresh)
        self.show_deleted.toggled.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.models_table.itemSelectionChanged.connect(self._model_selected)
        self.versions_table.itemSelectionChanged.connect(self._versions_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.diff_button.clicked.connect(self.compare_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.refresh()

    def _layout(self) -> None:
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.show_deleted)
        top.addWidget(self.refresh_button)
        info = QtWidgets.QHBoxLayout()
        info.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignTop)
        info.addWidget(self.details, 1)
        buttons = QtWidgets.QHBoxLayout()
        for button in (self.open_button, self.diff_button, self.delete_button, self.restore_button):
            buttons.addWidget(button)
        splitter = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.models_table)
        splitter.addWidget(self.versions_table)
        lower = QtWidgets.QWidget()
        lower_column = QtWidgets.QVBoxLayout(lower)
        lower_column.setContentsMargins(0, 0, 0, 0)
        lower_column.addLayout(info)
        lower_column.addLayout(buttons)
        lower_column.addWidget(self.status)
        splitter.addWidget(lower)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    # -- models and versions ----------------------------------------------------------------

    def current_model(self) -> str | None:
        rows = {index.row() for index in self.models_table.selectedIndexes()}
        return forms.row_data(self.models_table, min(rows)) if rows else None

    def selected_versions(self) -> list[Any]:
        rows = sorted({index.row() for index in self.versions_table.selectedIndexes()})
        found = [self.versions.get(forms.row_data(self.versions_table, row)) for row in rows]
        return sorted((v for v in found if v is not None), key=lambda v: v.version)

    def refresh(self) -> None:
        keep = self.current_model()
        try:
            models = model_library.list_models(
                self.database,
                text=self.search_edit.text().strip() or None,
                include_deleted=self.show_deleted.isChecked(),
            )
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        headers = [
            translate("Projem", "Model"),
            translate("Projem", "Newest version"),
            translate("Projem", "Saved"),
        ]
        rows = [[forms.cell(m.name, m.name), m.version, _local_time(m.created_at)] for m in models]
        forms.fill_table(self.models_table, headers, rows)
        if not (keep and forms.select_row_with(self.models_table, keep)):
            self._show_versions(None)
        self._update_buttons()

    def select_model(self, name: str) -> bool:
        return forms.select_row_with(self.models_table, name)

    def _model_selected(self) -> None:
        self._show_versions(self.current_model())

    def _show_versions(self, name: str | None) -> None:
        versions = []
        if name is not None:
            try:
                versions = model_library.versions(self.database, name)
            except ProjemError as exc:
                forms.set_status(self.status, str(exc), ok=False)
        if not self.show_deleted.isChecked():
            versions = [v for v in versions if not v.is_deleted]
        self.versions = {v.version: v for v in versions}
        headers = [
            translate("Projem", "Version"),
            translate("Projem", "Saved"),
            translate("Projem", "Size"),
            translate("Projem", "FreeCAD"),
            translate("Projem", "Objects"),
            translate("Projem", "Volume (mm³)"),
            translate("Projem", "State"),
        ]
        rows = []
        for v in reversed(versions):
            geometry = v.doc_metadata.get("geometry") or {}
            volume = geometry.get("volume_mm3")
            rows.append([
                forms.cell(v.version, v.version),
                _local_time(v.created_at),
                _size(v.size_bytes),
                v.freecad_version,
                len(v.doc_metadata.get("objects", [])),
                f"{volume:,.1f}" if isinstance(volume, (int, float)) else "",
                translate("Projem", "deleted") if v.is_deleted else "",
            ])  # fmt: skip
        forms.fill_table(self.versions_table, headers, rows)
        if rows:
            self.versions_table.selectRow(0)
        else:
            self._show_details(None)
        self._update_buttons()

    def _versions_selected(self) -> None:
        chosen = self.selected_versions()
        self._show_details(chosen[-1] if chosen else None)
        self._update_buttons()

    def _show_details(self, version: Any) -> None:
        self.thumbnail.clear()
        if version is None:
            self.details.clear()
            return
        self.details.setPlainText(self.describe(version))
        try:
            png = model_library.thumbnail_png(self.workspace, version.name, version.version)
        except ProjemError as exc:
            png = None
            forms.set_status(self.status, str(exc), ok=False)
        pixmap = QtGui.QPixmap()
        if png and pixmap.loadFromData(png):
            self.thumbnail.setPixmap(
                pixmap.scaled(
                    THUMBNAIL_SIZE,
                    THUMBNAIL_SIZE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.thumbnail.setText(translate("Projem", "no thumbnail"))

    @staticmethod
    def describe(version: Any) -> str:
        meta = version.doc_metadata
        geometry = meta.get("geometry") or {}
        lines = [
            translate("Projem", "{name}, version {version}").format(
                name=version.name, version=version.version
            ),
            translate("Projem", "Saved: {when}").format(when=_local_time(version.created_at)),
            translate("Projem", "Size: {size}").format(size=_size(version.size_bytes)),
            translate("Projem", "Saved by FreeCAD {version}").format(
                version=version.freecad_version or "?"
            ),
            "SHA-256: " + version.content_sha256[:16] + "…",
        ]
        if version.description:
            lines.append(
                translate("Projem", "Description: {text}").format(text=version.description)
            )
        if geometry:
            box = geometry.get("bounding_box_mm") or []
            lines.append(
                translate(
                    "Projem", "Solids: {solids}, volume {volume} mm³, area {area} mm²"
                ).format(
                    solids=geometry.get("solids", 0),
                    volume=f"{geometry.get('volume_mm3', 0):,.1f}",
                    area=f"{geometry.get('area_mm2', 0):,.1f}",
                )
            )
            if len(box) == 6:
                size = " × ".join(f"{box[i + 3] - box[i]:.2f}" for i in range(3))
                lines.append(translate("Projem", "Bounding box: {size} mm").format(size=size))
        else:
            lines.append(translate("Projem", "Geometry was not measured."))
        objects = meta.get("objects", [])
        lines.append(translate("Projem", "Objects ({count}):").format(count=len(objects)))
        lines += [f"  {o.get('label') or o['name']} ({o['type']})" for o in objects[:30]]
        if len(objects) > 30:
            lines.append("  …")
        return "\n".join(lines)

    def _update_buttons(self) -> None:
        chosen = self.selected_versions()
        live = [v for v in chosen if not v.is_deleted]
        self.open_button.setEnabled(len(chosen) == 1)
        self.diff_button.setEnabled(len(chosen) == 2)
        self.delete_button.setEnabled(bool(live))
        self.restore_button.setEnabled(any(v.is_deleted for v in chosen))

    # -- actions ----------------------------------------------------------------------------

    def open_selected(self) -> None:
        chosen = self.selected_versions()
        if len(chosen) != 1:
            return
        version = chosen[0]
        path = opened_copy_path(version.name, version.version)
        try:
            with forms.wait_cursor():
                model_library.export_version(self.workspace, version.name, version.version, path)
                OPENED[str(path)] = version.name
                self.opener(path)
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        forms.set_status(
            self.status,
            translate("Projem", "Opened {name} version {version}.").format(
                name=version.name, version=version.version
            ),
        )
        self.opened.emit(str(path))

    def compare_selected(self) -> None:
        chosen = self.selected_versions()
        if len(chosen) != 2:
            return
        first, second = chosen
        try:
            diff = model_library.diff_versions(
                self.database, first.name, first.version, second.version
            )
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
            return
        self.details.setPlainText(self.describe_diff(first.version, second.version, diff))

    @staticmethod
    def describe_diff(a: int, b: int, diff: dict[str, Any]) -> str:
        none = translate("Projem", "none")
        lines = [
            translate("Projem", "Version {a} → version {b}").format(a=a, b=b),
            translate("Projem", "Objects added: {names}").format(
                names=", ".join(diff["objects_added"]) or none
            ),
            translate("Projem", "Objects removed: {names}").format(
                names=", ".join(diff["objects_removed"]) or none
            ),
            translate("Projem", "Objects whose type changed: {names}").format(
                names=", ".join(diff["objects_changed_type"]) or none
            ),
        ]
        for key, change in diff["geometry"].items():
            lines.append(f"{key}: {change['from']} → {change['to']}")
        if not diff["geometry"]:
            lines.append(translate("Projem", "Geometry: unchanged"))
        if diff["same_content"]:
            lines.append(translate("Projem", "The two files are identical."))
        return "\n".join(lines)

    def delete_selected(self) -> None:
        self._change(
            [v for v in self.selected_versions() if not v.is_deleted],
            model_library.delete_version,
            translate("Projem", "Deleted version(s) {versions} (Restore brings them back)."),
        )

    def restore_selected(self) -> None:
        self._change(
            [v for v in self.selected_versions() if v.is_deleted],
            model_library.restore_version,
            translate("Projem", "Restored version(s) {versions}."),
        )

    def _change(self, chosen: list[Any], action: Callable[..., Any], message: str) -> None:
        if not chosen:
            return
        try:
            for version in chosen:
                action(self.database, version.name, version.version)
        except ProjemError as exc:
            forms.set_status(self.status, str(exc), ok=False)
        else:
            numbers = ", ".join(str(v.version) for v in chosen)
            forms.set_status(self.status, message.format(versions=numbers))
        name = chosen[0].name
        self.refresh()
        if not self.select_model(name):
            self._show_versions(None)
