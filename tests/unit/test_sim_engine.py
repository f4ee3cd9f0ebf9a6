# SPDX-License-Identifier: LGPL-2.1-or-later
"""The simulator's material removal against independent geometry: volumes of slots, holes and
grooves, the swept surface cell by cell, continuity along long moves and helices, and
properties of removal (never adds material, order of cuts does not matter).

Discretisation bound used below: each cell holds the exact swept surface at its centre (up to
the profile table's step, R / 4096 sideways), so only cells the cut's outline crosses can be
wrong, each by at most its column; those lie within res / sqrt(2) of the outline, so
``|V - V_exact| <= perimeter * sqrt(2) * res * depth``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projem_workbench.gcode.reader import FEED, RAPID, Move, Program, read_program
from projem_workbench.sim.engine import simulate
from projem_workbench.sim.machine import Box, MachineLimits
from projem_workbench.sim.surface import PartSurface
from projem_workbench.sim.tools import ToolShape

STOCK = Box(0, 0, 0, 40, 30, 10)
MACHINE = MachineLimits(
    name="Test mill",
    travel=Box(-100, -100, -50, 200, 200, 100),
    max_spindle_rpm=20000,
    max_feed_mm_min=10000,
    rapid_mm_min=10000,
    acceleration_mm_s2=1000,
)


def tool(number: int, tool_type: str, diameter: float, **extra) -> ToolShape:
    record = {
        "name": f"{tool_type} {diameter:g}",
        "tool_type": tool_type,
        "diameter_mm": diameter,
        "flute_length_mm": 30,
        "overall_length_mm": 80,
        **extra,
    }
    return ToolShape.from_record(record, number=number)


TOOLS = {
    1: tool(1, "flat_endmill", 6),
    2: tool(2, "ball_endmill", 6),
    3: tool(3, "drill", 6.8, tip_angle_deg=118),
    4: tool(4, "bull_endmill", 8, corner_radius_mm=1.5),
    5: tool(5, "v_bit", 6, tip_angle_deg=60, params={"tip_diameter_mm": 0.2}),
    6: tool(6, "flat_endmill", 1),
}


def run(body: str, *, number: int = 1, stock: Box = STOCK, res: float = 0.1):
    text = f"G21 G90 G17\nM6 T{number}\nM3 S8000\nG0 Z15\n{body}\nG0 Z15\nM5\nM2\n"
    return simulate(
        read_program(text), stock=stock, tools=TOOLS, machine=MACHINE, resolution_mm=res
    )


def bound(perimeter: float, depth: float, res: float) -> float:
    return perimeter * math.sqrt(2) * res * depth


@pytest.mark.parametrize("res", [0.1, 0.05])
def test_flat_slot_volume(res: float) -> None:
    r, length, depth = 3.0, 20.0, 2.0
    result = run("G0 X10 Y15\nG1 Z8 F300\nG1 X30 F600", res=res)
    exact = (2 * r * length + math.pi * r * r) * depth
    assert result.removed_mm3 == pytest.approx(
        exact, abs=bound(2 * length + 2 * math.pi * r, depth, res)
    )
    assert result.removed_mm3 == pytest.approx(exact, rel=2e-3)
    assert not result.findings


@pytest.mark.parametrize("res", [0.1, 0.05])
def test_drilled_hole_with_cone_tip(res: float) -> None:
    r, depth = 3.4, 6.0
    h = r / math.tan(math.radians(59))
    result = run("G0 X20 Y15\nG0 Z11\nG1 Z4 F100", number=3, res=res)
    exact = math.pi * r * r * (depth - h) + math.pi * r * r * h / 3
    assert result.removed_mm3 == pytest.approx(exact, abs=bound(2 * math.pi * r, depth, res))
    assert result.removed_mm3 == pytest.approx(exact, rel=5e-3)


@pytest.mark.parametrize("res", [0.1, 0.05])
def test_ball_nose_groove(res: float) -> None:
    r, length = 3.0, 20.0
    result = run("G0 X10 Y15\nG1 Z7 F300\nG1 X30 F600", number=2, res=res)
    exact = math.pi * r * r / 2 * length + 2 / 3 * math.pi * r**3
    assert result.removed_mm3 == pytest.approx(
        exact, abs=bound(2 * length + 2 * math.pi * r, r, res)
    )
    assert result.removed_mm3 == pytest.approx(exact, rel=5e-3)


def test_swept_surface_is_exact_at_cell_centres() -> None:
    """A diagonal ball-nose groove: every cell is z + profile(distance to the segment)."""
    result = run("G0 X5 Y5\nG1 Z7 F300\nG1 X35 Y25 F600", number=2, res=0.2)
    res = 0.2
    x = STOCK.x0 + (np.arange(result.heights.shape[1]) + 0.5) * res
    y = STOCK.y0 + (np.arange(result.heights.shape[0]) + 0.5) * res
    px, py = np.meshgrid(x, y)
    a, b = np.array([5.0, 5.0]), np.array([35.0, 25.0])
    d = b - a
    t = np.clip(((px - a[0]) * d[0] + (py - a[1]) * d[1]) / d.dot(d), 0, 1)
    dist = np.hypot(px - a[0] - t * d[0], py - a[1] - t * d[1])
    surface = 7 + 3 - np.sqrt(np.maximum(9 - dist**2, 0))
    expected = np.where(dist <= 3, np.minimum(surface, 10), 10)
    # Table step R/4096 sideways; the ball's slope makes that at most ~0.03 mm near its rim.
    near_rim = np.abs(dist - 3) < 0.01
    assert np.abs(result.heights - expected)[~near_rim].max() < 0.03


@pytest.mark.parametrize("number", [4, 5])
def test_bull_and_v_bit_grooves_match_their_profiles(number: int) -> None:
    result = run("G0 X8 Y15\nG1 Z8 F300\nG1 X32 F600", number=number, res=0.1)
    shape = TOOLS[number]
    row = result.heights[150]  # y = 15.05: 0.05 off the path
    y_off = 0.05
    x = STOCK.x0 + (np.arange(result.heights.shape[1]) + 0.5) * 0.1
    column = result.heights[:, 200]  # x = 20.05, across the groove
    ys = STOCK.y0 + (np.arange(result.heights.shape[0]) + 0.5) * 0.1
    expected = np.minimum(8 + shape.profile(np.abs(ys - 15)), 10)
    assert np.abs(column - expected).max() < 0.01
    inside = (x > 8) & (x < 32)
    assert np.allclose(row[inside], 8 + shape.profile(np.array(y_off)), atol=0.01)


def test_through_cut_stops_at_the_stock_bottom_and_volumes_add_up() -> None:
    stock = Box(0, 0, 0, 40.05, 30.03, 10)  # not whole cells: partial edge cells
    result = run("G0 X-5 Y15\nG1 Z-3 F300\nG1 X45 F600", stock=stock, res=0.1)
    assert result.heights.min() >= stock.z0
    assert result.stock_mm3 == pytest.approx(stock.volume, rel=1e-12)
    assert result.removed_mm3 + result.remaining_mm3 == result.stock_mm3
    ny, nx = result.heights.shape
    wx = np.full(nx, 0.1)
    wx[-1] = 40.05 - (nx - 1) * 0.1
    wy = np.full(ny, 0.1)
    wy[-1] = 30.03 - (ny - 1) * 0.1
    remaining = float(((result.heights - stock.z0) * np.outer(wy, wx)).sum())
    assert remaining == pytest.approx(result.remaining_mm3, rel=1e-6)
    # The slot goes right through: 6 mm wide, full length, full height.
    assert result.removed_mm3 == pytest.approx(6 * 40.05 * 10, abs=bound(2 * 40.05, 10, 0.1))


def test_long_diagonal_at_a_coarse_grid_leaves_no_ridge() -> None:
    """A 1 mm tool on a 0.5 mm grid along a long diagonal: every cell whose centre is within
    the radius of the path is cut, none between samples is missed."""
    result = run("G0 X1 Y1\nG1 Z9 F300\nG1 X39 Y28.7 F600", number=6, res=0.5)
    res = 0.5
    x = (np.arange(result.heights.shape[1]) + 0.5) * res
    y = (np.arange(result.heights.shape[0]) + 0.5) * res
    px, py = np.meshgrid(x, y)
    a, d = np.array([1.0, 1.0]), np.array([38.0, 27.7])
    t = np.clip(((px - a[0]) * d[0] + (py - a[1]) * d[1]) / d.dot(d), 0, 1)
    dist = np.hypot(px - a[0] - t * d[0], py - a[1] - t * d[1])
    assert np.all(result.heights[dist <= 0.499] == 9)
    assert np.all(result.heights[dist > 0.501] == 10)


def test_flat_ramp_is_exact() -> None:
    """A flat end ramping down: each cell gets the lowest tip Z over the stretch of the move
    where the cell is within the radius (brute force over 20,000 positions)."""
    result = run("G0 X8 Y12\nG1 Z10 F300\nG1 X30 Y18 Z6 F600", res=0.25)
    res = 0.25
    x = (np.arange(result.heights.shape[1]) + 0.5) * res
    y = (np.arange(result.heights.shape[0]) + 0.5) * res
    px, py = np.meshgrid(x, y)
    expected = np.full(px.shape, 10.0)
    for t in np.linspace(0, 1, 20_000):
        cx, cy, cz = 8 + 22 * t, 12 + 6 * t, 10 - 4 * t
        inside = (px - cx) ** 2 + (py - cy) ** 2 <= 9
        expected = np.where(inside, np.minimum(expected, cz), expected)
    step = 4 * math.hypot(22, 6) / 22 / 20_000 * 22  # Z change between brute-force samples
    assert np.abs(result.heights - expected).max() <= step + 1e-4


def test_ball_ramp_within_the_sub_piece_bound() -> None:
    """A ball end ramping: constant-Z sub-pieces 0.01 mm apart in Z, error <= 0.005 mm."""
    result = run("G0 X8 Y15\nG1 Z10 F300\nG1 X30 Z7 F600", number=2, res=0.25)
    res = 0.25
    x = (np.arange(result.heights.shape[1]) + 0.5) * res
    y = (np.arange(result.heights.shape[0]) + 0.5) * res
    px, py = np.meshgrid(x, y)
    expected = np.full(px.shape, 10.0)
    for t in np.linspace(0, 1, 4000):
        cx, cz = 8 + 22 * t, 10 - 3 * t
        d2 = (px - cx) ** 2 + (py - 15) ** 2
        z = cz + 3 - np.sqrt(np.maximum(9 - d2, 0))
        expected = np.where(d2 <= 9, np.minimum(expected, z), expected)
    rim = np.abs(np.hypot(py - 15, 0) - 3) < 0.05
    assert np.abs(result.heights - expected)[~rim].max() <= 0.005 + 3 / 4000 + 1e-3


def test_helix_removes_what_a_stack_of_circles_would() -> None:
    helix = run("G0 X23 Y15\nG0 Z10.5\nG1 Z10 F300\nG2 X23 Y15 Z7 I-3 J0 P3\nG2 X23 Y15 I-3 J0")
    stack = run(
        "G0 X23 Y15\nG1 Z9 F300\n"
        + "".join(f"G2 X23 Y15 I-3 J0\nG1 Z{z}\n" for z in (8, 7))
        + "G2 X23 Y15 I-3 J0"
    )
    # path radius 3 with a 6 mm tool: a disc of radius 6, 3 mm deep
    exact = math.pi * 36 * 3
    assert helix.removed_mm3 == pytest.approx(exact, abs=bound(2 * math.pi * 6, 3, 0.1))
    x = (np.arange(400) + 0.5) * 0.1
    y = (np.arange(300) + 0.5) * 0.1
    radius = np.hypot(x[None, :] - 20, y[:, None] - 15)
    # The chords of a quarter cell: only cells within that of the rim may differ.
    for result in (helix, stack):
        assert np.all(result.heights[radius < 6 - 0.03] == 7)
        assert np.all(result.heights[radius > 6 + 0.03] == 10)
    assert np.count_nonzero(helix.heights != stack.heights) < 2 * math.pi * 6 * 0.06 / 0.01


def feed_moves(segments: list[tuple[float, ...]], number: int = 1) -> Program:
    """A program made of Move objects: a rapid above the stock, then the feed moves."""
    common = dict(feed_mm_min=600.0, tool=number, spindle_rpm=8000.0, spindle="cw",
                  coolant="off", operation="test")  # fmt: skip
    moves = [Move(line=1, kind=RAPID, start=(0, 0, 20), end=(0, 0, 20), **common)]
    for n, s in enumerate(segments):
        moves.append(Move(line=n + 2, kind=FEED, start=s[:3], end=s[3:], **common))
    return Program(moves=moves)


segment = st.tuples(
    st.floats(-5, 45), st.floats(-5, 35), st.floats(4, 11),
    st.floats(-5, 45), st.floats(-5, 35), st.floats(4, 11),
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(segment, min_size=1, max_size=8), st.sampled_from([1, 2, 4]), st.randoms())
def test_feed_order_does_not_matter(segments, number, rnd) -> None:
    shuffled = list(segments)
    rnd.shuffle(shuffled)
    kwargs = dict(stock=STOCK, tools=TOOLS, machine=MACHINE, resolution_mm=0.25)
    a = simulate(feed_moves(segments, number), **kwargs)
    b = simulate(feed_moves(shuffled, number), **kwargs)
    assert np.array_equal(a.heights, b.heights)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(segment, min_size=2, max_size=8), st.sampled_from([1, 2, 5]))
def test_removal_never_adds_material(segments, number) -> None:
    kwargs = dict(stock=STOCK, tools=TOOLS, machine=MACHINE, resolution_mm=0.25)
    before = simulate(feed_moves(segments[:-1], number), **kwargs)
    after = simulate(feed_moves(segments, number), **kwargs)
    assert np.all(after.heights <= before.heights)
    assert np.all(after.heights >= STOCK.z0) and np.all(after.heights <= STOCK.z1)
    assert after.removed_mm3 >= before.removed_mm3


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(segment, min_size=1, max_size=6))
def test_batched_and_move_by_move_cuts_agree(segments) -> None:
    """Spindle off sends every move through the checked path (distance kernel); on, they go
    in batches (row intervals). Only cells on the outline may differ, by rounding."""
    kwargs = dict(stock=STOCK, tools=TOOLS, machine=MACHINE, resolution_mm=0.25)
    on = simulate(feed_moves(segments), **kwargs)
    program = feed_moves(segments)
    for move in program.moves:
        move.spindle = "off"
    off = simulate(program, **kwargs)
    differ = np.count_nonzero(np.abs(on.heights - off.heights) > 1e-4)
    cut = np.count_nonzero(on.heights < STOCK.z1)
    assert differ <= max(2, cut // 500)


def test_progress_is_reported_at_most_about_100_times() -> None:
    calls: list[float] = []
    lines = "\n".join(f"G1 X{k % 40} Y{(k * 7) % 30} Z9 F600" for k in range(2000))
    text = f"G21 G90\nM6 T1\nM3 S8000\nG0 X0 Y0 Z15\n{lines}\nG0 Z15\n"
    result = simulate(read_program(text), stock=STOCK, tools=TOOLS, machine=MACHINE,
                      progress=calls.append)  # fmt: skip
    assert 2 <= len(calls) <= 102
    assert calls == sorted(calls) and calls[-1] == 1.0 and calls[0] >= 0
    assert result.moves == 2002 and result.envelope is not None
    assert result.envelope["z_min"] == 9 and result.envelope["x_max"] == 39
    assert result.cells == 400 * 300


@pytest.mark.parametrize("number", [1, 2, 3])
def test_short_collinear_steps_cut_as_one_move(number: int) -> None:
    """Collinear steps at one Z are merged into one segment: the same field as one long move,
    and the same as the steps cut move by move (spindle off sends them through one at a time)."""
    steps = "\n".join(f"G1 X{4 + 0.7 * k:.1f} Y{6 + 0.35 * k:.2f}" for k in range(1, 41))
    one = run("G0 X4 Y6\nG1 Z8 F300\nG1 X32 Y20 F600", number=number, res=0.2)
    many = run(f"G0 X4 Y6\nG1 Z8 F300\n{steps}", number=number, res=0.2)
    assert np.abs(one.heights - many.heights).max() < 1e-4
    program = read_program(f"G21 G90\nM6 T{number}\nG0 X4 Y6 Z15\nG1 Z8 F300\n{steps}\n")
    apart = simulate(program, stock=STOCK, tools=TOOLS, machine=MACHINE, resolution_mm=0.2)
    differ = np.count_nonzero(np.abs(apart.heights - many.heights) > 1e-4)
    assert differ <= 4  # rounding on the outline only


@pytest.mark.parametrize("number", [2, 4, 5])
def test_grooves_along_x_and_along_y_match(number: int) -> None:
    """Pieces along an axis take a separable distance; both axes and a diagonal agree."""
    along_x = run("G0 X10 Y15\nG1 Z8 F300\nG1 X30 F600", number=number, res=0.1)
    along_y = run("G0 X20 Y5\nG1 Z8 F300\nG1 Y25 F600", number=number, res=0.1)
    d = 20 / math.sqrt(2)
    diagonal = run(f"G0 X13 Y8\nG1 Z8 F300\nG1 X{13 + d:.6f} Y{8 + d:.6f} F600", number=number)
    assert along_x.removed_mm3 == pytest.approx(along_y.removed_mm3, rel=2e-3)
    assert along_x.removed_mm3 == pytest.approx(diagonal.removed_mm3, rel=5e-3)
    # The cross-section of the groove along Y is the profile, as along X.
    shape = TOOLS[number]
    x = (np.arange(400) + 0.5) * 0.1
    expected = np.minimum(8 + shape.profile(np.abs(x - 20)), 10)
    assert np.abs(along_y.heights[150] - expected).max() < 0.01


def test_arcs_in_closed_form_match_their_chords() -> None:
    """A flat end along XY arcs is cut in closed form in a batch; move by move (spindle off)
    it is cut along the reader's chords (a quarter cell): the two agree but for the outline."""
    body = "G0 X26 Y15\nG0 Z10.5\nG1 Z10 F300\nG3 X14 Y15 Z8 I-6 J0\nG3 X26 Y15 Z6 I6 J0 P2"
    text = f"G21 G90 G17\nM6 T1\nG0 Z15\n{body}\nG0 Z15\n"
    chords = simulate(read_program(text), stock=STOCK, tools=TOOLS, machine=MACHINE)
    closed = run(body)
    assert closed.removed_mm3 == pytest.approx(chords.removed_mm3, rel=2e-3)
    close = np.abs(closed.heights - chords.heights) < 0.02
    assert np.count_nonzero(~close) < 2 * math.pi * 9 * 2 / 0.1  # two rings of outline cells
    # the end of the helix, on its circle, is at its lowest
    assert closed.heights[150, 260] == 6


@pytest.mark.parametrize(
    "arc",
    [
        "G0 X23 Y15 Z10\nG2 X23 Y15 Z7 I-3 J0 P2",  # two turns down, clockwise
        "G0 X26 Y15 Z10\nG3 X14 Y15 Z8 I-6 J0",  # half a turn, counter-clockwise
        "G0 X23 Y15 Z7\nG2 X17 Y15 Z10 I-3 J0",  # climbing
        "G0 X21 Y15 Z10\nG3 X20 Y16 Z9.5 I-1 J0",  # path radius below the tool's
        "G0 X35 Y15 Z10\nG2 X20 Y0 Z9 I-15 J0",  # a quarter of a wide one
    ],
)
def test_helix_closed_form_against_brute_force(arc: str) -> None:
    from projem_workbench.gcode.arcs import sweep
    from projem_workbench.sim.helix import exact_arc, helix_values

    move = read_program("G21 G90 G17\n" + arc).moves[-1]
    assert exact_arc(move)
    x, y = np.arange(0, 40, 0.25) + 0.125, np.arange(0, 30, 0.25) + 0.125
    got = helix_values(move, 3.0, x, y)
    a0, swept, a, rise = sweep(move)
    px, py = np.meshgrid(x, y)
    expected = np.full(px.shape, np.inf)
    samples = 8000
    for t in np.linspace(0, 1, samples + 1):
        cx = move.center[0] + a * math.cos(a0 + swept * t)
        cy = move.center[1] + a * math.sin(a0 + swept * t)
        inside = (px - cx) ** 2 + (py - cy) ** 2 <= 9
        expected = np.where(inside, np.minimum(expected, move.start[2] + rise * t), expected)
    assert np.array_equal(np.isfinite(got), np.isfinite(expected))
    both = np.isfinite(got)
    assert np.abs(got[both] - expected[both]).max() <= abs(rise) / samples * 4 + 1e-5


def test_cone_tool_from_outside_the_stock() -> None:
    """A window clipped at the grid's edge can lie further from its piece than its size says
    (a table lookup past its end, found by hypothesis)."""
    segments = [(-4.0, -4.0, 4.0, -4.0, -4.0, 4.0)] * 4
    segments += [(-4.0, -4.0, 4.0, 0.0, 0.0, 6.5), (0.0, -4.0, 4.0, 0.0, 22.5, 4.0)]
    result = simulate(
        feed_moves(segments, 3), stock=STOCK, tools=TOOLS, machine=MACHINE, resolution_mm=0.25
    )
    assert result.removed_mm3 > 0 and result.heights.min() >= STOCK.z0


# -- material left where no part lies below -----------------------------------------------------
# A plate 8 mm thick on the stock's bottom, faced from the stock's top (10), with a through
# slot: a stadium 6 mm wide round the segment X13..27 at Y15, no part below it (-inf).
SLOT_RES = 0.2
SLOT = ((13.0, 15.0), (27.0, 15.0), 3.0)
SLOT_MM3 = (14 * 6 + math.pi * 9) * 8  # 898.2 mm³ of stock standing in it, 0 to 8
FACE = "\n".join(
    ["G0 X-5 Y-1", "G1 Z8 F300"]
    + [f"G1 X{45 if k % 2 == 0 else -5} Y{-1 + 4 * k}\nG1 Y{-1 + 4 * (k + 1)}" for k in range(8)]
)  # zigzag at Z8, 4 mm apart with a 6 mm end mill: the whole top down to the part
THROUGH_SLOT = "G0 Z11\nG0 X13 Y15\nG1 Z-0.5 F300\nG1 X27 F600\nG0 Z11"


def cell_centres(stock: Box, res: float) -> tuple[np.ndarray, np.ndarray]:
    nx, ny = round((stock.x1 - stock.x0) / res), round((stock.y1 - stock.y0) / res)
    x = stock.x0 + (np.arange(nx) + 0.5) * res
    y = stock.y0 + (np.arange(ny) + 0.5) * res
    return np.meshgrid(x, y)


def slotted_plate() -> PartSurface:
    px, py = cell_centres(STOCK, SLOT_RES)
    (ax, ay), (bx, _), r = SLOT
    dist = np.hypot(px - np.clip(px, ax, bx), py - ay)
    heights = np.where(dist <= r, -np.inf, 8.0).astype(np.float32)
    return PartSurface(x0=STOCK.x0, y0=STOCK.y0, resolution_mm=SLOT_RES, heights=heights)


def run_on_part(body: str, part: PartSurface):
    text = f"G21 G90 G17\nM6 T1\nM3 S8000\nG0 Z15\n{body}\nG0 Z15\nM5\nM2\n"
    return simulate(
        read_program(text), stock=STOCK, tools=TOOLS, machine=MACHINE, part=part,
        resolution_mm=SLOT_RES,
    )  # fmt: skip


def test_a_through_slot_never_machined_is_material_left() -> None:
    """The stock standing in a through slot is joined to the part: it is left, not part, and
    counted from the stock's bottom (there is no part below it to measure from)."""
    result = run_on_part(FACE, slotted_plate())
    # Within a cell of the slot's wall the thickness is taken above the part (the wall's
    # sampling): those cells, a ring of the slot's outline, count nothing.
    perimeter = 2 * 14 + 2 * math.pi * 3
    assert result.left_mm3 == pytest.approx(SLOT_MM3, abs=perimeter * 2 * SLOT_RES * 8)
    assert result.left_max_mm == pytest.approx(8.0, abs=1e-4)
    x, y = result.left_max_at
    assert 10 <= x <= 30 and 12 <= y <= 18
    assert result.offcut_mm3 == 0
    (left,) = [f for f in result.findings if f.kind == "material_left"]
    assert {f.kind for f in result.findings} == {"material_left"}
    assert f"{result.left_mm3:.1f} mm³ of material left above the part" in left.message
    assert "thickest 8.000 mm" in left.message
    # What the stock still holds is the part and what is left on it.
    plate = 40 * 30 * 8 - SLOT_MM3
    kept = result.remaining_mm3 - result.left_mm3
    assert kept == pytest.approx(plate, abs=perimeter * 2 * SLOT_RES * 8)


def test_the_left_over_picture_measures_the_slot_as_the_engine_does() -> None:
    """One definition: the picture's thickness is the engine's, so the slot is coloured."""
    import io

    from PIL import Image

    from projem_workbench.sim.engine import left_thickness
    from projem_workbench.sim.images import left_image, pixel_of

    result = run_on_part(FACE, slotted_plate())
    left = left_thickness(result.heights, result.part.heights, bottom=STOCK.z0, tolerance=0.02)
    assert float(left.sum()) * SLOT_RES**2 == pytest.approx(result.left_mm3, rel=1e-6)
    image = Image.open(io.BytesIO(left_image(result, size_px=600))).convert("RGB")
    red, green, blue = image.getpixel(pixel_of(result, 20.0, 15.0, size_px=600))
    assert red > 2 * green and red > 2 * blue  # the thickest colour of the warm ramp


def test_a_through_slot_cut_leaves_nothing() -> None:
    result = run_on_part(FACE + "\n" + THROUGH_SLOT, slotted_plate())
    assert result.left_mm3 == pytest.approx(0, abs=1e-6)
    assert result.left_max_at is None
    assert not result.findings
    assert result.remaining_mm3 == pytest.approx(40 * 30 * 8 - SLOT_MM3, rel=5e-3)


def disc_part(radius: float = 12.0) -> PartSurface:
    """A disc at the stock's centre, as tall as the stock: nothing to face."""
    px, py = cell_centres(STOCK, SLOT_RES)
    heights = np.where(np.hypot(px - 20, py - 15) <= radius, 10.0, -np.inf).astype(np.float32)
    return PartSurface(x0=STOCK.x0, y0=STOCK.y0, resolution_mm=SLOT_RES, heights=heights)


def profile(z: float) -> str:
    """Round the disc with the 6 mm end mill (path radius 15: it clears 12 to 18)."""
    return f"G0 X35 Y15\nG1 Z{z:g} F300\nG2 X35 Y15 I-15 J0 F600"


def cleared_area() -> float:
    """The area within 18 mm of the disc's centre, in the stock: the disc less the caps
    beyond Y0 and Y30, 15 mm from the centre."""
    cap = 18**2 * math.acos(15 / 18) - 15 * math.sqrt(18**2 - 15**2)
    return math.pi * 18**2 - 2 * cap


def test_corners_cut_loose_by_a_through_profile_are_offcuts_not_left() -> None:
    result = run_on_part(profile(-0.5), disc_part())
    corners = (40 * 30 - cleared_area()) * 10
    assert result.offcut_mm3 == pytest.approx(corners, abs=bound(2 * math.pi * 18, 10, SLOT_RES))
    assert result.left_mm3 == pytest.approx(0, abs=1e-6)
    assert not result.findings


def test_a_profile_stopping_above_the_bottom_leaves_the_corners_joined() -> None:
    """1 mm short of the bottom the skin joins the corners to the disc: no offcut, and the
    skin and the corners are material left (the program did not cut the part free)."""
    result = run_on_part(profile(1), disc_part())
    assert result.offcut_mm3 == 0
    corners = (40 * 30 - cleared_area()) * 10
    skin = (cleared_area() - math.pi * 12**2) * 1
    # Lost to the counting: the ring of cells within a cell of the disc (measured against
    # the part's top there), plus the outline's cells on both sides of the cut.
    slack = 2 * math.pi * 12 * 2 * SLOT_RES * 1 + bound(2 * math.pi * 18, 10, SLOT_RES)
    assert result.left_mm3 == pytest.approx(corners + skin, abs=slack)
    assert result.left_max_mm == pytest.approx(10.0, abs=1e-4)
    assert [f.kind for f in result.findings] == ["material_left"]
