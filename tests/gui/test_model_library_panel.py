# SPDX-License-Identifier: LGPL-2.1-or-later
"""The model library dock: search, versions with metadata and thumbnail, open, compare,
delete and restore, checked against what the database holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui

from projem_workbench.db.session import Database
from projem_workbench.gui.panels.model_library import OPENED, ModelLibraryPanel
from projem_workbench.services import model_library
from projem_workbench.services.workspace import Workspace
from tests.gui.conftest import click, table_column, type_into
from tests.support.documents import synthetic_fcstd

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
PART = {"Box": "Part::Box", "Cylinder": "Part::Cylinder", "Cut": "Part::Cut"}


def png(colour: str) -> bytes:
    image = QtGui.QImage(64, 48, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor(colour))
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


@pytest.fixture
def library(database: Database, tmp_path: Path) -> Workspace:
    workspace = Workspace.open(database)
    first = synthetic_fcstd(tmp_path / "v1.FCStd", PART, thumbnail=png("#3070c0"))
    second = synthetic_fcstd(tmp_path / "v2.FCStd", {**PART, "Fillet": "Part::Fillet"})
    model_library.save_model_version(workspace, path=first, name="Bracket", description="first")
    model_library.save_model_version(workspace, path=second, name="Bracket")
    other = synthetic_fcstd(tmp_path / "p.FCStd", {"Pad": "PartDesign::Pad"}, seed=b"p")
    model_library.save_model_version(workspace, path=other, name="Plate")
    return workspace


def test_search_versions_metadata_and_thumbnail(qtbot, library: Workspace) -> None:  # type: ignore[no-untyped-def]
    panel = ModelLibraryPanel(library, opener=lambda path: None)
    qtbot.addWidget(panel)
    assert table_column(panel.models_table) == ["Bracket", "Plate"]
    type_into(qtbot, panel.search_edit, "brack")
    assert table_column(panel.models_table) == ["Bracket"]
    assert panel.select_model("Bracket")
    assert table_column(panel.versions_table) == ["2", "1"]  # newest first, selected
    assert table_column(panel.versions_table, 4) == ["4", "3"]  # objects
    assert "Fillet label (Part::Fillet)" in panel.details.toPlainText()
    assert panel.thumbnail.text() == "no thumbnail"

    panel.versions_table.selectRow(1)
    assert "Description: first" in panel.details.toPlainText()
    shown = panel.thumbnail.pixmap()
    assert shown is not None and not shown.isNull()
    assert shown.toImage().pixelColor(shown.width() // 2, shown.height() // 2).name() == "#3070c0"


def test_open_copies_the_verified_version_and_hands_it_to_freecad(  # type: ignore[no-untyped-def]
    qtbot, library: Workspace, tmp_path: Path
) -> None:
    opened: list[Path] = []
    panel = ModelLibraryPanel(library, opener=opened.append)
    qtbot.addWidget(panel)
    panel.select_model("Bracket")
    panel.versions_table.selectRow(1)  # version 1
    with qtbot.waitSignal(panel.opened):
        click(qtbot, panel.open_button)
    assert opened and opened[0].read_bytes() == (tmp_path / "v1.FCStd").read_bytes()
    assert OPENED[str(opened[0])] == "Bracket"  # the save dialog proposes the same model


def test_compare_two_versions(qtbot, library: Workspace) -> None:  # type: ignore[no-untyped-def]
    panel = ModelLibraryPanel(library, opener=lambda path: None)
    qtbot.addWidget(panel)
    panel.select_model("Bracket")
    assert not panel.diff_button.isEnabled()
    panel.versions_table.selectAll()
    click(qtbot, panel.diff_button)
    text = panel.details.toPlainText()
    assert "Version 1 → version 2" in text and "Objects added: Fillet" in text
    assert "Objects removed: none" in text


def test_delete_and_restore_a_version(qtbot, library: Workspace) -> None:  # type: ignore[no-untyped-def]
    panel = ModelLibraryPanel(library, opener=lambda path: None)
    qtbot.addWidget(panel)
    panel.select_model("Bracket")
    click(qtbot, panel.delete_button)  # version 2 is selected
    assert model_library.get_version(library.database, "Bracket").version == 1
    assert table_column(panel.versions_table) == ["1"]
    assert "Deleted version(s) 2" in panel.status.text()

    panel.show_deleted.setChecked(True)
    panel.select_model("Bracket")
    assert table_column(panel.versions_table, 6) == ["deleted", ""]
    panel.versions_table.selectRow(0)
    assert not panel.delete_button.isEnabled()
    click(qtbot, panel.restore_button)
    assert model_library.get_version(library.database, "Bracket").version == 2
    versions = model_library.versions(library.database, "Bracket")
    assert [v.is_deleted for v in versions] == [False, False]
