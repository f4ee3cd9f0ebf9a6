# SPDX-License-Identifier: LGPL-2.1-or-later
"""Offcuts: material cut loose from the part falls away; material still joined to it stays."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from projem_workbench.sim.offcuts import offcut_mask

NO_PART = -np.inf


def disc_part(n: int, radius: float) -> np.ndarray:
    y, x = np.mgrid[0:n, 0:n] + 0.5 - n / 2
    return np.where(np.hypot(x, y) <= radius, 10.0, NO_PART).astype(np.float32)


def test_corners_outside_a_through_ring_are_offcuts() -> None:
    n = 60
    part = disc_part(n, 20)
    heights = np.full((n, n), 10.0, dtype=np.float32)
    y, x = np.mgrid[0:n, 0:n] + 0.5 - n / 2
    ring = (np.hypot(x, y) > 20) & (np.hypot(x, y) <= 24)
    heights[ring] = 0.0  # a profile cut through to the bottom
    mask = offcut_mask(heights, part, bottom=0.0, tolerance=0.02)
    assert mask.sum() == (np.hypot(x, y) > 24).sum()
    assert not mask[n // 2, n // 2] and mask[0, 0] and mask[-1, -1]


def test_a_skin_left_under_the_ring_keeps_the_corners_joined() -> None:
    n = 60
    part = disc_part(n, 20)
    heights = np.full((n, n), 10.0, dtype=np.float32)
    y, x = np.mgrid[0:n, 0:n] + 0.5 - n / 2
    heights[(np.hypot(x, y) > 20) & (np.hypot(x, y) <= 24)] = 0.5  # not through: 0.5 mm left
    assert not offcut_mask(heights, part, bottom=0.0, tolerance=0.02).any()


def test_material_in_an_undrilled_hole_is_still_joined() -> None:
    n = 40
    part = np.full((n, n), 10.0, dtype=np.float32)
    part[15:25, 15:25] = NO_PART  # a through hole in the part, never machined
    heights = np.full((n, n), 10.0, dtype=np.float32)
    assert not offcut_mask(heights, part, bottom=0.0, tolerance=0.02).any()


def test_a_slug_cut_free_inside_a_hole_is_an_offcut() -> None:
    n = 40
    part = np.full((n, n), 10.0, dtype=np.float32)
    part[10:30, 10:30] = NO_PART
    heights = np.full((n, n), 10.0, dtype=np.float32)
    heights[10:30, 10:30] = 0.0
    heights[14:26, 14:26] = 10.0  # the slug a trepanning cut leaves, free of the part
    mask = offcut_mask(heights, part, bottom=0.0, tolerance=0.02)
    assert mask.sum() == 144 and mask[20, 20]


def test_diagonal_contact_does_not_join() -> None:
    part = np.full((3, 3), NO_PART, dtype=np.float32)
    part[0, 0] = 5.0
    heights = np.zeros((3, 3), dtype=np.float32)
    heights[0, 0] = heights[1, 1] = 5.0
    mask = offcut_mask(heights, part, bottom=0.0, tolerance=0.02)
    assert mask.tolist() == [[False] * 3, [False, True, False], [False] * 3]


def bfs_offcuts(heights: np.ndarray, part: np.ndarray, tolerance: float) -> np.ndarray:
    """The plain definition: a breadth-first search from every material cell above the part."""
    material = heights > tolerance
    joined = material & np.isfinite(part)
    queue = list(zip(*np.nonzero(joined), strict=True))
    while queue:
        i, j = queue.pop()
        for a, b in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
            inside = 0 <= a < heights.shape[0] and 0 <= b < heights.shape[1]
            if inside and material[a, b] and not joined[a, b]:
                joined[a, b] = True
                queue.append((a, b))
    return material & ~joined


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), fill=st.floats(0.3, 0.8))
def test_same_as_a_breadth_first_search(seed: int, fill: float) -> None:
    rng = np.random.default_rng(seed)
    heights = np.where(rng.random((30, 40)) < fill, 5.0, 0.0).astype(np.float32)
    part = np.where(rng.random((30, 40)) < 0.05, 5.0, NO_PART).astype(np.float32)
    got = offcut_mask(heights, part, bottom=0.0, tolerance=0.02)
    assert (got == bfs_offcuts(heights, part, 0.02)).all()


def test_a_long_winding_path_stays_joined_to_the_part() -> None:
    """A spiral corridor of material, one cell wide, joined to the part only at its far end:
    many rounds of joining runs, and still the same as the breadth-first search."""
    n = 61
    heights = np.zeros((n, n), dtype=np.float32)
    i = j = 0
    di, dj, low, high = 0, 1, 0, n - 1
    for _ in range(n * n):
        heights[i, j] = 5.0
        ni, nj = i + 2 * di, j + 2 * dj
        if not (low <= ni <= high and low <= nj <= high) or heights[ni, nj]:
            di, dj = dj, -di
            if di == 0 and dj == 1:
                low, high = low + 2, high - 2
            ni, nj = i + 2 * di, j + 2 * dj
            if not (low <= ni <= high and low <= nj <= high) or heights[ni, nj]:
                break
        heights[i + di, j + dj] = 5.0
        i, j = ni, nj
    part = np.full((n, n), NO_PART, dtype=np.float32)
    part[i, j] = 5.0  # the centre of the spiral
    got = offcut_mask(heights, part, bottom=0.0, tolerance=0.02)
    assert (got == bfs_offcuts(heights, part, 0.02)).all()
    assert not got.any() and heights.sum() > 5.0 * n * 10
