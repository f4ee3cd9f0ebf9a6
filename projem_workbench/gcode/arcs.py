# SPDX-License-Identifier: LGPL-2.1-or-later
"""Arc geometry for the G-code reader: the centre of a G2/G3 from its I/J/K or R words (with
LinuxCNC's tolerances), the points along an arc or helix, and the exact length of a move.

Every arc lives in a plane given by two in-plane axes ``(a, b)`` and a normal axis ``n``, the
way LinuxCNC's canonical ``ARC_FEED`` names them: G17 is (X, Y) about Z, G18 is (Z, X) about Y,
G19 is (Y, Z) about X. G2 is clockwise and G3 counter-clockwise in that (a, b) frame.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from projem_workbench.gcode.program import Move

TAU = 2.0 * math.pi
# plane -> (index of a, index of b, index of the normal); tuples index (x, y, z)
AXES = {17: (0, 1, 2), 18: (2, 0, 1), 19: (1, 2, 0)}
# plane -> the offset letters along a and b, and the letter of the normal axis
OFFSETS = {17: ("I", "J", "K"), 18: ("K", "I", "J"), 19: ("J", "K", "I")}
# LinuxCNC 2.9's tolerances, by units (found by bisecting rs274 -g; they match its
# RADIUS_TOLERANCE and CENTER_ARC_RADIUS_TOLERANCE constants): a centre arc whose end radius
# differs from its start radius by more than ABS and by more than REL of it is refused, as is one
# that differs by more than 100 * ABS; an R arc may fall short of its chord by RADIUS.
RADIUS_TOLERANCE = {False: 0.00127, True: 0.00005}  # key: inch units
CENTER_ABS_TOLERANCE = {False: 0.01 * 2 * math.sqrt(2), True: 0.001 * 2 * math.sqrt(2)}
CENTER_REL_TOLERANCE = 0.001


class ArcError(ValueError):
    """The arc cannot be made; the reader turns this into a GcodeError naming the line."""


def check_center(
    a0: float, b0: float, a1: float, b1: float, ca: float, cb: float, inch: bool
) -> None:
    """Check a centre-format arc from (a0, b0) to (a1, b1) about (ca, cb), LinuxCNC's way."""
    r0 = math.hypot(a0 - ca, b0 - cb)
    r1 = math.hypot(a1 - ca, b1 - cb)
    tolerance = RADIUS_TOLERANCE[inch]
    if r0 < tolerance or r1 < tolerance:
        raise ArcError(f"zero-radius arc (radius {r0:.4f} at the start, {r1:.4f} at the end)")
    error = abs(r0 - r1)
    limit = CENTER_ABS_TOLERANCE[inch]
    if error > 100 * limit or (error / max(r0, r1) > CENTER_REL_TOLERANCE and error > limit):
        raise ArcError(
            f"radius to the end of the arc ({r1:.4f}) differs from the radius to its start "
            f"({r0:.4f})"
        )


def center_from_radius(
    a0: float, b0: float, a1: float, b1: float, radius: float, clockwise: bool, inch: bool
) -> tuple[float, float]:
    """The centre of an R-format arc, as LinuxCNC's arc_data_r finds it (R < 0: the long way)."""
    if a0 == a1 and b0 == b1:
        raise ArcError("an R arc cannot end where it starts (use I/J/K for a full circle)")
    size = abs(radius)
    ma, mb = (a1 + a0) / 2.0, (b1 + b0) / 2.0
    half = math.hypot(ma - a1, mb - b1)
    if half - size > RADIUS_TOLERANCE[inch]:
        raise ArcError(f"radius R{radius:g} is too small to reach the end point")
    if half / size > 1.0 - 1e-12:
        half = size  # a half circle, allowing for rounding
    if clockwise == (radius > 0):
        theta = math.atan2(b1 - b0, a1 - a0) - math.pi / 2
    else:
        theta = math.atan2(b1 - b0, a1 - a0) + math.pi / 2
    offset = size * math.cos(math.asin(half / size))
    return ma + offset * math.cos(theta), mb + offset * math.sin(theta)


def sweep(move: Move) -> tuple[float, float, float, float]:
    """(start angle, signed swept angle, radius, rise along the normal) of an ARC move."""
    ia, ib, inormal = AXES[move.plane]
    center = move.center
    assert center is not None, "an arc move has a centre"
    s, e = move.start, move.end
    a0 = math.atan2(s[ib] - center[ib], s[ia] - center[ia])
    a1 = math.atan2(e[ib] - center[ib], e[ia] - center[ia])
    radius = math.hypot(s[ia] - center[ia], s[ib] - center[ib])
    swept = (a0 - a1) % TAU if move.clockwise else (a1 - a0) % TAU
    if swept < 1e-12:  # same start and end angle: one full turn (LinuxCNC's reading)
        swept = TAU
    swept += TAU * (move.turns - 1)
    return a0, -swept if move.clockwise else swept, radius, e[inormal] - s[inormal]


def arc_points(move: Move, *, tolerance_mm: float) -> np.ndarray:
    """Points along an ARC move after its start, ending exactly at ``move.end``.

    The chord error stays within ``tolerance_mm``; motion along the plane's normal is linear in
    the swept angle (a helix). The radius may change slightly from start to end (LinuxCNC makes
    such an arc a spiral); it is interpolated linearly in the angle as well.
    """
    if tolerance_mm <= 0:
        raise ValueError("tolerance_mm must be positive")
    ia, ib, inormal = AXES[move.plane]
    start_angle, swept, radius, rise = sweep(move)
    center = move.center
    assert center is not None
    e = move.end
    end_radius = math.hypot(e[ia] - center[ia], e[ib] - center[ib])
    big = max(radius, end_radius)
    if big <= tolerance_mm:
        steps = max(1, math.ceil(abs(swept) / (math.pi / 2)))
    else:
        step = 2.0 * math.acos(max(-1.0, 1.0 - tolerance_mm / big))
        steps = max(1, math.ceil(abs(swept) / step))
    t = np.arange(1, steps + 1, dtype=float) / steps
    angles = start_angle + swept * t
    radii = radius + (end_radius - radius) * t
    points = np.empty((steps, 3), dtype=float)
    points[:, ia] = center[ia] + radii * np.cos(angles)
    points[:, ib] = center[ib] + radii * np.sin(angles)
    points[:, inormal] = move.start[inormal] + rise * t
    points[-1] = e
    return points


def move_length(move: Move) -> float:
    """The length of a move along its path; arcs and helices exactly (spirals by Simpson)."""
    s, e = move.start, move.end
    if move.center is None:
        return math.dist(s, e)
    ia, ib, _ = AXES[move.plane]
    _, swept, radius, rise = sweep(move)
    c = move.center
    end_radius = math.hypot(e[ia] - c[ia], e[ib] - c[ib])
    if abs(end_radius - radius) < 1e-9:
        return math.hypot(radius * swept, rise)
    # a spiral: integrate |d/dt (r(t) cos, r(t) sin, z(t))| over t in [0, 1]
    dr = end_radius - radius
    n = 64

    def speed(t: float) -> float:
        return math.sqrt(dr * dr + ((radius + dr * t) * swept) ** 2 + rise * rise)

    total = speed(0.0) + speed(1.0)
    for k in range(1, n):
        total += (4 if k % 2 else 2) * speed(k / n)
    return total / (3 * n)
