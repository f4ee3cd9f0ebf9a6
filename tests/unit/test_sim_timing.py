# SPDX-License-Identifier: LGPL-2.1-or-later
"""Cycle times against hand-computed trapezoids: long and short moves, corners, arcs limited by
centripetal acceleration, tool changes and dwells, and the feed-only sum."""

from __future__ import annotations

import math
import time
from itertools import pairwise

import pytest

from projem_workbench.gcode.reader import ARC, FEED, RAPID, Dwell, Move, Program, ToolChange
from projem_workbench.sim.machine import Box, MachineLimits
from projem_workbench.sim.timing import JUNCTION_DEVIATION_MM, cycle_times

A = 100.0  # mm/s²

MACHINE = MachineLimits(
    name="test mill",
    travel=Box(0, 0, -100, 500, 500, 100),
    max_spindle_rpm=24000,
    max_feed_mm_min=10000,
    rapid_mm_min=12000,
    acceleration_mm_s2=A,
    tool_change_s=6.0,
)


def move(start, end, *, feed=600.0, kind=FEED, line=1, **arc):
    return Move(
        line=line,
        kind=kind,
        start=tuple(map(float, start)),
        end=tuple(map(float, end)),
        feed_mm_min=feed,
        tool=1,
        spindle_rpm=10000,
        spindle="cw",
        coolant="off",
        operation="",
        **arc,
    )


def trapezoid(length, v, entry, exit_, a=A):
    """Time of one move from first principles (reaching v, or a triangle if it cannot)."""
    peak = min(v, math.sqrt((2 * a * length + entry**2 + exit_**2) / 2))
    up = (peak**2 - entry**2) / (2 * a)
    down = (peak**2 - exit_**2) / (2 * a)
    return (peak - entry) / a + (peak - exit_) / a + (length - up - down) / peak


def corner_speed(theta_deg, a=A, delta=JUNCTION_DEVIATION_MM):
    """grbl's junction deviation speed for a change of direction of theta_deg."""
    s = math.sin(math.radians(180 - theta_deg) / 2)
    return math.sqrt(a * delta * s / (1 - s))


def test_one_long_move():
    program = Program(moves=[move((0, 0, 0), (1000, 0, 0), feed=600)])
    cycle, feed_only = cycle_times(program, MACHINE)
    v = 10.0
    assert cycle == pytest.approx(1000 / v + v / A)
    assert feed_only == pytest.approx(100.0)


def test_short_move_never_reaches_speed():
    program = Program(moves=[move((0, 0, 0), (0, 0.5, 0), feed=600)])
    cycle, feed_only = cycle_times(program, MACHINE)
    assert cycle == pytest.approx(2 * math.sqrt(0.5 / A))
    assert feed_only == pytest.approx(0.5 / 10)


def test_square_with_corners_is_slower_than_the_straight_line():
    side, v = 50.0, 20.0
    corners = [(0, 0, 0), (side, 0, 0), (side, side, 0), (0, side, 0), (0, 0, 0)]
    square = Program(moves=[move(a, b, feed=1200) for a, b in pairwise(corners)])
    xs = [0.0, side, 2 * side, 3 * side, 4 * side]
    line = Program(moves=[move((a, 0, 0), (b, 0, 0), feed=1200) for a, b in pairwise(xs)])
    t_square, f_square = cycle_times(square, MACHINE)
    t_line, f_line = cycle_times(line, MACHINE)
    vc = corner_speed(90)
    assert 0 < vc < v
    expected = (
        trapezoid(side, v, 0, vc) + 2 * trapezoid(side, v, vc, vc) + trapezoid(side, v, vc, 0)
    )
    assert t_square == pytest.approx(expected)
    # Collinear pieces keep their speed: the same as one move of the whole length.
    assert t_line == pytest.approx(4 * side / v + v / A)
    assert t_square > t_line
    assert f_square == pytest.approx(f_line) == pytest.approx(4 * side / v)


def test_reversal_stops_and_a_gentle_bend_hardly_slows():
    there_and_back = Program(
        moves=[move((0, 0, 0), (100, 0, 0), feed=1200), move((100, 0, 0), (0, 0, 0), feed=1200)]
    )
    cycle, _ = cycle_times(there_and_back, MACHINE)
    assert cycle == pytest.approx(2 * (100 / 20 + 20 / A))
    bend = math.radians(5)
    end = (100 + 100 * math.cos(bend), 100 * math.sin(bend), 0)
    gentle = Program(
        moves=[move((0, 0, 0), (100, 0, 0), feed=1200), move((100, 0, 0), end, feed=1200)]
    )
    vc = min(20.0, corner_speed(5))
    cycle, _ = cycle_times(gentle, MACHINE)
    assert cycle == pytest.approx(trapezoid(100, 20, 0, vc) + trapezoid(100, 20, vc, 0))


def test_full_circle_at_high_feed_limited_by_centripetal_acceleration():
    r = 5.0
    circle = move((r, 0, 0), (r, 0, 0), feed=6000, kind=ARC, center=(0.0, 0.0, 0.0))
    cycle, feed_only = cycle_times(Program(moves=[circle]), MACHINE)
    length = 2 * math.pi * r
    v = math.sqrt(A * r)  # v²/r = a
    assert v < 100
    assert cycle == pytest.approx(length / v + v / A)
    assert feed_only == pytest.approx(length / 100)


def test_helix_turns_and_planes():
    # Two turns of a helix rising 4 mm in G18 (centre on the start's Y): length and curvature.
    r, rise = 10.0, 4.0
    helix = move(
        (r, 0, 0), (r, rise, 0), feed=60, kind=ARC, center=(0.0, 0.0, 0.0), plane=18, turns=2
    )
    _, feed_only = cycle_times(Program(moves=[helix]), MACHINE)
    assert feed_only == pytest.approx(math.hypot(2 * 2 * math.pi * r, rise) / 1.0)


def test_line_into_tangent_arc_keeps_the_arc_speed():
    r = 4.0
    va = math.sqrt(A * r)
    for clockwise, y in ((False, -r), (True, r)):
        # CCW from the circle's bottom and CW from its top both leave along +X.
        line = move((-50, y, 0), (0, y, 0), feed=3000)
        half = move(
            (0, y, 0), (0, -y, 0), feed=3000, kind=ARC, center=(0.0, 0.0, 0.0), clockwise=clockwise
        )
        cycle, _ = cycle_times(Program(moves=[line, half]), MACHINE)
        expected = trapezoid(50, 50, 0, va) + trapezoid(math.pi * r, va, va, 0)
        assert cycle == pytest.approx(expected)


def test_rapid_to_feed_stops_and_rapids_use_the_rapid_rate():
    program = Program(
        moves=[
            move((0, 0, 50), (0, 0, 10), kind=RAPID, feed=0.0),
            move((0, 0, 10), (0, 0, 0), feed=300),
        ]
    )
    cycle, feed_only = cycle_times(program, MACHINE)
    assert cycle == pytest.approx(trapezoid(40, 200, 0, 0) + trapezoid(10, 5, 0, 0))
    assert feed_only == pytest.approx(40 / 200 + 10 / 5)


def test_tool_changes_and_dwells_add_their_time_and_stop_motion():
    program = Program(
        moves=[
            move((0, 0, 0), (100, 0, 0), feed=600, line=2),
            move((100, 0, 0), (200, 0, 0), feed=600, line=4),
        ],
        tool_changes=[ToolChange(line=1, tool=1), ToolChange(line=5, tool=2)],
        dwells=[Dwell(line=3, seconds=1.5)],
    )
    cycle, feed_only = cycle_times(program, MACHINE)
    extra = 2 * 6.0 + 1.5
    assert cycle == pytest.approx(2 * (100 / 10 + 10 / A) + extra)
    assert feed_only == pytest.approx(20.0 + extra)
    only = Program(tool_changes=[ToolChange(line=1, tool=3)], dwells=[Dwell(line=2, seconds=2)])
    assert cycle_times(only, MACHINE) == (8.0, 8.0)


def test_feed_only_is_the_simple_sum_and_a_lower_bound():
    pts = [(0, 0, 5), (30, 0, 5), (30, 0, -1), (30, 40, -1), (0, 40, -1), (0, 40, 5), (0, 0, 5)]
    kinds = [RAPID, FEED, FEED, FEED, RAPID, RAPID]
    feeds = [0.0, 150.0, 900.0, 1800.0, 0.0, 0.0]
    moves = [
        move(a, b, kind=k, feed=f) for (a, b), k, f in zip(pairwise(pts), kinds, feeds, strict=True)
    ]
    cycle, feed_only = cycle_times(Program(moves=moves), MACHINE)
    simple = 30 / 200 + 6 / 2.5 + 40 / 15 + 30 / 30 + 6 / 200 + 40 / 200
    assert feed_only == pytest.approx(simple)
    assert cycle > feed_only


def test_feed_over_the_machine_maximum_is_capped():
    program = Program(moves=[move((0, 0, 0), (1000, 0, 0), feed=60000)])
    cycle, feed_only = cycle_times(program, MACHINE)
    v = 10000 / 60
    assert feed_only == pytest.approx(1000 / v)
    assert cycle == pytest.approx(1000 / v + v / A)


def test_moves_without_feed_and_empty_programs_take_no_time():
    program = Program(
        moves=[
            move((0, 0, 0), (10, 0, 0), feed=0.0),
            move((10, 0, 0), (10, 0, 0), feed=600),  # no length
        ]
    )
    assert cycle_times(program, MACHINE) == (0.0, 0.0)
    assert cycle_times(Program(), MACHINE) == (0.0, 0.0)


def test_hundred_thousand_moves_are_quick():
    moves = []
    for k in range(100_000):
        a = (k % 100) * 1.0, (k // 100) * 0.5, 0.0
        b = ((k + 1) % 100) * 1.0, ((k + 1) // 100) * 0.5, 0.0
        moves.append(move(a, b, feed=1000 + k % 7, line=k + 1))
    program = Program(moves=moves)
    began = time.perf_counter()
    cycle, feed_only = cycle_times(program, MACHINE)
    assert time.perf_counter() - began < 1.5  # ~0.2 s on the development machine
    assert cycle > feed_only > 0


def test_a_larger_junction_deviation_takes_corners_faster_and_no_acceleration_limit():
    corners = [(0, 0, 0), (50, 0, 0), (50, 50, 0), (0, 50, 0)]
    square = Program(moves=[move(a, b, feed=1200) for a, b in pairwise(corners)])
    tight, _ = cycle_times(square, MACHINE, junction_deviation_mm=0.005)
    loose, _ = cycle_times(square, MACHINE, junction_deviation_mm=0.05)
    assert loose < tight
    unlimited = MachineLimits(
        name="no acceleration given",
        travel=MACHINE.travel,
        max_spindle_rpm=24000,
        max_feed_mm_min=10000,
        rapid_mm_min=12000,
        acceleration_mm_s2=0.0,
    )
    cycle, feed_only = cycle_times(square, unlimited)
    assert cycle == feed_only == pytest.approx(150 / 20)


def test_arc_lengths_are_the_readers():
    from projem_workbench.gcode.reader import move_length

    arcs = [
        move((5, 0, 0), (0, 5, 0), feed=60, kind=ARC, center=(0.0, 0.0, 0.0)),
        move((0, 5, 0), (5, 0, 0), feed=60, kind=ARC, center=(0.0, 0.0, 0.0), clockwise=True),
        move((0, 0, 3), (0, 0, 3), feed=60, kind=ARC, center=(0.0, 2.0, 3.0), plane=19, turns=3),
        move((4, 0, -1), (0, 4.005, -2), feed=60, kind=ARC, center=(0.0, 0.0, -1.0)),  # spiral
    ]
    _, feed_only = cycle_times(Program(moves=arcs), MACHINE)
    assert feed_only == pytest.approx(sum(move_length(arc) for arc in arcs) / 1.0, rel=1e-12)
