# SPDX-License-Identifier: LGPL-2.1-or-later
"""Fixtures for the FreeCAD lanes: FreeCAD importable in this process, and its command line.

``PROJEM_FREECAD_LIB`` names FreeCAD's lib folder (default: Debian's locations). Outside a
FreeCAD lane these tests skip; in CI (``CI=true``) a missing FreeCAD is a failure.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
LIB_CANDIDATES = ("/usr/lib/freecad-python3/lib", "/usr/lib/freecad/lib")


def freecad_lib() -> Path | None:
    configured = os.environ.get("PROJEM_FREECAD_LIB")
    for candidate in ([configured] if configured else []) + list(LIB_CANDIDATES):
        if candidate and (Path(candidate) / "FreeCAD.so").exists():
            return Path(candidate)
    return None


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"FreeCAD lane cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def freecad() -> ModuleType:
    lib = freecad_lib()
    if lib is None:
        _missing("FreeCAD's Python module was not found (set PROJEM_FREECAD_LIB)")
    if str(lib) not in sys.path:
        sys.path.append(str(lib))
    import FreeCAD

    return FreeCAD


@pytest.fixture(scope="session")
def freecadcmd() -> str:
    path = shutil.which("freecadcmd") or shutil.which("FreeCADCmd")
    if path is None:
        _missing("freecadcmd is not on PATH")
    return str(path)
