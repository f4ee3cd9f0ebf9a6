# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem's schemas load in a Python where this lane's FreeCAD GUI Qt binding is loaded
(PySide2 5.15 on Python 3.13 broke pydantic's field constraints: see gui/compat.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.freecad.test_workbench_install import CHECKOUT, dependency_dir

SCRIPT = r"""
from PySide import QtCore  # FreeCAD's shim over the binding its GUI uses
from projem_workbench.gui import compat
applied = compat.repair_protocol_checks()
from projem_workbench.schemas.inputs import ToolInput
from projem_workbench.services import tools, tool_files, materials, machines, audit_log
try:
    ToolInput(name="x", tool_type="drill", tool_material="hss", diameter_mm=-1)
except Exception as exc:
    refused = "greater than 0" in str(exc)
print("RESULT", QtCore.__name__, applied, refused, compat.protocol_checks_broken())
"""


def test_constrained_schemas_work_beside_freecads_qt_binding(
    freecadcmd: str, tmp_path: Path
) -> None:
    script = tmp_path / "probe.py"
    script.write_text(
        f"import sys\nsys.path[:0] = [{str(CHECKOUT)!r}, {dependency_dir()!r}]\n{SCRIPT}"
    )
    result = subprocess.run(
        [freecadcmd, "-c", f"exec(open({str(script)!r}).read())"],
        capture_output=True,
        text=True,
        cwd=CHECKOUT,
        timeout=300,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, result.stdout[-3000:] + result.stderr[-3000:]
    _, binding, _applied, refused, still_broken = lines[-1].split()
    assert binding.startswith(("PySide2", "PySide6", "PySide"))
    assert (refused, still_broken) == ("True", "False")
