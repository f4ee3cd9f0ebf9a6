# SPDX-License-Identifier: LGPL-2.1-or-later
"""Which of Projem's Python packages FreeCAD's Python lacks, and what to tell the user.

The packages and versions are listed once, in :mod:`projem_workbench.deps.requirements`; the
dialog that installs them is :mod:`projem_workbench.gui.dependency_dialog`.
"""

from __future__ import annotations

from projem_workbench.deps import status
from projem_workbench.deps.requirements import REQUIRED, REQUIREMENTS
from projem_workbench.gui.i18n import translate


def missing_dependencies() -> list[str]:
    """pip names of the required packages FreeCAD's Python cannot use (cheap: imports nothing)."""
    return [s.requirement.distribution for s in status.missing_required(status.check(REQUIRED))]


def failed_import(exc: BaseException) -> str | None:
    """The pip name of a Projem package whose import failed with ``exc``, if it is one."""
    if isinstance(exc, ImportError):
        top = (exc.name or "").split(".")[0]
        for requirement in REQUIREMENTS:
            if requirement.module == top:
                return requirement.distribution
    return None


def install_instructions(missing: list[str]) -> str:
    """What to tell the user: which packages, and how to install them."""
    debian = [r.debian for r in REQUIRED if r.distribution in missing and r.debian]
    text = translate(
        "Projem",
        "Projem needs these Python packages, which FreeCAD's Python cannot import: "
        "{packages}.\n\nPress Install to install them where FreeCAD finds add-on packages "
        "(an internet connection is needed), or Install from folder… for a folder of wheels "
        "prepared with 'python3 -m projem_workbench deps download' on a computer that has "
        "one. From a terminal, in Projem's folder:\n  python3 -m projem_workbench deps install",
    ).format(packages=", ".join(missing))
    if debian:
        text += "\n\n" + translate(
            "Projem",
            "On Debian or Ubuntu with FreeCAD from the distribution, also:\n"
            "  sudo apt install {debian}",
        ).format(debian=" ".join(debian))
    return text
