# SPDX-License-Identifier: LGPL-2.1-or-later
"""The one Qt import: FreeCAD's ``PySide`` shim inside FreeCAD, else PySide6.

FreeCAD 0.20's shim has no ``QtWidgets`` (its widgets live in ``QtGui``); this module hands out
``QtWidgets`` either way so the rest of the GUI code is written once.
"""

from __future__ import annotations

try:
    from PySide import QtCore, QtGui  # FreeCAD's shim: PySide2 (<= 1.0) or PySide6 (1.1)

    try:
        from PySide import QtWidgets
    except ImportError:
        QtWidgets = QtGui
except ImportError:
    from PySide6 import QtCore, QtGui, QtWidgets

__all__ = ["QtCore", "QtGui", "QtWidgets"]
