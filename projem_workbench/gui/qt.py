# SPDX-License-Identifier: LGPL-2.1-or-later
"""The one Qt import: FreeCAD's ``PySide`` shim inside FreeCAD, else PySide6.

FreeCAD 0.20's shim has no ``QtWidgets`` (its widgets live in ``QtGui``); this module hands out
``QtWidgets`` either way so the rest of the GUI code is written once. Only API present in both
Qt 5 (PySide2) and Qt 6 (PySide6) is used, with enums spelt in their scoped form.
"""

from __future__ import annotations

from typing import Any

try:
    from PySide import QtCore, QtGui  # FreeCAD's shim: PySide2 (<= 1.0) or PySide6 (1.1)

    try:
        from PySide import QtWidgets
    except ImportError:
        QtWidgets = QtGui
except ImportError:
    from PySide6 import QtCore, QtGui, QtWidgets

Signal = QtCore.Signal
Slot = QtCore.Slot
Qt = QtCore.Qt
USER_ROLE = Qt.ItemDataRole.UserRole


def run_modal(dialog: Any) -> int:
    """``dialog.exec()``: PySide6 names it ``exec``, older PySide2 only ``exec_``."""
    method = getattr(dialog, "exec", None) or dialog.exec_
    return int(method())


__all__ = ["USER_ROLE", "Qt", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot", "run_modal"]
