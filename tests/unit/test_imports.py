# SPDX-License-Identifier: LGPL-2.1-or-later
"""Everything outside cam/ and gui/ imports in a plain Python without FreeCAD or Qt, and so
does the table of operation types in cam/ that the spec and the GUI read; no layer imports
one above it."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import projem_workbench

EDGE_PACKAGES = ("projem_workbench.cam", "projem_workbench.gui")
# What of cam/ runs outside FreeCAD: the services and the GUI read the operations table.
PLAIN_CAM_MODULES = ["projem_workbench.cam", "projem_workbench.cam.operations"]


def non_gui_modules() -> list[str]:
    names = list(PLAIN_CAM_MODULES)
    for module in pkgutil.walk_packages(projem_workbench.__path__, "projem_workbench."):
        if not module.name.startswith(EDGE_PACKAGES):
            names.append(module.name)
    return sorted(names)


def fresh_python(script: str) -> str:
    """What ``script`` prints in a fresh interpreter, so modules imported by other tests cannot
    hide an import."""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_there_are_modules_to_check() -> None:
    names = non_gui_modules()
    assert "projem_workbench.db.session" in names
    assert "projem_workbench.cli" in names


def test_every_non_gui_module_imports_without_freecad_or_qt() -> None:
    script = (
        "import importlib, sys\n"
        f"for name in {non_gui_modules()!r}:\n"
        "    if name != 'projem_workbench.__main__':\n"
        "        importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('FreeCAD', 'FreeCADGui', 'PySide', 'PySide2', 'PySide6', 'Path', 'PathScripts'))\n"
        "print(bad)\n"
    )
    assert fresh_python(script) == "[]"


# Imports a layer must not make (``gui``/``cli`` → ``services`` → ``interchange``/``audit`` →
# ``schemas`` → ``db``): a package maps to the packages it must not import, anywhere in it
# (inside functions and ``TYPE_CHECKING`` blocks too).
ABOVE_CLI = ("projem_workbench.cli", "projem_workbench.gui")
FORBIDDEN_IMPORTS = {
    "projem_workbench.services": ABOVE_CLI,
    "projem_workbench.interchange": ("projem_workbench.services", *ABOVE_CLI),
    "projem_workbench.audit": ("projem_workbench.services", *ABOVE_CLI),
    "projem_workbench.schemas": (
        "projem_workbench.services",
        "projem_workbench.interchange",
        "projem_workbench.audit",
        *ABOVE_CLI,
    ),
    "projem_workbench.db": (
        "projem_workbench.services",
        "projem_workbench.interchange",
        "projem_workbench.audit",
        "projem_workbench.schemas",
        *ABOVE_CLI,
    ),
}


def imported_names(path: Path) -> set[str]:
    """Every module ``path`` imports absolutely (``from a.b import c`` gives a.b and a.b.c)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_layer_imports_one_above_it() -> None:
    root = Path(projem_workbench.__file__).parent
    wrong = []
    for path in sorted(root.rglob("*.py")):
        module = ".".join(("projem_workbench", *path.relative_to(root).with_suffix("").parts))
        for package, forbidden in FORBIDDEN_IMPORTS.items():
            if module == package or module.startswith(f"{package}."):
                wrong += [
                    f"{module} imports {name}"
                    for name in sorted(imported_names(path))
                    if any(name == f or name.startswith(f"{f}.") for f in forbidden)
                ]
    assert wrong == []


def test_the_operations_table_imports_only_the_standard_library() -> None:
    # Both sides read it: the GUI must not pull in pydantic or the database through it, nor
    # the spec Qt.
    script = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import projem_workbench.cam.operations\n"
        "added = set(sys.modules) - before\n"
        "print(sorted(m for m in added if m.split('.')[0] not in sys.stdlib_module_names))\n"
    )
    assert fresh_python(script) == repr(sorted(["projem_workbench", *PLAIN_CAM_MODULES]))
