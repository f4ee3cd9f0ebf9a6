# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the workbench does when FreeCAD initialises and activates it."""

from __future__ import annotations

import importlib.util

import FreeCAD
import FreeCADGui

from projem_workbench.gui.qt import QtCore, QtWidgets

REQUIRED = {
    "sqlalchemy": "SQLAlchemy",
    "alembic": "alembic",
    "pydantic": "pydantic",
    "platformdirs": "platformdirs",
    "rfc8785": "rfc8785",
    "stdnum": "python-stdnum",
}
COMMANDS = ["Projem_DatabaseStatus"]


def translate(context: str, text: str) -> str:
    return FreeCAD.Qt.translate(context, text) if hasattr(FreeCAD, "Qt") else text


def missing_dependencies() -> list[str]:
    """pip names of the Python packages FreeCAD's Python lacks."""
    return [pip for module, pip in REQUIRED.items() if importlib.util.find_spec(module) is None]


def initialize(workbench: FreeCADGui.Workbench) -> None:
    if missing_dependencies():
        return  # activated() explains what to install; commands would fail to import
    from projem_workbench.gui import commands

    commands.register()
    workbench.appendToolbar("Projem", COMMANDS)
    workbench.appendMenu("Projem", COMMANDS)


def activated() -> None:
    missing = missing_dependencies()
    if missing:
        QtCore.QTimer.singleShot(0, lambda: _explain_missing(missing))
        return
    from projem_workbench.gui import commands

    # Open (and if needed migrate) the database once the window has painted.
    QtCore.QTimer.singleShot(0, commands.open_database_quietly)


def _explain_missing(missing: list[str]) -> None:
    QtWidgets.QMessageBox.warning(
        FreeCADGui.getMainWindow(),
        translate("Projem", "Projem needs more Python packages"),
        translate(
            "Projem",
            "These Python packages are not installed in FreeCAD's Python: {packages}.\n\n"
            "Install them with the Addon Manager (Projem's dependencies), or run:\n"
            "  {python} -m pip install --user {packages}\n"
            "then restart FreeCAD.",
        ).format(packages=" ".join(missing), python="python3"),
    )
