# SPDX-License-Identifier: LGPL-2.1-or-later
"""package.xml read by this lane's own Addon Manager metadata parser (FreeCAD 1.0 and 1.1 ship
one; FreeCAD 1.1's is the reference): no warning, and it says what Projem is. FreeCAD 0.20's
Addon Manager has no such parser: its lane leaves this file out (scripts/test-lanes.sh)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.freecad.test_workbench_install import CHECKOUT

PROBE = r"""
import contextlib, io, json, os, sys
import FreeCAD
folder = os.path.join(FreeCAD.getResourceDir(), "Mod", "AddonManager")
sys.path.insert(0, folder)
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    from addonmanager_metadata import MetadataReader, get_first_supported_freecad_version
    from addonmanager_licenses import get_license_manager
    metadata = MetadataReader.from_file(sys.argv[-1])
    licenses = get_license_manager()
    osi = [licenses.is_osi_approved(l.name) for l in metadata.license]
[workbench] = metadata.content["workbench"]
print("METADATA " + json.dumps({
    "printed": printed.getvalue(),
    "name": metadata.name,
    "version": str(metadata.version),
    "licenses": [l.name for l in metadata.license],
    "osi": osi,
    "license_data": len(licenses.license_data),
    "icon": metadata.icon,
    "classname": workbench.classname,
    "workbench_icon": workbench.icon,
    "subdirectory": workbench.subdirectory,
    "freecadmin": str(get_first_supported_freecad_version(metadata)),
    "python": sorted(d.package for d in workbench.depend if not d.optional),
    "optional": sorted(d.package for d in workbench.depend if d.optional),
}))
"""


def test_package_xml_reads_cleanly_with_the_addon_managers_parser(
    freecadcmd: str, tmp_path: Path
) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE)
    package = CHECKOUT / "package.xml"
    result = subprocess.run(
        [freecadcmd, "-c",
         f"import sys; sys.argv.append({str(package)!r}); exec(open({str(probe)!r}).read())"],
        capture_output=True, text=True, timeout=120, check=False,
        env=dict(os.environ, HOME=str(tmp_path)),
    )  # fmt: skip
    lines = [line for line in result.stdout.splitlines() if line.startswith("METADATA ")]
    assert lines, result.stdout[-3000:] + result.stderr[-3000:]
    metadata = json.loads(lines[-1][len("METADATA ") :])
    warnings = [
        line for line in (result.stdout + result.stderr).splitlines()
        if "warning" in line.lower() or "unrecognized" in line.lower() or "invalid" in line.lower()
    ]  # fmt: skip
    if metadata["license_data"] == 0:
        # Debian 13's FreeCAD 1.0 ships no SPDX list, so every licence "is not in" it; the
        # parser itself still must not complain. FreeCAD 1.1 has the list and checks it.
        assert os.environ.get("PROJEM_LANE") != "freecad-1.1", "FreeCAD 1.1 lacks its SPDX list"
        warnings = [w for w in warnings if "is not in the SPDX license list" not in w]
        metadata["osi"] = [True]
    assert metadata["printed"] == "" and warnings == [], (metadata["printed"], warnings)
    assert metadata["name"] == "Projem" and metadata["version"].startswith("0.1.0")
    assert metadata["licenses"] == ["LGPL-2.1-or-later"] and metadata["osi"] == [True]
    assert metadata["classname"] == "ProjemWorkbench"
    assert metadata["subdirectory"] == "./"
    assert metadata["freecadmin"].startswith("0.20.0")
    for icon in (metadata["icon"], metadata["workbench_icon"]):
        assert (CHECKOUT / icon).is_file(), icon
    required = ["sqlalchemy", "alembic", "pydantic", "platformdirs", "rfc8785", "python-stdnum"]
    assert metadata["python"] == sorted([*required, "numpy", "pillow"])
    assert metadata["optional"] == ["psycopg2-binary"]
