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

import math
import random
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


def test_freecad_fanuc_program_without_its_tool_change_lines_matches_rs274(tmp_path: Path) -> None:
    # G28 and FreeCAD's "#[2000+#4120]" tool-length line need the machine: the rest is G-code
    # both read (modal X/Y lines without G words, G81 without X/Y, upper-case comments)
    idioms = ("G28 G91 Z0", "G91 G0 G43 G54 Z-[#[2000+#4120]] H#4120", "%")
    text = (DATA / "fanuc-bracket-freecad11.nc").read_text()
    plain = tmp_path / "fanuc-plain.ngc"
    plain.write_text("".join("\n" if line.strip() in idioms else line + "\n"
                             for line in text.splitlines()))  # fmt: skip
    assert rs274.compare_with_reader(plain) > 100


def random_program(seed: int) -> str:
    """A program of straight moves, centre and R arcs (with turns and helices) in one plane,
    canned cycles with repeats, incremental moves, in mm or inches: all of it valid G-code."""
    rng = random.Random(seed)
    plane = rng.choice(["G17", "G18", "G19"])
    a, b, normal = {"G17": "XYZ", "G18": "ZXY", "G19": "YZX"}[plane]
    oa, ob = {"G17": "IJ", "G18": "KI", "G19": "JK"}[plane]
    lines = [f"{rng.choice(['G20', 'G21'])} G90 {plane} F100", "G0 X0 Y0 Z10"]
    pos = {"X": 0.0, "Y": 0.0, "Z": 10.0}
    for _ in range(rng.randint(5, 25)):
        pick = rng.random()
        if pick < 0.3:
            pos = {k: round(rng.uniform(-20, 20), 3) for k in "XYZ"}
            lines.append(f"{rng.choice(['G0', 'G1'])} X{pos['X']} Y{pos['Y']} Z{pos['Z']}")
        elif pick < 0.5:
            turn, radius = rng.uniform(0, 2 * math.pi), rng.uniform(0.5, 15)
            ca, cb = pos[a] + radius * math.cos(turn), pos[b] + radius * math.sin(turn)
            turn = rng.uniform(0, 2 * math.pi)
            end = {
                a: round(ca + radius * math.cos(turn), 4),
                b: round(cb + radius * math.sin(turn), 4),
                normal: round(rng.uniform(-5, 5), 3),
            }
            centre = f"{oa}{ca - pos[a]:.4f} {ob}{cb - pos[b]:.4f}"
            lines.append(f"{rng.choice(['G2', 'G3'])} {a}{end[a]} {b}{end[b]} {normal}{end[normal]}"
                         f" {centre} P{rng.randint(1, 2)}")  # fmt: skip
            pos.update(end)
        elif pick < 0.65:
            end = {
                a: round(pos[a] + rng.uniform(-10, 10), 3),
                b: round(pos[b] + rng.uniform(-10, 10), 3),
            }
            chord = math.hypot(end[a] - pos[a], end[b] - pos[b])
            radius = chord / 2 + rng.uniform(0.01, 10)
            if chord > 0.01:
                lines.append(f"{rng.choice(['G2', 'G3'])} {a}{end[a]} {b}{end[b]} "
                             f"R{rng.choice(['', '-'])}{radius:.4f}")  # fmt: skip
                pos.update(end)
        elif pick < 0.75 and plane == "G17":
            cycle = rng.choice(["G81", "G82 P0.5", "G83 Q1.3", "G73 Q0.7", "G85"])
            x, y = round(rng.uniform(-20, 20), 3), round(rng.uniform(-20, 20), 3)
            lines.append(f"{rng.choice(['G98', 'G99'])} {cycle} X{x} Y{y} Z{rng.uniform(-8, 0):.3f}"
                         f" R{rng.uniform(0, 5):.3f} L{rng.randint(1, 3)}")  # fmt: skip
            lines += [f"X{x + 1}", "G80", f"G0 X{pos['X']} Y{pos['Y']} Z{pos['Z']}"]
        else:
            step = {k: round(rng.uniform(-5, 5), 3) for k in "XYZ"}
            lines += [f"G91 G1 X{step['X']} Y{step['Y']} Z{step['Z']}", "G90"]
            pos = {k: round(pos[k] + step[k], 3) for k in "XYZ"}
    return "\n".join([*lines, "M2"]) + "\n"


@pytest.mark.parametrize("seed", range(40))
def test_random_programs_make_the_moves_rs274_makes(seed: int, tmp_path: Path) -> None:
    program = tmp_path / f"random-{seed}.ngc"
    program.write_text(random_program(seed))
    assert rs274.compare_with_reader(program) >= 3


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
