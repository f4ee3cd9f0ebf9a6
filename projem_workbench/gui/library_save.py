# SPDX-License-Identifier: LGPL-2.1-or-later
"""Save the active FreeCAD document, then keep it in the model library as a new version.

Shared by "Save document to library" (which asks for the model's name and a note) and the New
CAM run panel (whose default model is the active document, stored under the name the library
would propose before it is planned).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from projem_workbench.gui import docks, forms, freecad_gui
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.qt import QtWidgets, run_modal


def proposed_name(path: Path, label: str) -> str:
    """The model a saved file belongs to: the one it was opened from, else its label."""
    from projem_workbench.gui.panels.model_library import OPENED

    return OPENED.get(str(path), label)


def save_active_document(workspace: Any, *, parent: Any = None, ask_name: bool = True) -> Any:
    """Save the active document (asking where when it was never saved), then store it as a
    new version; the library's ``SaveResult``, or None when there is no active document or
    the user cancelled. With ``ask_name`` the user confirms the model's name and adds a note."""
    from projem_workbench.services.model_library import save_model_version

    document = freecad_gui.active_document()
    if document is None:
        return None
    if not document.file_name:
        chosen, _ = QtWidgets.QFileDialog.getSaveFileName(
            parent,
            translate("Projem", "Save the document before it goes to the library"),
            f"{document.label}.FCStd",
            "FreeCAD (*.FCStd)",
        )
        if not chosen:
            return None
        path = freecad_gui.save_document(document.name, Path(chosen))
    else:
        path = freecad_gui.save_document(document.name)
    name, description = proposed_name(path, document.label), None
    if ask_name:
        from projem_workbench.gui.panels.save_model import SaveModelDialog

        dialog = SaveModelDialog(name=name, file_name=str(path), parent=parent)
        if run_modal(dialog) != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        name, description = dialog.values()
    with forms.wait_cursor():
        result = save_model_version(workspace, path=path, name=name, description=description)
    announce(result)
    return result


def announce(result: Any) -> str:
    """Say in FreeCAD's report view and status bar what was stored; refresh the library dock."""
    version = result.version
    if result.created:
        text = translate("Projem", "Saved {name} version {version} to the library.")
    else:
        text = translate("Projem", "{name} is unchanged: still version {version}.")
    message = text.format(name=version.name, version=version.version)
    freecad_gui.log(f"Projem: {message}")
    window = freecad_gui.main_window()
    if window is not None:
        window.statusBar().showMessage(message, 15000)
    library = docks.panel("models")
    if library is not None:
        library.refresh()
        library.select_model(version.name)
    return message
