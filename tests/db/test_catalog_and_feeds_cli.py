# SPDX-License-Identifier: LGPL-2.1-or-later
"""`projem catalog load` and `projem feeds` on both backends, as a user runs them."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import run_projem

# The command line end to end, in subprocesses: run in the database lane (both backends);
# the FreeCAD lanes run the same services in-process.
pytestmark = pytest.mark.cli_end_to_end


def test_catalogue_loads_once_and_feeds_come_from_it(db_url: str) -> None:
    first = run_projem("--db", db_url, "catalog", "load")
    assert first.returncode == 0, first.stderr
    created = int(first.stdout.split()[1])
    assert created >= 35
    again = run_projem("--db", db_url, "catalog", "load")
    assert again.stdout.strip() == f"catalogue: 0 created, {created} already there"

    feeds = run_projem(
        "--db", db_url, "feeds", "--tool", "EM 6 mm 3F carbide",
        "--material", "Aluminium 6061-T6", "--machine", "VMC 850 (LinuxCNC)", "--json",
    )  # fmt: skip
    assert feeds.returncode == 0, feeds.stderr
    result = json.loads(feeds.stdout)
    assert (result["spindle_rpm"], result["feed_mm_min"]) == (10000, 1050)
    assert result["clamps"][0]["quantity"] == "spindle_rpm"

    text = run_projem(
        "--db", db_url, "feeds", "--tool", "Tap M8 x 1.25 HSS-Co",
        "--material", "Steel C45 (1045)", "--machine", "Fanuc 0i-MF mill",
    )  # fmt: skip
    assert "spindle          497 rpm" in text.stdout
    assert "feed             621 mm/min" in text.stdout

    missing = run_projem(
        "--db", db_url, "feeds", "--tool", "EM 6 mm 3F carbide",
        "--material", "Unobtainium", "--machine", "VMC 850 (LinuxCNC)",
    )  # fmt: skip
    assert missing.returncode == 1
    assert "no material named 'Unobtainium'" in missing.stderr


def test_a_catalogue_number_another_tool_holds_is_moved_and_said(db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    added = run_projem(
        "--db", db_url, "tools", "add", "--name", "Shop EM 8", "--tool-type", "flat_endmill",
        "--tool-material", "carbide", "--diameter-mm", "8", "--number", "1",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    catalogue = tmp_path / "shop.json"
    tool = {"name": "Supplier EM 8", "tool_type": "flat_endmill", "tool_material": "carbide",
            "diameter_mm": 8, "tool_number": 1}  # fmt: skip
    catalogue.write_text(json.dumps({"machines": [], "materials": [], "tools": [tool]}))
    loaded = run_projem("--db", db_url, "catalog", "load", "--file", str(catalogue))
    assert loaded.returncode == 0, loaded.stderr
    [note] = [line for line in loaded.stdout.splitlines() if line.startswith("  note: ")]
    assert "Supplier EM 8" in note and "T1" in note and "T2" in note, note
