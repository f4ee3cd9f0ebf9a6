# SPDX-License-Identifier: LGPL-2.1-or-later
"""Panels live in dock widgets on FreeCAD's main window: one per panel, tabbed together on
the right, reused when their command runs again. Each panel sits in a scroll area so a narrow
dock scrolls instead of widening FreeCAD's window past the screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from projem_workbench.gui import freecad_gui
from projem_workbench.gui.qt import Qt, QtWidgets

DOCK_WIDTH = 720
_docks: dict[str, Any] = {}
_panels: dict[str, Any] = {}


def show_panel(key: str, title: str, make_panel: Callable[[], Any]) -> Any:
    """The panel in dock ``key``, created on first use, shown and brought to the front."""
    window = freecad_gui.main_window()
    dock = _docks.get(key)
    if dock is None:
        dock = QtWidgets.QDockWidget(title, window)
        dock.setObjectName(f"Projem_{key}")
        panel = make_panel()
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setWidget(panel)
        dock.setWidget(scroll)
        if window is not None:
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            others = [d for k, d in _docks.items() if k != key and d.isVisible()]
            if others:
                window.tabifyDockWidget(others[0], dock)
            else:
                width = min(DOCK_WIDTH, max(window.width() // 2, 300))
                window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        _docks[key] = dock
        _panels[key] = panel
    dock.show()
    dock.raise_()
    return _panels[key]


def panel(key: str) -> Any:
    """The panel of an open dock, or None."""
    return _panels.get(key) if key in _docks else None


def close_all() -> None:
    """Remove every Projem dock (the database changed: their panels hold the old one)."""
    _panels.clear()
    while _docks:
        _, dock = _docks.popitem()
        dock.close()
        dock.deleteLater()
