# SPDX-License-Identifier: LGPL-2.1-or-later
"""The simulator's findings: a corpus of small hand-written programs, one defect each (and clean
ones), every one found at its line with its kind and nothing else; the table of kinds; the cap."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from projem_workbench.gcode.reader import read_program
from projem_workbench.sim.engine import simulate
from projem_workbench.sim.findings import KINDS, MAX_PER_KIND, FindingCollector
from projem_workbench.sim.machine import Box, MachineLimits
from projem_workbench.sim.surface import PartSurface
from projem_workbench.sim.tools import ToolShape

CORPUS = Path(__file__).with_name("sim_programs")
STOCK = Box(0, 0, 0, 40, 30, 10)
MACHINE = MachineLimits(
    name="Test mill",
    travel=Box(-50, -50, -20, 150, 150, 100),
    max_spindle_rpm=10000,
    min_spindle_rpm=100,
    max_feed_mm_min=3000,
    rapid_mm_min=10000,
    acceleration_mm_s2=1000,
)
RECORDS = {
    1: {"name": "EM 6", "tool_type": "flat_endmill", "diameter_mm": 6, "flute_length_mm": 12,
        "overall_length_mm": 50},
    2: {"name": "Ball 6", "tool_type": "ball_endmill", "diameter_mm": 6, "flute_length_mm": 12,
        "overall_length_mm": 50},
    3: {"name": "Drill 6.8", "tool_type": "drill", "diameter_mm": 6.8, "tip_angle_deg": 118,
        "flute_length_mm": 30, "overall_length_mm": 70},
    4: {"name": "Face mill 10", "tool_type": "face_mill", "diameter_mm": 10,
        "flute_length_mm": 5, "overall_length_mm": 40, "shank_diameter_mm": 10},
    5: {"name": "EM 3 short", "tool_type": "flat_endmill", "diameter_mm": 3,
        "flute_length_mm": 4, "overall_length_mm": 40, "shank_diameter_mm": 3},
    6: {"name": "EM 6 stubby", "tool_type": "flat_endmill", "diameter_mm": 6,
        "flute_length_mm": 5, "shank_diameter_mm": 6,
        "params": {"stickout_mm": 6, "holder_diameter_mm": 19}},
}  # fmt: skip
TOOLS = {n: ToolShape.from_record(r, number=n) for n, r in RECORDS.items()}
EXPECT = re.compile(r"\(expect: (\w+)(?: line (\d+))?\)")
POCKET = re.compile(r"\(part: pocket ([-\d. ]+)\)")


def pocket_part(x0, y0, x1, y1, floor, corner, *, res=0.1) -> PartSurface:
    """The stock's top with a pocket (a rounded rectangle down to ``floor``), on the grid."""
    nx, ny = round((STOCK.x1 - STOCK.x0) / res), round((STOCK.y1 - STOCK.y0) / res)
    x = STOCK.x0 + (np.arange(nx) + 0.5) * res
    y = STOCK.y0 + (np.arange(ny) + 0.5) * res
    # Distance outside the rectangle shrunk by the corner radius, within the corner radius.
    dx = np.maximum(np.maximum(x0 + corner - x, x - (x1 - corner)), 0)
    dy = np.maximum(np.maximum(y0 + corner - y, y - (y1 - corner)), 0)
    inside = np.hypot(dx[None, :], dy[:, None]) <= corner
    heights = np.where(inside, floor, STOCK.z1).astype(np.float32)
    return PartSurface(x0=STOCK.x0, y0=STOCK.y0, resolution_mm=res, heights=heights)


def run_file(path: Path):
    text = path.read_text()
    part = None
    if match := POCKET.search(text):
        part = pocket_part(*map(float, match.group(1).split()))
    return simulate(read_program(text), stock=STOCK, tools=TOOLS, machine=MACHINE, part=part)


def expectation(path: Path) -> set[tuple[str, int | None]]:
    match = EXPECT.search(path.read_text())
    assert match, f"{path.name} has no (expect: ...) header"
    if match.group(1) == "none":
        return set()
    return {(match.group(1), int(match.group(2)) if match.group(2) else None)}


PROGRAMS = sorted(CORPUS.glob("*.ngc"))


@pytest.mark.parametrize("path", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_corpus_program_gives_exactly_its_finding(path: Path) -> None:
    result = run_file(path)
    found = {(f.kind, f.line) for f in result.findings}
    assert found == expectation(path), [f.message for f in result.findings]
    for finding in result.findings:
        assert finding.severity == KINDS[finding.kind].severity
        assert not finding.message.startswith("line "), finding.message  # a field of its own


def test_corpus_covers_every_kind_and_a_clean_program() -> None:
    expected = [expectation(p) for p in PROGRAMS]
    kinds = {kind for e in expected for kind, _ in e}
    assert kinds == set(KINDS)
    assert set() in expected


def test_messages_name_tool_position_and_depth() -> None:
    result = run_file(CORPUS / "rapid_into_material.ngc")
    (finding,) = result.findings
    assert "T1 (EM 6)" in finding.message
    assert "X20." in finding.message and "Y15." in finding.message
    assert "5.000 mm" in finding.message  # stock top 10, tool tip at 5
    assert finding.tool == 1 and finding.x == pytest.approx(20, abs=3.1)
    gouge = run_file(CORPUS / "gouge.ngc").findings[0]
    assert "0.1" in gouge.message and "gouges the part" in gouge.message
    left = run_file(CORPUS / "material_left.ngc")
    assert left.left_mm3 > 0 and left.left_max_at is not None
    assert left.left_max_mm == pytest.approx(3.0, abs=0.01)  # the pocket is 3 mm deep


def test_gouge_tolerance_is_honoured() -> None:
    text = (CORPUS / "gouge.ngc").read_text()
    part = pocket_part(10, 10, 30, 20, 7, 3)
    loose = simulate(
        read_program(text), stock=STOCK, tools=TOOLS, machine=MACHINE, part=part,
        gouge_tolerance_mm=0.2,
    )  # fmt: skip
    assert not [f for f in loose.findings if f.kind == "gouge"]


def test_vertical_wall_is_not_a_gouge() -> None:
    """A cut along the pocket's wall, half a cell beyond it, is within the one-cell erosion."""
    part = pocket_part(10, 10, 30, 20, 7, 3)
    text = "G21 G90\nM6 T1\nM3 S5000\nG0 X13 Y12.96 Z15\nG1 Z7 F200\nG1 X27 F600\nG0 Z15\n"
    result = simulate(read_program(text), stock=STOCK, tools=TOOLS, machine=MACHINE, part=part)
    assert not [f for f in result.findings if f.kind == "gouge"]


def test_one_finding_per_move_and_kind_and_a_cap() -> None:
    findings = FindingCollector()
    for line in range(MAX_PER_KIND + 50):
        findings.add("feed_missing", line + 1, "no F")
        findings.add("feed_missing", line + 1, "no F again")
    kept = findings.findings()
    assert len(kept) == MAX_PER_KIND
    assert "50 more" in kept[-1].message
    assert [f.line for f in kept] == list(range(1, MAX_PER_KIND + 1))


def test_broken_program_is_capped() -> None:
    lines = ["G21 G90", "M6 T1", "M3 S5000", "G0 X0 Y0 Z15"]
    lines += [f"G1 X{k % 7} Y{k % 5} Z15 F9000" for k in range(1000)]
    result = simulate(read_program("\n".join(lines)), stock=STOCK, tools=TOOLS, machine=MACHINE)
    assert len(result.findings) == MAX_PER_KIND
    assert "more like this" in result.findings[-1].message


def test_summary_is_the_json_object() -> None:
    result = run_file(CORPUS / "gouge.ngc")
    summary = result.summary()
    assert summary["error_count"] == 1 and summary["warning_count"] == 0
    assert summary["findings"][0]["kind"] == "gouge"
    assert set(summary["findings"][0]) == {"line", "kind", "severity", "message", "x", "y", "z",
                                           "tool"}  # fmt: skip
    assert summary["removed_mm3"] + summary["remaining_mm3"] == pytest.approx(STOCK.volume)


def test_ramping_in_is_not_a_plunge() -> None:
    """A tool that does not cut at its centre may enter at a ramp shallower than 45°."""
    text = "G21 G90\nM6 T4\nM3 S3000\nG0 X-6 Y15 Z15\nG0 Z10.5\nG1 X10 Z8 F100\nG0 Z15\n"
    result = simulate(read_program(text), stock=STOCK, tools=TOOLS, machine=MACHINE)
    assert not result.findings
    assert result.removed_mm3 > 0


def test_deep_pocket_in_layers_rubs_the_shank() -> None:
    """6 mm deep with a 4 mm cutting length, 2 mm a layer: the shank follows the cutter into
    what it has cut, no collision, but the last layer is deeper than the flutes and the shank
    (as wide as the cutter) rubs the walls: one warning for the tool load, at its first such
    move. Two layers (4 mm, the flutes' length) are clean, and so is a relieved shank; one
    layer of 6 mm at once is a collision."""
    rows = []
    for z in (8, 6, 4):
        rows.append(f"G1 X12 Y12 Z{z} F100")
        for k in range(9):
            y = 12 + k * 1.2
            x0, x1 = (12, 28) if k % 2 == 0 else (28, 12)
            rows += [f"G1 X{x0} Y{y:.1f} F600", f"G1 X{x1} Y{y:.1f}"]
        rows.append("G0 Z15\nG0 X12 Y12\nG0 Z10.5")
    head = "G21 G90\nM6 T5\nM3 S8000\nG0 X12 Y12 Z15\nG0 Z10.5\n"
    program = head + "\n".join(rows)
    layered = simulate(read_program(program), stock=STOCK, tools=TOOLS, machine=MACHINE)
    (rub,) = layered.findings
    assert (rub.kind, rub.severity, rub.z, rub.tool) == ("shank_rub", "warning", 4.0, 5)
    assert rub.line == program.splitlines().index("G1 X12 Y12 Z4 F100") + 1
    assert "material stands to Z10.000 beside it" in rub.message
    assert "for 2.000 mm above the flutes (to Z8.000)" in rub.message
    assert "more moves of this tool like this, rubbing up to 2.000 mm" in rub.message
    two = "\n".join(rows[: 2 * len(rows) // 3])
    shallow = simulate(read_program(head + two), stock=STOCK, tools=TOOLS, machine=MACHINE)
    assert not shallow.findings, [f.message for f in shallow.findings]
    necked = {5: ToolShape.from_record({**RECORDS[5], "shank_diameter_mm": 2.5}, number=5)}
    relieved = simulate(read_program(program), stock=STOCK, tools=necked, machine=MACHINE)
    assert not relieved.findings, [f.message for f in relieved.findings]
    deep = "\n".join(r for r in rows if "Z8" not in r and "Z6" not in r)
    at_once = simulate(read_program(head + deep), stock=STOCK, tools=TOOLS, machine=MACHINE)
    assert {f.kind for f in at_once.errors} == {"holder_collision"}


def test_a_batch_that_gouges_is_undone_and_replayed() -> None:
    """Two pockets (floors 5 and 7): the deep one cut right, the shallow one 0.5 mm too deep,
    all in one batch. The batch is undone and replayed; the gouge is found at its line and
    the field is the same as cutting move by move (spindle off: every move on its own)."""
    deep = pocket_part(4, 4, 16, 26, 5, 3)
    shallow = pocket_part(22, 4, 36, 26, 7, 3)
    part = PartSurface(x0=0, y0=0, resolution_mm=0.1,
                       heights=np.minimum(deep.heights, shallow.heights))  # fmt: skip
    body = [
        "G0 X7 Y7 Z11", "G1 Z5 F200", "G1 X13 F600", "G1 Y23", "G1 X7", "G1 Y7",
        "G1 Z6.5", "G1 X25 Y7", "G1 X33", "G1 Y23", "G1 X25", "G1 Y7", "G0 Z15",
    ]  # fmt: skip
    text = "G21 G90\nM6 T1\nM3 S5000\n" + "\n".join(body) + "\n"
    result = simulate(read_program(text), stock=STOCK, tools=TOOLS, machine=MACHINE, part=part)
    gouges = [f.line for f in result.findings if f.kind == "gouge"]
    assert gouges and gouges[0] == 11  # "G1 X25 Y7" at Z6.5 is the first into the shallow pocket
    assert {f.kind for f in result.findings} <= {"gouge", "material_left"}
    off = read_program(text.replace("M3 S5000\n", ""))
    apart = simulate(off, stock=STOCK, tools=TOOLS, machine=MACHINE, part=part)
    differ = np.count_nonzero(np.abs(apart.heights - result.heights) > 1e-4)
    assert differ <= 10
    assert result.heights[150, 100] == 5 and result.heights[150, 250] == pytest.approx(6.5)


def test_a_through_cut_within_the_allowance_is_clean() -> None:
    """Drilled 1 mm past the stock's bottom (the default allowance): a through hole, clean;
    3 mm past it is the table, unless the allowance says the fixture has room for it."""
    text = (CORPUS / "below_stock_bottom.ngc").read_text()
    through = simulate(read_program(text.replace("Z-3", "Z-1")), stock=STOCK, tools=TOOLS,
                       machine=MACHINE)  # fmt: skip
    assert not through.findings, [f.message for f in through.findings]
    (deep,) = run_file(CORPUS / "below_stock_bottom.ngc").findings
    assert "Z-3.000" in deep.message and "3.000 mm below the stock's bottom (Z0)" in deep.message
    assert "1 mm through-cut allowance" in deep.message and deep.tool == 3
    roomy = simulate(read_program(text), stock=STOCK, tools=TOOLS, machine=MACHINE,
                     through_cut_allowance_mm=4)  # fmt: skip
    assert not roomy.findings
