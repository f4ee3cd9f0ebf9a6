# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem's page in FreeCAD's preferences dialog: the database (SQLite file or PostgreSQL URL)
with a Test connection button, the artefact store folder, and Projem's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from projem_workbench import freecad_env
from projem_workbench.gui import forms, worker
from projem_workbench.gui.i18n import LANGUAGE_PREFERENCE, translate
from projem_workbench.gui.qt import QtWidgets, Signal

DATABASE_PREFERENCE = "DatabaseUrl"  # read by projem_workbench.db.engine
STORE_PREFERENCE = "ArtefactStore"  # read by projem_workbench.services.workspace
PREFERENCES = (DATABASE_PREFERENCE, STORE_PREFERENCE, LANGUAGE_PREFERENCE)


class FreeCADPreferences:
    """Projem's group in FreeCAD's parameters (``Mod/Projem``)."""

    def get(self, name: str) -> str:
        return freecad_env.get_preference(name, "")

    def set(self, name: str, value: str) -> None:
        freecad_env.set_preference(name, value)


class PreferencesForm(QtWidgets.QWidget):
    connection_checked = Signal(bool, str)

    def __init__(self, store: Any = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProjemPreferences")
        self.store = store or FreeCADPreferences()
        self.checking = False

        self.database_edit = QtWidgets.QLineEdit()
        self.database_edit.setPlaceholderText(
            translate("Projem", "Empty: projem.sqlite3 in your user data folder")
        )
        self.database_edit.setToolTip(
            translate(
                "Projem",
                "A SQLite file path, or postgresql://user@host/database for a shared database",
            )
        )
        self.browse_database = QtWidgets.QPushButton(translate("Projem", "SQLite file…"))
        self.test_button = QtWidgets.QPushButton(translate("Projem", "Test connection"))
        self.test_result = QtWidgets.QLabel()
        self.test_result.setWordWrap(True)
        self.store_edit = QtWidgets.QLineEdit()
        self.store_edit.setPlaceholderText(translate("Projem", "Empty: beside the SQLite file"))
        self.browse_store = QtWidgets.QPushButton(translate("Projem", "Folder…"))
        self.language = QtWidgets.QComboBox()
        self.language.addItem(translate("Projem", "FreeCAD's language"), "")
        self.language.addItem("English", "en")
        self.language.addItem("Türkçe", "tr")
        self._layout()

        self.browse_database.clicked.connect(self._choose_database)
        self.browse_store.clicked.connect(self._choose_store)
        self.test_button.clicked.connect(self.test_connection)

    def _layout(self) -> None:
        database = QtWidgets.QGroupBox(translate("Projem", "Database"))
        grid = QtWidgets.QGridLayout(database)
        grid.addWidget(QtWidgets.QLabel(translate("Projem", "Database URL or file")), 0, 0)
        grid.addWidget(self.database_edit, 0, 1)
        grid.addWidget(self.browse_database, 0, 2)
        grid.addWidget(self.test_button, 1, 2)
        grid.addWidget(self.test_result, 1, 0, 1, 2)
        store = QtWidgets.QGroupBox(translate("Projem", "Artefact store"))
        row = QtWidgets.QHBoxLayout(store)
        row.addWidget(QtWidgets.QLabel(translate("Projem", "Folder for documents and G-code")))
        row.addWidget(self.store_edit, 1)
        row.addWidget(self.browse_store)
        language = QtWidgets.QGroupBox(translate("Projem", "Language"))
        language_row = QtWidgets.QHBoxLayout(language)
        language_row.addWidget(QtWidgets.QLabel(translate("Projem", "Projem's language")))
        language_row.addWidget(self.language, 1)
        note = QtWidgets.QLabel(
            translate("Projem", "A new language shows after FreeCAD is restarted.")
        )
        layout = QtWidgets.QVBoxLayout(self)
        for widget in (database, store, language, note):
            layout.addWidget(widget)
        layout.addStretch(1)

    def load(self) -> None:
        self.database_edit.setText(self.store.get(DATABASE_PREFERENCE))
        self.store_edit.setText(self.store.get(STORE_PREFERENCE))
        index = self.language.findData(self.store.get(LANGUAGE_PREFERENCE))
        self.language.setCurrentIndex(max(index, 0))

    def save(self) -> list[str]:
        """Store the settings; returns the names of those that changed."""
        values = {
            DATABASE_PREFERENCE: self.database_edit.text().strip(),
            STORE_PREFERENCE: self.store_edit.text().strip(),
            LANGUAGE_PREFERENCE: self.language.currentData() or "",
        }
        changed = [name for name, value in values.items() if self.store.get(name) != value]
        for name in changed:
            self.store.set(name, values[name])
        return changed

    def _choose_database(self) -> None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self,
            translate("Projem", "SQLite database file"),
            self.database_edit.text(),
            "SQLite (*.sqlite3 *.sqlite *.db)",
            options=QtWidgets.QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.database_edit.setText(path)

    def _choose_store(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(
            self, translate("Projem", "Artefact store folder"), self.store_edit.text()
        )
        if folder:
            self.store_edit.setText(folder)

    def test_connection(self) -> None:
        if self.checking:
            return
        from projem_workbench.services.overview import check_connection

        self.checking = True
        self.test_button.setEnabled(False)
        forms.set_status(self.test_result, translate("Projem", "Connecting…"))
        url = self.database_edit.text().strip()
        worker.run_in_thread(lambda: check_connection(url), self._checked, self._check_failed)

    def _checked(self, check: Any) -> None:
        self._finish(
            True, translate("Projem", "Connected: {result}").format(result=check.message())
        )

    def _check_failed(self, exc: BaseException) -> None:
        self._finish(False, translate("Projem", "Cannot connect: {reason}").format(reason=exc))

    def _finish(self, ok: bool, text: str) -> None:
        self.checking = False
        self.test_button.setEnabled(True)
        forms.set_status(self.test_result, text, ok=ok)
        self.connection_checked.emit(ok, text)


# Called with the names of the settings that changed (the workbench reconnects on a new URL).
on_saved: list[Callable[[list[str]], None]] = []


class PreferencesPage:
    """What FreeCAD's preferences dialog expects: ``form``, ``loadSettings``, ``saveSettings``."""

    def __init__(self, parent: Any = None) -> None:
        self.form = PreferencesForm(parent=parent)
        self.form.setWindowTitle(translate("Projem", "Projem"))

    def loadSettings(self) -> None:
        self.form.load()

    def saveSettings(self) -> None:
        changed = self.form.save()
        for callback in on_saved:
            callback(changed)
