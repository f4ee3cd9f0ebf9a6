# SPDX-License-Identifier: LGPL-2.1-or-later
"""Panels live in dock widgets on FreeCAD's main window: one per panel, tabbed together on
the right, reused when their command runs again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from projem_workbench.gui import freecad_gui
from projem_workbench.gui.qt import Qt, QtWidgets

_docks: dict[str, Any] = {}


def show_panel(key: str, title: str, make_panel: Callable[[], Any]) -> Any:
    """The panel in dock ``key``, created on first use, shown and brought to the front."""
    window = freecad_gui.main_window()
    dock = _docks.get(key)
    if dock is None:
        dock = QtWidgets.QDockWidget(title, window)
        dock.setObjectName(f"Projem_{key}")
        dock.setWidget(make_panel())
        if window is not None:
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            others = [d for k, d in _docks.items() if k != key and d.isVisible()]
            if others:
                window.tabifyDockWidget(others[0], dock)
        _docks[key] = dock
    dock.show()
    dock.raise_()
    return dock.widget()


def panel(key: str) -> Any:
    """The panel of an open dock, or None."""
    dock = _docks.get(key)
    return dock.widget() if dock is not None else None


def close_all() -> None:
    """Remove every Projem dock (the database changed: their panels hold the old one)."""
    while _docks:
        _, dock = _docks.popitem()
        dock.close()
        dock.deleteLater()
