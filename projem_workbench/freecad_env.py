# SPDX-License-Identifier: LGPL-2.1-or-later
"""The one place that talks to FreeCAD's application object, with plain-Python fallbacks.

Only a FreeCAD that is already loaded is used: plain-Python callers (the command line, tests)
never pay for importing FreeCAD, and get the fallbacks instead.
"""

from __future__ import annotations

import sys
from types import ModuleType

PREFERENCE_GROUP = "User parameter:BaseApp/Preferences/Mod/Projem"


def loaded_freecad() -> ModuleType | None:
    """FreeCAD's ``FreeCAD`` module when this process runs inside FreeCAD, else None."""
    return sys.modules.get("FreeCAD")


def get_preference(name: str, default: str = "") -> str:
    """A string from Projem's FreeCAD preference group, or ``default`` outside FreeCAD."""
    app = loaded_freecad()
    if app is None:
        return default
    return app.ParamGet(PREFERENCE_GROUP).GetString(name, default)


def set_preference(name: str, value: str) -> None:
    """Store a string in Projem's FreeCAD preference group (ignored outside FreeCAD)."""
    app = loaded_freecad()
    if app is not None:
        app.ParamGet(PREFERENCE_GROUP).SetString(name, value)


def freecad_version() -> str | None:
    """``"1.1.3"``-style version of the running FreeCAD, or None outside FreeCAD."""
    app = loaded_freecad()
    if app is None:
        return None
    major, minor, patch = [*app.Version(), "0", "0", "0"][:3]
    return f"{major}.{minor}.{patch}"
