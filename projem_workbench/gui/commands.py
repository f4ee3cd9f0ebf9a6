# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem's FreeCAD commands (``Projem_<Verb>``, icon ``Projem_<Verb>.svg``)."""

from __future__ import annotations

import os

import FreeCAD
import FreeCADGui

from projem_workbench.db import migrate
from projem_workbench.db.session import Database
from projem_workbench.errors import ProjemError
from projem_workbench.gui.qt import QtWidgets
from projem_workbench.services.overview import database_overview

ICONS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "resources", "icons"
)
_database: Database | None = None


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # Qt's name: lupdate finds it
    return text


def translate(context: str, text: str) -> str:
    return FreeCAD.Qt.translate(context, text) if hasattr(FreeCAD, "Qt") else text


def database() -> Database:
    """The workbench's database, opened and brought to the current schema on first use."""
    global _database
    if _database is None:
        opened = Database()
        migrate.ensure_current(opened.engine)
        _database = opened
    return _database


def open_database_quietly() -> None:
    """Open the database after activation; explain a failure in a dialog, not a traceback."""
    try:
        database()
    except ProjemError as exc:
        _show_error(exc)


def _show_error(exc: ProjemError) -> None:
    FreeCAD.Console.PrintError(f"Projem: {exc}\n")
    QtWidgets.QMessageBox.critical(
        FreeCADGui.getMainWindow(), translate("Projem", "Projem database"), str(exc)
    )


class DatabaseStatusCommand:
    """Shows where the database is, its schema revision and what it holds."""

    def GetResources(self) -> dict[str, str]:
        return {
            "Pixmap": os.path.join(ICONS, "Projem_DatabaseStatus.svg"),
            "MenuText": QT_TRANSLATE_NOOP("Projem_DatabaseStatus", "Database status"),
            "ToolTip": QT_TRANSLATE_NOOP(
                "Projem_DatabaseStatus", "Show the Projem database's location, schema and contents"
            ),
        }

    def IsActive(self) -> bool:
        return True

    def Activated(self) -> None:
        try:
            overview = database_overview(database())
        except ProjemError as exc:
            _show_error(exc)
            return
        counts = "\n".join(f"  {name}: {count}" for name, count in overview.row_counts.items())
        QtWidgets.QMessageBox.information(
            FreeCADGui.getMainWindow(),
            translate("Projem", "Projem database"),
            translate(
                "Projem", "Location: {location}\nSchema: {revision} ({status})\n\n{counts}"
            ).format(
                location=overview.location,
                revision=overview.schema_revision,
                status=overview.schema_status,
                counts=counts,
            ),
        )


def register() -> None:
    FreeCADGui.addCommand("Projem_DatabaseStatus", DatabaseStatusCommand())
