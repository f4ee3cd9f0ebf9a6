# SPDX-License-Identifier: LGPL-2.1-or-later
"""Panel tests: the real panels under PySide6 on Qt's offscreen platform, on a real database
(each test its own, migrated through the real migrations), driven with pytest-qt."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTEST_QT_API", "pyside6")

IN_CI = os.environ.get("CI", "").lower() == "true"

try:
    import PySide6  # noqa: F401
except ImportError:  # pragma: no cover - the gui lane installs it
    if IN_CI:
        raise
    pytest.skip("PySide6 is not installed (pip install -e '.[test]')", allow_module_level=True)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """No FreeCAD, no user folders: the artefact store and caches live in the test's folder."""
    monkeypatch.setenv("PROJEM_NO_FREECAD", "1")
    monkeypatch.setenv("PROJEM_ARTEFACT_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    yield
    from projem_workbench.gui import worker

    qtbot.waitUntil(lambda: worker.busy() == 0, timeout=30_000)  # no job outlives its test


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    assert button.isEnabled(), f"{button.text()!r} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace a field's text the way a user does: select all, type."""
    from PySide6.QtWidgets import QPlainTextEdit

    if isinstance(widget, QPlainTextEdit):
        widget.clear()
    else:
        widget.selectAll()
        widget.del_()
    qtbot.keyClicks(widget, text)


def choose(combo, value: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(value)
    assert index >= 0, f"{value!r} is not offered"
    combo.setCurrentIndex(index)


def table_column(table, column: int = 0) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(row, column).text() for row in range(table.rowCount())]
