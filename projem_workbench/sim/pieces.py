# SPDX-License-Identifier: LGPL-2.1-or-later
"""A move's path as the pieces the height field is swept with: segments clipped to where they
can reach the stock, cut to a bounded length (so that a long diagonal's window is not its
square), and for profiles other than a flat end, cut in Z into constant-Z sub-pieces."""

from __future__ import annotations

import numpy as np

# Z step of the constant-Z sub-pieces of a non-flat tool moving in Z (error <= DZ_STEP / 2).
DZ_STEP = 0.01
# Longest piece, in tool diameters: keeps a long diagonal from making a window of its square.
# A piece along X or Y has a window of its own shape, so it may be longer.
PIECE_DIAMETERS = 1.0
AXIS_PIECE_DIAMETERS = 8.0


def merge_collinear(segments: np.ndarray) -> np.ndarray:
    """Runs of consecutive segments (n, 6) that continue one another in a straight line at one
    Z (a path written in short steps) as one segment each: the union of their capsules is the
    capsule of the whole, so nothing changes but the work."""
    if len(segments) < 2:
        return segments
    a, b = segments[:-1], segments[1:]
    da, db = a[:, 3:5] - a[:, 0:2], b[:, 3:5] - b[:, 0:2]
    la, lb = np.hypot(*da.T), np.hypot(*db.T)
    cross = da[:, 0] * db[:, 1] - da[:, 1] * db[:, 0]
    joined = (
        (np.abs(a[:, 3:6] - b[:, 0:3]).max(axis=1) <= 1e-9)
        & (a[:, 2] == a[:, 5])
        & (b[:, 2] == b[:, 5])
        & (a[:, 5] == b[:, 2])
        & (np.einsum("ij,ij->i", da, db) > 0)
        & (np.abs(cross) <= 1e-9 * la * lb)
    )
    if not joined.any():
        return segments
    first = np.flatnonzero(np.concatenate([[True], ~joined]))
    last = np.concatenate([first[1:] - 1, [len(segments) - 1]])
    return np.hstack([segments[first, :3], segments[last, 3:]])


def clip_segments(segments: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """The parts of segments (K, 6) inside the XY rectangle ``(xmin, ymin, xmax, ymax)``,
    Z interpolated along (Liang-Barsky); segments wholly outside are dropped. Cutting a
    segment to the stock grown by the tool radius changes nothing the stock sees."""
    a, d = segments[:, :3], segments[:, 3:] - segments[:, :3]
    t0 = np.zeros(len(segments))
    t1 = np.ones(len(segments))
    keep = np.ones(len(segments), dtype=bool)
    xmin, ymin, xmax, ymax = box
    for p, q in (
        (-d[:, 0], a[:, 0] - xmin),
        (d[:, 0], xmax - a[:, 0]),
        (-d[:, 1], a[:, 1] - ymin),
        (d[:, 1], ymax - a[:, 1]),
    ):
        parallel = np.abs(p) < 1e-12
        keep &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where(~parallel & (p < 0), np.maximum(t0, t), t0)
        t1 = np.where(~parallel & (p > 0), np.minimum(t1, t), t1)
    keep &= t0 <= t1
    if keep.all() and not t0.any() and (t1 == 1).all():
        return segments
    a, d, t0, t1 = a[keep], d[keep], t0[keep], t1[keep]
    return np.hstack([a + d * t0[:, None], a + d * t1[:, None]])


def split_pieces(
    segments: np.ndarray, *, flat: bool, max_length: float, dz_step: float = DZ_STEP
) -> np.ndarray:
    """(K, 6) pieces of the segments (n, 6): each no longer than ``max_length`` in XY (along
    X or Y, ``AXIS_PIECE_DIAMETERS / PIECE_DIAMETERS`` times that); for a
    non-flat tool, pieces that change Z become constant-Z sub-pieces at their middle Z, no
    more than ``dz_step`` apart in Z (a plunge: one piece at its lowest Z, which is exact)."""
    a, b = segments[:, :3], segments[:, 3:]
    d = b - a
    lxy = np.hypot(d[:, 0], d[:, 1])
    along_axis = (np.abs(d[:, 0]) <= 1e-9) | (np.abs(d[:, 1]) <= 1e-9)
    longest = np.where(along_axis, max_length * AXIS_PIECE_DIAMETERS / PIECE_DIAMETERS, max_length)
    parts = np.maximum(np.ceil(lxy / longest), 1)
    if not flat:
        parts = np.maximum(parts, np.ceil(np.abs(d[:, 2]) / dz_step))
        parts = np.where(lxy > 1e-9, parts, 1)
    parts = parts.astype(np.intp)
    if np.all(parts == 1):
        pieces = segments.copy()
    else:
        rep = np.repeat(np.arange(len(a)), parts)
        first = np.cumsum(parts) - parts
        start = (np.arange(len(rep)) - first[rep]).astype(np.float64)
        frac0 = start / parts[rep]
        frac1 = (start + 1) / parts[rep]
        pieces = np.hstack([a[rep] + d[rep] * frac0[:, None], a[rep] + d[rep] * frac1[:, None]])
    if not flat:
        still = np.hypot(pieces[:, 3] - pieces[:, 0], pieces[:, 4] - pieces[:, 1]) <= 1e-9
        zmid = np.where(
            still,
            np.minimum(pieces[:, 2], pieces[:, 5]),
            (pieces[:, 2] + pieces[:, 5]) / 2,
        )
        pieces[:, 2] = zmid
        pieces[:, 5] = zmid
    return pieces
