# SPDX-License-Identifier: LGPL-2.1-or-later
"""The geometry of a FreeCAD document, measured by FreeCAD itself.

:func:`measure_document` uses FreeCAD in this process when it is loaded or importable (from
``$PROJEM_FREECAD_LIB`` or Debian's location, if built for this Python), else runs
``freecadcmd`` (``$PROJEM_FREECADCMD`` or on PATH) and reads its JSON answer, else returns
None — the caller then says FreeCAD was not available.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

LIB_CANDIDATES = ("/usr/lib/freecad-python3/lib", "/usr/lib/freecad/lib")

# Runs inside FreeCAD (in this process or under freecadcmd): the solids of the document's
# end results (objects nothing else is built from), their volume, area and bounding box.
MEASURE = r"""
def projem_measure(path):
    import FreeCAD
    # openDocument hands back a document that is already open (the workbench saves the
    # user's document, then measures its file): measure it, but never close it.
    already_open = set(FreeCAD.listDocuments())
    doc = FreeCAD.openDocument(path, True)  # hidden: no 3D view in the GUI
    try:
        solids = []
        for obj in doc.Objects:
            shape = getattr(obj, "Shape", None)
            if shape is None or shape.isNull() or not shape.Solids:
                continue
            if any(getattr(parent, "Shape", None) is not None for parent in obj.InList):
                continue  # an input of another feature, not a result
            solids.extend(shape.Solids)
        result = {"freecad_version": ".".join(FreeCAD.Version()[:3]), "solids": len(solids)}
        if solids:
            box = solids[0].BoundBox
            for solid in solids[1:]:
                box.add(solid.BoundBox)
            result.update(
                volume_mm3=round(sum(s.Volume for s in solids), 6),
                area_mm2=round(sum(s.Area for s in solids), 6),
                bounding_box_mm=[
                    round(v, 6)
                    for v in (box.XMin, box.YMin, box.ZMin, box.XMax, box.YMax, box.ZMax)
                ],
            )
        return result
    finally:
        if doc.Name not in already_open:
            FreeCAD.closeDocument(doc.Name)
"""


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


def freecadcmd() -> str | None:
    return (
        os.environ.get("PROJEM_FREECADCMD")
        or shutil.which("freecadcmd")
        or shutil.which("FreeCADCmd")
    )


def measure_document(path: Path) -> dict[str, Any] | None:
    """Volume, area, bounding box and solid count of ``path``, or None without FreeCAD (or
    with ``PROJEM_NO_FREECAD=1``, for a server that only stores documents)."""
    if os.environ.get("PROJEM_NO_FREECAD") == "1":
        return None
    namespace: dict[str, Any] = {}
    if _freecad_in_process() is not None:
        exec(MEASURE, namespace)
        return namespace["projem_measure"](str(path))
    command = freecadcmd()
    if command is None:
        return None
    answer = f"print('PROJEM=' + json.dumps(projem_measure({str(path)!r})), flush=True)"
    script = f"{MEASURE}\nimport json\n{answer}\n"
    result = subprocess.run(
        [command, "-c", f"exec({script!r})"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith("PROJEM="):
            return json.loads(line[7:])
    raise RuntimeError(
        f"FreeCAD ({command}) could not measure {path}: {result.stderr.strip()[-500:]}"
    )
