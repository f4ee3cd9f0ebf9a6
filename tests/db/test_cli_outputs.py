# SPDX-License-Identifier: LGPL-2.1-or-later
"""Files the command line writes: one that exists is replaced only with --overwrite, refused
before any work (no FreeCAD started, no run recorded), and bad counts are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run_projem

# The command line end to end, in subprocesses: run in the database lane (both backends);
# the FreeCAD lanes run the same services in-process.
pytestmark = pytest.mark.cli_end_to_end


def _refused(result, path: Path) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode != 0
    assert f"{path} exists: nothing was written (give --overwrite to replace it)" in result.stderr
    assert "Traceback" not in result.stderr


def test_outputs_that_exist_are_not_replaced(db_url: str, tmp_path: Path) -> None:
    existing = tmp_path / "part.ngc"
    existing.write_text("(the shop's own program)\n")
    # Refused before the run is looked up, and before FreeCAD would start for cam run.
    _refused(run_projem("--db", db_url, "cam", "gcode", "999", "-o", str(existing)), existing)
    table = tmp_path / "part.tbl"
    table.write_text("T1 P1 D6 ;the machine's table\n")
    _refused(
        run_projem(
            "--db", db_url, "cam", "gcode", "999", "-o", str(tmp_path / "new.ngc"),
            "--tool-table", str(table),
        ),
        table,
    )  # fmt: skip
    _refused(
        run_projem(
            "--db", db_url, "cam", "run", "--model", "nope", "--machine", "m",
            "--material", "a", "-o", str(existing),
        ),
        existing,
    )  # fmt: skip
    spec = tmp_path / "plan.json"
    spec.write_text("{}")
    _refused(
        run_projem(
            "--db", db_url, "cam", "plan", "--model", "nope", "--machine", "m",
            "--material", "a", "-o", str(spec),
        ),
        spec,
    )  # fmt: skip
    assert existing.read_text() == "(the shop's own program)\n"
    assert table.read_text() == "T1 P1 D6 ;the machine's table\n"
    assert run_projem("--db", db_url, "cam", "list").stdout == ""  # no run was recorded
    # With --overwrite the request goes on (and here fails on the run that is not there).
    allowed = run_projem("--db", db_url, "cam", "gcode", "999", "-o", str(existing), "--overwrite")
    assert allowed.returncode != 0 and "999" in allowed.stderr and "exists" not in allowed.stderr
    missing = tmp_path / "no" / "such" / "folder" / "part.ngc"
    result = run_projem("--db", db_url, "cam", "gcode", "1", "-o", str(missing))
    assert f"the folder {missing.parent} does not exist" in result.stderr


def test_a_listing_limit_below_one_is_refused(db_url: str) -> None:
    result = run_projem("--db", db_url, "cam", "list", "--limit", "-1")
    assert result.returncode == 2 and "must be at least 1, got -1" in result.stderr
