# SPDX-License-Identifier: LGPL-2.1-or-later
"""Everything outside cam/ and gui/ imports in a plain Python without FreeCAD or Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import projem_workbench

EDGE_PACKAGES = ("projem_workbench.cam", "projem_workbench.gui")


def non_gui_modules() -> list[str]:
    names = []
    for module in pkgutil.walk_packages(projem_workbench.__path__, "projem_workbench."):
        if not module.name.startswith(EDGE_PACKAGES):
            names.append(module.name)
    return sorted(names)


def test_there_are_modules_to_check() -> None:
    names = non_gui_modules()
    assert "projem_workbench.db.session" in names
    assert "projem_workbench.cli" in names


def test_every_non_gui_module_imports_without_freecad_or_qt() -> None:
    # A fresh interpreter, so modules imported by other tests cannot hide a missing import.
    script = (
        "import importlib, sys\n"
        f"for name in {non_gui_modules()!r}:\n"
        "    if name != 'projem_workbench.__main__':\n"
        "        importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('FreeCAD', 'FreeCADGui', 'PySide', 'PySide2', 'PySide6', 'Path', 'PathScripts'))\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
