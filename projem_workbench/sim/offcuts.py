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
"""

from __future__ import annotations

import numpy as np


def offcut_mask(
    heights: np.ndarray, part: np.ndarray, *, bottom: float, tolerance: float
) -> np.ndarray:
    """True where a cell's material is not joined to the part (see the module's docstring).

    ``heights`` and ``part`` are (ny, nx) on one grid; ``part`` is ``-inf`` where no part lies
    below a cell. Only the box round the cells with material and no part is flooded, so the
    cost follows the size of the loose or unfinished regions, not of the stock.
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
    across = np.ascontiguousarray(window.T)  # columns as rows: both passes run along memory
    joined = window & under[i0:i1, j0:j1]
    # Whole runs of material along rows, then along columns, join at once: a few sweeps
    # instead of one per cell of the widest region.
    rows, cols = _RunIds(window), _RunIds(across)
    while True:
        grown = cols.fill(np.ascontiguousarray(rows.fill(joined).T)).T
        if np.array_equal(grown, joined):
            break
        joined = grown
    mask = np.zeros_like(material)
    mask[i0:i1, j0:j1] = window & ~joined
    return mask


class _RunIds:
    """Each run of material cells along a row numbered (0 where there is no material)."""

    def __init__(self, material: np.ndarray) -> None:
        starts = material.copy()
        starts[:, 1:] &= ~material[:, :-1]  # a run starts where the cell before has none
        self.ids = np.cumsum(starts, dtype=np.int32).reshape(material.shape)
        self.ids *= material
        self.count = int(self.ids.max()) + 1

    def fill(self, joined: np.ndarray) -> np.ndarray:
        """``joined`` grown to every run that holds a joined cell."""
        hit = np.zeros(self.count, dtype=bool)
        hit[self.ids[joined]] = True
        hit[0] = False
        return hit[self.ids]
