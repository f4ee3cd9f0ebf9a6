# SPDX-License-Identifier: LGPL-2.1-or-later
"""How long a program runs: with the machine's acceleration, and the feed-only estimate.

The acceleration model follows grbl's planner (``planner.c``):

* each move has a nominal speed — its feed (capped at the machine's maximum feed) or the rapid
  rate — and on arcs at most ``sqrt(a·ρ)`` so the centripetal acceleration ``v²/ρ`` stays within
  the machine's acceleration (ρ: the radius of curvature, of the helix for helical arcs);
* the speed through the junction of two moves is limited by the angle between the first move's
  exit direction and the second's entry direction with grbl's *junction deviation* rule:
  ``v² = a·δ·sin(θ/2) / (1 − sin(θ/2))``, θ the angle between the reversed exit direction and
  the entry direction, δ the junction deviation (grbl's default ``$11`` = 0.010 mm). Collinear
  moves keep their speed, a reversal stops. Motion also stops between rapid and feed moves (the
  controller finishes one kind before the other), at tool changes and dwells, at a move without
  a feed, where moves do not join, and at the program's start and end;
* a backward pass then lowers every junction to what the following move can brake from, and a
  forward pass to what the preceding move can reach, so each move is a trapezoid (or triangle)
  of accelerating, cruising and braking at the machine's acceleration between its entry and exit
  speeds.

The feed-only estimate is each move's length at its nominal feed (rapids at the rapid rate),
without acceleration: the figure CAM systems usually print, and a lower bound of the first.
Both add ``tool_change_s`` per tool change and every dwell's seconds. Moves without a feed
(F never set) count as no time in both; the simulator reports them as ``feed_missing``.
"""

from __future__ import annotations

import math

import numpy as np

from projem_workbench.gcode import reader
from projem_workbench.gcode.reader import ARC, RAPID, Program
from projem_workbench.sim.machine import MachineLimits

# grbl's default junction deviation ($11), mm: how far the rounded corner a controller blends
# would stray from the sharp one.
JUNCTION_DEVIATION_MM = 0.01

# Directions within this of straight or of a reversal count as exactly that (grbl's bounds).
_COS_STRAIGHT = -0.999999
_COS_REVERSAL = 0.999999
_SHORTEST_MM = 1e-9
_JOINED_MM = 1e-6

# Plane -> the indices of its first axis, second axis and normal (a right-handed triple, so
# G2 is clockwise seen from the normal's positive end as in RS274/NGC).
_PLANE_AXES = {17: (0, 1, 2), 18: (2, 0, 1), 19: (1, 2, 0)}


def cycle_times(
    program: Program,
    machine: MachineLimits,
    *,
    junction_deviation_mm: float = JUNCTION_DEVIATION_MM,
) -> tuple[float, float]:
    """``(cycle time with acceleration, feed-only estimate)`` of ``program`` on ``machine``, s."""
    extra = len(program.tool_changes) * machine.tool_change_s
    extra += sum(max(dwell.seconds, 0.0) for dwell in program.dwells)
    moves = program.moves
    if not moves:
        return extra, extra
    geometry = _geometry(moves)
    length = geometry["length"]
    rapid = np.array([move.kind == RAPID for move in moves])
    feed = np.array([move.feed_mm_min for move in moves], dtype=np.float64)
    speed = np.where(rapid, machine.rapid_mm_min, np.minimum(feed, machine.max_feed_mm_min)) / 60
    speed = np.where(np.isfinite(speed) & (speed > 0), speed, 0.0)
    moving = (length > _SHORTEST_MM) & (speed > 0)
    feed_only = float(np.sum(np.divide(length, speed, out=np.zeros_like(length), where=moving)))

    accel = machine.acceleration_mm_s2
    if not accel > 0:  # no acceleration limit given: the feed-only figure is all we can say
        return feed_only + extra, feed_only + extra
    speed = np.minimum(speed, np.sqrt(accel * geometry["curvature_radius"]))
    keep = np.flatnonzero(moving)
    if not len(keep):
        return extra, feed_only + extra
    length, speed, rapid = length[keep], speed[keep], rapid[keep]
    entry_dir, exit_dir = geometry["entry"][keep], geometry["exit"][keep]
    start, end = geometry["start"][keep], geometry["end"][keep]

    # Junction k lies between kept moves k-1 and k; junctions 0 and n are the start and end.
    cos_theta = -np.einsum("ij,ij->i", exit_dir[:-1], entry_dir[1:])
    sin_half = np.sqrt(np.clip(0.5 * (1.0 - cos_theta), 0.0, 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        corner = np.sqrt(accel * junction_deviation_mm * sin_half / (1.0 - sin_half))
    corner = np.where(cos_theta < _COS_STRAIGHT, np.inf, corner)
    corner = np.where(cos_theta > _COS_REVERSAL, 0.0, corner)
    joined = np.linalg.norm(start[1:] - end[:-1], axis=1) <= _JOINED_MM
    joined &= rapid[1:] == rapid[:-1]
    lines = np.array([moves[k].line for k in keep], dtype=np.int64)
    joined &= ~_interrupted(program, lines)
    junction = np.zeros(len(keep) + 1)
    junction[1:-1] = np.where(joined, np.minimum(np.minimum(speed[:-1], speed[1:]), corner), 0.0)

    _plan(junction, length.tolist(), accel)
    moving_s = float(np.sum(_trapezoid_time(length, speed, junction[:-1], junction[1:], accel)))
    return moving_s + extra, feed_only + extra


def _plan(junction: np.ndarray, lengths: list[float], accel: float) -> None:
    """grbl's two passes, in place: every junction speed reachable from its neighbours."""
    v = junction.tolist()
    two_a = 2.0 * accel
    sqrt = math.sqrt
    for k in range(len(lengths) - 1, -1, -1):  # backward: brake in time for the next junction
        reach = sqrt(v[k + 1] * v[k + 1] + two_a * lengths[k])
        if v[k] > reach:
            v[k] = reach
    for k in range(len(lengths)):  # forward: accelerate no faster than the machine can
        reach = sqrt(v[k] * v[k] + two_a * lengths[k])
        if v[k + 1] > reach:
            v[k + 1] = reach
    junction[:] = v


def _trapezoid_time(length, cruise, entry, exit_, accel) -> np.ndarray:
    """Time of each move accelerating from ``entry`` towards ``cruise`` and braking to ``exit_``."""
    peak = np.minimum(cruise, np.sqrt((2 * accel * length + entry**2 + exit_**2) / 2))
    peak = np.maximum(peak, np.maximum(entry, exit_))
    ramp_up = (peak**2 - entry**2) / (2 * accel)
    ramp_down = (peak**2 - exit_**2) / (2 * accel)
    flat = np.maximum(length - ramp_up - ramp_down, 0.0)
    return (peak - entry) / accel + (peak - exit_) / accel + flat / peak


def _interrupted(program: Program, lines: np.ndarray) -> np.ndarray:
    """For each pair of consecutive moves: a tool change or dwell lies between their lines."""
    stops = np.array(
        sorted({c.line for c in program.tool_changes} | {d.line for d in program.dwells}),
        dtype=np.int64,
    )
    if not len(stops):
        return np.zeros(len(lines) - 1, dtype=bool)
    # Count of stops with line in (previous move's line, next move's line].
    before = np.searchsorted(stops, lines[:-1], side="right")
    upto = np.searchsorted(stops, lines[1:], side="right")
    return upto > before


def _geometry(moves) -> dict[str, np.ndarray]:
    """Lengths, unit entry and exit directions and radii of curvature (inf for lines)."""
    start = np.array([move.start for move in moves], dtype=np.float64)
    end = np.array([move.end for move in moves], dtype=np.float64)
    chord = end - start
    length = np.linalg.norm(chord, axis=1)
    unit = np.divide(chord, length[:, None], out=np.zeros_like(chord), where=length[:, None] > 0)
    entry, exit_ = unit, unit.copy()
    radius = np.full(len(moves), np.inf)
    arcs = [k for k, move in enumerate(moves) if move.kind == ARC and move.center is not None]
    if arcs:
        idx = np.array(arcs)
        arc = _arc_geometry([moves[k] for k in arcs], start[idx], end[idx])
        length[idx] = arc["length"]
        entry[idx], exit_[idx], radius[idx] = arc["entry"], arc["exit"], arc["radius"]
    return {
        "start": start,
        "end": end,
        "length": length,
        "entry": entry,
        "exit": exit_,
        "curvature_radius": radius,
    }


def _arc_geometry(arcs, start: np.ndarray, end: np.ndarray) -> dict[str, np.ndarray]:
    axes = np.array([_PLANE_AXES.get(arc.plane, _PLANE_AXES[17]) for arc in arcs])
    centre = np.array([arc.center for arc in arcs], dtype=np.float64)
    clockwise = np.array([arc.clockwise for arc in arcs])
    turns = np.array([max(arc.turns, 1) for arc in arcs], dtype=np.float64)
    s = np.take_along_axis(start, axes, axis=1)  # in the plane's (first, second, normal) axes
    e = np.take_along_axis(end, axes, axis=1)
    c = np.take_along_axis(centre, axes, axis=1)
    r = np.hypot(s[:, 0] - c[:, 0], s[:, 1] - c[:, 1])
    a0 = np.arctan2(s[:, 1] - c[:, 1], s[:, 0] - c[:, 0])
    a1 = np.arctan2(e[:, 1] - c[:, 1], e[:, 0] - c[:, 0])
    sweep = np.where(clockwise, a0 - a1, a1 - a0) % (2 * np.pi)
    sweep = np.where(sweep < 1e-9, 2 * np.pi, sweep) + (turns - 1) * 2 * np.pi
    rise = e[:, 2] - s[:, 2]
    # Circles and helices: the reader's formula (|r·sweep, rise|), here for all arcs at once.
    # Spirals (the end radius differs, which LinuxCNC allows within a tolerance) take the
    # reader's own move_length, which integrates them.
    length = np.hypot(r * sweep, rise)
    end_r = np.hypot(e[:, 0] - c[:, 0], e[:, 1] - c[:, 1])
    spirals = np.flatnonzero(np.abs(end_r - r) >= 1e-9)
    if len(spirals):
        length[spirals] = [reader.move_length(arcs[k]) for k in spirals]
    sign = np.where(clockwise, -1.0, 1.0)

    def tangent(angle: np.ndarray) -> np.ndarray:
        local = np.stack(
            [-np.sin(angle) * sign * r * sweep, np.cos(angle) * sign * r * sweep, rise], axis=1
        )
        norm = np.linalg.norm(local, axis=1, keepdims=True)
        local = np.divide(local, norm, out=np.zeros_like(local), where=norm > 0)
        world = np.empty_like(local)
        np.put_along_axis(world, axes, local, axis=1)
        return world

    # Helix: radius of curvature (r² + p²) / r with p the rise per radian.
    pitch = rise / sweep
    with np.errstate(divide="ignore"):
        radius = np.where(r > _SHORTEST_MM, (r * r + pitch * pitch) / r, np.inf)
    return {"length": length, "entry": tangent(a0), "exit": tangent(a1), "radius": radius}
