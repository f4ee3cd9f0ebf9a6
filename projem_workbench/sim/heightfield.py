# SPDX-License-Identifier: LGPL-2.1-or-later
"""The stock as a height field, and the sweep of a tool profile along straight pieces of a move.

Cell ``(i, j)`` of a :class:`Grid` has its centre at ``x = x0 + (j + 0.5) * res``,
``y = y0 + (i + 0.5) * res``; its height (float32) is the top of the stock above that centre.
The last column and row may be narrower than ``res`` when the stock is not a whole number of
cells; volumes weigh them by their true width, so they are exact for the grid.

The array has a border of ``-inf`` on every side (no material, never cut, never reported);
windows are clipped to the array.

A *piece* is a straight segment ``(ax, ay, za) -> (bx, by, zb)`` of the tool tip. Its swept
lowest surface at a cell centre ``c`` is ``min over t of z(t) + profile(|c - p(t)|)``:

- at constant Z it is ``z + profile(distance from c to the segment)``, exactly (the profile
  grows outward);
- for a flat end with Z changing it is exact too: the lowest Z over the interval of ``t`` where
  the cell is within the radius;
- other profiles with Z changing are cut into sub-pieces at constant Z (their middle Z), no
  more than :data:`pieces.DZ_STEP` apart in Z: the surface is then off by at most ``DZ_STEP / 2``.

The profile comes from a table (see :mod:`tools`): sideways error at most one table step,
``R / 4096``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from projem_workbench.sim.machine import Box
from projem_workbench.sim.tools import ToolShape


@dataclass(frozen=True)
class Kernel:
    """A profile ready for sweeping: table of heights, inverse step, radius, and whether it is
    a flat end (then the table is not needed: inside the radius the height is the tip's) or a
    ball or bull end (a closed form instead of the table)."""

    table: np.ndarray
    inverse_step: float
    radius: float
    flat: bool
    # Ball and bull ends: the corner radius (the radius for a ball) of a closed form that is
    # cheaper than the table; 0 for the table.
    corner: float = 0.0

    @property
    def ball(self) -> bool:
        return self.corner > 0

    @classmethod
    def cutter(cls, tool: ToolShape) -> Kernel:
        table, inverse = tool.cutter_table
        corner = {"ball": tool.radius_mm, "bull": tool.corner_radius_mm}.get(tool.kind, 0.0)
        return cls(table, inverse, tool.radius_mm, tool.kind == "flat", corner)

    @classmethod
    def body(cls, tool: ToolShape) -> Kernel:
        table, inverse = tool.body_table
        return cls(table, inverse, tool.body_radius_mm, False)


class Grid:
    """The stock's height field (padded) with the helpers the engine sweeps with."""

    def __init__(self, stock: Box, resolution_mm: float, *, pad_mm: float = 0.0) -> None:
        if not resolution_mm > 0:
            raise ValueError("resolution_mm must be positive")
        self.stock = stock
        self.res = float(resolution_mm)
        self.nx = max(1, math.ceil((stock.x1 - stock.x0) / self.res - 1e-9))
        self.ny = max(1, math.ceil((stock.y1 - stock.y0) / self.res - 1e-9))
        self.pad = math.ceil(pad_mm / self.res) + 2
        p = self.pad
        self.data = np.full((self.ny + 2 * p, self.nx + 2 * p), -np.inf, dtype=np.float32)
        self.heights[...] = stock.z1
        # Cell widths along X and Y; the last may be partial.
        wx = np.full(self.nx, self.res)
        wx[-1] = (stock.x1 - stock.x0) - (self.nx - 1) * self.res
        wy = np.full(self.ny, self.res)
        wy[-1] = (stock.y1 - stock.y0) - (self.ny - 1) * self.res
        self.cell_width, self.cell_height = wx, wy
        self.stock_mm3 = float(wx.sum() * wy.sum() * (stock.z1 - stock.z0))

    @property
    def heights(self) -> np.ndarray:
        """The stock's top over the grid (a view, no padding)."""
        p = self.pad
        return self.data[p : p + self.ny, p : p + self.nx]

    @property
    def cells(self) -> int:
        return self.nx * self.ny

    def padded(self, values: np.ndarray, fill: float = -np.inf) -> np.ndarray:
        out = np.full(self.data.shape, fill, dtype=np.float32)
        p = self.pad
        out[p : p + self.ny, p : p + self.nx] = values
        return out

    def weighted_sum(self, values: np.ndarray, *, below: float | None = None) -> float:
        """Sum of ``values`` (ny, nx) — or of ``below - values`` — times each cell's area, in
        float64, by blocks of rows (no grid-sized temporaries)."""
        total = 0.0
        for r0 in range(0, self.ny, 256):
            block = values[r0 : r0 + 256].astype(np.float64)
            if below is not None:
                np.subtract(below, block, out=block)
            # einsum, not @: a matrix product would go to BLAS, whose threads would take the
            # other cores' time (the benchmark counts CPU seconds).
            rows = np.einsum("ij,j->i", block, self.cell_width)
            total += float(np.einsum("i,i->", self.cell_height[r0 : r0 + 256], rows))
        return total

    def removed_mm3(self) -> float:
        """Volume cut from the stock, weighing partial edge cells by their area."""
        return self.weighted_sum(self.heights, below=float(np.float32(self.stock.z1)))

    # -- coordinates -------------------------------------------------------------------------

    def centre(self, i: int, j: int) -> tuple[float, float]:
        """Centre of padded cell (i, j)."""
        return (
            self.stock.x0 + (j - self.pad + 0.5) * self.res,
            self.stock.y0 + (i - self.pad + 0.5) * self.res,
        )

    def window(
        self, xmin: float, ymin: float, xmax: float, ymax: float
    ) -> tuple[int, int, int, int] | None:
        """Padded index range ``(i0, i1, j0, j1)`` (ends excluded) of the cells whose centres
        lie in the rectangle (one cell more each side), clipped to the array; None if empty."""
        s, r, p = self.stock, self.res, self.pad
        j0 = max(math.floor((xmin - s.x0) / r - 0.5) + p, 0)
        j1 = min(math.ceil((xmax - s.x0) / r - 0.5) + p + 1, self.data.shape[1])
        i0 = max(math.floor((ymin - s.y0) / r - 0.5) + p, 0)
        i1 = min(math.ceil((ymax - s.y0) / r - 0.5) + p + 1, self.data.shape[0])
        if i0 >= i1 or j0 >= j1:
            return None
        return i0, i1, j0, j1

    # -- sweeping ----------------------------------------------------------------------------

    def sweep(
        self,
        pieces: np.ndarray,
        i0: np.ndarray,
        j0: np.ndarray,
        shape: tuple[int, int],
        kernel: Kernel,
    ) -> np.ndarray:
        """Swept lowest surface (K, Wy, Wx) float32 of K pieces, each over the window of the
        given shape whose first padded cell is ``(i0[k], j0[k])``; inf where untouched.

        ``pieces`` is (K, 6) float64: ax, ay, za, bx, by, zb. Pieces with za != zb are only
        allowed for a flat kernel (others are cut into constant-Z sub-pieces beforehand).
        A ball kernel leaves NaN (not inf) where untouched: combine with ``np.fmin``.
        """
        wy, wx = shape
        ax, ay, za, bx, by, zb = (pieces[:, n] for n in range(6))
        ox = self.stock.x0 + (j0 - self.pad + 0.5) * self.res - ax
        oy = self.stock.y0 + (i0 - self.pad + 0.5) * self.res - ay
        ex, ey = bx - ax, by - ay
        length = np.hypot(ex, ey)
        moving = length > 1e-9
        safe = np.where(moving, length, 1.0)
        ux = np.where(moving, ex / safe, 1.0)
        uy = np.where(moving, ey / safe, 0.0)
        dx = (ox[:, None] + np.arange(wx) * self.res).astype(np.float32)[:, None, :]
        dy = (oy[:, None] + np.arange(wy) * self.res).astype(np.float32)[:, :, None]
        ux3 = ux.astype(np.float32)[:, None, None]
        uy3 = uy.astype(np.float32)[:, None, None]
        z_a = za.astype(np.float32)[:, None, None]
        r2 = np.float32(kernel.radius * kernel.radius)
        ramp = ramp_pieces(za, zb)
        if ramp:
            # s: distance along the piece from its start; q: distance across it.
            s = dx * ux3 + dy * uy3
            q = dy * ux3 - dx * uy3
            np.multiply(q, q, out=q)
            length3 = length.astype(np.float32)[:, None, None]
            if not kernel.flat:
                raise ValueError("only a flat kernel sweeps pieces that change Z")
            # Within the radius over [s - h, s + h] along the piece; the lowest Z of that
            # interval (clipped to the piece) is at its end towards the descent.
            h = np.sqrt(np.maximum(r2 - q, 0, dtype=np.float32))
            dz = ((zb - za) / safe).astype(np.float32)[:, None, None]  # per mm along
            down = dz < 0
            t = np.where(down, np.minimum(s + h, length3), np.maximum(s - h, 0))
            valid = (q <= r2) & (s + h >= 0) & (s - h <= length3)
            out = np.where(valid, z_a + dz * t, np.float32(np.inf))
            # A vertical piece: lowest Z anywhere under the end.
            if not np.all(moving):
                zlow = np.minimum(za, zb).astype(np.float32)[:, None, None]
                d2 = np.square(s) + q
                still = ~moving[:, None, None]
                out = np.where(still, np.where(d2 <= r2, zlow, np.float32(np.inf)), out)
            return out.astype(np.float32, copy=False)
        half = half3(length)
        if np.all(np.abs(ey) <= 1e-12) or np.all(np.abs(ex) <= 1e-12):
            # Along X (or Y): the squared distance is a row's part plus a column's part, so
            # the window costs one addition.
            if np.all(np.abs(ey) <= 1e-12):
                along, across, u3 = dx, dy, ux3  # a standing piece has ux = 1
            else:
                along, across = dy, dx
                u3 = np.where(moving, uy, 1.0).astype(np.float32)[:, None, None]
            reach = np.maximum(np.abs(along * u3 - half) - half, 0)
            e = np.square(reach) + np.square(across)
        else:
            # s runs from the piece's middle (|s| - L / 2 is how far past either end); q is
            # the distance across.
            s = dx * ux3 + (dy * uy3 - half)
            q = dy * ux3 - dx * uy3
            np.multiply(q, q, out=q)
            e = np.abs(s, out=s)
            np.subtract(e, half, out=e)
            np.maximum(e, 0, out=e)
            np.multiply(e, e, out=e)
            np.add(e, q, out=e)  # e is now the squared distance to the piece
        if kernel.flat:
            return np.where(e <= r2, z_a, np.float32(np.inf))
        if kernel.ball:
            # z + c - sqrt(c² - u²), u the distance beyond the flat middle (R - c); NaN beyond
            # the radius, which np.fmin passes over.
            c = np.float32(kernel.corner)
            if kernel.corner < kernel.radius:
                np.sqrt(e, out=e)
                np.subtract(e, np.float32(kernel.radius - kernel.corner), out=e)
                np.maximum(e, 0, out=e)
                np.multiply(e, e, out=e)
            np.subtract(c * c, e, out=e)
            with np.errstate(invalid="ignore"):
                np.sqrt(e, out=e)
            return np.subtract(z_a + c, e, out=e)
        np.sqrt(e, out=e)
        np.multiply(e, np.float32(kernel.inverse_step), out=e)
        # The table runs on to 8 radii, which a window's cells rarely pass (a window clipped
        # at the grid's edge may lie further from its piece): clamp only then.
        last = len(kernel.table) - 1
        if e.size and float(e.max()) >= last:
            np.minimum(e, np.float32(last), out=e)
        out = np.take(kernel.table, e.astype(np.int32))
        np.add(out, z_a, out=out)
        return out

    def capsule_rows(
        self, pieces: np.ndarray, i0: np.ndarray, wy: int, radius: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """(lo, hi), each (K, wy) float64: the X interval of each padded row ``i0[k] + n``
        whose points lie within ``radius`` of piece k in XY (lo > hi where none). A row of a
        capsule is one interval: the union of the disc at each end and the band between.
        Pieces along X or Y (most of a pocket's) take a shorter formula."""
        y = self.stock.y0 + (i0[:, None] - self.pad + 0.5 + np.arange(wy)) * self.res
        ey = pieces[:, 4] - pieces[:, 1]
        ex = pieces[:, 3] - pieces[:, 0]
        along_x = np.abs(ey) <= 1e-12
        along_y = ~along_x & (np.abs(ex) <= 1e-12)
        other = ~(along_x | along_y)
        lo = np.empty(y.shape)
        hi = np.empty(y.shape)
        r2 = radius * radius
        if along_x.any():
            p, yy = pieces[along_x], y[along_x]
            w2 = r2 - (yy - p[:, 1:2]) ** 2
            w = np.sqrt(np.maximum(w2, 0.0))
            xa = np.minimum(p[:, 0:1], p[:, 3:4])
            xb = np.maximum(p[:, 0:1], p[:, 3:4])
            lo[along_x] = np.where(w2 >= 0, xa - w, np.inf)
            hi[along_x] = np.where(w2 >= 0, xb + w, -np.inf)
        if along_y.any():
            p, yy = pieces[along_y], y[along_y]
            ya = np.minimum(p[:, 1:2], p[:, 4:5])
            yb = np.maximum(p[:, 1:2], p[:, 4:5])
            d = np.maximum(np.maximum(ya - yy, yy - yb), 0.0)
            w2 = r2 - d * d
            w = np.sqrt(np.maximum(w2, 0.0))
            lo[along_y] = np.where(w2 >= 0, p[:, 0:1] - w, np.inf)
            hi[along_y] = np.where(w2 >= 0, p[:, 0:1] + w, -np.inf)
        if other.any():
            lo[other], hi[other] = _oblique_rows(pieces[other], y[other], radius)
        return lo, hi

    def column_of(self, x: np.ndarray) -> np.ndarray:
        """Padded column coordinate of X (centre of column j at j)."""
        return (x - self.stock.x0) / self.res + (self.pad - 0.5)

    def capsule_mask(
        self,
        pieces: np.ndarray,
        i0: np.ndarray,
        j0: np.ndarray,
        shape: tuple[int, int],
        radius: float,
    ) -> np.ndarray:
        """(K, Wy, Wx) bool: the cells whose centres lie within ``radius`` of each piece (in XY)
        — where a flat end at constant Z cuts; two comparisons a cell (see
        :meth:`capsule_rows`)."""
        wy, wx = shape
        lo, hi = self.capsule_rows(pieces, i0, wy, radius)
        lo32 = (self.column_of(lo) - j0[:, None]).astype(np.float32)[:, :, None]
        hi32 = (self.column_of(hi) - j0[:, None]).astype(np.float32)[:, :, None]
        cols = np.arange(wx, dtype=np.float32)
        mask = cols >= lo32
        mask &= cols <= hi32
        return mask

    def piece_window(self, piece: np.ndarray, radius: float) -> tuple[int, int, int, int] | None:
        ax, ay, _, bx, by, _ = piece
        return self.window(
            min(ax, bx) - radius, min(ay, by) - radius, max(ax, bx) + radius, max(ay, by) + radius
        )

    def sweep_one(
        self, piece: np.ndarray, kernel: Kernel
    ) -> tuple[np.ndarray, tuple[int, int, int, int]] | None:
        """Swept surface of one piece over its own window (clipped to the array)."""
        win = self.piece_window(piece, kernel.radius)
        if win is None:
            return None
        i0, i1, j0, j1 = win
        vals = self.sweep(
            piece[None, :], np.array([i0]), np.array([j0]), (i1 - i0, j1 - j0), kernel
        )[0]
        if kernel.ball:
            np.nan_to_num(vals, copy=False, nan=np.inf)
        return vals, win


def ramp_pieces(za: np.ndarray, zb: np.ndarray) -> bool:
    return bool(np.any(za != zb))


def half3(length: np.ndarray) -> np.ndarray:
    return (length / 2).astype(np.float32)[:, None, None]


def _oblique_rows(pieces: np.ndarray, y: np.ndarray, r: float) -> tuple[np.ndarray, np.ndarray]:
    """Row intervals of capsules around pieces along neither axis (see capsule_rows).

    The band's bounds along a row are linear in the row's offset ``c``: with ``u`` the
    piece's direction, ``0 <= (x - ax) ux + c uy <= L`` gives ``x - ax`` in ``[min(0, L / ux),
    max(0, L / ux)] - c uy / ux`` and ``|c ux - (x - ax) uy| <= R`` gives ``c ux / uy +-
    |R / uy|``. Outside a disc its half-width is NaN, which fmin and fmax pass over."""
    ax, ay, bx, by = pieces[:, 0:1], pieces[:, 1:2], pieces[:, 3:4], pieces[:, 4:5]
    ex, ey = bx - ax, by - ay
    length = np.hypot(ex, ey)
    ux, uy = ex / length, ey / length
    c = y - ay
    along = c * (uy / ux)
    across = c * (ux / uy)
    reach = np.abs(r / uy)
    lo = np.maximum(np.minimum(0, length / ux) - along, across - reach) + ax
    hi = np.minimum(np.maximum(0, length / ux) - along, across + reach) + ax
    band = lo <= hi
    lo = np.where(band, lo, np.nan)
    hi = np.where(band, hi, np.nan)
    with np.errstate(invalid="ignore"):
        for px, py in ((ax, ay), (bx, by)):
            w = np.sqrt(r * r - np.square(y - py))
            lo = np.fmin(lo, px - w)
            hi = np.fmax(hi, px + w)
    # Rows the capsule misses: NaN on both sides; empty (lo > hi) for the caller.
    return np.where(np.isnan(lo), np.inf, lo), np.where(np.isnan(hi), -np.inf, hi)
