# SPDX-License-Identifier: LGPL-2.1-or-later
"""The part's top surface as a height field, made from a triangle mesh of the part.

:func:`rasterize` scan-converts every triangle at once with numpy: triangles are expanded into
the grid rows they cross, each row into the cells its span covers, and the plane of the triangle
gives the height at each covered cell centre; the highest wins. Work grows with the cells the
mesh covers, not with the triangles' bounding boxes, so long thin triangles (fans, cones) cost
no more than compact ones. Also binary STL in and out, and the ``.npz`` cache of a height field.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np

# Candidate (triangle, row) pairs and cells handled per numpy batch: bounds the memory of one
# batch to a few hundred MB whatever the mesh and grid.
_ROWS_PER_BATCH = 1_000_000
_CELLS_PER_BATCH = 4_000_000

_STL_RECORD = np.dtype([("normal", "<f4", (3,)), ("vertices", "<f4", (3, 3)), ("attribute", "<u2")])


@dataclass
class PartSurface:
    """Heights (float32, rows along Y) of the part's highest point above each cell centre;
    ``-inf`` where no part lies below it."""

    x0: float
    y0: float
    resolution_mm: float
    heights: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        """``(ny, nx)`` of the grid."""
        return self.heights.shape  # type: ignore[return-value]


def rasterize(
    vertices: np.ndarray,
    triangles: np.ndarray,
    *,
    x0: float,
    y0: float,
    nx: int,
    ny: int,
    resolution_mm: float,
) -> PartSurface:
    """The highest point of the mesh above each cell centre of an ``ny`` × ``nx`` grid whose cell
    (i, j) has its centre at ``(x0 + (j + 0.5)·res, y0 + (i + 0.5)·res)``.

    A centre on a triangle's edge counts as covered. Vertical triangles add nothing (their
    neighbours give the top). ``-inf`` where no triangle lies under the centre.
    """
    if resolution_mm <= 0:
        raise ValueError("resolution_mm must be positive")
    heights = np.full(ny * nx, -np.inf, dtype=np.float64)
    verts = np.asarray(vertices, dtype=np.float64).reshape(-1, 3)
    tris = np.asarray(triangles, dtype=np.int64).reshape(-1, 3)
    if len(tris) and nx > 0 and ny > 0:
        # Grid index space: cell centres at integer (u, v) = (j, i); the same transform for every
        # triangle, so triangles sharing an edge agree exactly on where it runs.
        uvz = np.empty_like(verts)
        uvz[:, 0] = (verts[:, 0] - x0) / resolution_mm - 0.5
        uvz[:, 1] = (verts[:, 1] - y0) / resolution_mm - 0.5
        uvz[:, 2] = verts[:, 2]
        _scan(uvz[tris], heights, nx, ny)
    return PartSurface(
        x0=float(x0),
        y0=float(y0),
        resolution_mm=float(resolution_mm),
        heights=heights.reshape(ny, nx).astype(np.float32),
    )


def _scan(p: np.ndarray, heights: np.ndarray, nx: int, ny: int) -> None:
    """Scan-convert triangles ``p`` (m, 3 corners, u/v/z) into the flat ``heights``."""
    normal = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    # Vertical (or degenerate) triangles: no projected area, nothing to add.
    keep = np.abs(normal[:, 2]) > 1e-12 * np.maximum(np.linalg.norm(normal, axis=1), 1e-300)
    vmin = np.ceil(p[:, :, 1].min(axis=1))
    vmax = np.floor(p[:, :, 1].max(axis=1))
    keep &= (vmax >= 0) & (vmin <= ny - 1) & (vmax >= vmin)
    keep &= (np.floor(p[:, :, 0].max(axis=1)) >= 0) & (np.ceil(p[:, :, 0].min(axis=1)) <= nx - 1)
    idx = np.flatnonzero(keep)
    if not len(idx):
        return
    p, normal = p[idx], normal[idx]
    row0 = np.clip(vmin[idx], 0, ny - 1).astype(np.int64)
    rows = np.clip(vmax[idx], 0, ny - 1).astype(np.int64) - row0 + 1
    # Corners by v: A lowest, B middle, C highest. Row v crosses the long edge AC and one short
    # edge (AB below B, BC from B up). Each edge is interpolated from its lower end, as the
    # neighbour sharing it does, so no centre on a shared edge falls between the two.
    order = np.argsort(p[:, :, 1], axis=1, kind="stable")
    a, b, c = (np.take_along_axis(p, order[:, k, None, None], axis=1)[:, 0] for k in range(3))
    spans = np.stack(
        [a[:, 0], a[:, 1], _slope(a, c), b[:, 0], b[:, 1], _slope(a, b), _slope(b, c)], axis=1
    )
    # The plane z = k + gu·u + gv·v, and the triangle's z range to keep rounding at its edges
    # from extrapolating steep triangles.
    gu = -normal[:, 0] / normal[:, 2]
    gv = -normal[:, 1] / normal[:, 2]
    k = p[:, 0, 2] - gu * p[:, 0, 0] - gv * p[:, 0, 1]
    plane = np.stack([k, gu, gv, p[:, :, 2].min(axis=1), p[:, :, 2].max(axis=1)], axis=1)
    for t0, t1 in _batches(rows, _ROWS_PER_BATCH):
        _scan_rows(slice(t0, t1), row0, rows, spans, plane, heights, nx)


def _slope(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """du/dv of the edge from ``lo`` up to ``hi`` (0 for a horizontal edge)."""
    dv = hi[:, 1] - lo[:, 1]
    return np.divide(hi[:, 0] - lo[:, 0], dv, out=np.zeros_like(dv), where=dv > 0)


def _scan_rows(sel, row0, rows, spans, plane, heights, nx) -> None:
    counts = rows[sel]
    tri = np.repeat(np.arange(sel.start, sel.stop), counts)
    first = np.cumsum(counts) - counts
    v = (row0[tri] + np.arange(len(tri)) - np.repeat(first, counts)).astype(np.float64)
    ua, va, s_ac, ub, vb, s_ab, s_bc = spans[tri].T
    long = ua + (v - va) * s_ac
    short = np.where(v < vb, ua + (v - va) * s_ab, ub + (v - vb) * s_bc)
    j0 = np.maximum(np.ceil(np.minimum(long, short)), 0)
    j1 = np.minimum(np.floor(np.maximum(long, short)), nx - 1)
    ok = j1 >= j0
    tri, v, j0 = tri[ok], v[ok], j0[ok].astype(np.int64)
    width = j1[ok].astype(np.int64) - j0 + 1
    for c0, c1 in _batches(width, _CELLS_PER_BATCH):
        w = width[c0:c1]
        ctri = np.repeat(tri[c0:c1], w)
        cfirst = np.cumsum(w) - w
        j = np.repeat(j0[c0:c1], w) + np.arange(len(ctri)) - np.repeat(cfirst, w)
        i = np.repeat(v[c0:c1], w)
        k, gu, gv, zlo, zhi = plane[ctri].T
        z = np.clip(k + gu * j + gv * i, zlo, zhi)
        np.maximum.at(heights, i.astype(np.int64) * nx + j, z)


def _batches(counts: np.ndarray, limit: int):
    """Consecutive index ranges of ``counts`` whose sums stay near ``limit`` (at least one each)."""
    total = np.cumsum(counts)
    start = 0
    while start < len(counts):
        base = total[start - 1] if start else 0
        stop = int(np.searchsorted(total, base + limit, side="right"))
        stop = max(stop, start + 1)
        yield start, stop
        start = stop


def resample(
    surface: PartSurface, *, x0: float, y0: float, nx: int, ny: int, resolution_mm: float
) -> PartSurface:
    """``surface`` on another grid: each new cell takes the height of the old cell its centre lies
    in (the nearest centre at equal resolution); ``-inf`` outside the old grid."""
    src = surface.heights
    sny, snx = src.shape
    xc = x0 + (np.arange(nx) + 0.5) * resolution_mm
    yc = y0 + (np.arange(ny) + 0.5) * resolution_mm
    # The small bias keeps a centre exactly on an old cell boundary (equal grids shifted by
    # half a cell are common) from flipping with rounding.
    j = np.floor((xc - surface.x0) / surface.resolution_mm + 1e-9).astype(np.int64)
    i = np.floor((yc - surface.y0) / surface.resolution_mm + 1e-9).astype(np.int64)
    out = np.full((ny, nx), -np.inf, dtype=np.float32)
    jin = (j >= 0) & (j < snx)
    iin = (i >= 0) & (i < sny)
    out[np.ix_(iin, jin)] = src[np.ix_(i[iin], j[jin])]
    return PartSurface(x0=float(x0), y0=float(y0), resolution_mm=float(resolution_mm), heights=out)


def write_stl(vertices: np.ndarray, triangles: np.ndarray) -> bytes:
    """A binary STL of the mesh (float32 coordinates, facet normals from the corner order)."""
    corners = np.asarray(vertices, dtype=np.float64)[np.asarray(triangles, dtype=np.int64)]
    normal = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    length = np.linalg.norm(normal, axis=1, keepdims=True)
    normal = np.divide(normal, length, out=np.zeros_like(normal), where=length > 0)
    records = np.zeros(len(corners), dtype=_STL_RECORD)
    records["normal"] = normal
    records["vertices"] = corners
    header = b"Projem binary STL".ljust(80, b" ")
    return header + np.uint32(len(records)).tobytes() + records.tobytes()


def read_stl(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Vertices (float64, (n, 3)) and triangles (int64, (m, 3)) of a binary (or ASCII) STL, with
    identical vertices merged so shared edges share indices."""
    if len(data) >= 84:
        count = int(np.frombuffer(data, dtype="<u4", count=1, offset=80)[0])
        if len(data) == 84 + count * _STL_RECORD.itemsize:
            records = np.frombuffer(data, dtype=_STL_RECORD, count=count, offset=84)
            return _merge(records["vertices"].reshape(-1, 3))
    if data.lstrip()[:5].lower() == b"solid":
        return _merge(_ascii_corners(data))
    raise ValueError("not an STL file: size does not match a binary STL and no ASCII 'solid'")


_NUMBER = rb"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
_VERTEX = re.compile(rb"vertex\s+" + rb"\s+".join([_NUMBER] * 3))


def _ascii_corners(data: bytes) -> np.ndarray:
    corners = np.array(_VERTEX.findall(data), dtype=np.float64).reshape(-1, 3)
    if len(corners) % 3:
        raise ValueError("ASCII STL: the vertex count is not a multiple of three")
    return corners


def _merge(corners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Adding 0.0 turns -0.0 into 0.0 so equal coordinates also have equal bytes.
    corners = np.ascontiguousarray(corners, dtype=np.float64) + 0.0
    keys = corners.view(np.dtype((np.void, corners.dtype.itemsize * 3))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return corners[first], inverse.reshape(-1, 3).astype(np.int64)


def to_npz(surface: PartSurface) -> bytes:
    """The height field as compressed ``.npz`` bytes (the cache per model version and
    resolution)."""
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        heights=surface.heights.astype(np.float32),
        origin=np.array([surface.x0, surface.y0, surface.resolution_mm], dtype=np.float64),
    )
    return buffer.getvalue()


def from_npz(data: bytes) -> PartSurface:
    """The :class:`PartSurface` written by :func:`to_npz`."""
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        heights = archive["heights"].astype(np.float32)
        x0, y0, resolution = (float(value) for value in archive["origin"])
    return PartSurface(x0=x0, y0=y0, resolution_mm=resolution, heights=heights)
