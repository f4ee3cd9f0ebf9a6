# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem's G-code reader against LinuxCNC's own interpreter (``rs274 -g``): the same moves,
in the same order, of the same kinds, to the same end points and about the same centres, on
the sample programs Debian's linuxcnc-uspace installs and on programs of our own (a real
FreeCAD 0.20 program from the demo, and modal corpora of cycles, arcs and units).

A sample program the reader refuses (parameters, O-words, cutter compensation ...) is left out
of the comparison but counted, as is one rs274 itself refuses; every other must match. The
test fails under CI=true when rs274 is missing and is skipped otherwise.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from projem_workbench.gcode.reader import GcodeError, read_program
from tests.support import rs274

DATA = Path(__file__).parent / "data"
NCFILES = Path("/usr/share/linuxcnc/ncfiles")
SUFFIXES = (".ngc", ".nc", ".tap")
# The samples of linuxcnc-uspace 2.9 that use only what the reader reads: if one of them
# starts being refused, the reader lost something.
KNOWN_READABLE = {"3dtest.ngc", "arcspiral.ngc", "cds.ngc", "lathe_pawn.ngc", "plasmatest.ngc",
                  "roparams.ngc", "testm6fail.ngc", "tort.ngc"}  # fmt: skip
MIN_COMPARED = len(KNOWN_READABLE)


def sample_programs() -> list[Path]:
    """The ncfiles linuxcnc-uspace installs (by its package list, else the usual folder)."""
    listed: list[Path] = []
    if shutil.which("dpkg"):
        done = subprocess.run(
            ["dpkg", "-L", "linuxcnc-uspace"], capture_output=True, text=True, check=False
        )
        listed = [Path(line) for line in done.stdout.splitlines() if "ncfiles" in line.lower()]
    if not listed and NCFILES.is_dir():
        listed = list(NCFILES.rglob("*"))
    return sorted(p for p in listed if p.suffix.lower() in SUFFIXES and p.is_file())


@pytest.mark.parametrize(
    ("program", "table"),
    [
        ("demo-plate-run1.ngc", "demo-plate-run1.tbl"),
        ("modal-cycles.ngc", None),
        ("modal-arcs.ngc", None),
        ("modal-units.ngc", None),
    ],
)
def test_our_programs_make_the_moves_rs274_makes(program: str, table: str | None) -> None:
    compared = rs274.compare_with_reader(DATA / program, None if table is None else DATA / table)
    assert compared >= 12, compared


def test_linuxcnc_sample_programs_make_the_moves_rs274_makes() -> None:
    rs274.rs274_binary()  # fails under CI, skips elsewhere, when rs274 is missing
    programs = sample_programs()
    assert programs, "linuxcnc-uspace installs no sample programs (ncfiles)"
    compared: dict[str, int] = {}
    refused_by_reader: dict[str, str] = {}
    refused_by_rs274: dict[str, str] = {}
    for path in programs:
        try:
            read_program(path.read_text(errors="replace"))
        except GcodeError as exc:
            refused_by_reader[str(path)] = str(exc)
            continue
        result = rs274.interpret_zeroed(path)
        if result.returncode != 0 or result.errors:
            refused_by_rs274[str(path)] = "; ".join(result.errors[-2:])
            continue
        compared[path.name] = rs274.compare_with_reader(path, interpreted=result)
    print(
        f"\nLinuxCNC sample programs: {len(programs)}, compared {len(compared)} "
        f"({sum(compared.values())} moves), left out {len(refused_by_reader)} the reader "
        f"refuses and {len(refused_by_rs274)} rs274 refuses"
    )
    for name, moves in sorted(compared.items()):
        print(f"  compared {name}: {moves} moves")
    for name, why in sorted(refused_by_rs274.items()):
        print(f"  rs274 refuses {name}: {why}")
    assert len(compared) >= MIN_COMPARED, sorted(compared)
    assert set(compared) >= KNOWN_READABLE, sorted(KNOWN_READABLE - set(compared))
