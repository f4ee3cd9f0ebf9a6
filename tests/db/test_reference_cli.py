# SPDX-License-Identifier: LGPL-2.1-or-later
"""`projem machines|materials|tools ...` as a user types them, on both backends."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.cli import run_projem

# The command line end to end, in subprocesses: run in the database lane (both backends);
# the FreeCAD lanes run the same services in-process.
pytestmark = pytest.mark.cli_end_to_end


def projem(db_url: str, *args: str) -> tuple[int, str, str]:
    result = run_projem("--db", db_url, *args)
    return result.returncode, result.stdout, result.stderr


def test_tool_commands_end_to_end(db_url: str, tmp_path: Path) -> None:
    add = [
        "tools", "add", "--name", "EM 6", "--tool-type", "flat_endmill",
        "--tool-material", "carbide", "--diameter-mm", "6", "--flutes", "3",
        "--min-stock", "4", "--quantity-on-hand", "2", "--params", '{"helix_deg": 35}',
    ]  # fmt: skip
    code, out, err = projem(db_url, *add)
    assert code == 0, err
    assert "helix_deg" in out

    code, _, err = projem(db_url, *add)
    assert (code, err.strip()) == (1, "projem: error: a tool named 'EM 6' already exists")

    code, _, err = projem(
        db_url, "tools", "add", "--name", "Bad", "--tool-type", "drill",
        "--tool-material", "hss", "--diameter-mm", "-3",
    )  # fmt: skip
    assert code == 1
    assert "diameter_mm: Input should be greater than 0" in err

    code, out, _ = projem(db_url, "tools", "low-stock")
    assert "EM 6: 2 on hand, minimum 4 (order 2)" in out
    code, out, err = projem(db_url, "tools", "stock", "EM 6", "--add", "3")
    assert (code, out.strip()) == (0, "EM 6: 5 on hand, minimum 4"), err

    code, out, _ = projem(db_url, "tools", "list", "--type", "flat_endmill", "--json")
    listed = json.loads(out)
    assert [(t["name"], t["diameter_mm"], t["params"]) for t in listed] == [
        ("EM 6", "6.000", {"helix_deg": 35})
    ]
    code, out, _ = projem(db_url, "tools", "list", "--min-diameter", "7")
    assert "(0 found)" in out

    exported = tmp_path / "tools.json"
    assert projem(db_url, "tools", "export", str(exported))[0] == 0
    code, out, err = projem(db_url, "tools", "import", str(exported))
    assert code == 0, err
    assert "0 created, 0 updated, 1 unchanged, 0 rejected" in out

    assert projem(db_url, "tools", "delete", "EM 6")[0] == 0
    code, _, err = projem(db_url, "tools", "show", "EM 6")
    assert code == 1
    assert "one was deleted" in err
    code, out, _ = projem(db_url, "tools", "restore", "EM 6")
    assert (code, out.strip()) == (0, "restored EM 6 (id 1, T1)")


def test_machine_and_material_files(db_url: str, tmp_path: Path) -> None:
    machines = tmp_path / "machines.json"
    machines.write_text(
        json.dumps(
            {
                "machines": [
                    {
                        "name": "Router", "machine_type": "router", "controller": "grbl",
                        "post_processor": "grbl", "travel_x_mm": 800, "travel_y_mm": 800,
                        "travel_z_mm": 110, "max_spindle_rpm": 24000,
                        "max_feed_mm_min": 6000, "rapid_mm_min": 8000,
                    },
                    {"name": "Broken", "machine_type": "router"},
                ]
            }
        )
    )  # fmt: skip
    code, out, _ = projem(db_url, "machines", "import", str(machines))
    assert code == 1
    assert "rejected  Broken: invalid machine: controller: Field required" in out
    assert out.strip().endswith("1 rejected — nothing was written")
    assert "(0 found)" in projem(db_url, "machines", "list")[1]

    code, out, _ = projem(db_url, "machines", "import", str(machines), "--skip-invalid")
    assert code == 1
    assert "1 created, 0 updated, 0 unchanged, 1 rejected" in out
    code, out, _ = projem(db_url, "machines", "update", "Router", "--max-spindle-rpm", "18000")
    assert code == 0
    assert re.search(r"^max_spindle_rpm +18000$", out, re.MULTILINE)

    garbage = tmp_path / "materials.json"
    garbage.write_bytes(b"\x00\xff not json")
    code, _, err = projem(db_url, "materials", "import", str(garbage))
    assert code == 1
    assert "materials.json: not valid JSON" in err
