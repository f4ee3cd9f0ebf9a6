# SPDX-License-Identifier: LGPL-2.1-or-later
"""A flat end along a circular arc or helix in the XY plane, in closed form: exact (no chords)
and one pass over the arc's window instead of one window per chord.

A cell at distance ``rho`` from the arc's centre is under the tool (radius ``R``, its axis on a
circle of radius ``a``) while its angle from the tool's is within ``delta = arccos((rho² + a²
- R²) / (2 rho a))``. Descending, the lowest the tool is over the cell is at the last angle of
the sweep it covers the cell: the end of the sweep if the end lies in one of those stretches,
else the exit of the last stretch before the end.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from projem_workbench.gcode.arcs import sweep
from projem_workbench.gcode.reader import Move, arc_points

TAU = 2 * math.pi


def exact_arc(move: Move) -> bool:
    """Whether the closed form applies and pays: a helix (Z changing) in the XY plane (G17)
    of one radius. An arc at one Z is cut faster along its chords, by row runs."""
    if move.plane != 17 or move.center is None or move.start[2] == move.end[2]:
        return False
    c, s, e = move.center, move.start, move.end
    return abs(math.hypot(s[0] - c[0], s[1] - c[1]) - math.hypot(e[0] - c[0], e[1] - c[1])) < 1e-9


def helix_values(
    move: Move, radius: float, x: np.ndarray, y: np.ndarray, start_z: float | None = None
) -> np.ndarray:
    """(len(y), len(x)) float32: the lowest Z of a flat end of ``radius`` over each cell centre
    ``(x[j], y[i])`` during ``move`` (an :func:`exact_arc`); inf where it never is."""
    a0, swept, a, _ = sweep(move)
    z0 = move.start[2] if start_z is None else start_z
    z1 = move.end[2]
    if z1 > z0:  # climbing: the lowest is at the first cover; sweep it the other way round
        a0, swept, z0, z1 = a0 + swept, -swept, z1, z0
    d = 1.0 if swept >= 0 else -1.0
    total = abs(swept)
    cx, cy = move.center[0], move.center[1]  # type: ignore[index]
    # float32: a 1e-7 rad angle is a micrometre at 10 m radius, and it is twice as fast.
    dx = (x - cx).astype(np.float32)[None, :]
    dy = (y - cy).astype(np.float32)[:, None]
    rho2 = dx * dx + dy * dy
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = (rho2 + np.float32(a * a - radius * radius)) / (np.float32(2 * a) * np.sqrt(rho2))
    if a <= 1e-12:  # the tool turns on the spot: under it within the radius, at the end
        kappa = np.where(rho2 <= radius * radius, -2.0, 2.0)
    always = kappa <= -1
    delta = np.arccos(np.clip(kappa, -1, 1))
    rel = np.mod(np.float32(d) * np.arctan2(dy, dx) - np.float32(d * a0), np.float32(TAU))
    end_in = np.mod(np.float32(total) - rel + delta, np.float32(TAU)) <= 2 * delta
    turns = np.floor((np.float32(total) - rel - delta) / np.float32(TAU))
    last_exit = rel + delta + np.float32(TAU) * turns
    angle = np.where(always | end_in, total, last_exit)
    covered = (kappa <= 1) & (always | end_in | (last_exit >= 0))
    z = z0 + (z1 - z0) * (angle / total) if total > 0 else np.full(angle.shape, z0)
    return np.where(covered, z, np.inf).astype(np.float32)


def cut_arc(cutter: Any, move: Move, r: float, undo: list[tuple[Any, np.ndarray]] | None) -> bool:
    """Cut a flat end of radius ``r`` along an :func:`exact_arc` into ``cutter``'s grid, over
    the window of the arc's chords grown by the radius; with an undo log (a part), False and
    nothing cut if it would gouge."""
    g = cutter.grid
    chord = np.vstack([np.asarray(move.start)[None, :], arc_points(move, tolerance_mm=g.res / 4)])
    margin = r + g.res
    win = g.window(
        float(chord[:, 0].min()) - margin,
        float(chord[:, 1].min()) - margin,
        float(chord[:, 0].max()) + margin,
        float(chord[:, 1].max()) + margin,
    )
    if win is None:
        return True
    i0, i1, j0, j1 = win
    s = g.stock
    x = s.x0 + (np.arange(j0, j1) - g.pad + 0.5) * g.res
    y = s.y0 + (np.arange(i0, i1) - g.pad + 0.5) * g.res
    vals = helix_values(move, r, x, y)
    np.maximum(vals, np.float32(s.z0), out=vals)
    where = (slice(i0, i1), slice(j0, j1))
    hs = g.data[where]
    if undo is not None:
        eroded = cutter.part.eroded[where]
        if np.any((vals < hs) & (vals < eroded - np.float32(cutter.tolerance))):
            return False
        undo.append((where, hs.copy()))
    np.minimum(hs, vals, out=hs)
    return True
