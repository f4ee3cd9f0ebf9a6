# SPDX-License-Identifier: LGPL-2.1-or-later
"""The part's height field: rasterized meshes against the analytic surface at every cell centre,
resampling onto the stock's grid, binary STL and the npz cache."""

from __future__ import annotations

import numpy as np
import pytest

from projem_workbench.sim.surface import (
    PartSurface,
    from_npz,
    rasterize,
    read_stl,
    resample,
    to_npz,
    write_stl,
)


def prism_mesh(xs, ys, tops, bottom=0.0):
    """A closed mesh of rectangular columns on the grid lines ``xs`` × ``ys``; ``tops[r][c]`` is
    the top of the column between ys[r]..ys[r+1] and xs[c]..xs[c+1], None for a hole."""
    vertices: list[tuple[float, float, float]] = []
    triangles: list[tuple[int, int, int]] = []

    def quad(a, b, c, d):
        n = len(vertices)
        vertices.extend([a, b, c, d])
        triangles.extend([(n, n + 1, n + 2), (n, n + 2, n + 3)])

    rows, cols = len(ys) - 1, len(xs) - 1

    def top(r, c):
        if 0 <= r < rows and 0 <= c < cols and tops[r][c] is not None:
            return tops[r][c]
        return bottom

    for r in range(rows):
        for c in range(cols):
            x0, x1, y0, y1 = xs[c], xs[c + 1], ys[r], ys[r + 1]
            z = tops[r][c]
            if z is None:
                continue
            quad((x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y1, z))
            quad((x0, y0, bottom), (x0, y1, bottom), (x1, y1, bottom), (x1, y0, bottom))
            # Walls where the neighbour is lower (vertical: they must add nothing).
            for dr, dc, edge in ((0, 1, "x1"), (0, -1, "x0"), (1, 0, "y1"), (-1, 0, "y0")):
                low = top(r + dr, c + dc)
                if low >= z:
                    continue
                if edge in ("x0", "x1"):
                    x = x1 if edge == "x1" else x0
                    quad((x, y0, low), (x, y1, low), (x, y1, z), (x, y0, z))
                else:
                    y = y1 if edge == "y1" else y0
                    quad((x0, y, low), (x1, y, low), (x1, y, z), (x0, y, z))
    return np.array(vertices, dtype=float), np.array(triangles, dtype=int)


def centres(x0, y0, nx, ny, res):
    x = x0 + (np.arange(nx) + 0.5) * res
    y = y0 + (np.arange(ny) + 0.5) * res
    return np.meshgrid(x, y)


def test_box_top_everywhere_over_it_and_minus_inf_around():
    v, t = prism_mesh([2.0, 8.0], [1.0, 5.0], [[12.5]])
    s = rasterize(v, t, x0=0.0, y0=0.0, nx=20, ny=12, resolution_mm=0.5)
    assert s.heights.dtype == np.float32 and s.heights.shape == (12, 20)
    X, Y = centres(0.0, 0.0, 20, 12, 0.5)
    inside = (X > 2) & (X < 8) & (Y > 1) & (Y < 5)
    expected = np.where(inside, np.float32(12.5), -np.inf).astype(np.float32)
    np.testing.assert_array_equal(s.heights, expected)


def test_centres_on_edges_and_on_the_shared_diagonal_are_covered():
    # The box's sides and the diagonal of its top run exactly through cell centres.
    v, t = prism_mesh([0.25, 4.75], [0.25, 4.75], [[3.0]])
    s = rasterize(v, t, x0=0.0, y0=0.0, nx=10, ny=10, resolution_mm=0.5)
    np.testing.assert_array_equal(s.heights, np.full((10, 10), 3.0, dtype=np.float32))


def test_box_with_pocket_and_through_hole():
    xs = [0.0, 10.0, 20.0, 30.0, 40.0]
    ys = [0.0, 10.0, 20.0, 30.0]
    tops = [
        [15.0, 15.0, 15.0, 15.0],
        [15.0, 9.0, 15.0, None],  # a pocket 6 deep, and a through hole
        [15.0, 15.0, 15.0, 15.0],
    ]
    v, t = prism_mesh(xs, ys, tops)
    res = 0.4
    s = rasterize(v, t, x0=-2.0, y0=-2.0, nx=110, ny=85, resolution_mm=res)
    X, Y = centres(-2.0, -2.0, 110, 85, res)
    expected = np.full(X.shape, -np.inf)
    expected[(X > 0) & (X < 40) & (Y > 0) & (Y < 30)] = 15.0
    expected[(X > 10) & (X < 20) & (Y > 10) & (Y < 20)] = 9.0
    expected[(X > 30) & (X < 40) & (Y > 10) & (Y < 20)] = -np.inf
    np.testing.assert_array_equal(s.heights, expected.astype(np.float32))


def cylinder_mesh(r, length, segments, *, axis="z", centre=(0.0, 0.0, 0.0)):
    """A closed cylinder of ``segments`` sides; axis "z" (standing) or "x" (lying)."""
    a = np.linspace(0.0, 2 * np.pi, segments, endpoint=False)
    ring = np.c_[r * np.cos(a), r * np.sin(a)]
    n = segments
    if axis == "z":
        bottom = np.c_[ring, np.zeros(n)]
        top = np.c_[ring, np.full(n, length)]
    else:  # along X: the ring in the YZ plane
        bottom = np.c_[np.zeros(n), ring]
        top = np.c_[np.full(n, length), ring]
    v = np.r_[bottom, top, [bottom.mean(axis=0)], [top.mean(axis=0)]] + np.array(centre)
    k = np.arange(n)
    k1 = (k + 1) % n
    sides = np.r_[np.c_[k, k1, n + k1], np.c_[k, n + k1, n + k]]
    caps = np.r_[np.c_[np.full(n, 2 * n), k1, k], np.c_[np.full(n, 2 * n + 1), n + k, n + k1]]
    return v, np.r_[sides, caps]


def test_standing_cylinder_footprint_is_its_polygon():
    r, segments = 10.0, 64
    v, t = cylinder_mesh(r, 7.0, segments, centre=(15.0, 12.0, 2.0))
    s = rasterize(v, t, x0=0.0, y0=0.0, nx=150, ny=120, resolution_mm=0.2)
    X, Y = centres(0.0, 0.0, 150, 120, 0.2)
    d = np.hypot(X - 15.0, Y - 12.0)
    inner = r * np.cos(np.pi / segments)  # the polygon's inscribed radius
    assert np.all(s.heights[d < inner - 1e-6] == np.float32(9.0))
    assert np.all(np.isneginf(s.heights[d > r + 1e-6]))
    between = (d >= inner - 1e-6) & (d <= r + 1e-6)
    assert set(np.unique(s.heights[between])) <= {np.float32(9.0), np.float32(-np.inf)}


def test_lying_cylinder_within_the_chord_error():
    r, segments, yc, zc = 8.0, 90, 10.0, 9.0
    v, t = cylinder_mesh(r, 30.0, segments, axis="x", centre=(1.0, yc, zc))
    s = rasterize(v, t, x0=0.0, y0=0.0, nx=160, ny=100, resolution_mm=0.2)
    X, Y = centres(0.0, 0.0, 160, 100, 0.2)
    along = (X > 1.0) & (X < 31.0)
    dy = np.abs(Y - yc)
    chord = r * (1 - np.cos(np.pi / segments))
    covered = along & (dy < r * np.cos(np.pi / segments) - 1e-6)
    h = s.heights.astype(float)
    assert np.all(np.isfinite(h[covered]))
    # Every height lies on the faceted surface: within the chord error of the round one,
    # measured from the axis as the chord error is.
    radius = np.hypot(dy[covered], h[covered] - zc)
    assert np.all(radius <= r + 1e-5)
    assert np.all(radius >= r - chord - 1e-5)
    assert np.all(h[covered] >= zc)  # the top half, not the bottom
    assert np.all(np.isneginf(s.heights[~along | (dy > r)]))


def test_tilted_plane_exact_to_float32():
    def plane(x, y):
        return 1.0 + 0.3 * x - 0.2 * y

    corners = [(0.0, 0.0), (25.0, 0.0), (25.0, 15.0), (0.0, 15.0)]
    v = np.array([(x, y, plane(x, y)) for x, y in corners])
    t = np.array([(0, 1, 2), (0, 2, 3)])
    s = rasterize(v, t, x0=0.0, y0=0.0, nx=250, ny=150, resolution_mm=0.1)
    X, Y = centres(0.0, 0.0, 250, 150, 0.1)
    expected = plane(X, Y).astype(np.float32)
    np.testing.assert_allclose(s.heights, expected, rtol=0, atol=np.spacing(expected).max())


def test_vertical_triangles_add_nothing_and_the_top_is_the_max():
    v = np.array(
        [
            (0, 0, 0), (10, 0, 0), (10, 10, 0),  # a low triangle
            (0, 0, 5), (10, 0, 5), (10, 10, 5),  # the same, higher
            (0, 5, 0), (10, 5, 0), (10, 5, 50),  # vertical: no projected area
        ],
        dtype=float,
    )  # fmt: skip
    t = np.array([(0, 1, 2), (3, 4, 5), (6, 7, 8)])
    s = rasterize(v, t, x0=0.0, y0=0.0, nx=10, ny=10, resolution_mm=1.0)
    X, Y = centres(0.0, 0.0, 10, 10, 1.0)
    expected = np.where(Y <= X, 5.0, -np.inf).astype(np.float32)
    np.testing.assert_array_equal(s.heights, expected)


def test_mesh_outside_the_grid_and_empty_mesh():
    v, t = prism_mesh([100.0, 110.0], [100.0, 110.0], [[1.0]])
    s = rasterize(v, t, x0=0.0, y0=0.0, nx=5, ny=4, resolution_mm=1.0)
    assert np.all(np.isneginf(s.heights))
    e = rasterize(np.zeros((0, 3)), np.zeros((0, 3), int), x0=0, y0=0, nx=3, ny=2, resolution_mm=1)
    assert e.heights.shape == (2, 3) and np.all(np.isneginf(e.heights))


def test_many_triangles_in_batches_match_one_triangle_per_cell():
    # A fine sinusoidal surface: many batches, compared with its own plane at each vertex.
    n = 60
    xs = np.linspace(0.0, 30.0, n + 1)
    X, Y = np.meshgrid(xs, xs)
    Z = 5 + np.sin(X / 3) * np.cos(Y / 4)
    v = np.c_[X.ravel(), Y.ravel(), Z.ravel()]
    idx = np.arange((n + 1) ** 2).reshape(n + 1, n + 1)
    a, b, c, d = idx[:-1, :-1].ravel(), idx[:-1, 1:].ravel(), idx[1:, 1:].ravel(), idx[1:, :-1]
    t = np.r_[np.c_[a, b, c], np.c_[a, c, d.ravel()]]
    s = rasterize(v, t, x0=0.0, y0=0.0, nx=300, ny=300, resolution_mm=0.1)
    assert np.all(np.isfinite(s.heights))
    Xc, Yc = centres(0.0, 0.0, 300, 300, 0.1)
    # Linear interpolation of this surface on 0.5 mm triangles is within 0.02 mm.
    np.testing.assert_allclose(s.heights, 5 + np.sin(Xc / 3) * np.cos(Yc / 4), atol=0.02)


def test_resample_onto_the_stock_grid():
    heights = np.arange(12, dtype=np.float32).reshape(3, 4)
    part = PartSurface(x0=10.0, y0=20.0, resolution_mm=0.5, heights=heights)
    # One cell further left and down, one wider/taller than the part's grid on each side.
    out = resample(part, x0=9.5, y0=19.5, nx=6, ny=5, resolution_mm=0.5)
    assert (out.x0, out.y0, out.resolution_mm) == (9.5, 19.5, 0.5)
    expected = np.full((5, 6), -np.inf, dtype=np.float32)
    expected[1:4, 1:5] = heights
    np.testing.assert_array_equal(out.heights, expected)
    # A grid shifted by less than a cell takes the cell each centre falls in.
    shifted = resample(part, x0=10.3, y0=20.0, nx=4, ny=3, resolution_mm=0.5)
    np.testing.assert_array_equal(shifted.heights[:, :3], heights[:, 1:])
    assert np.all(np.isneginf(shifted.heights[:, 3]))


def test_stl_round_trip_merges_vertices():
    v, t = prism_mesh([2.0, 8.0], [1.0, 5.0], [[12.5]])
    data = write_stl(v, t)
    assert len(data) == 84 + 50 * len(t)
    v2, t2 = read_stl(data)
    assert v2.dtype == np.float64 and v2.shape == (8, 3)  # the box's 8 corners
    np.testing.assert_array_equal(v2[t2], v[t].astype(np.float32).astype(np.float64))
    again = rasterize(v2, t2, x0=0.0, y0=0.0, nx=20, ny=12, resolution_mm=0.5)
    first = rasterize(v, t, x0=0.0, y0=0.0, nx=20, ny=12, resolution_mm=0.5)
    np.testing.assert_array_equal(again.heights, first.heights)


def test_stl_normals_and_ascii_and_garbage():
    v = np.array([(0, 0, 0), (1, 0, 0), (0, 1, 0)], dtype=float)
    data = write_stl(v, np.array([(0, 1, 2)]))
    normal = np.frombuffer(data, dtype="<f4", count=3, offset=84)
    np.testing.assert_array_equal(normal, [0, 0, 1])
    ascii_stl = b"""solid s
      facet normal 0 0 1
        outer loop
          vertex 0 0 0
          vertex 1.5 0 -0.0
          vertex 0 1e0 0
        endloop
      endfacet
    endsolid s
    """
    v2, t2 = read_stl(ascii_stl)
    np.testing.assert_array_equal(v2[t2[0]], [(0, 0, 0), (1.5, 0, 0), (0, 1, 0)])
    with pytest.raises(ValueError, match="not an STL"):
        read_stl(b"\x00" * 90)


def test_npz_round_trip():
    heights = np.array([[1.5, -np.inf], [3.25, 4.0]], dtype=np.float32)
    s = PartSurface(x0=-3.5, y0=7.25, resolution_mm=0.05, heights=heights)
    back = from_npz(to_npz(s))
    assert (back.x0, back.y0, back.resolution_mm) == (-3.5, 7.25, 0.05)
    assert back.heights.dtype == np.float32
    np.testing.assert_array_equal(back.heights, heights)


def test_small_batches_give_the_same_heights(monkeypatch):
    import projem_workbench.sim.surface as surface

    v, t = cylinder_mesh(6.0, 4.0, 40, axis="x", centre=(1.0, 8.0, 3.0))
    whole = rasterize(v, t, x0=0.0, y0=0.0, nx=90, ny=80, resolution_mm=0.2)
    monkeypatch.setattr(surface, "_ROWS_PER_BATCH", 7)
    monkeypatch.setattr(surface, "_CELLS_PER_BATCH", 13)
    batched = rasterize(v, t, x0=0.0, y0=0.0, nx=90, ny=80, resolution_mm=0.2)
    np.testing.assert_array_equal(batched.heights, whole.heights)


def brute_force(v, t, x0, y0, nx, ny, res):
    """Per cell and triangle: barycentric coordinates of the centre (the slow reference)."""
    X, Y = centres(x0, y0, nx, ny, res)
    out = np.full((ny, nx), -np.inf)
    for a, b, c in v[t]:
        det = (b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])
        if abs(det) < 1e-12:
            continue
        l1 = ((X - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (Y - a[1])) / det
        l2 = ((b[0] - a[0]) * (Y - a[1]) - (X - a[0]) * (b[1] - a[1])) / det
        inside = (l1 >= 0) & (l2 >= 0) & (l1 + l2 <= 1)
        z = a[2] + l1 * (b[2] - a[2]) + l2 * (c[2] - a[2])
        out = np.where(inside, np.maximum(out, z), out)
    return out


@pytest.mark.parametrize("seed", range(5))
def test_random_triangles_match_the_brute_force_reference(seed):
    rng = np.random.default_rng(seed)
    v = np.c_[rng.uniform(-2, 12, (60, 2)), rng.uniform(-5, 5, 60)]
    t = rng.integers(0, 60, (40, 3))
    s = rasterize(v, t, x0=0.0, y0=0.0, nx=37, ny=29, resolution_mm=0.27)
    ref = brute_force(v, t, 0.0, 0.0, 37, 29, 0.27)
    # Random corners put no centre exactly on an edge, so coverage must agree everywhere.
    np.testing.assert_array_equal(np.isfinite(s.heights), np.isfinite(ref))
    finite = np.isfinite(ref)
    np.testing.assert_allclose(s.heights[finite], ref[finite], rtol=0, atol=1e-4)
