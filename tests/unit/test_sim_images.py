# SPDX-License-Identifier: LGPL-2.1-or-later
"""Pictures of a simulation: they open as PNGs of the asked size, mark findings and the thickest
material left where they are, and shade different heights differently."""

from __future__ import annotations

import io
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from projem_workbench.sim.images import (
    ERROR_RGB,
    WARNING_RGB,
    left_image,
    pixel_of,
    stock_image,
)
from projem_workbench.sim.machine import Box
from projem_workbench.sim.surface import PartSurface

RES = 0.5
STOCK = Box(0.0, 0.0, -10.0, 40.0, 20.0, 0.0)


def grid(stock=STOCK, res=RES):
    nx = round((stock.x1 - stock.x0) / res)
    ny = round((stock.y1 - stock.y0) / res)
    x = stock.x0 + (np.arange(nx) + 0.5) * res
    y = stock.y0 + (np.arange(ny) + 0.5) * res
    return np.meshgrid(x, y)


def finding(kind, severity, x, y, line=1):
    return SimpleNamespace(kind=kind, severity=severity, x=x, y=y, z=0.0, line=line)


def result(heights, *, part=None, findings=(), stock=STOCK, **extra):
    surface = None
    if part is not None:
        surface = PartSurface(stock.x0, stock.y0, RES, np.asarray(part, dtype=np.float32))
    return SimpleNamespace(
        heights=np.asarray(heights, dtype=np.float32),
        part=surface,
        stock=stock,
        resolution_mm=RES,
        findings=list(findings),
        **extra,
    )


def pocketed():
    X, Y = grid()
    heights = np.zeros(X.shape, dtype=np.float32)
    heights[(X > 5) & (X < 15) & (Y > 5) & (Y < 15)] = -6.0  # a pocket
    heights[(X > 25) & (X < 35) & (Y > 5) & (Y < 15)] = -2.0  # a shallow one
    return heights


def open_png(data):
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def test_stock_image_is_a_png_of_the_size():
    image = open_png(stock_image(result(pocketed()), size_px=800))
    assert image.width == 800 and image.height <= 800
    # A tall stock fills the height instead.
    tall = Box(0.0, 0.0, -5.0, 10.0, 40.0, 0.0)
    X, _ = grid(tall)
    image = open_png(stock_image(result(np.zeros(X.shape), stock=tall), size_px=600))
    assert image.size == (600, 600)


def test_findings_are_marked_at_their_place_in_their_colour():
    findings = [
        finding("gouge", "error", 10.0, 10.0),
        finding("material_left", "warning", 30.0, 4.0),
        finding("overtravel", "error", None, None),  # no place: counted, not drawn
    ]
    r = result(pocketed(), findings=findings)
    image = open_png(stock_image(r, size_px=800))
    assert image.getpixel(pixel_of(r, 10.0, 10.0, size_px=800)) == ERROR_RGB
    assert image.getpixel(pixel_of(r, 30.0, 4.0, size_px=800)) == WARNING_RGB
    plain = open_png(stock_image(result(pocketed()), size_px=800))
    assert plain.getpixel(pixel_of(r, 10.0, 10.0, size_px=800)) != ERROR_RGB


def test_pixel_of_maps_the_stock_corners_to_the_map_corners():
    r = result(pocketed())
    left, top = pixel_of(r, STOCK.x0, STOCK.y1)
    right, bottom = pixel_of(r, STOCK.x1 - 1e-9, STOCK.y0 + 1e-9)
    assert right - left + 1 == pytest.approx(2 * (bottom - top + 1), abs=2)  # 40 × 20 mm
    assert 0 < left < right < 800 and 0 < top < bottom


def test_different_heights_give_different_shades():
    r = result(pocketed())
    image = open_png(stock_image(r))
    top = image.getpixel(pixel_of(r, 20.0, 17.0))
    deep = image.getpixel(pixel_of(r, 10.0, 10.0))
    shallow = image.getpixel(pixel_of(r, 30.0, 10.0))
    assert len({top, deep, shallow}) == 3
    # Deeper is darker on flat floors.
    assert sum(deep) < sum(shallow) < sum(top)


def test_light_from_the_north_west_lights_slopes_facing_it():
    X, _ = grid()
    valley = -5.0 + 0.3 * np.abs(X - 20.0)  # along x = 20: its east flank faces west
    r = result(valley)
    image = open_png(stock_image(r))
    facing = image.getpixel(pixel_of(r, 25.0, 10.0))  # rises eastward: faces the west light
    away = image.getpixel(pixel_of(r, 15.0, 10.0))
    assert sum(facing) > sum(away)


def test_gouged_cells_are_tinted_red():
    heights = pocketed()
    part = np.where(heights < 0, heights, 0.0)
    heights[(grid()[0] > 7) & (grid()[0] < 9) & (grid()[1] > 7) & (grid()[1] < 9)] = -7.0
    r = result(heights, part=part)
    image = open_png(stock_image(r))
    red, green, blue = image.getpixel(pixel_of(r, 8.0, 8.0))
    assert red > 150 and red > 2 * green and red > 2 * blue
    floor = image.getpixel(pixel_of(r, 12.0, 12.0))  # the pocket floor itself: not tinted
    assert floor[2] > floor[0]


def test_left_image_colours_the_thickness_over_a_grey_part():
    X, Y = grid()
    part = np.full(X.shape, -np.inf, dtype=np.float32)
    on_part = (X > 2) & (X < 38) & (Y > 2) & (Y < 18)
    part[on_part] = -4.0
    heights = np.where(on_part, -4.0, -10.0).astype(np.float32)
    thin = on_part & (X > 5) & (X < 10)
    thick = on_part & (X > 20) & (X < 24) & (Y > 8) & (Y < 12)
    heights[thin] += 0.2
    heights[thick] += 1.5
    r = result(heights, part=part, left_mm3=12.5, left_max_at=(22.25, 10.25))
    image = open_png(left_image(r, size_px=800))
    assert image.width == 800
    grey = image.getpixel(pixel_of(r, 30.0, 5.0))
    assert grey[0] == grey[1] == grey[2]
    light = image.getpixel(pixel_of(r, 7.5, 5.0))
    dark = image.getpixel(pixel_of(r, 21.0, 9.0))
    assert light[0] > light[2] and dark[0] > dark[2]  # warm ramp
    assert sum(dark) < sum(light)  # thicker is darker
    outside = image.getpixel(pixel_of(r, 1.0, 1.0))
    assert outside not in (grey, light, dark)
    # The thickest place is ringed: the marker's cross is at its centre.
    assert image.getpixel(pixel_of(r, 22.25, 10.25)) == (31, 41, 55)


def test_left_image_finds_the_thickest_place_itself():
    X, Y = grid()
    part = np.full(X.shape, -3.0, dtype=np.float32)
    heights = part.copy()
    heights[(np.abs(X - 12.25) < 0.3) & (np.abs(Y - 6.25) < 0.3)] += 2.0
    r = result(heights, part=part)
    image = open_png(left_image(r))
    assert image.getpixel(pixel_of(r, 12.25, 6.25)) == (31, 41, 55)


@pytest.mark.parametrize("with_part", [False, True])
def test_left_image_without_a_part_or_without_material_left(with_part):
    heights = pocketed()
    r = result(heights, part=heights if with_part else None, gouge_tolerance_mm=0.05)
    image = open_png(left_image(r, size_px=400))
    assert image.width == 400


def test_large_grids_are_pooled_and_small_images_still_draw():
    big = Box(0.0, 0.0, -10.0, 300.0, 200.0, 0.0)
    X, Y = grid(big, res=0.1)
    heights = np.where(np.hypot(X - 150, Y - 100) < 50, -8.0, 0.0).astype(np.float32)
    heights[:, 1000] = -9.0  # a 0.1 mm wide groove must stay visible
    r = SimpleNamespace(
        heights=heights, part=None, stock=big, resolution_mm=0.1, findings=[], left_mm3=0.0
    )
    image = open_png(stock_image(r, size_px=800))
    row = image.height // 4
    column = pixel_of(r, 100.05, 180.0)[0]
    assert sum(image.getpixel((column, row))) < sum(image.getpixel((column + 20, row)))
    small = open_png(stock_image(r, size_px=240))
    assert small.width == 240
