# SPDX-License-Identifier: LGPL-2.1-or-later
"""The one place the GUI talks to FreeCADGui and FreeCAD documents.

Like :mod:`projem_workbench.freecad_env` it only uses a FreeCAD that is already loaded, and
falls back to plain behaviour outside FreeCAD, so every panel also runs under plain PySide6
(the panel tests).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from projem_workbench.freecad_env import loaded_freecad


def loaded_freecad_gui() -> ModuleType | None:
    """FreeCADGui when this process is FreeCAD's GUI, else None."""
    gui = sys.modules.get("FreeCADGui")
    return gui if gui is not None and hasattr(gui, "getMainWindow") else None


def main_window() -> Any:
    gui = loaded_freecad_gui()
    return gui.getMainWindow() if gui is not None else None


def add_command(name: str, command: object) -> None:
    gui = loaded_freecad_gui()
    if gui is not None:
        gui.addCommand(name, command)


def add_preference_page(page_class: type, group: str, icons: Path) -> None:
    """Add a page to FreeCAD's preferences; its group icon is ``preferences-<group>.svg``
    (lower case) in ``icons``."""
    gui = loaded_freecad_gui()
    if gui is not None:
        gui.addIconPath(str(icons))
        gui.addPreferencePage(page_class, group)


def show_preferences(group: str) -> None:
    gui = loaded_freecad_gui()
    if gui is not None:
        gui.showPreferences(group, 0)


def add_language_path(path: Path) -> None:
    """Let FreeCAD load ``Projem_<lang>.qm`` for its own language from ``path``."""
    gui = loaded_freecad_gui()
    if gui is not None:
        gui.addLanguagePath(str(path))
        gui.updateLocale()


def log(message: str) -> None:
    app = loaded_freecad()
    if app is not None:
        app.Console.PrintMessage(message.rstrip("\n") + "\n")


def log_error(message: str) -> None:
    app = loaded_freecad()
    if app is not None:
        app.Console.PrintError(message.rstrip("\n") + "\n")
    else:
        print(message, file=sys.stderr)


@dataclass(frozen=True)
class ActiveDocument:
    name: str
    label: str
    file_name: str  # "" when the document was never saved
    modified: bool


def active_document() -> ActiveDocument | None:
    app = loaded_freecad()
    doc = getattr(app, "ActiveDocument", None) if app is not None else None
    if doc is None:
        return None
    modified = bool(doc.isTouched()) or bool(getattr(doc, "Modified", False))
    return ActiveDocument(doc.Name, doc.Label, doc.FileName or "", modified)


def save_document(name: str, path: Path | None = None) -> Path:
    """Save the open document ``name`` (to ``path`` when given, i.e. "save as")."""
    app = loaded_freecad()
    if app is None:
        raise RuntimeError("FreeCAD is not running")
    doc = app.getDocument(name)
    if path is not None:
        doc.saveAs(str(path))
    else:
        doc.save()
    return Path(doc.FileName)


def open_document(path: Path) -> str:
    """Open ``path`` in FreeCAD and make it active; the document's name."""
    app = loaded_freecad()
    if app is None:
        raise RuntimeError("FreeCAD is not running")
    doc = app.openDocument(str(path))
    gui = loaded_freecad_gui()
    if gui is not None:
        gui.ActiveDocument = gui.getDocument(doc.Name)
    return str(doc.Name)


def cam_runs_in_process() -> bool:
    """True when CAM work runs in this process (FreeCAD's GUI): it must then stay on the GUI
    thread. Elsewhere (plain PySide6) it runs under ``freecadcmd`` and may go on a thread."""
    from projem_workbench.freecad.runner import inside_freecad_application

    return inside_freecad_application()


class _TaskPanel:
    """What FreeCAD's task view shows: ``form`` and a Close button."""

    def __init__(self, widget: Any, on_close: Callable[[], None] | None) -> None:
        self.form = widget
        self._on_close = on_close

    def getStandardButtons(self) -> Any:
        from projem_workbench.gui.qt import QtWidgets

        return QtWidgets.QDialogButtonBox.StandardButton.Close

    def accept(self) -> bool:
        return self.reject()

    def reject(self) -> bool:  # True: FreeCAD closes the dialog
        if self._on_close is not None:
            self._on_close()
        return True


def task_panel_open() -> bool:
    """True while FreeCAD's task view holds a dialog (a sketch, a CAM operation, Projem's)."""
    gui = loaded_freecad_gui()
    control = getattr(gui, "Control", None) if gui is not None else None
    return control is not None and control.activeDialog()


def show_task_panel(widget: Any, on_close: Callable[[], None] | None = None) -> bool:
    """Show ``widget`` in FreeCAD's task view with a Close button (``on_close`` runs when it
    closes); outside FreeCAD it becomes a window of its own. False when another task dialog
    is open (FreeCAD shows one at a time)."""
    gui = loaded_freecad_gui()
    if gui is None:
        widget.show()
        return True
    if gui.Control.activeDialog():
        return False
    gui.Control.showDialog(_TaskPanel(widget, on_close))
    return True


def close_task_panel() -> None:
    gui = loaded_freecad_gui()
    if gui is not None:
        gui.Control.closeDialog()


def document_names() -> list[str]:
    """The names of the documents open in FreeCAD."""
    app = loaded_freecad()
    return sorted(app.listDocuments()) if app is not None else []
