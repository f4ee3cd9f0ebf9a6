# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem demo`` end to end in this lane's FreeCAD: catalogue, sample plate, CAM run with
facing, pocket, profile and drilling, G-code next to the database that rs274 accepts, an
intact audit trail; a second demo reuses the stored plate."""

from __future__ import annotations

from pathlib import Path

from tests.support import rs274
from tests.support.cli import run_projem


def test_demo_machines_the_sample_plate(freecadcmd: str, tmp_path: Path) -> None:
    database = tmp_path / "demo.sqlite3"
    first = run_projem("--db", str(database), "demo")
    assert first.returncode == 0, first.stderr
    assert "saved demo-plate version 1" in first.stdout
    assert "run 1: succeeded" in first.stdout and "Audit trail: intact" in first.stdout
    for kind in ("facing", "pocket", "profile", "drilling"):
        assert f": {kind} with T" in first.stdout
    program = tmp_path / "demo-plate-run1.ngc"
    interpreted = rs274.interpret(program, program.with_suffix(".tbl"))
    assert (interpreted.returncode, interpreted.errors) == (0, [])

    second = run_projem("--db", str(database), "demo")
    assert second.returncode == 0, second.stderr
    assert "saved demo-plate" not in second.stdout and "run 2: succeeded" in second.stdout
    assert (tmp_path / "demo-plate-run2.ngc").read_bytes() == program.read_bytes()
