# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem installs the way the Addon Manager installs it, and loads in this lane's FreeCAD."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

CHECKOUT = Path(__file__).resolve().parents[2]
# What an Addon Manager clone of the repository holds (no venv, no build output).
IGNORED = shutil.ignore_patterns(".git", ".venv", "build", "__pycache__", ".pytest_cache", "*.pyc")

PROBE = r"""
import json, sys
import FreeCAD
import projem_workbench
from projem_workbench.db import migrate, models
from projem_workbench.db.base import Base
from projem_workbench.db.session import Database
db = Database("sqlite:///" + sys.argv[-1])
migrate.ensure_current(db.engine)
state = migrate.schema_state(db.engine)
print("PROBE " + json.dumps({
    "freecad": ".".join(FreeCAD.Version()[:3]),
    "package": projem_workbench.__file__,
    "tables": len(Base.metadata.tables),
    "schema": state.status.value,
    "differences": len(migrate.model_differences(db.engine)),
}))
"""


def dependency_dir() -> str:
    """The site-packages folder that holds SQLAlchemy and the rest for this lane."""
    import sqlalchemy

    return str(Path(sqlalchemy.__file__).resolve().parents[1])


def user_mod_dir(freecadcmd: str, home: Path) -> Path:
    """FreeCAD's per-user Mod folder for this version (1.1 puts it in a versioned folder)."""
    result = subprocess.run(
        [freecadcmd, "-c", "import FreeCAD; print('DIR=' + FreeCAD.getUserAppDataDir())"],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home)},
        timeout=120,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("DIR=")]
    assert lines, result.stdout + result.stderr
    return Path(lines[-1][4:]) / "Mod"


def test_freecad_version_matches_lane(freecad: ModuleType) -> None:
    version = ".".join(freecad.Version()[:2])
    lane = os.environ.get("PROJEM_LANE", "")
    if lane.startswith("freecad-"):
        assert version == lane.removeprefix("freecad-")


def test_installed_in_mod_folder_loads_under_freecadcmd(freecadcmd: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    mod = user_mod_dir(freecadcmd, home)
    mod.mkdir(parents=True, exist_ok=True)
    installed = mod / "Projem"
    shutil.copytree(CHECKOUT, installed, ignore=IGNORED)
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE)
    database = tmp_path / "db" / "projem.sqlite3"

    # The Addon Manager installs Projem's Python dependencies for FreeCAD's Python; here they
    # come from where this lane's interpreter has them. Projem itself must come from Mod.
    env = dict(os.environ, HOME=str(home), PYTHONPATH=dependency_dir())
    result = subprocess.run(
        [
            freecadcmd,
            "-c",
            f"import sys; sys.argv.append({str(database)!r}); exec(open({str(probe)!r}).read())",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("PROBE ")]
    assert lines, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    report = json.loads(lines[-1][len("PROBE ") :])
    assert Path(report["package"]).resolve().is_relative_to(installed.resolve())
    assert report["tables"] == 17
    assert report["schema"] == "current"
    assert report["differences"] == 0
    assert database.exists()
