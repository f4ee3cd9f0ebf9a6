# SPDX-License-Identifier: LGPL-2.1-or-later
"""Offcuts: stock that the program cut loose from the part.

A through profile round a part separates the corners of its stock: on the machine they fall
away (or stay in the vise), they are no longer the workpiece, and no later operation has to
remove them. A height field cannot see that on its own — every cell still holds its column —
so at the end of a simulation the material is split into what is still joined to the part
and what is not. Joined means reachable from a cell above the part through neighbouring
cells (sharing an edge) that still hold material more than ``tolerance`` above the stock's
bottom. What is left joined is the part plus material still to remove (``material_left``);
the rest is an offcut.

The material is taken as runs of cells along each row; runs in neighbouring rows that share
a column touch, and the runs' connected components come from a union-find by pointer jumping
(a few numpy passes over the runs, not the cells).
"""

from __future__ import annotations

import numpy as np


def offcut_mask(
    heights: np.ndarray, part: np.ndarray, *, bottom: float, tolerance: float
) -> np.ndarray:
    """True where a cell's material is not joined to the part (see the module's docstring).

    ``heights`` and ``part`` are (ny, nx) on one grid; ``part`` is ``-inf`` where no part lies
    below a cell. Only the box round the cells with material and no part is looked at.
    """
    material = heights > bottom + tolerance
    under = np.isfinite(part)
    loose = material & ~under
    if not loose.any():
        return loose
    rows, cols = np.nonzero(loose)
    i0, i1 = max(int(rows.min()) - 1, 0), min(int(rows.max()) + 2, heights.shape[0])
    j0, j1 = max(int(cols.min()) - 1, 0), min(int(cols.max()) + 2, heights.shape[1])
    window = material[i0:i1, j0:j1]
    row, start, end = _runs(window)
    # A run is joined from the start when it holds a cell above the part.
    seeded = _any_in_runs(window & under[i0:i1, j0:j1], row, start, end)
    root = _components(row, start, end)
    joined_root = np.zeros(len(row), dtype=bool)
    joined_root[root[seeded]] = True
    free = ~joined_root[root]
    # The free runs painted back: +1 where one starts, -1 after it ends, summed along rows.
    marks = np.zeros((window.shape[0], window.shape[1] + 1), dtype=np.int32)
    np.add.at(marks, (row[free], start[free]), 1)
    np.add.at(marks, (row[free], end[free]), -1)
    mask = np.zeros_like(material)
    mask[i0:i1, j0:j1] = np.cumsum(marks, axis=1)[:, :-1] > 0
    return mask


def _runs(material: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, first column, column after the last) of every run of material along the rows,
    ordered by row and column."""
    ny, nx = material.shape
    edges = np.zeros((ny, nx + 2), dtype=np.int8)
    edges[:, 1:-1] = material
    steps = np.diff(edges, axis=1)  # +1 where a run starts, -1 after it ends
    start_rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)
    return start_rows, starts, ends


def _any_in_runs(
    cells: np.ndarray, row: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Whether each run holds a True cell of ``cells``."""
    counts = np.zeros((cells.shape[0], cells.shape[1] + 1), dtype=np.int32)
    np.cumsum(cells, axis=1, out=counts[:, 1:])
    return counts[row, end] > counts[row, start]


def _components(row: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The root run of each run's connected component (runs in neighbouring rows touch when
    they share a column)."""
    n = len(row)
    width = int(end.max()) + 1
    # Global keys order runs by row, then column: the runs a run touches in the row above
    # are one contiguous slice of that row's runs.
    key_start, key_end = row * width + start, row * width + end
    above = row - 1
    first = np.searchsorted(key_end, above * width + start, side="right")
    last = np.searchsorted(key_start, above * width + end, side="left")
    count = np.maximum(last - first, 0)
    a = np.repeat(np.arange(n), count)
    b = np.repeat(first - np.cumsum(count) + count, count) + np.arange(int(count.sum()))
    parent = np.arange(n)
    while True:
        ra, rb = parent[a], parent[b]
        low, high = np.minimum(ra, rb), np.maximum(ra, rb)
        if not (low != high).any():
            return parent
        np.minimum.at(parent, high, low)
        while True:  # pointer jumping: every run straight to its root
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
