# SPDX-License-Identifier: LGPL-2.1-or-later
"""LinuxCNC's standalone interpreter ``rs274`` as an independent oracle for G-code tests.

``rs274 -g`` interprets a program without a machine and prints the canonical machining
calls it makes (``STRAIGHT_FEED``, ``ARC_FEED``, ``CHANGE_TOOL``, ``SET_FEED_RATE`` ...).
:func:`interpret` runs it; :func:`operations` splits the calls at the ``begin operation``
comments FreeCAD's posts write and measures what each operation's feed moves did, with arcs
bounded exactly, so the tests never rely on Projem's own G-code reader.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CALL = re.compile(r"^\s*\d+\s+N[.\d]+\s+([A-Z0-9_]+)\((.*)\)\s*$")
IN_CI = os.environ.get("CI", "").lower() == "true"


def rs274_binary() -> str:
    found = shutil.which("rs274")
    if found is None:
        message = "LinuxCNC's rs274 is not installed (apt-get install linuxcnc-uspace)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found


@dataclass
class Interpreted:
    returncode: int
    calls: list[tuple[str, list[str]]]
    errors: list[str]


def interpret(program: Path, tool_table: Path | None = None) -> Interpreted:
    command = [rs274_binary(), "-g"]
    if tool_table is not None:
        command += ["-t", str(tool_table)]
    done = subprocess.run(
        [*command, str(program)], capture_output=True, text=True, timeout=300, check=False
    )
    calls, errors = [], []
    for line in done.stdout.splitlines():
        match = CALL.match(line)
        if match:
            calls.append((match.group(1), [a.strip() for a in match.group(2).split(",")]))
        elif line.strip() and line.strip() != "executing":
            errors.append(line.strip())
    errors += [
        line.strip() for line in done.stderr.splitlines() if line.strip() not in ("", "executing")
    ]
    return Interpreted(done.returncode, calls, errors)


@dataclass
class Operation:
    name: str
    feeds: set[float] = field(default_factory=set)
    speeds: set[float] = field(default_factory=set)
    tools: list[int] = field(default_factory=list)
    feed_moves: int = 0
    box: list[float] = field(default_factory=lambda: [math.inf, math.inf, math.inf,
                                                     -math.inf, -math.inf, -math.inf])  # fmt: skip
    zero_feed_moves: int = 0

    def add(self, x: float, y: float, z: float) -> None:
        self.box = [min(self.box[0], x), min(self.box[1], y), min(self.box[2], z),
                    max(self.box[3], x), max(self.box[4], y), max(self.box[5], z)]  # fmt: skip


Point = tuple[float, float]


def _arc_points(start: Point, end: Point, centre: Point, rotation: int) -> list[Point]:
    """The points bounding an XY arc: its ends and the quadrant points it sweeps past."""
    radius = math.dist(start, centre)
    a0 = math.atan2(start[1] - centre[1], start[0] - centre[0])
    a1 = math.atan2(end[1] - centre[1], end[0] - centre[0])
    turns = abs(rotation) - 1
    sweep = (a1 - a0) % (2 * math.pi) if rotation > 0 else (a0 - a1) % (2 * math.pi)
    if sweep < 1e-12:
        sweep = 2 * math.pi
    sweep += 2 * math.pi * turns
    points = [start, end]
    for quadrant in range(4):
        angle = quadrant * math.pi / 2
        offset = (angle - a0) % (2 * math.pi) if rotation > 0 else (a0 - angle) % (2 * math.pi)
        if offset <= sweep:
            points.append(
                (centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle))
            )
    return points


def operations(result: Interpreted) -> dict[str, Operation]:
    """What each operation did, by its name; calls before the first operation are skipped."""
    found: dict[str, Operation] = {}
    current = Operation("preamble")
    x = y = z = 0.0
    feed, speed, tool = 0.0, 0.0, None
    selected: int | None = None
    for name, args in result.calls:
        if name == "COMMENT" and args[0].strip('"').lower().startswith("begin operation: "):
            label = args[0].strip('"')[17:]
            current = found.setdefault(label, Operation(label))
            if tool is not None:
                current.tools.append(tool)
            if speed:
                current.speeds.add(speed)
        elif name == "SET_FEED_RATE":
            feed = float(args[0])
        elif name == "SET_SPINDLE_SPEED":
            speed = float(args[1])
            current.speeds.add(speed)
        elif name == "SELECT_TOOL":
            # The T number. CHANGE_TOOL's argument is the tool's row in rs274's own table
            # (T17 M6 gives SELECT_TOOL(17) then CHANGE_TOOL(1)), so the number is kept here.
            selected = int(args[0])
        elif name == "CHANGE_TOOL":
            tool = selected
            current.tools.append(tool)
        elif name == "STRAIGHT_TRAVERSE":
            x, y, z = (float(a) for a in args[:3])
        elif name in ("STRAIGHT_FEED", "ARC_FEED"):
            current.feed_moves += 1
            current.feeds.add(feed)
            if feed <= 0:
                current.zero_feed_moves += 1
            if name == "STRAIGHT_FEED":
                points = [(x, y), (float(args[0]), float(args[1]))]
                nz = float(args[2])
            else:
                end = (float(args[0]), float(args[1]))
                points = _arc_points((x, y), end, (float(args[2]), float(args[3])), int(args[4]))
                nz = float(args[5])
            for px, py in points:
                current.add(px, py, z)
                current.add(px, py, nz)
            x, y, z = points[1][0], points[1][1], nz
    return found


# rs274 prints coordinates with four decimals in the program's units (inches after G20), so
# the reader's moves are compared in those units within a tenth of the last digit's step.
TOLERANCE = 1e-4
MOTION_CALLS = ("STRAIGHT_TRAVERSE", "STRAIGHT_FEED", "ARC_FEED", "STRAIGHT_PROBE", "RIGID_TAP",
                "NURBS_FEED", "SPLINE_FEED")  # fmt: skip
KINDS = {"STRAIGHT_TRAVERSE": "rapid", "STRAIGHT_FEED": "feed", "ARC_FEED": "arc"}
# SELECT_PLANE's argument -> (index of ARC_FEED's first axis, its second, the normal axis)
PLANES = {"CANON_PLANE_XY": (0, 1, 2), "CANON_PLANE_XZ": (2, 0, 1), "CANON_PLANE_YZ": (1, 2, 0)}


@dataclass
class CanonMove:
    kind: str
    end: tuple[float, float, float]  # in the program's units at the time, as rs274 printed it
    inch: bool
    center: tuple[float, float] | None = None  # arcs: in the plane's (first, second) axes
    rotation: int = 0  # arcs: +n counter-clockwise, -n clockwise (n = turns)
    axes: tuple[int, int, int] = (0, 1, 2)


def canonical_moves(result: Interpreted) -> list[CanonMove]:
    """The motion calls rs274 made, with the units and plane each was made in."""
    moves: list[CanonMove] = []
    inch, axes = False, PLANES["CANON_PLANE_XY"]
    for name, args in result.calls:
        if name == "USE_LENGTH_UNITS":
            inch = args[0] == "CANON_UNITS_INCHES"
        elif name == "SELECT_PLANE":
            axes = PLANES[args[0]]
        elif name in ("STRAIGHT_TRAVERSE", "STRAIGHT_FEED"):
            moves.append(CanonMove(KINDS[name], (float(args[0]), float(args[1]),
                                                 float(args[2])), inch))  # fmt: skip
        elif name == "ARC_FEED":
            first, second, normal = axes
            end = [0.0, 0.0, 0.0]
            end[first], end[second], end[normal] = (float(args[i]) for i in (0, 1, 5))
            center = (float(args[2]), float(args[3]))
            moves.append(
                CanonMove("arc", (end[0], end[1], end[2]), inch, center, int(args[4]), axes)
            )
        elif name in MOTION_CALLS:
            moves.append(CanonMove(name, (math.nan, math.nan, math.nan), inch))
    return moves


def zero_length_offsets(tool_table: Path, folder: Path) -> Path:
    """A copy of a LinuxCNC tool table with every Z offset 0.

    The reader works in tool-tip coordinates: a G43 program's positions are where the tip
    goes, whatever the tool's length. rs274 moves its current Z by the offset's change when
    G43/G49 switch without a Z word, so with real offsets its carried Z would differ from
    the tip's; with zero offsets both describe the same path.
    """
    lines = []
    for line in tool_table.read_text().splitlines():
        code, semi, comment = line.partition(";")
        lines.append(re.sub(r"\bZ\s*[-+]?[\d.]+", "Z+0.000", code) + semi + comment)
    copy = folder / f"zero-{tool_table.name}"
    copy.write_text("\n".join(lines) + "\n")
    return copy


def interpret_zeroed(program: Path, tool_table: Path | None = None) -> Interpreted:
    """rs274's run of ``program`` with ``tool_table``'s Z offsets set to 0 (see
    :func:`zero_length_offsets`); without a table, tools 1-99 of no length (rs274's built-in
    table gives its tools lengths)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        if tool_table is None:
            tool_table = Path(folder) / "tools.tbl"
            tool_table.write_text("".join(f"T{n} P{n} Z0 D0\n" for n in range(1, 100)))
        return interpret(program, zero_length_offsets(tool_table, Path(folder)))


def compare_with_reader(
    program_path: Path, tool_table: Path | None = None, *, interpreted: Interpreted | None = None
) -> int:
    """Assert that Projem's reader makes the moves LinuxCNC's rs274 makes; returns how many.

    Same order, same kinds (STRAIGHT_TRAVERSE = rapid, STRAIGHT_FEED = feed, ARC_FEED = arc
    with the same centre and signed turn count), same end points within ``TOLERANCE`` in the
    program's units (1e-4 mm in a mm program). rs274 runs as :func:`interpret_zeroed` does,
    unless its result is given as ``interpreted``.
    """
    from projem_workbench.gcode.reader import read_program

    program = read_program(program_path.read_text(errors="replace"))
    result = interpreted or interpret_zeroed(program_path, tool_table)
    assert result.returncode == 0 and not result.errors, (
        f"rs274 refused {program_path.name}: {result.errors[-3:]}"
    )
    expected = canonical_moves(result)
    moves = program.moves
    for index, (canon, move) in enumerate(zip(expected, moves, strict=False)):
        where = f"{program_path.name} move {index + 1} (line {move.line}: "
        where += f"{program.lines[move.line - 1].strip()!r})"
        assert move.kind == canon.kind, f"{where}: reader {move.kind}, rs274 {canon.kind}"
        scale = 25.4 if canon.inch else 1.0
        end = tuple(c / scale for c in move.end)
        assert all(abs(a - b) <= TOLERANCE for a, b in zip(end, canon.end, strict=True)), (
            f"{where}: reader ends at {end}, rs274 at {canon.end}"
        )
        if canon.kind == "arc":
            assert move.center is not None
            first, second, _ = canon.axes
            center = (move.center[first] / scale, move.center[second] / scale)
            assert all(abs(a - b) <= TOLERANCE for a, b in zip(center, canon.center or (),
                                                                strict=True)), (
                f"{where}: reader's centre {center}, rs274's {canon.center}"
            )  # fmt: skip
            rotation = -move.turns if move.clockwise else move.turns
            assert rotation == canon.rotation, f"{where}: turns {rotation}, rs274 {canon.rotation}"
    assert len(moves) == len(expected), (
        f"{program_path.name}: the reader made {len(moves)} moves, rs274 {len(expected)}"
    )
    return len(moves)
