# SPDX-License-Identifier: LGPL-2.1-or-later
"""The G-code reader's modal behaviour worked out by hand: incremental moves, inches (feeds
too), arcs (R beyond a half circle, full circles, helices, turns, every plane), each canned
cycle under G98 and G99 with its pecks and sticky words, the state moves carry (tool, spindle,
coolant, operation), the dialects, arc points and lengths, and a corpus of programs it refuses
with the line that breaks them."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projem_workbench.gcode.reader import (
    ARC,
    FEED,
    RAPID,
    Dwell,
    GcodeError,
    Move,
    ToolChange,
    arc_points,
    move_length,
    read_program,
)

PI = math.pi


def ends(text: str, **kwargs: str) -> list[tuple[str, tuple[float, float, float]]]:
    return [(m.kind, approx(m.end)) for m in read_program(text, **kwargs).moves]


def approx(point: tuple[float, float, float]) -> tuple[float, float, float]:
    return (round(point[0], 9) + 0.0, round(point[1], 9) + 0.0, round(point[2], 9) + 0.0)


def only(text: str, **kwargs: str) -> Move:
    moves = read_program(text, **kwargs).moves
    assert len(moves) == 1, moves
    return moves[0]


def test_straight_moves_carry_their_line_start_and_end() -> None:
    program = read_program("G21 G90\n\nG0 X1 Y2 Z3\nG1 X4 F100\nY5\n")
    a, b, c = program.moves
    assert (a.line, a.kind, a.start, a.end) == (3, RAPID, (0.0, 0.0, 0.0), (1.0, 2.0, 3.0))
    assert (b.line, b.kind, b.start, b.end, b.feed_mm_min) == (4, FEED, a.end, (4, 2, 3), 100)
    assert (c.line, c.kind, c.end) == (5, FEED, (4.0, 5.0, 3.0))  # G1 is modal
    assert program.lines[2] == "G0 X1 Y2 Z3"


def test_incremental_moves_add_up_and_g90_returns_to_absolute() -> None:
    assert ends("G91\nG0 X1 Y1\nG1 X2 Z-1 F10\nG90\nG1 X0\n") == [
        (RAPID, (1, 1, 0)), (FEED, (3, 1, -1)), (FEED, (0, 1, -1))]  # fmt: skip


coordinate = st.integers(min_value=-100_000, max_value=100_000).map(lambda n: n / 1000)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.booleans(), coordinate, coordinate, coordinate), max_size=40))
def test_mixed_g90_and_g91_match_an_independent_accumulation(
    steps: list[tuple[bool, float, float, float]],
) -> None:
    lines, position, expected = ["G1 F100"], [0.0, 0.0, 0.0], []
    for incremental, x, y, z in steps:
        lines.append(f"{'G91' if incremental else 'G90'} X{x:.3f} Y{y:.3f} Z{z:.3f}")
        position = [p + d for p, d in zip(position, (x, y, z), strict=True)] if incremental \
            else [x, y, z]  # fmt: skip
        expected.append(position)
    moves = read_program("\n".join(lines) + "\n").moves[1:]  # the first: G1 alone, no motion
    assert len(moves) == len(steps)
    for move, point in zip(moves, expected, strict=True):
        assert move.end == pytest.approx(tuple(point), abs=1e-9)


def test_inches_become_millimetres_feeds_too() -> None:
    program = read_program("G20\nG1 X1 Y-0.5 F10\nG21\nG1 X30\n")
    first, second = program.moves
    assert first.end == pytest.approx((25.4, -12.7, 0.0))
    assert first.feed_mm_min == pytest.approx(254.0)
    assert second.feed_mm_min == pytest.approx(254.0)  # F stays what it was, physically
    assert second.end == pytest.approx((30.0, -12.7, 0.0))
    assert only("G20 G91\nG1 X1 F1\n").end == pytest.approx((25.4, 0, 0))


def test_an_f_beside_g20_is_read_in_the_old_units_on_linuxcnc_only() -> None:
    # LinuxCNC sets the feed before it switches units; grbl and fanuc read the line's units
    assert only("G21\nG20 G1 X1 F10\n").feed_mm_min == pytest.approx(10.0)
    assert only("G21\nG20 G1 X1 F10\n", dialect="grbl").feed_mm_min == pytest.approx(254.0)
    assert only("G21\nG20 G1 X1 F10\n", dialect="fanuc").feed_mm_min == pytest.approx(254.0)


def test_a_feed_move_without_a_feed_is_read_with_feed_zero() -> None:
    move = only("G1 X10\n")
    assert (move.kind, move.feed_mm_min) == (FEED, 0.0)


@pytest.mark.parametrize(
    ("arc", "center", "length"),
    [
        ("G2 X0 Y10 R10", (10, 10, 0), 5 * PI),  # the short way
        ("G2 X0 Y10 R-10", (0, 0, 0), 15 * PI),  # R < 0: the arc beyond a half circle
        ("G3 X0 Y10 R-10", (10, 10, 0), 15 * PI),
        ("G3 X-10 Y0 R10", (0, 0, 0), 10 * PI),  # a half circle
        ("G2 X10 Y0 I-10 J0", (0, 0, 0), 20 * PI),  # same start and end: a full circle
        ("G2 I-10", (0, 0, 0), 20 * PI),  # no end point: a full circle where the tool is
        ("G3 X10 Y0 Z-3 I-10 P3", (0, 0, 0), math.hypot(60 * PI, 3)),  # three helical turns
        ("G3 X0 Y10 Z-4 I-10 J0 P2", (0, 0, 0), math.hypot(25 * PI, 4)),  # a quarter + a turn
        ("G90.1 G3 X0 Y10 I0 J0", (0, 0, 0), 5 * PI),  # absolute centre
    ],
)
def test_xy_arcs(arc: str, center: tuple[float, float, float], length: float) -> None:
    move = read_program(f"G0 X10 Y0\n{arc} F100\n").moves[1]
    assert move.kind == ARC and move.plane == 17
    assert move.clockwise == ("G2" in arc.split())
    assert move.center == pytest.approx(center, abs=1e-9)
    assert move_length(move) == pytest.approx(length)
    assert move.turns == (int(arc.split("P")[1]) if "P" in arc else 1)


@pytest.mark.parametrize(
    ("program", "plane", "center", "length"),
    [
        # G18 turns in the (Z, X) frame and G19 in (Y, Z): LinuxCNC's ARC_FEED axes
        ("G18 G2 X20 Z0 I5 K0", 18, (15, 0, 0), PI * 5),
        ("G18 G3 X15 Z5 I5 K0", 18, (15, 0, 0), PI * 5 / 2),
        ("G18 G2 X15 Z5 I5 K0", 18, (15, 0, 0), PI * 15 / 2),
        ("G19 G3 Y10 Z0 J5 K0", 19, (10, 5, 0), PI * 5),
        ("G19 G2 Y5 Z5 J5 K0 X12", 19, (10, 5, 0), math.hypot(PI * 5 / 2, 2)),  # helix along X
    ],
)
def test_arcs_in_the_other_planes(
    program: str, plane: int, center: tuple[float, float, float], length: float
) -> None:
    move = read_program(f"G0 X10 Y0 Z0\n{program} F60\n").moves[1]
    assert (move.kind, move.plane) == (ARC, plane)
    assert move.center == pytest.approx(center)
    assert move_length(move) == pytest.approx(length)


def test_arc_points_follow_a_helix_within_the_chord_tolerance() -> None:
    move = read_program("G0 X10 Y0 Z0\nG3 X0 Y10 Z-5 I-10 J0 P2 F100\n").moves[1]
    points = arc_points(move, tolerance_mm=0.01)
    assert tuple(points[-1]) == move.end
    radii = np.hypot(points[:, 0], points[:, 1])
    assert np.allclose(radii, 10.0)
    corners = np.vstack([move.start, points])
    chords = np.linalg.norm(np.diff(corners[:, :2], axis=0), axis=1)
    sagitta = 10 - np.sqrt(100 - (chords / 2) ** 2)
    assert sagitta.max() <= 0.01
    angles = np.unwrap(np.arctan2(corners[:, 1], corners[:, 0]))
    assert np.allclose(corners[:, 2], -5 * (angles - angles[0]) / (angles[-1] - angles[0]))
    assert angles[-1] - angles[0] == pytest.approx(2.5 * PI)
    assert len(arc_points(move, tolerance_mm=1.0)) < len(points)


def test_arc_points_in_the_xz_plane_keep_y() -> None:
    move = read_program("G0 X10 Y3 Z0\nG18 G2 X20 Z0 I5 K0 F60\n").moves[1]
    points = arc_points(move, tolerance_mm=0.001)
    assert np.allclose(points[:, 1], 3.0)
    assert np.allclose(np.hypot(points[:, 0] - 15, points[:, 2]), 5.0)
    # clockwise in the (Z, X) frame (about +Y): from X10 down through Z-5 to X20
    assert points[:, 2].min() == pytest.approx(-5.0, abs=1e-3)
    assert points[:, 2].max() == pytest.approx(0.0, abs=1e-9)


def test_straight_move_length() -> None:
    assert move_length(only("G1 X3 Y4 F1\n")) == 5.0


# Drilling at X10 from Z10 (above R2) or Z0 (below R2) to Z-5; F100.
def cycle(code: str, retract: str, start_z: float = 10) -> list[tuple[str, tuple]]:
    return ends(f"G0 X0 Y0 Z{start_z}\n{retract} {code} X10 Y0 Z-5 R2 F100\nX20\nG80\n")[1:]


def test_g81_under_g98_returns_to_the_starting_height() -> None:
    assert cycle("G81", "G98") == [
        (RAPID, (10, 0, 10)), (RAPID, (10, 0, 2)), (FEED, (10, 0, -5)), (RAPID, (10, 0, 10)),
        (RAPID, (20, 0, 10)), (RAPID, (20, 0, 2)), (FEED, (20, 0, -5)), (RAPID, (20, 0, 10)),
    ]  # fmt: skip


def test_g81_under_g99_returns_to_r() -> None:
    assert cycle("G81", "G99") == [
        (RAPID, (10, 0, 10)), (RAPID, (10, 0, 2)), (FEED, (10, 0, -5)), (RAPID, (10, 0, 2)),
        (RAPID, (20, 0, 2)), (FEED, (20, 0, -5)), (RAPID, (20, 0, 2)),
    ]  # fmt: skip


def test_a_cycle_begun_below_r_rises_to_r_first() -> None:
    # under G98 the start height (0) is below R, so R is the clearance; LinuxCNC repeats its
    # rise to R (a move of no length) on every line of the cycle
    assert cycle("G81", "G98", start_z=0) == [
        (RAPID, (0, 0, 2)), (RAPID, (10, 0, 2)), (FEED, (10, 0, -5)), (RAPID, (10, 0, 2)),
        (RAPID, (10, 0, 2)), (RAPID, (20, 0, 2)), (FEED, (20, 0, -5)), (RAPID, (20, 0, 2)),
    ]  # fmt: skip


def test_g82_dwells_at_the_bottom() -> None:
    program = read_program("G0 Z10\nG98 G82 X1 Z-5 R2 P0.5 F100\nX2 P1.5\nX3\nG80\n")
    assert program.dwells == [Dwell(2, 0.5), Dwell(3, 1.5), Dwell(4, 1.5)]
    assert [m.cycle for m in program.moves[1:]] == [82] * 12


def test_g83_pecks_out_to_r_and_back_to_just_above_the_depth() -> None:
    back = 0.254  # 0.010 in, in mm
    assert cycle("G83 Q3", "G98")[:11] == [
        (RAPID, (10, 0, 10)), (RAPID, (10, 0, 2)),
        (FEED, (10, 0, -1)), (RAPID, (10, 0, 2)), (RAPID, (10, 0, -1 + back)),
        (FEED, (10, 0, -4)), (RAPID, (10, 0, 2)), (RAPID, (10, 0, -4 + back)),
        (FEED, (10, 0, -5)), (RAPID, (10, 0, 10)),  # out to the start height (G98)
        (RAPID, (20, 0, 10)),  # the next line keeps R, Z and Q
    ]  # fmt: skip


def test_g83_pecks_in_inches_back_off_a_hundredth_of_an_inch() -> None:
    program = read_program("G20 G0 Z1\nG99 G83 X0 Y0 Z-0.3 R0.1 Q0.2 F10\nG80\n")
    zs = [round(m.end[2] / 25.4, 9) for m in program.moves[1:]]
    assert zs == [1.0, 0.1, -0.1, 0.1, -0.09, -0.3, 0.1]


def test_g73_breaks_the_chip_without_leaving_the_hole() -> None:
    back = 0.254
    assert cycle("G73 Q3", "G99")[:8] == [
        (RAPID, (10, 0, 10)), (RAPID, (10, 0, 2)),
        (FEED, (10, 0, -1)), (RAPID, (10, 0, -1 + back)),
        (FEED, (10, 0, -4)), (RAPID, (10, 0, -4 + back)),
        (FEED, (10, 0, -5)), (RAPID, (10, 0, 2)),
    ]  # fmt: skip


@pytest.mark.parametrize(("retract", "clear"), [("G98", 10), ("G99", 2)])
def test_g85_feeds_out_to_r_then_rapids_to_the_clearance(retract: str, clear: float) -> None:
    assert cycle("G85", retract)[:5] == [
        (RAPID, (10, 0, 10)), (RAPID, (10, 0, 2)), (FEED, (10, 0, -5)), (FEED, (10, 0, 2)),
        (RAPID, (10, 0, clear)),
    ]  # fmt: skip


def test_incremental_cycles_repeat_with_l() -> None:
    # G91: R is below the start height, Z below R; X and Y step per repeat
    assert ends("G0 Z5\nG91 G99 G81 X2 Y1 R-3 Z-4 L2 F50\nG90 G80\n")[1:] == [
        (RAPID, (2, 1, 5)), (RAPID, (2, 1, 2)), (FEED, (2, 1, -2)), (RAPID, (2, 1, 2)),
        (RAPID, (4, 2, 2)), (FEED, (4, 2, -2)), (RAPID, (4, 2, 2)),
    ]  # fmt: skip


def test_sticky_cycle_words_hold_only_within_the_same_cycle() -> None:
    with pytest.raises(GcodeError, match=r"^line 3: G83 without a Q word"):
        read_program("G0 Z5\nG73 X1 Z-1 R1 Q0.5 F50\nG83 X2 Z-1 R1\n")
    with pytest.raises(GcodeError, match=r"^line 3: G81 without an R word"):
        read_program("G0 Z5\nG82 X1 Z-1 R1 P1 F50\nG81 X2 Z-1\n")
    with pytest.raises(GcodeError, match=r"^line 4: G81 without a Z word"):
        read_program("G0 Z5\nG81 X1 Z-1 R1 F50\nG80\nG81 X2 R1\n")
    with pytest.raises(GcodeError, match=r"^line 2: G81: R \(-2\) is below the bottom Z"):
        read_program("G0 Z5\nG81 X1 Z-1 R-2 F50\n")


def test_moves_carry_tool_spindle_coolant_and_operation() -> None:
    program = read_program(
        "G0 X1\n"
        "(begin operation: Facing)\n"
        "T3 M6\n"
        "G0 X2\n"
        "S1200 M3 M8\n"
        "G1 X3 F100\n"
        "M7\n"
        "G1 X4\n"
        "(Begin Operation:  Pocket [2] )\n"
        "M4 M9 S800\n"
        "G1 X5\n"
        "M5\n"
        "T4\n"
        "G0 X6\n"
        "M2\n"
        "G0 X7\n"
    )
    state = [(m.tool, m.spindle, m.spindle_rpm, m.coolant, m.operation) for m in program.moves]
    assert state == [
        (None, "off", 0.0, "off", ""),
        (3, "off", 0.0, "off", "Facing"),
        (3, "cw", 1200.0, "flood", "Facing"),
        (3, "cw", 1200.0, "mist+flood", "Facing"),
        (3, "ccw", 800.0, "off", "Pocket [2]"),
        (3, "off", 800.0, "off", "Pocket [2]"),  # T4 is only selected
    ]
    assert program.tool_changes == [ToolChange(3, 3)]  # reading stopped at M2


def test_m6_stops_the_spindle_and_fills_with_the_selected_tool() -> None:
    program = read_program("T2\nM3 S100\nM6\nG0 X1\nM6 T5\nG0 X2\n")
    assert [(m.tool, m.spindle) for m in program.moves] == [(2, "off"), (5, "off")]
    assert program.tool_changes == [ToolChange(3, 2), ToolChange(5, 5)]


def test_comments_line_numbers_percent_and_program_end() -> None:
    program = read_program(
        "%\n"
        "N10 G21 (mm) G90 ; absolute\n"
        "n20 g0 x1 (move)\n"
        "  G1 X2 Y1 F60 ;(a semicolon comment)\n"
        "G4 P2.5\n"
        "G64 P0.05 Q0.05\n"
        "G54 G43 H1 G40 G61 G94 G17\n"
        "G49 G59.3\n"
        "M30\n"
        "G1 X99\n"
        "%\n"
    )
    assert [(m.line, m.end) for m in program.moves] == [(3, (1, 0, 0)), (4, (2, 1, 0))]
    assert program.dwells == [Dwell(5, 2.5)]
    assert program.lines[-1] == "%"
    assert read_program("%\nG0 X1\n%\nG0 X2\n").moves[-1].end == (1, 0, 0)


def test_a_motion_code_alone_is_a_move_of_no_length() -> None:
    moves = read_program("G0 X1\nG0\nG1 F10\n").moves
    assert [(m.kind, m.start, m.end) for m in moves[1:]] == [
        (RAPID, (1, 0, 0), (1, 0, 0)), (FEED, (1, 0, 0), (1, 0, 0))]  # fmt: skip


def test_grbl_starts_in_g0_and_ignores_an_arc_offset_outside_its_plane() -> None:
    assert ends("X1\n", dialect="grbl") == [(RAPID, (1, 0, 0))]
    move = read_program("G0 X10\nG2 X0 Y10 I-10 J0 K0.000 F9\n", dialect="grbl").moves[1]
    assert move.center == (0.0, 0.0, 0.0)
    with pytest.raises(GcodeError, match=r"^line 2: K word in a G17 arc"):
        read_program("G0 X10\nG2 X0 Y10 I-10 J0 K0.000 F9\n")


def test_grbl_reads_freecads_commented_tool_change_as_a_manual_one() -> None:
    text = "( M6 T2 )\nM3 S9000\nG1 X1 F100\n(M6 T3)\nG0 X2\n"
    program = read_program(text, dialect="grbl")
    assert program.tool_changes == [ToolChange(1, 2), ToolChange(4, 3)]
    assert [(m.tool, m.spindle) for m in program.moves] == [(2, "cw"), (3, "off")]
    assert read_program(text).tool_changes == []  # only a comment on LinuxCNC


def test_an_unknown_dialect_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown G-code dialect 'haas'"):
        read_program("G0 X1\n", dialect="haas")


REFUSED = [
    ("G0 X1\nG41 D1 X2\n", 2, "G41: cutter radius compensation"),
    ("G0 X1 D1\n", 1, "D1: cutter radius compensation"),
    ("G0 X1\nG42 X2\n", 2, "G42: cutter radius compensation"),
    ("G93\n", 1, "G93: inverse-time feed"),
    ("G0 X1\nG92 X0\n", 2, "G92: G92 offsets"),
    ("G28\n", 1, "G28: return to a home position"),
    ("G91 G28 Z0\n", 1, "G28: return to a home position"),
    ("G53 G0 Z0\n", 1, "G53"),
    ("O100 sub\n", 1, "cannot read .*O-word"),
    ("G0 X1\n#1 = 5\n", 2, "cannot read '#1=5'.*parameters"),
    ("G0 X[1+2]\n", 1, "cannot read 'X\\[1\\+2\\]'.*expressions"),
    ("G1 X1 A5 F10\n", 1, "A5: rotary and extra axes"),
    ("G1 X1 E5 F10\n", 1, "E5: unknown word letter"),
    ("G0 G1 X1\n", 1, "G1: two G codes of one modal group"),
    ("G0 X1\nG80 G81 X1 Z-1 R1\n", 2, "G81: two G codes of one modal group"),
    ("M3 M4\n", 1, "M4: two M codes of one modal group"),
    ("M7 M8\n", 1, "M8: two M codes of one modal group"),
    ("G1 X1 X2 F1\n", 1, "two X words"),
    ("G0 X10\nG2 X0 Y10 I-9 F1\n", 2, "G2: radius to the end of the arc"),
    ("G0 X10\nG2 X-30 Y0 R10 F1\n", 2, "G2: radius R10 is too small"),
    ("G0 X10\nG2 X10 Y0 R10 F1\n", 2, "G2: an R arc cannot end where it starts"),
    ("G0 X10\nG2 X0 Y10 F1\n", 2, "G2 without R or I/J words"),
    ("G0 X10\nG2 X0 Y10 R10 I-10 F1\n", 2, "G2 with both R and I/J words"),
    ("G0 X10\nG2 X0 Y10 I-10 P1.5 F1\n", 2, "P1.5: the turns of an arc"),
    ("G0 X10\n\nG17 G2 X0 Y10 I-10 K0 F1\n", 3, "K word in a G17 arc"),
    ("G0 X10\nG18 G3 X0 Z10 I-10 J0 F1\n", 2, "J word in a G18 arc"),
    ("X1\n", 1, "axis words without a motion mode"),
    ("G0 X1\nG80\nX2\n", 3, "axis words without a motion mode"),
    ("G80 X2\n", 1, "axis words with G80"),
    ("G0 X1\nG4\n", 2, "G4 without a P word"),
    ("G4 P1 X5\n", 1, "axis words with G4"),
    ("G0 X1 P3\n", 1, "P3 with nothing on the line to use it"),
    ("G0 X1 R3\n", 1, "R3 with nothing on the line to use it"),
    ("G0 X1 H3\n", 1, "H3 with nothing on the line to use it"),
    ("G1 X1 F-5\n", 1, "negative feed F-5"),
    ("T1.5 M6\n", 1, "T1.5: a tool number"),
    ("G0 X1\nG1 X1..2 F1\n", 2, "cannot read"),
    ("G0 X1\nG1 X1 $\n", 2, "cannot read '\\$'"),
    ("G1 X1e3 F1\n", 1, "E3: unknown word letter"),
    ("G0 X1\n(unclosed\n", 2, "unclosed comment"),
    ("(a (nested) comment)\n", 1, "nested comment"),
    ("G0 X1)\n", 1, "cannot read '\\)'"),
    ("G0 X1 (a) b)\n", 1, "'\\)' without '\\('"),
    ("/G0 X1\n", 1, "block delete"),
    ("G0 X1 N10\n", 1, "N10: a line number must start the line"),
    ("(c)\n%\nG0 X1\n", 2, "'%' is only allowed"),
    ("G0 X1\nG38.2 Z-5 F10\n", 2, "G38.2: probing"),
    ("G0 X1\nG84 X1 Z-1 R1 F1\n", 2, "G84: this canned cycle is not supported"),
    ("G7\n", 1, "G7: lathe diameter mode"),
    ("G12.5\n", 1, "G12.5: unsupported G code"),
    ("M62 P1\n", 1, "M62: unsupported M code"),
    ("M6.5\n", 1, "M6.5: unsupported M code"),
    ("G18\nG81 X1 Z-1 R1 F10\n", 2, "G81 outside the XY plane"),
    ("G81 X1 Z-1 R1 L0 F10\n", 1, "L0: the repeats"),
    ("G83 X1 Z-1 R1 Q0 F10\n", 1, "G83: Q must be positive"),
    ("G82 X1 Z-1 R1 F10\n", 1, "G82 without a P word"),
    ("G43 H1 X1\n", 1, "axis words without a motion mode"),
]


@pytest.mark.parametrize(("program", "line", "message"), REFUSED)
def test_malformed_or_unsupported_programs_are_refused_naming_the_line(
    program: str, line: int, message: str
) -> None:
    with pytest.raises(GcodeError, match=f"^line {line}: .*{message}|^line {line}: {message}"):
        read_program(program)
    try:
        read_program(program)
    except GcodeError as exc:
        assert exc.line == line


@pytest.mark.parametrize(
    ("program", "dialect", "message"),
    [
        ("G43\n", "grbl", "G43: unsupported G code"),
        ("G0 X1 H1\n", "grbl", "H1: H words are not part of this dialect"),
        ("G90.1\n", "fanuc", "G90.1: unsupported G code"),
    ],
)
def test_what_a_dialect_does_not_know_is_refused(program: str, dialect: str, message: str) -> None:
    with pytest.raises(GcodeError, match=f"^line 1: {message}"):
        read_program(program, dialect=dialect)


def test_a_100k_line_program_is_read_whole() -> None:
    """Every line of a long program becomes its move (its speed: bench/bench_sim.py)."""
    lines = ["G21 G90 G17", "M6 T1", "M3 S10000", "G0 Z5", "G1 Z-1 F300"]
    for i, (x, y) in zip(range(100_000), itertools.cycle([(0, 0), (50, 0), (50, 40), (0, 40)])):
        lines.append(f"G1 X{x + i % 7 * 0.001:.3f} Y{y:.3f} Z-1.000 F955.000")
    program = read_program("\n".join(lines))
    assert len(program.moves) == 100_002
    assert program.moves[-1].line == len(lines) and program.moves[-1].end == (0.004, 40.0, -1.0)


@settings(max_examples=150, deadline=None)
@given(
    radius=st.integers(min_value=1, max_value=50_000).map(lambda n: n / 100),
    start=st.floats(min_value=-PI, max_value=PI),
    end=st.floats(min_value=-PI, max_value=PI),
    rise=st.integers(min_value=-2000, max_value=2000).map(lambda n: n / 100),
    turns=st.integers(min_value=1, max_value=3),
    plane=st.sampled_from(["G17", "G18", "G19"]),
    clockwise=st.booleans(),
    tolerance=st.sampled_from([0.001, 0.01, 0.1]),
)
def test_arc_points_and_length_agree_on_any_arc(
    radius: float, start: float, end: float, rise: float, turns: int, plane: str,
    clockwise: bool, tolerance: float,
) -> None:  # fmt: skip
    axes = {"G17": "XYZ", "G18": "ZXY", "G19": "YZX"}[plane]  # in-plane a, b, then the normal
    offsets = {"G17": "IJ", "G18": "KI", "G19": "JK"}[plane]
    a0, b0 = radius * math.cos(start), radius * math.sin(start)
    a1, b1 = radius * math.cos(end), radius * math.sin(end)
    text = (
        f"G0 {axes[0]}{a0:.6f} {axes[1]}{b0:.6f} {axes[2]}0\n{plane} {'G2' if clockwise else 'G3'} "
        f"{axes[0]}{a1:.6f} {axes[1]}{b1:.6f} {axes[2]}{rise:.2f} {offsets[0]}{-a0:.6f} "
        f"{offsets[1]}{-b0:.6f} P{turns} F100\n"
    )
    move = read_program(text).moves[1]
    points = arc_points(move, tolerance_mm=tolerance)
    assert tuple(points[-1]) == move.end
    polyline = np.vstack([move.start, points])
    segments = np.linalg.norm(np.diff(polyline, axis=0), axis=1)
    length = move_length(move)
    assert segments.sum() <= length + 1e-6
    assert segments.sum() >= length * (1 - tolerance / radius) - 1e-6  # chords within tolerance
    ia, ib = ("XYZ".index(axes[0]), "XYZ".index(axes[1]))
    middles = (polyline[1:] + polyline[:-1]) / 2
    assert np.hypot(middles[:, ia], middles[:, ib]).min() >= radius - tolerance - 1e-6
    assert length >= abs(rise) and length >= 2 * PI * radius * (turns - 1) - 1e-6


FANUC = Path(__file__).parent / "data" / "fanuc-bracket-freecad11.nc"  # FreeCAD 1.1's post
FANUC_IDIOMS = ("G28 G91 Z0", "G91 G0 G43 G54 Z-[#[2000+#4120]] H#4120", "%")


def test_freecad_fanuc_tool_changes_retract_to_the_z_home_given() -> None:
    text = FANUC.read_text()
    with pytest.raises(GcodeError, match=r"^line 19: G28: the machine's Z home is not known"):
        read_program(text, dialect="fanuc")
    program = read_program(text, dialect="fanuc", home_z=400.0)
    homes = [m for m in program.moves if m.line in (19, 51, 87, 159, 188, 221)]
    assert [(m.kind, m.end[2], m.start[:2] == m.end[:2]) for m in homes] == [
        (RAPID, 400.0, True)] * 6  # fmt: skip
    assert [c.tool for c in program.tool_changes] == [1, 2, 3, 4, 5, 3]
    assert {m.operation for m in program.moves} >= {"FACING", "OUTLINE"}  # the post's capitals
    # without its tool-change lines the program is plain G-code LinuxCNC reads the same way
    plain = "\n".join(
        "" if line.strip() in FANUC_IDIOMS else line for line in text.splitlines()
    )  # fmt: skip
    others = [m for m in program.moves if m not in homes]
    assert [(m.kind, m.end) for m in others] == [
        (m.kind, m.end) for m in read_program(plain).moves]  # fmt: skip


@pytest.mark.parametrize(
    ("program", "message"),
    [
        ("G28 G91 X0\n", "only G28 G91 Z0"),
        ("G28 G90 Z0\n", "only G28 G91 Z0"),
        ("G91 G28 Z5\n", "only G28 G91 Z0"),
        ("G91 G28 G0 Z0\n", "G28 with a motion code"),
    ],
)
def test_fanuc_reads_no_other_g28(program: str, message: str) -> None:
    with pytest.raises(GcodeError, match=f"^line 1: .*{message}"):
        read_program(program, dialect="fanuc", home_z=100.0)
