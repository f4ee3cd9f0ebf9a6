# SPDX-License-Identifier: LGPL-2.1-or-later
"""The G-code reader against numbers worked out by hand: lengths and times of straight moves,
arcs (I/J and R, helical), canned drilling cycles, units, incremental moves, tool changes,
dwells, per-operation segments, and the programs it refuses (naming the line)."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projem_workbench.errors import ValidationError
from projem_workbench.gcode.analysis import GcodeError, GcodeStats, analyse

PI = math.pi


def run(program: str, *, rapid: float = 6000.0, change_s: float = 0.0) -> GcodeStats:
    return analyse(program, rapid_mm_min=rapid, tool_change_s=change_s)


def close(actual: float, expected: float) -> bool:
    return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)


def test_straight_feeds_and_rapids_are_measured_and_timed() -> None:
    stats = run(
        "%\n"
        "G21 G90\n"
        "G0 X0 Y0 Z5\n"  # rapid 5
        "G0 X30 Y40\n"  # rapid 50
        "G1 Z0 F100\n"  # feed 5 at 100 mm/min: 3 s
        "G1 X60 Y80 F600\n"  # feed 50 at 600 mm/min: 5 s
        "G0 Z5\n"  # rapid 5
        "%\n",
        rapid=6000,
    )
    assert stats.move_count == 5
    assert close(stats.rapid_length_mm, 60.0)
    assert close(stats.cut_length_mm, 55.0)
    assert close(stats.cycle_time_s, 3.0 + 5.0 + 60 * 60 / 6000)  # rapids: 0.6 s
    assert stats.feeds == {100.0, 600.0}
    assert stats.cut_envelope.as_dict() == {
        "x_min": 30.0,
        "x_max": 60.0,
        "y_min": 40.0,
        "y_max": 80.0,
        "z_min": 0.0,
        "z_max": 5.0,
    }
    summary = stats.summary()
    assert (summary["cut_length_mm"], summary["rapid_length_mm"]) == (55.0, 60.0)
    assert summary["cycle_time_s"] == 8.6


def test_a_program_without_feed_moves_has_no_envelope() -> None:
    stats = run("G0 X10 Y10 Z10\n")
    assert stats.cut_envelope.as_dict() is None
    assert close(stats.cycle_time_s, 60 * math.sqrt(300) / 6000)


def test_words_may_be_lower_case_and_run_together() -> None:
    stats = run("g1x3y4f60\n")
    assert close(stats.cut_length_mm, 5.0)
    assert close(stats.cycle_time_s, 5.0)


ARC_START = "G0 X10 Y0\n"


@pytest.mark.parametrize(
    ("arc", "length"),
    [
        ("G3 X0 Y10 I-10 J0", 5 * PI),  # quarter, counter-clockwise
        ("G2 X0 Y10 I-10 J0", 15 * PI),  # clockwise the long way round: three quarters
        ("G2 X-10 Y0 I-10", 10 * PI),  # half
        ("G3 X-10 Y0 I-10", 10 * PI),
        ("G2 X10 Y0 I-10 J0", 20 * PI),  # same start and end: a full circle
        ("G3 X10 Y0 I-10 J0 Z-3", math.hypot(20 * PI, 3)),  # full helical turn
        ("G3 X0 Y10 Z-4 I-10 J0", math.hypot(5 * PI, 4)),  # quarter helix
        ("G2 X0 Y10 R10", 5 * PI),  # R: quarter
        ("G2 X-10 Y0 R10", 10 * PI),  # R: half
        ("G2 X0 Y10 R-10", 15 * PI),  # negative R: the arc longer than half a circle
        ("G3 X0 Y10 Z2 R10", math.hypot(5 * PI, 2)),  # R, helical
    ],
)
def test_arcs_have_their_exact_length(arc: str, length: float) -> None:
    stats = run(f"{ARC_START}{arc} F100\n")
    assert close(stats.cut_length_mm, length)
    assert close(stats.rapid_length_mm, 10.0)
    assert close(stats.cycle_time_s, 60 * length / 100 + 60 * 10 / 6000)


def test_an_arc_leaves_the_tool_at_its_end_point() -> None:
    stats = run("G0 X10 Y0\nG3 X0 Y10 I-10 J0 F100\nG1 X0 Y0\n")
    assert close(stats.cut_length_mm, 5 * PI + 10)


# Drilling one hole at X10 then one at X20, from Z10, R2, to Z-5 (7 mm deep).
def cycle(code: str, retract: str, tail: str = "") -> GcodeStats:
    return run(
        f"G0 X0 Y0 Z10\n{retract}\n{code} X10 Y0 Z-5 R2 F100\nX20\nG80\n{tail}",
        rapid=6000,
    )


def test_g81_under_g98_returns_to_the_starting_height() -> None:
    stats = cycle("G81", "G98", "G0 Z12\n")
    # each hole: over to it 10, down to R 8, drill 7, back up to Z10 15; then Z10 -> Z12
    assert close(stats.cut_length_mm, 14.0)
    assert close(stats.rapid_length_mm, 10 + 2 * (10 + 8 + 15) + 2)
    assert close(stats.cycle_time_s, 60 * 14 / 100 + 60 * 78 / 6000)
    assert stats.move_count == 4  # Z10, two holes, Z12
    assert stats.cut_envelope.as_dict() == {
        "x_min": 10.0,
        "x_max": 20.0,
        "y_min": 0.0,
        "y_max": 0.0,
        "z_min": -5.0,
        "z_max": 2.0,
    }


def test_g81_under_g99_returns_to_r() -> None:
    stats = cycle("G81", "G99", "G0 Z12\n")
    # first hole: 10 over, 8 down, drill 7, up to R 7; second: 10 over, drill 7, up 7;
    # then R (Z2) -> Z12 is 10: the cycle ended at R
    assert close(stats.cut_length_mm, 14.0)
    assert close(stats.rapid_length_mm, 10 + (10 + 8 + 7) + (10 + 0 + 7) + 10)


# G83 as LinuxCNC runs it: feed Q deeper, rapid out to R, rapid back down to 0.254 mm
# (0.010 in) above the depth reached, feed on from there.
BACK_OFF = 0.254


def test_g83_pecks_back_to_r_after_each_peck() -> None:
    stats = run("G0 X0 Y0 Z10\nG98\nG83 X10 Y0 Z-5 R2 Q3 F100\nG80\n")
    # 7 mm in pecks to -1, -4, -5; out to R after the first two and back down to just above
    pecks = 3 + (3 + BACK_OFF) + (1 + BACK_OFF)
    out_and_in = (3 + 3 - BACK_OFF) + (6 + 6 - BACK_OFF)
    assert close(stats.cut_length_mm, pecks)
    assert close(stats.rapid_length_mm, 10 + 10 + 8 + out_and_in + 15)
    assert stats.segments == []
    repeated = run("G0 X0 Y0 Z10\nG98\nG83 X10 Y0 Z-5 R2 Q3 F100\nX20\nG80\n")
    # the second line keeps Z, R and Q: the same pecks at X20
    assert close(repeated.cut_length_mm, 2 * pecks)
    assert close(repeated.rapid_length_mm, 10 + 2 * (10 + 8 + out_and_in + 15))
    one_peck = run("G0 X0 Y0 Z10\nG98\nG83 X10 Y0 Z-5 R2 Q10 F100\nG80\n")
    assert close(one_peck.rapid_length_mm, 10 + 10 + 8 + 15)


def test_g83_under_g99_ends_at_r() -> None:
    stats = run("G0 X0 Y0 Z10\nG99\nG83 X10 Y0 Z-5 R2 Q3 F100\nG80\nG0 Z10\n")
    out_and_in = (3 + 3 - BACK_OFF) + (6 + 6 - BACK_OFF)
    assert close(stats.rapid_length_mm, 10 + 10 + 8 + out_and_in + 7 + 8)


def test_g82_dwells_at_the_bottom_of_every_hole() -> None:
    stats = run("G0 X0 Y0 Z10\nG98 G82 X0 Y0 Z-5 R2 P0.5 F100\nX10\nG80\n")
    # Z10 10; each hole: down to R 8, drill 7, up 15 (the second 10 over first)
    assert close(stats.rapid_length_mm, 10 + 23 + 10 + 23)
    assert close(stats.cycle_time_s, 2 * 0.5 + 60 * 14 / 100 + 60 * 66 / 6000)


def test_inches_are_scaled_to_millimetres() -> None:
    stats = run("G20\nG1 X1 F10\nG2 X-1 Y0 R1\n")
    # F10 in/min is 254 mm/min; 1 in then a half circle of radius 1 in
    assert stats.feeds == {254.0}
    assert close(stats.cut_length_mm, 25.4 + PI * 25.4)
    assert close(stats.cycle_time_s, 60 * (25.4 + PI * 25.4) / 254)
    back = run("G20\nG1 X1 F10\nG21\nG1 X0\n")  # back in mm: F stays 254 mm/min
    assert close(back.cut_length_mm, 50.8)


def test_incremental_moves_add_up() -> None:
    stats = run("G91\nG1 X10 F600\nX10\nY10\nG90\nG1 X0 Y0\n")
    # 10 + 10 + 10, then from (20, 10) back to the origin
    assert close(stats.cut_length_mm, 30 + math.hypot(20, 10))


def test_tool_changes_are_listed_and_timed() -> None:
    stats = run("T1 M6\nS1000 M3\nT2\nG0 X60\nM6\nM6\n", rapid=6000, change_s=6)
    assert stats.tool_changes == [1, 2, 2]
    assert stats.spindle_speeds == {1000.0}
    assert close(stats.cycle_time_s, 3 * 6 + 0.6)
    assert run("M6\n").tool_changes == [0]  # no tool named: LinuxCNC changes to T0


def test_dwell_adds_its_seconds() -> None:
    stats = run("G1 X6 F60\nG4 P2.5\n")
    assert close(stats.cycle_time_s, 6 + 2.5)


def test_operation_comments_split_the_program_into_segments() -> None:
    stats = run(
        "(Projem CAM run)\n"
        "G0 X0 Y0 Z5\n"  # before any operation: in no segment
        "(begin operation: Facing)\n"
        "G1 Z0 F100\n"
        "G1 X10 F600\n"
        "G0 Z5\n"
        "(Begin Operation: Pocket [1])\n"
        "G0 X20\n"
        "G1 Z-2 F60\n"
        "(BEGIN OPERATION:   Drill Ø5 Z0  )\n"
        "G4 P1\n"
        "(finish operation: Drill)\n",
        rapid=6000,
    )
    assert [s.name for s in stats.segments] == ["Facing", "Pocket [1]", "Drill Ø5 Z0"]
    facing, pocket, drill = stats.segments
    assert (facing.cut_length_mm, facing.rapid_length_mm, facing.feed_moves) == (15.0, 5.0, 2)
    assert close(facing.time_s, 3 + 1 + 0.05)
    assert (pocket.cut_length_mm, pocket.rapid_length_mm, pocket.feed_moves) == (7.0, 10.0, 1)
    assert close(pocket.time_s, 0.1 + 7)
    assert pocket.cut_envelope.as_dict() == {
        "x_min": 20.0,
        "x_max": 20.0,
        "y_min": 0.0,
        "y_max": 0.0,
        "z_min": -2.0,
        "z_max": 5.0,
    }
    assert (drill.cut_length_mm, drill.time_s) == (0.0, 1.0)
    assert close(stats.cycle_time_s, 0.05 + facing.time_s + pocket.time_s + 1.0)


@pytest.mark.parametrize(
    ("program", "line", "feed"),
    [
        ("(no feed yet)\nG0 X1\nG1 X10\n", 3, "F0"),
        ("G0 X1\n\nG1 X10 F0\n", 3, "F0"),
        ("G1 X1 F100\nF0\nG1 X2\n", 3, "F0"),
        ("G0 X10\nG2 X0 Y10 I-10 J0\n", 2, "F0"),
        ("G0 Z10\nG81 X0 Y0 Z-1 R1\n", 2, "F0"),
    ],
)
def test_a_feed_move_without_a_feed_is_refused_naming_its_line(
    program: str, line: int, feed: str
) -> None:
    with pytest.raises(GcodeError, match=f"^line {line}: feed move with no feed rate \\({feed}\\)"):
        run(program)


def test_rapids_need_no_feed() -> None:
    assert close(run("G0 X10 F0\n").rapid_length_mm, 10.0)


@pytest.mark.parametrize(
    ("program", "line"),
    [
        ("G0 X1\nG1 X10 Y F100\n", 2),
        ("G1 X1..2 F100\n", 1),
        ("G0 X1\n(ok)\nG1 X#1 F100\n", 3),
        ("G1 X1 F100 ; fine\nG1 X2 $\n", 2),
    ],
)
def test_unreadable_words_are_refused_naming_the_line(program: str, line: int) -> None:
    with pytest.raises(GcodeError, match=f"^line {line}: cannot read"):
        run(program)


@pytest.mark.parametrize(
    ("plane", "arc", "length"),
    [
        # G18 arcs turn in the (Z, X) frame, G19 in (Y, Z), as LinuxCNC's ARC_FEED has them
        ("G18", "G2 X2 Z1 I1 K0", 3 * PI / 2),
        ("G18", "G3 X2 Z1 I1 K0", PI / 2),
        ("G19", "G2 Y1 Z1 J1 K0", PI / 2),
        ("G19", "G3 Y1 Z1 J1 K0", 3 * PI / 2),
    ],
)
def test_arcs_in_the_xz_and_yz_planes(plane: str, arc: str, length: float) -> None:
    stats = run(f"G1 X1 F60\n{plane}\n{arc}\n")
    assert close(stats.cut_length_mm, 1 + length)


def test_an_arc_offset_outside_its_plane_is_refused() -> None:
    with pytest.raises(GcodeError, match=r"^line 3: I word in a G19 arc") as refused:
        run("G1 X1 F100\nG19\nG2 X2 Z1 I1 K0\n")
    assert isinstance(refused.value, ValidationError)


def test_the_rapid_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="rapid_mm_min"):
        analyse("G0 X1\n", rapid_mm_min=0)


coordinate = st.integers(min_value=-500_000, max_value=500_000).map(lambda n: n / 1000)
point = st.tuples(coordinate, coordinate, coordinate)


@settings(max_examples=200, deadline=None)
@given(
    points=st.lists(point, min_size=1, max_size=30),
    feed=st.integers(min_value=1, max_value=20_000),
)
def test_a_polyline_is_as_long_as_its_segments(
    points: list[tuple[float, float, float]], feed: int
) -> None:
    lines = [f"G1 X{x:.3f} Y{y:.3f} Z{z:.3f}" for x, y, z in points]
    lines[0] += f" F{feed}"
    stats = run("\n".join(lines) + "\n")
    corners = [(0.0, 0.0, 0.0), *points]
    length = sum(math.dist(a, b) for a, b in itertools.pairwise(corners))
    assert stats.move_count == len(points)
    assert math.isclose(stats.cut_length_mm, length, rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(stats.cycle_time_s, length / feed * 60, rel_tol=1e-9, abs_tol=1e-9)
    assert stats.rapid_length_mm == 0.0
