# SPDX-License-Identifier: LGPL-2.1-or-later
"""The geometry of a FreeCAD document, measured by FreeCAD itself.

:func:`measure_document` measures in the FreeCAD worker, as CAM work does
(:mod:`projem_workbench.freecad.runner`): in this process inside FreeCAD (its GUI or
``freecadcmd``), else under ``freecadcmd``; without FreeCAD it returns None and the caller
says FreeCAD was not available. FreeCAD imported as a plain module is never used: it loads no
workbench, so a PartDesign Body, its sketches and features are dropped when the document is
opened, and the part measured "0 solids".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from projem_workbench.freecad.runner import (
    find_freecadcmd,
    inside_freecad_application,
    run_in_freecad,
)


def measure_document(path: Path) -> dict[str, Any] | None:
    """Volume, area, bounding box and solid count of ``path``, or None without FreeCAD (or
    with ``PROJEM_NO_FREECAD=1``, for a server that only stores documents)."""
    if os.environ.get("PROJEM_NO_FREECAD") == "1":
        return None
    if not inside_freecad_application() and find_freecadcmd() is None:
        return None
    return run_in_freecad("measure", {"document": str(path)}, timeout=600)
