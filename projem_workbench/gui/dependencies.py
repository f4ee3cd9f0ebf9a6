# SPDX-License-Identifier: LGPL-2.1-or-later
"""Which of Projem's Python packages FreeCAD's Python lacks, and how to install them."""

from __future__ import annotations

import importlib.util
import sys

from projem_workbench.gui.i18n import translate

# module -> (pip name, Debian package or "" when Debian has none)
REQUIRED = {
    "sqlalchemy": ("SQLAlchemy", "python3-sqlalchemy"),
    "alembic": ("alembic", "python3-alembic"),
    "pydantic": ("pydantic", "python3-pydantic"),
    "platformdirs": ("platformdirs", "python3-platformdirs"),
    "rfc8785": ("rfc8785", ""),
    "stdnum": ("python-stdnum", "python3-stdnum"),
    "numpy": ("numpy", "python3-numpy"),
    "PIL": ("Pillow", "python3-pil"),
}


def missing_dependencies() -> list[str]:
    """pip names of the packages FreeCAD's Python cannot find (cheap: imports nothing)."""
    missing = []
    for module, (pip, _debian) in REQUIRED.items():
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(pip)
    return missing


def failed_import(exc: BaseException) -> str | None:
    """The pip name of a required package whose import failed with ``exc``, if it is one."""
    if isinstance(exc, ImportError):
        top = (exc.name or "").split(".")[0]
        if top in REQUIRED:
            return REQUIRED[top][0]
    return None


def install_instructions(missing: list[str]) -> str:
    """What to tell the user: which packages, and the commands that install them."""
    python = f"python{sys.version_info.major}.{sys.version_info.minor}"
    debian = [deb for pip, deb in REQUIRED.values() if pip in missing and deb]
    no_debian = [pip for pip, deb in REQUIRED.values() if pip in missing and not deb]
    text = translate(
        "Projem",
        "Projem needs these Python packages, which FreeCAD's Python ({python}) cannot import: "
        "{packages}.\n\nInstall them for that Python, then restart FreeCAD:\n"
        "  {python} -m pip install --user {packages}",
    ).format(python=python, packages=" ".join(missing))
    if debian:
        text += "\n\n" + translate(
            "Projem",
            "On Debian or Ubuntu with FreeCAD from the distribution:\n  sudo apt install {debian}",
        ).format(debian=" ".join(debian))
        if no_debian:
            text += "\n  {python} -m pip install --user {rest}".format(
                python=python, rest=" ".join(no_debian)
            )
    return text
