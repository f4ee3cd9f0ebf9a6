# SPDX-License-Identifier: LGPL-2.1-or-later
"""The geometry of a FreeCAD document, measured by FreeCAD itself.

:func:`measure_document` uses FreeCAD in this process when it is loaded or importable (from
``$PROJEM_FREECAD_LIB`` or Debian's location, if built for this Python), else runs
``freecadcmd`` through :mod:`projem_workbench.freecad.runner`, else returns None — the
caller then says FreeCAD was not available.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from projem_workbench.freecad import worker
from projem_workbench.freecad.runner import find_freecadcmd, run_in_freecad

LIB_CANDIDATES = ("/usr/lib/freecad-python3/lib", "/usr/lib/freecad/lib")


def _freecad_in_process() -> ModuleType | None:
    if "FreeCAD" in sys.modules:
        return sys.modules["FreeCAD"]
    configured = os.environ.get("PROJEM_FREECAD_LIB")
    for candidate in ([configured] if configured else []) + list(LIB_CANDIDATES):
        if candidate and (Path(candidate) / "FreeCAD.so").exists():
            if candidate not in sys.path:
                sys.path.append(candidate)
            try:
                import FreeCAD

                return FreeCAD
            except ImportError:  # built for another Python: use freecadcmd instead
                sys.path.remove(candidate)
    return None


def measure_document(path: Path) -> dict[str, Any] | None:
    """Volume, area, bounding box and solid count of ``path``, or None without FreeCAD (or
    with ``PROJEM_NO_FREECAD=1``, for a server that only stores documents)."""
    if os.environ.get("PROJEM_NO_FREECAD") == "1":
        return None
    request = {"document": str(path)}
    if _freecad_in_process() is not None:
        # Measuring needs only FreeCAD's Part module, which a plain import sets up.
        return worker.measure(request)
    if find_freecadcmd() is None:
        return None
    return run_in_freecad("measure", request, timeout=600)
