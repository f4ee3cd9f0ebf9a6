# SPDX-License-Identifier: LGPL-2.1-or-later
"""This FreeCAD's own shipped tool library through Projem and back into FreeCAD's ToolBit code.

Runs in each FreeCAD lane (0.20, 1.0, 1.1): the library imports completely, exports for this
version, re-imports to the same records, and FreeCAD loads an exported bit and makes a
ToolController from it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from projem_workbench.db.session import Database
from projem_workbench.services.tool_files import export_tool_file, import_tool_file
from projem_workbench.services.tools import TOOLS


def version(freecad: ModuleType) -> str:
    major, minor = freecad.Version()[:2]
    return f"{major}.{minor}"


def cam_module_dir(freecad: ModuleType) -> Path:
    resources = Path(freecad.getResourceDir())
    for name in ("CAM", "Path"):
        if (resources / "Mod" / name / "Tools" / "Library").is_dir():
            return resources / "Mod" / name
    raise AssertionError(f"no shipped tool library under {resources / 'Mod'}")


# Runs under freecadcmd, as a user's FreeCAD would load the file: each version's own ToolBit
# code makes the bit object and a ToolController for it.
LOAD_BIT = """
import json, os, FreeCAD
path = os.environ["PROJEM_BIT"]
doc = FreeCAD.newDocument("projem_toolbits")
major, minor = FreeCAD.Version()[:2]
if (major, minor) == ("0", "20"):
    from PathScripts import PathToolBit, PathToolController
    bit = PathToolBit.Factory.CreateFrom(path, "Bit")
    tc = PathToolController.Create("TC", tool=bit, toolNumber=1)
elif (major, minor) == ("1", "0"):
    from Path.Tool import Bit, Controller
    bit = Bit.Factory.CreateFrom(path, "Bit")
    tc = Controller.Create("TC", tool=bit, toolNumber=1)
else:
    from Path.Tool import Controller
    from Path.Tool.toolbit import ToolBit
    bit = ToolBit.from_file(path).attach_to_doc(doc)
    tc = Controller.Create("TC", tool=bit, toolNumber=1, assignViewProvider=False)
doc.recompute()
print("RESULT=" + json.dumps({
    "diameter": float(bit.Diameter), "length": float(bit.Length),
    "tool_is_bit": tc.Tool == bit, "number": tc.ToolNumber, "label": bit.Label,
}), flush=True)
"""


def load_bit_and_make_controller(freecadcmd: str, bit_file: Path, home: Path) -> dict[str, Any]:
    home.mkdir(exist_ok=True)
    result = subprocess.run(
        # FreeCAD 1.1's -c dies on a multi-line string; one exec() line works everywhere.
        [freecadcmd, "-c", f"exec({LOAD_BIT!r})"],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home), "PROJEM_BIT": str(bit_file)},
        timeout=300,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT=")]
    assert lines, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(lines[-1][7:])


def test_shipped_library_round_trips_and_loads_in_freecad(
    freecad: ModuleType, freecadcmd: str, database: Database, tmp_path: Path
) -> None:
    cam = cam_module_dir(freecad)
    shipped = cam / "Tools" / "Library" / "Default.fctl"
    listed = len(json.loads(shipped.read_text())["tools"])
    first = import_tool_file(database, shipped)
    assert (len(first.created), first.rejected) == (listed, [])

    exported = export_tool_file(
        database, tmp_path / "Tools", fmt="fctl", flavour=version(freecad), library_name="Shop"
    )
    again = import_tool_file(database, Path(exported.path))
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, listed)

    endmill = TOOLS.get(database, "5mm Endmill")
    bit_file = tmp_path / "Tools" / "Bit" / endmill.params["freecad"]["file"]
    loaded = load_bit_and_make_controller(freecadcmd, bit_file, tmp_path / "home")
    assert loaded["diameter"] == pytest.approx(float(endmill.diameter_mm))
    assert loaded["length"] == pytest.approx(float(endmill.overall_length_mm))
    assert (loaded["tool_is_bit"], loaded["number"]) == (True, 1)
