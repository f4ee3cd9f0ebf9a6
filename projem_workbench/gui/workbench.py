# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the workbench does when FreeCAD initialises and activates it.

Initialising (first activation) registers the translations, commands, toolbar, menu and the
preferences page; nothing here imports the database layer. Activating starts opening the
database on a worker thread and explains, in a dialog, missing packages or a database that
cannot be used.
"""

from __future__ import annotations

from typing import Any

from projem_workbench.gui import docks, freecad_gui, i18n
from projem_workbench.gui.dependencies import missing_dependencies
from projem_workbench.gui.i18n import QT_TRANSLATE_NOOP, translate
from projem_workbench.gui.qt import QtCore, QtWidgets

TOOLBAR_NAME = QT_TRANSLATE_NOOP("Workbench", "Projem")
_message_boxes: list[Any] = []  # open, non-blocking dialogs (kept alive)
_explaining_failures = False


def initialize(workbench: Any) -> None:
    from projem_workbench.gui import commands, compat
    from projem_workbench.gui.panels import preferences

    if compat.repair_protocol_checks():
        freecad_gui.log("Projem: applied the PySide2/Python 3.12+ protocol-check workaround")
    i18n.install_translations()
    commands.register()
    workbench.appendToolbar(TOOLBAR_NAME, commands.TOOLBAR)
    workbench.appendMenu(TOOLBAR_NAME, commands.MENU)
    freecad_gui.add_preference_page(preferences.PreferencesPage, "Projem", commands.ICONS)
    preferences.on_saved.append(_preferences_saved)


def activated() -> None:
    missing = missing_dependencies()
    if missing:
        QtCore.QTimer.singleShot(0, lambda: offer_install(missing))
        return
    from projem_workbench.gui.state import workbench_database

    global _explaining_failures
    state = workbench_database()
    if not _explaining_failures:
        state.failed.connect(explain)
        _explaining_failures = True
    state.open()


def offer_install(missing: list[str]) -> Any:
    """The non-blocking dialog that names the missing packages and installs them; once they
    import, Projem activates as if they had been there."""
    from projem_workbench.gui.dependency_dialog import DependencyDialog

    dialog = DependencyDialog(freecad_gui.main_window(), missing, on_installed=activated)
    dialog.finished.connect(lambda _result: _message_boxes.remove(dialog))
    _message_boxes.append(dialog)
    dialog.show()
    return dialog


def explain(text: str) -> Any:
    """A non-blocking warning dialog over the main window."""
    box = QtWidgets.QMessageBox(freecad_gui.main_window())
    box.setObjectName("ProjemProblem")
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle(translate("Projem", "Projem cannot start"))
    box.setText(text)
    box.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    box.finished.connect(lambda _result: _message_boxes.remove(box))
    _message_boxes.append(box)
    box.show()
    return box


def _preferences_saved(changed: list[str]) -> None:
    from projem_workbench.gui import commands
    from projem_workbench.gui.panels.preferences import DATABASE_PREFERENCE, STORE_PREFERENCE
    from projem_workbench.gui.state import workbench_database

    if DATABASE_PREFERENCE in changed or STORE_PREFERENCE in changed:
        docks.close_all()
        commands.close_new_cam_run()  # its panel holds the old database too
        state = workbench_database()
        state.close()
        state.open()
    if i18n.LANGUAGE_PREFERENCE in changed:
        i18n.install_translations()
