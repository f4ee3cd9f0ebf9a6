# SPDX-License-Identifier: LGPL-2.1-or-later
"""Where FreeCAD looks for add-on packages, and which Python belongs to that FreeCAD.

FreeCAD 1.0 and later put ``<user data>/AdditionalPythonPackages/py<major><minor>`` on
``sys.path`` at start-up when the folder exists; that is where the Addon Manager installs
packages (``addonmanager_utilities.get_pip_target_directory``). FreeCAD 0.20 and 0.21 add only
``AdditionalPythonPackages`` itself, so Projem's ``Init.py`` adds the versioned folder there
(:func:`add_to_sys_path`): one folder per Python, whatever the FreeCAD.

The Python that runs pip is found as FreeCAD finds it (``freecad.utils.get_python_exe`` since
1.0; the same preference and folders before): ``sys.executable`` inside FreeCAD is FreeCAD
itself. Outside FreeCAD (``python3 -m projem_workbench deps``) the Python running is the one.
"""

from __future__ import annotations

import importlib
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from projem_workbench.deps.requirements import running_python

PACKAGES_FOLDER = "AdditionalPythonPackages"


class LocationError(Exception):
    """No folder or Python could be found: the message says what to give instead."""


def _freecad() -> object | None:
    module = sys.modules.get("FreeCAD")
    return module if module is not None and hasattr(module, "getUserAppDataDir") else None


def user_data_dir() -> Path:
    """FreeCAD's per-user data folder (the one holding ``Mod``).

    Inside FreeCAD it is FreeCAD's answer; outside, the folder whose ``Mod`` holds this
    copy of Projem, as the Addon Manager places it."""
    freecad = _freecad()
    if freecad is not None:
        return Path(freecad.getUserAppDataDir())  # type: ignore[attr-defined]
    package = Path(__file__).resolve().parents[2]  # <user data>/Mod/Projem
    if package.parent.name == "Mod":
        return package.parent.parent
    raise LocationError(
        f"Projem at {package} is not in a FreeCAD Mod folder, so the folder FreeCAD reads "
        "add-on packages from is not known: give it with --target "
        f"(<FreeCAD user data folder>/{PACKAGES_FOLDER}/py{''.join(map(str, running_python()))})"
    )


def target_dir(python: tuple[int, int] | None = None) -> Path:
    """The add-on packages folder for ``python`` (default: the running one)."""
    major, minor = python or running_python()
    return user_data_dir() / PACKAGES_FOLDER / f"py{major}{minor}"


def add_to_sys_path(python: tuple[int, int] | None = None) -> Path | None:
    """Put the add-on packages folder on ``sys.path`` (FreeCAD 0.20 and 0.21 do not, and
    none does for a folder made after start-up). Returns it when it exists."""
    try:
        folder = target_dir(python)
    except LocationError:
        return None
    if not folder.is_dir():
        return None
    if str(folder) not in sys.path:
        sys.path.append(str(folder))
        importlib.invalidate_caches()
    return folder


def _freecad_python_candidates() -> list[str]:
    freecad = _freecad()
    if freecad is None:
        return [sys.executable]
    try:
        from freecad.utils import get_python_exe  # FreeCAD 1.0 and later

        found = get_python_exe()
        return [found] if found else []
    except ImportError:
        pass
    # FreeCAD 0.20/0.21: the preference, then FreeCAD's bin folder, then the PATH.
    prefs = freecad.ParamGet("User parameter:BaseApp/Preferences/PythonConsole")  # type: ignore[attr-defined]
    home = Path(freecad.getHomePath())  # type: ignore[attr-defined]
    exe = ".exe" if platform.system() == "Windows" else ""
    candidates = [prefs.GetString("ExternalPythonExecutable", "")]
    candidates += [str(home / "bin" / f"python3{exe}"), str(home / "bin" / f"python{exe}")]
    candidates += [shutil.which("python3") or "", shutil.which("python") or ""]
    return [c for c in candidates if c and os.path.exists(c)]


def python_version_of(executable: str) -> tuple[int, int] | None:
    try:
        result = subprocess.run(
            [executable, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except OSError:
        return None
    parts = result.stdout.split()
    return (int(parts[0]), int(parts[1])) if result.returncode == 0 and len(parts) == 2 else None


def python_executable() -> str:
    """The Python of this FreeCAD (same major.minor as the one running), to run pip with."""
    wanted = running_python()
    candidates = _freecad_python_candidates()
    candidates.append(shutil.which(f"python{wanted[0]}.{wanted[1]}") or "")
    for candidate in filter(None, candidates):
        if python_version_of(candidate) == wanted:
            return candidate
    raise LocationError(
        f"no Python {wanted[0]}.{wanted[1]} executable was found for this FreeCAD (looked at: "
        f"{', '.join(filter(None, candidates)) or 'nothing'}). Set it in FreeCAD's preferences "
        "(General > Python console > path to the Python executable), or run "
        f"'python{wanted[0]}.{wanted[1]} -m projem_workbench deps install' from Projem's folder"
    )
