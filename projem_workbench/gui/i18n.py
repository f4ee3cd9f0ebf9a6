# SPDX-License-Identifier: LGPL-2.1-or-later
"""Translations: every user-visible string goes through :func:`translate`.

Projem's ``.qm`` files (``resources/translations/Projem_<lang>.qm``) follow FreeCAD's language
by default, so Turkish is what a FreeCAD set to Turkish shows; the preference ``Language``
(``en`` or ``tr``) overrides it for Projem alone. ``scripts/translations.sh`` updates the
``.ts`` sources and compiles them.
"""

from __future__ import annotations

from pathlib import Path

from projem_workbench import freecad_env
from projem_workbench.gui import freecad_gui
from projem_workbench.gui.qt import QtCore

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"
LANGUAGE_PREFERENCE = "Language"
LANGUAGES = ("", "en", "tr")  # "" follows FreeCAD's language
_installed: list[object] = []  # keep the QTranslator alive while it is installed


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # Qt's name, which lupdate finds
    """Marks ``text`` for translation where FreeCAD translates it later (command texts)."""
    return text


def translate(context: str, text: str) -> str:
    """``text`` in the user's language (FreeCAD's translate inside FreeCAD, Qt's outside)."""
    app = freecad_env.loaded_freecad()
    qt = getattr(app, "Qt", None) if app is not None else None
    if qt is not None:
        return str(qt.translate(context, text))
    return str(QtCore.QCoreApplication.translate(context, text))


def qm_file(language: str) -> Path:
    return TRANSLATIONS_DIR / f"Projem_{language}.qm"


def install_translations(language: str | None = None) -> str:
    """Make Projem's strings follow the chosen language; returns what was chosen."""
    choice = freecad_env.get_preference(LANGUAGE_PREFERENCE, "") if language is None else language
    choice = choice if choice in LANGUAGES else ""
    remove_translations()
    if choice == "":
        freecad_gui.add_language_path(TRANSLATIONS_DIR)
    elif choice != "en":  # English is the source language: nothing to load
        translator = QtCore.QTranslator()
        if translator.load(str(qm_file(choice))):
            QtCore.QCoreApplication.installTranslator(translator)
            _installed.append(translator)
        else:
            freecad_gui.log_error(f"Projem: cannot load {qm_file(choice)}")
    return choice


def remove_translations() -> None:
    while _installed:
        QtCore.QCoreApplication.removeTranslator(_installed.pop())
