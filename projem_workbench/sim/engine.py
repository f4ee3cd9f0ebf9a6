# SPDX-License-Identifier: LGPL-2.1-or-later
"""The simulation: every move of a program swept through the stock's height field, with the
findings a machinist needs before the program reaches the machine.

How a move is handled, fastest first:

- above all material (its lowest tip point over the stock's top), or straight up: only the
  checks that need no stock (:mod:`checks`, over the whole program at once);
- a cutting move (G1, G2/G3) with the spindle turning and no plunge of a tool that does not
  cut at its centre joins a *batch* of consecutive moves of the same tool (:mod:`cutting`).
  Removal by minimum does not depend on the order, so a batch is cut at once; shank and
  holder are checked against the state before it, gouges slice by slice with an undo log.
  A batch that flags is undone and retried in halves, then move by move;
- everything else (rapids below the stock's top, cuts with the spindle off, plunges, what a
  batch flagged) goes move by move with every check (:mod:`single`).

Arcs are chords from :func:`gcode.reader.arc_points` with a chord error of a quarter cell.
The tool starts above the stock: rs274's start at 0, 0, 0 is no place a machine is at.

With a part, the material left (:func:`left_thickness`) is measured once the offcuts (stock
cut loose from the part, :mod:`offcuts`) have fallen away: over the part, what stands above
it; over cells with no part below them (a through slot, pocket or hole, the stock round the
outline), what stands above the stock's bottom — stock still joined to the part, that the
program should have removed. Next to the part (within a cell) it is measured against the
part, so the sampling of its walls is not counted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from projem_workbench.gcode import reader
from projem_workbench.gcode.reader import ARC, Program
from projem_workbench.sim import surface as surface_module
from projem_workbench.sim.checks import MoveColumns, check_depth, check_program
from projem_workbench.sim.cutting import BATCH_MOVES, EPS_MM, Cutter, move_segments
from projem_workbench.sim.findings import ERROR, WARNING, Finding, FindingCollector
from projem_workbench.sim.heightfield import Grid
from projem_workbench.sim.machine import THROUGH_CUT_ALLOWANCE_MM, Box, MachineLimits
from projem_workbench.sim.offcuts import offcut_mask
from projem_workbench.sim.reach import ShankRubs
from projem_workbench.sim.surface import PartSurface
from projem_workbench.sim.tools import ToolShape

GOUGE_TOLERANCE_MM = 0.02  # deeper into the part is a gouge; thicker above it, material left


@dataclass
class SimResult:
    findings: list[Finding]
    stock: Box
    resolution_mm: float
    heights: np.ndarray
    part: PartSurface | None
    stock_mm3: float
    removed_mm3: float
    remaining_mm3: float
    left_mm3: float
    left_max_mm: float
    left_max_at: tuple[float, float] | None
    offcut_mm3: float  # cut loose from the part: fallen away, counted as removed
    cycle_time_s: float
    feed_only_time_s: float
    envelope: dict[str, float] | None
    moves: int
    cells: int
    elapsed_s: float

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def summary(self) -> dict[str, Any]:
        """The result as the ``--json`` object (no arrays)."""
        return {
            "findings": [f.as_dict() for f in self.findings],
            "removed_mm3": self.removed_mm3,
            "remaining_mm3": self.remaining_mm3,
            "left_mm3": self.left_mm3,
            "left_max_mm": self.left_max_mm,
            "left_max_at": list(self.left_max_at) if self.left_max_at else None,
            "offcut_mm3": self.offcut_mm3,
            "cycle_time_s": self.cycle_time_s,
            "feed_only_time_s": self.feed_only_time_s,
            "resolution_mm": self.resolution_mm,
            "stock_mm3": self.stock_mm3,
            "envelope": self.envelope,
            "moves": self.moves,
            "cells": self.cells,
            "elapsed_s": self.elapsed_s,
            "error_count": len(self.errors),
            "warning_count": len(self.warnings),
        }


def simulate(
    program: Program,
    *,
    stock: Box,
    tools: Mapping[int, ToolShape],
    machine: MachineLimits,
    part: PartSurface | None = None,
    resolution_mm: float = 0.1,
    gouge_tolerance_mm: float = GOUGE_TOLERANCE_MM,
    through_cut_allowance_mm: float = THROUGH_CUT_ALLOWANCE_MM,
    progress: Callable[[float], None] | None = None,
) -> SimResult:
    """Simulate ``program`` on ``stock`` (work coordinates, mm) with ``tools`` by number.

    ``part``: the part's top surface; with it come the gouge check (against the surface
    eroded sideways by one cell, a 3 x 3 minimum, so that the mesh's chords and cell-centre
    sampling at vertical walls do not read as gouges) and the material left (against the
    surface grown by one cell, a 3 x 3 maximum, for the same reason; further than a cell from
    the part, against the stock's bottom: see :func:`left_thickness`). A tool tip below the
    stock's bottom by more than
    ``through_cut_allowance_mm`` is in what holds the stock. ``progress`` is called at most
    about 100 times with 0..1.
    """
    started = time.process_time()
    grid = Grid(stock, resolution_mm)
    findings = FindingCollector()
    moves = program.moves
    columns = MoveColumns.of(program, stock.z1)
    chord = resolution_mm / 4
    arcs = {
        n: reader.arc_points(move, tolerance_mm=chord)
        for n, move in enumerate(moves)
        if move.kind == ARC
    }
    check_program(program, columns, arcs, findings=findings, machine=machine, tools=tools)
    check_depth(
        program, columns, arcs, findings=findings, bottom=stock.z0,
        allowance=through_cut_allowance_mm,
    )  # fmt: skip
    part_grid = _part_on_grid(part, grid)
    cutter = Cutter(grid, findings, part_grid, gouge_tolerance_mm)
    cutter.moves = moves
    rubs = ShankRubs(cutter, program, findings)

    # Which moves can meet material (tool known, lowest tip point below the stock's top), and
    # which of those are plain cuts that may go in a batch.
    zlow = np.minimum(columns.start[:, 2], columns.end[:, 2])
    for n, points in arcs.items():
        zlow[n] = min(zlow[n], float(points[:, 2].min()))
    numbers = [int(t) for t in np.unique(columns.tool).tolist() if int(t) in tools]
    known = np.isin(columns.tool, numbers)
    centre = np.isin(columns.tool, [t for t in numbers if tools[t].center_cutting])
    # A plunge: down more steeply than 45° (a ramp or helix at a shallower angle is how a
    # tool that does not cut at its centre is meant to enter material).
    drop = columns.start[:, 2] - columns.end[:, 2]
    across = np.hypot(*(columns.end[:, :2] - columns.start[:, :2]).T)
    for n, points in arcs.items():
        path = np.vstack([columns.start[n : n + 1], points])
        across[n] = float(np.hypot(*np.diff(path[:, :2], axis=0).T).sum())
    plunging = (drop > 1e-9) & (drop >= across)
    # Straight up without moving sideways meets nothing: in a height field no material hangs
    # over a tool that stands clear of it (and one that does not was reported already).
    lift = (across <= 1e-9) & (drop <= 0) & ~columns.arc
    active = known & (zlow < stock.z1) & ~lift
    plain = active & ~columns.rapid & columns.spindle_on & (centre | ~plunging)
    order = np.flatnonzero(active).tolist()
    plain_of = plain[order].tolist()
    tool_of = columns.tool[order].tolist()
    step = max(1, len(order) // 100)
    k, reported = 0, -step
    while k < len(order):
        if progress is not None and k - reported >= step:
            progress(k / len(order))
            reported = k
        tool = tools[tool_of[k]]
        if plain_of[k]:
            end = k + 1
            # A run is cut in stretches of at least a batch, so progress moves along.
            limit = k + max(step, BATCH_MOVES)
            while end < min(len(order), limit) and plain_of[end] and tool_of[end] == tool_of[k]:
                end += 1
            cutter.cut_run(tool, order[k:end], columns, arcs)
            rubs.check(tool, order[k:end], columns, arcs)
            k = end
            continue
        n = order[k]
        cutter.precise(
            moves[n],
            tool,
            move_segments(columns, arcs, n),
            spindle=bool(columns.spindle_on[n]),
            descending=bool(plunging[n]),
        )
        if not columns.rapid[n] and columns.spindle_on[n]:
            rubs.check(tool, [n], columns, arcs)
        k += 1
    rubs.finish()
    if progress is not None:
        progress(1.0)

    heights = grid.heights  # a view of the padded array: no grid-sized copy
    offcut = 0.0
    if part_grid is not None:
        loose = offcut_mask(
            heights, part_grid.heights, bottom=stock.z0, tolerance=gouge_tolerance_mm
        )
        if loose.any():  # they fall away: removed, not material left (sim/offcuts.py)
            kept = grid.removed_mm3()
            heights[loose] = np.float32(stock.z0)
            offcut = grid.removed_mm3() - kept
    removed = grid.removed_mm3()
    left_mm3, left_max, left_at = _left(grid, part_grid, gouge_tolerance_mm, findings)
    cycle_s, feed_s = _cycle_times(program, machine)
    part_out = None
    if part_grid is not None:
        part_out = PartSurface(
            x0=stock.x0, y0=stock.y0, resolution_mm=grid.res, heights=part_grid.heights
        )
    return SimResult(
        findings=findings.findings(),
        stock=stock,
        resolution_mm=grid.res,
        heights=heights,
        part=part_out,
        stock_mm3=grid.stock_mm3,
        removed_mm3=removed,
        remaining_mm3=grid.stock_mm3 - removed,
        left_mm3=left_mm3,
        left_max_mm=left_max,
        left_max_at=left_at,
        offcut_mm3=offcut,
        cycle_time_s=cycle_s,
        feed_only_time_s=feed_s,
        envelope=_envelope(columns, arcs),
        moves=len(moves),
        cells=grid.cells,
        elapsed_s=time.process_time() - started,
    )


def _envelope(columns: MoveColumns, arcs: Mapping[int, np.ndarray]) -> dict[str, float] | None:
    """x_min..z_max of every move (the first move's unknown start left out)."""
    if not len(columns.end):
        return None
    parts = [columns.end, columns.start[1:], *arcs.values()]
    every = np.vstack(parts)
    low, high = every.min(axis=0), every.max(axis=0)
    out: dict[str, float] = {}
    for k, axis in enumerate("xyz"):
        out[f"{axis}_min"] = float(low[k])
        out[f"{axis}_max"] = float(high[k])
    return out


@dataclass
class PartGrid:
    """The part on the stock's grid: heights, and padded copies eroded and grown by a cell."""

    heights: np.ndarray
    eroded: np.ndarray  # padded like Grid.data; -inf where no part (never a gouge there)
    grown: np.ndarray  # not padded
    eroded_row_max: np.ndarray  # per padded row: no gouge is possible at or above it
    eroded_row_list: list[float]  # the same, for Python loops


def _part_on_grid(part: PartSurface | None, grid: Grid) -> PartGrid | None:
    if part is None:
        return None
    s = grid.stock
    same = (
        part.heights.shape == (grid.ny, grid.nx)
        and abs(part.x0 - s.x0) < 1e-9
        and abs(part.y0 - s.y0) < 1e-9
        and abs(part.resolution_mm - grid.res) < 1e-12
    )
    if not same:
        part = surface_module.resample(
            part, x0=s.x0, y0=s.y0, nx=grid.nx, ny=grid.ny, resolution_mm=grid.res
        )
    heights = np.asarray(part.heights, dtype=np.float32)
    eroded = grid.padded(_filter3(heights, np.minimum))
    return PartGrid(
        heights=heights,
        eroded=eroded,
        grown=_filter3(heights, np.maximum),
        eroded_row_max=eroded.max(axis=1).astype(np.float64),
        eroded_row_list=eroded.max(axis=1).astype(np.float64).tolist(),
    )


def _filter3(values: np.ndarray, reduce: Any) -> np.ndarray:
    """3 x 3 minimum or maximum; cells beyond the edge count as no part (-inf)."""
    ny, nx = values.shape
    padded = np.full((ny + 2, nx + 2), -np.inf, dtype=np.float32)
    padded[1:-1, 1:-1] = values
    rows = reduce(padded[:-2], padded[1:-1])
    reduce(rows, padded[2:], out=rows)
    out = reduce(rows[:, :-2], rows[:, 1:-1])
    return reduce(out, rows[:, 2:], out=out)


def left_thickness(
    heights: np.ndarray,
    part: np.ndarray,
    *,
    bottom: float,
    tolerance: float,
    grown: np.ndarray | None = None,
) -> np.ndarray:
    """The material left over each cell, 0 where it is not more than ``tolerance`` (>= 0).

    ``heights`` is the machined stock and ``part`` the part's top (``-inf`` where no part
    lies below a cell), (ny, nx) on one grid, offcuts already at the stock's bottom. The
    thickness is measured against the part grown by one cell (a 3 x 3 maximum; ``grown`` if
    it is at hand) where that is finite — over the part, and next to it, where cell-centre
    sampling of its walls is no material left — and against the stock's bottom ``bottom``
    elsewhere: there no part lies below, and what stands above the bottom is still joined to
    the part (the offcuts are gone), material the program should have removed. One
    definition for the engine's ``left_mm3`` and the left-over picture.
    """
    if grown is None:
        grown = _filter3(np.asarray(part, dtype=np.float32), np.maximum)
    floor = np.where(np.isfinite(grown), grown, np.float32(bottom))
    thickness = heights - floor
    return np.where(thickness > tolerance, thickness, np.float32(0))


def _left(
    grid: Grid, part: PartGrid | None, tolerance: float, findings: FindingCollector
) -> tuple[float, float, tuple[float, float] | None]:
    """(volume left by more than the tolerance, thickest, where): above the part grown by one
    cell, and above the stock's bottom where no part is within a cell (see
    :func:`left_thickness`); one ``material_left`` finding."""
    if part is None:
        return 0.0, 0.0, None
    thickness = left_thickness(
        grid.heights, part.heights, bottom=grid.stock.z0, tolerance=tolerance, grown=part.grown
    )
    if not (thickness > 0).any():
        return 0.0, 0.0, None
    volume = grid.weighted_sum(thickness)
    i, j = np.unravel_index(int(np.argmax(thickness)), thickness.shape)
    deepest = float(thickness[i, j])
    x, y = grid.centre(int(i) + grid.pad, int(j) + grid.pad)
    findings.add(
        "material_left",
        None,
        f"{volume:.1f} mm³ of material left above the part (more than {tolerance:g} mm); "
        f"thickest {deepest:.3f} mm at X{x:.3f} Y{y:.3f}",
        x=x,
        y=y,
        z=float(grid.heights[i, j]),
    )
    return volume, deepest, (round(x, 6), round(y, 6))


def _cycle_times(program: Program, machine: MachineLimits) -> tuple[float, float]:
    from projem_workbench.sim.timing import cycle_times

    return cycle_times(program, machine)


__all__ = ["EPS_MM", "SimResult", "left_thickness", "simulate"]
