# SPDX-License-Identifier: LGPL-2.1-or-later
"""The dialog of "Save document to library": the model's name and a note for this version."""

from __future__ import annotations

from typing import Any

from projem_workbench.gui import forms
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.qt import QtWidgets


class SaveModelDialog(QtWidgets.QDialog):
    def __init__(self, *, name: str, file_name: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProjemSaveModelDialog")
        self.setWindowTitle(translate("Projem", "Save document to library"))
        self.name_edit = QtWidgets.QLineEdit(name)
        self.name_edit.setObjectName("model_name")
        self.description_edit = QtWidgets.QPlainTextEdit()
        self.description_edit.setObjectName("model_description")
        self.description_edit.setPlaceholderText(
            translate("Projem", "What changed in this version (optional)")
        )
        self.error = QtWidgets.QLabel()
        self.error.setStyleSheet(forms.ERROR_STYLE)
        self.error.hide()
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        form = QtWidgets.QFormLayout()
        form.addRow(translate("Projem", "File"), QtWidgets.QLabel(file_name))
        form.addRow(translate("Projem", "Model name"), self.name_edit)
        form.addRow(self.error)
        form.addRow(translate("Projem", "Description"), self.description_edit)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

    def _accept(self) -> None:
        name = self.name_edit.text().strip()
        if not name or len(name) > 200:
            self.error.setText(translate("Projem", "A model name is 1 to 200 characters."))
            self.error.show()
            return
        self.accept()

    def values(self) -> tuple[str, str | None]:
        return (
            self.name_edit.text().strip(),
            self.description_edit.toPlainText().strip() or None,
        )
