# SPDX-License-Identifier: LGPL-2.1-or-later
"""Cutting the height field in batches of plain cutting moves (spindle turning, no plunge of
a tool that does not cut at its centre): flat ends at one Z by merged row runs, other pieces
window by window; shank and holder checked as flat capsules before a batch cuts, gouges per
slice with an undo log. What a batch flags goes move by move (:mod:`single`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from projem_workbench.gcode.reader import Move
from projem_workbench.sim import single
from projem_workbench.sim.findings import FindingCollector
from projem_workbench.sim.heightfield import Grid, Kernel
from projem_workbench.sim.helix import cut_arc, exact_arc
from projem_workbench.sim.pieces import (
    PIECE_DIAMETERS,
    clip_segments,
    merge_collinear,
    split_pieces,
)
from projem_workbench.sim.tools import FLAT, ToolShape

EPS_MM = single.EPS_MM
# Batch size: cells of the batch's bounding box (also the chunk of piece windows swept at
# once), and moves.
BATCH_CELLS = 1 << 21
BATCH_MOVES = 1024
# A flagged batch of more segments than this is retried in halves before going move by move.
BISECT_BELOW = 8
# Piece windows swept at once (K x Wy x Wx float32 temporaries): small enough to stay in cache.
SWEEP_CELLS = 1 << 18


class Cutter:
    """Sweeps tools through one grid and reports what it meets."""

    def __init__(
        self,
        grid: Grid,
        findings: FindingCollector,
        part: object | None,
        tolerance_mm: float,
    ) -> None:
        self.grid = grid
        self.findings = findings
        self.part = part  # engine.PartGrid or None
        self.tolerance = float(tolerance_mm)
        self._kernels: dict[int, tuple[Kernel, Kernel]] = {}
        self.moves: list[Move] = []

    def kernels(self, tool: ToolShape) -> tuple[Kernel, Kernel]:
        got = self._kernels.get(id(tool))
        if got is None:
            got = self._kernels[id(tool)] = (Kernel.cutter(tool), Kernel.body(tool))
        return got

    # -- batches ------------------------------------------------------------------------------

    def cut_run(
        self,
        tool: ToolShape,
        indices: list[int],
        columns: Any,
        arcs: Mapping[int, np.ndarray],
    ) -> None:
        """Cut a run of plain cutting moves of one tool (spindle turning, no plunge of a tool
        that does not cut at its centre) in batches; a batch that flags is undone and
        replayed move by move with :meth:`precise`."""
        idx = np.asarray(indices)
        straight = [n for n in indices if n not in arcs] if arcs else indices
        if len(straight) == len(indices):
            segments = np.hstack([columns.start[idx], columns.end[idx]])
            owner = idx
        else:
            parts = [move_segments(columns, arcs, n) for n in indices]
            segments = np.vstack(parts)
            owner = np.repeat(idx, [len(p) for p in parts])
        # Arcs in XY of a flat end are cut in closed form (sim.helix); their chords still
        # serve the checks of the batch.
        exact = np.zeros(len(segments), dtype=bool)
        if arcs and tool.kind == FLAT:
            closed = [n for n in indices if n in arcs and n > 0 and exact_arc(self.moves[n])]
            if closed:
                exact = np.isin(owner, closed)
        r = tool.radius_mm
        xmin = np.minimum(segments[:, 0], segments[:, 3]) - r
        xmax = np.maximum(segments[:, 0], segments[:, 3]) + r
        ymin = np.minimum(segments[:, 1], segments[:, 4]) - r
        ymax = np.maximum(segments[:, 1], segments[:, 4]) + r
        limit = BATCH_CELLS * self.grid.res**2
        pending = [(0, len(segments))]
        while pending:
            a, b = pending.pop()
            area = (xmax[a:b].max() - xmin[a:b].min()) * (ymax[a:b].max() - ymin[a:b].min())
            if b - a > 1 and (area > limit or b - a > BATCH_MOVES):
                middle = (a + b) // 2
                pending += [(middle, b), (a, middle)]
                continue
            if self._cut_batch(tool, segments[a:b], exact[a:b], owner[a:b]):
                continue
            if b - a > BISECT_BELOW:
                # Flagged: often only against the state before the batch (a deeper pass
                # checked before the passes above it are cut); halves in order, each against
                # the state the one before leaves, narrow it down.
                middle = (a + b) // 2
                pending += [(middle, b), (a, middle)]
            else:
                mine = owner[a:b]
                for n in dict.fromkeys(mine.tolist()):
                    self.precise(
                        self.moves[n],
                        tool,
                        segments[a:b][mine == n],
                        spindle=True,
                        descending=False,
                    )

    def _cut_batch(
        self,
        tool: ToolShape,
        segments: np.ndarray,
        exact: np.ndarray | None = None,
        owner: np.ndarray | None = None,
    ) -> bool:
        """Cut the batch at once; False (and the grid untouched) if it must go move by move.
        ``exact`` marks the chords of arcs cut in closed form (``owner``: their moves)."""
        g, r = self.grid, tool.radius_mm
        s = g.stock
        closed: list[int] = []
        if exact is not None and owner is not None and exact.any():
            closed = list(dict.fromkeys(owner[exact].tolist()))
        grow = (s.x0 - r, s.y0 - r, s.x1 + r, s.y1 + r)
        cut_segments = segments if not closed else segments[~exact]  # type: ignore[index]
        segments = clip_segments(segments, grow)
        if not len(segments):
            return True
        flat = tool.kind == FLAT
        pieces = split_pieces(
            merge_collinear(segments),
            flat=flat,
            max_length=max(tool.diameter_mm * PIECE_DIAMETERS, 4 * g.res),
        )
        i0, i1, j0, j1 = _windows(g, pieces, r)
        bi0, bi1, bj0, bj1 = int(i0.min()), int(i1.max()), int(j0.min()), int(j1.max())
        view = g.data[bi0:bi1, bj0:bj1]
        zlow = np.minimum(pieces[:, 2], pieces[:, 5])
        top = float(view.max())
        if zlow.min() >= top:
            return True  # cutting air
        if float((zlow + tool.flute_length_mm).min()) < top + EPS_MM and not self._body_clear(
            tool, pieces, top
        ):
            return False  # the shank or holder meets material: check move by move
        # With a part, every slice cut is first checked for a new gouge and kept in an undo
        # log, so a flagged batch leaves the grid as it found it.
        # Removal by minimum does not depend on the order, so what may gouge goes first, with
        # the log, and flat levels that cannot (at or above the part in all their rows) last,
        # without it: nothing after them can fail.
        undo: list[tuple[Any, np.ndarray]] | None = [] if self.part else None
        ok, safe = True, []
        if closed:
            for n in closed:
                ok = ok and cut_arc(self, self.moves[n], r, undo)
            cut_segments = clip_segments(cut_segments, grow)
            if not len(cut_segments):
                pieces = pieces[:0]
            else:
                pieces = split_pieces(
                    merge_collinear(cut_segments),
                    flat=flat,
                    max_length=max(tool.diameter_mm * PIECE_DIAMETERS, 4 * g.res),
                )
                i0, i1, j0, j1 = _windows(g, pieces, r)
        if not ok or not len(pieces):
            pass  # flagged already, or only arcs in closed form
        elif flat:
            const = pieces[:, 2] == pieces[:, 5]
            ramp = ~const
            if ramp.any():
                ok = self._cut_pieces(
                    tool, pieces[ramp], i0[ramp], i1[ramp], j0[ramp], j1[ramp], undo
                )
            levels = np.maximum(pieces[:, 2], s.z0)
            row_top = self.part.eroded_row_max if self.part else None  # type: ignore[attr-defined]
            for z in np.unique(levels[const]).tolist():
                sel = const & (levels == z)
                if row_top is None or row_top[int(i0[sel].min()) : int(i1[sel].max())].max() <= (
                    z + self.tolerance
                ):
                    safe.append((sel, z))
                elif ok:
                    ok = self._cut_level(pieces[sel], i0[sel], i1[sel], z, r, undo)
        else:
            ok = self._cut_pieces(tool, pieces, i0, i1, j0, j1, undo)
        if not ok:
            for where, old in reversed(undo or []):
                if isinstance(where, np.ndarray):
                    g.data.reshape(-1)[where] = old  # flat indices
                else:
                    g.data[where] = old
            return False
        for sel, z in safe:
            self._cut_level(pieces[sel], i0[sel], i1[sel], z, r, None)
        return True

    def _runs(
        self, pieces: np.ndarray, i0: np.ndarray, i1: np.ndarray, r: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, starts, ends), int64 arrays, of the merged runs of cells within ``r`` of any
        piece (XY).
        Each row of a capsule is one run of columns (:meth:`Grid.capsule_rows`); the runs of
        all pieces are merged row by row (sorted by row and start, a running maximum of the
        ends), so each cell the pieces cover is in exactly one run."""
        g = self.grid
        wy = int((i1 - i0).max())
        lo, hi = g.capsule_rows(pieces, i0, wy, r)
        height, width = g.data.shape
        jlo = np.maximum(np.ceil(g.column_of(lo)), 0)
        jhi = np.minimum(np.floor(g.column_of(hi)), width - 1)
        rows = i0[:, None] + np.arange(wy)
        some = (jlo <= jhi) & (rows < height)
        if not some.any():
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        rows, jlo, jhi = rows[some], jlo[some].astype(np.int64), jhi[some].astype(np.int64)
        order = np.argsort(rows * (width + 1) + jlo)
        rows, jlo, jhi = rows[order], jlo[order], jhi[order]
        # Running maximum of the ends within each row: rows are sorted, so offsetting each
        # row's ends by the row keeps one row's ends from leaking into the next.
        reach = np.maximum.accumulate(rows * (width + 1) + jhi) - rows * (width + 1)
        starts = np.ones(len(rows), dtype=bool)
        starts[1:] = (rows[1:] != rows[:-1]) | (jlo[1:] > reach[:-1] + 1)
        first = np.flatnonzero(starts)
        last = np.append(first[1:] - 1, len(rows) - 1)
        return rows[first], jlo[first], reach[last] + 1

    def _cut_level(
        self,
        pieces: np.ndarray,
        i0: np.ndarray,
        i1: np.ndarray,
        z: float,
        r: float,
        undo: list[tuple[Any, np.ndarray]] | None,
    ) -> bool:
        """Flat end, every piece at the same Z: where any cuts, the height becomes at most Z;
        each merged run of :meth:`_runs` is one slice of the height field, touched once.
        With an undo log: False if it would gouge (lower a cell to below the eroded part by
        more than the tolerance), checked over all its cells at once before it cuts."""
        data, zf = self.grid.data, np.float32(z)
        rows, starts, ends = self._runs(pieces, i0, i1, r)
        if undo is None:
            for row, a, b in zip(rows.tolist(), starts.tolist(), ends.tolist(), strict=True):
                run = data[row, a:b]
                np.minimum(run, zf, out=run)
            return True
        # Every cell of the runs as a flat index: each run's first cell, then counting on.
        lengths = ends - starts
        first = rows * data.shape[1] + starts
        index = np.arange(int(lengths.sum())) + np.repeat(
            first - (np.cumsum(lengths) - lengths), lengths
        )
        flat = data.reshape(-1)
        old = flat[index]
        eroded = self.part.eroded.reshape(-1)[index]  # type: ignore[attr-defined]
        if np.any((old > zf) & (eroded > np.float32(z + self.tolerance))):
            return False
        undo.append((index, old))
        flat[index] = np.minimum(old, zf)
        return True

    def highest_within(self, pieces: np.ndarray, radius: float) -> float:
        """The highest material within ``radius`` (XY) of any of ``pieces`` (-inf: none)."""
        i0, i1, _, _ = _windows(self.grid, pieces, radius)
        rows, starts, ends = self._runs(pieces, i0, i1, radius)
        data = self.grid.data
        highest = -np.inf
        for row, a, b in zip(rows.tolist(), starts.tolist(), ends.tolist(), strict=True):
            highest = max(highest, float(data[row, a:b].max()))
        return highest

    def _body_clear(self, tool: ToolShape, pieces: np.ndarray, top: float) -> bool:
        """Whether shank and holder stay clear of the material, for every piece at its lowest
        Z: both are flat-bottomed cylinders (the shank's bottom at the cutting length, the
        holder's at the stick-out), so their sweeps are capsules at one Z, checked run by
        run against the heights before the batch cuts."""
        g = self.grid
        zlow = np.minimum(pieces[:, 2], pieces[:, 5])
        flat = pieces.copy()
        flat[:, 2] = flat[:, 5] = zlow
        data = g.data
        for above, radius in (
            (tool.flute_length_mm, tool.shank_diameter_mm / 2),
            (tool.stickout_mm, tool.holder_diameter_mm / 2),
        ):
            for z in np.unique(zlow[zlow + above < top]).tolist():
                sel = zlow == z
                i0, i1, _, _ = _windows(g, flat[sel], radius)
                limit = z + above + EPS_MM
                rows, starts, ends = self._runs(flat[sel], i0, i1, radius)
                for row, a, b in zip(rows.tolist(), starts.tolist(), ends.tolist(), strict=True):
                    if data[row, a:b].max() > limit:
                        return False
        return True

    def _cut_pieces(
        self,
        tool: ToolShape,
        pieces: np.ndarray,
        i0: np.ndarray,
        i1: np.ndarray,
        j0: np.ndarray,
        j1: np.ndarray,
        undo: list[tuple[Any, np.ndarray]] | None = None,
    ) -> bool:
        """Cut pieces one window each (in chunks of one common window shape); with an undo
        log, False at the first piece that would gouge."""
        g = self.grid
        shape = (int((i1 - i0).max()), int((j1 - j0).max()))
        wy, wx = shape
        i0 = np.minimum(i0, g.data.shape[0] - wy)
        j0 = np.minimum(j0, g.data.shape[1] - wx)
        floor = np.float32(g.stock.z0)
        kernel = self.kernels(tool)[0]
        per = max(1, SWEEP_CELLS // (wy * wx))
        for start in range(0, len(pieces), per):
            sl = slice(start, start + per)
            p, a0, b0 = pieces[sl], i0[sl], j0[sl]
            vals = g.sweep(p, a0, b0, shape, kernel)
            np.maximum(vals, floor, out=vals)
            for k, (ai, bj) in enumerate(zip(a0.tolist(), b0.tolist(), strict=True)):
                where = (slice(ai, ai + wy), slice(bj, bj + wx))
                hs = g.data[where]
                if undo is not None:
                    eroded = self.part.eroded[where]  # type: ignore[attr-defined]
                    v = vals[k]
                    if np.any((v < hs) & (v < eroded - np.float32(self.tolerance))):
                        return False
                    undo.append((where, hs.copy()))
                np.fmin(hs, vals[k], out=hs)
        return True

    # -- single moves -------------------------------------------------------------------------

    def precise(
        self,
        move: Move,
        tool: ToolShape,
        segments: np.ndarray,
        *,
        spindle: bool,
        descending: bool,
    ) -> None:
        """Cut one move piece by piece with every check (see :func:`single.precise`)."""
        single.precise(self, move, tool, segments, spindle=spindle, descending=descending)


def move_segments(columns: Any, arcs: Mapping[int, np.ndarray], n: int) -> np.ndarray:
    """(k, 6) straight segments of move n: one, or the chords of an arc."""
    start = columns.start[n]
    points = arcs.get(n)
    if points is None:
        return np.concatenate([start, columns.end[n]])[None, :]
    path = np.vstack([start[None, :], points])
    return np.hstack([path[:-1], path[1:]])


def _windows(g: Grid, pieces: np.ndarray, radius: float) -> tuple[np.ndarray, ...]:
    """Padded index windows (i0, i1, j0, j1) of pieces, as :meth:`Grid.window`, vectorized."""
    s, res, p = g.stock, g.res, g.pad
    xmin = np.minimum(pieces[:, 0], pieces[:, 3]) - radius
    xmax = np.maximum(pieces[:, 0], pieces[:, 3]) + radius
    ymin = np.minimum(pieces[:, 1], pieces[:, 4]) - radius
    ymax = np.maximum(pieces[:, 1], pieces[:, 4]) + radius
    h, w = g.data.shape
    j0 = np.maximum(np.floor((xmin - s.x0) / res - 0.5).astype(np.intp) + p, 0)
    j1 = np.minimum(np.ceil((xmax - s.x0) / res - 0.5).astype(np.intp) + p + 1, w)
    i0 = np.maximum(np.floor((ymin - s.y0) / res - 0.5).astype(np.intp) + p, 0)
    i1 = np.minimum(np.ceil((ymax - s.y0) / res - 0.5).astype(np.intp) + p + 1, h)
    return i0, i1, j0, j1
