# SPDX-License-Identifier: LGPL-2.1-or-later
"""Pictures of a simulation: the machined stock from above, and the material left on the part.

Both are PNGs (Pillow) ``size_px`` wide and at most as tall: a title line, the height field
fitted into the map area with north (+Y) up, and a legend under it (colour bar, finding counts,
scale bar). The stock is hill-shaded with the light from the north-west and coloured by height
from the stock's bottom to its top; gouged cells are tinted red and every finding with a
position is ringed (errors red, warnings amber). The left-over picture shows the part's
silhouette in grey with the material left coloured by thickness (as the engine measures it,
:func:`~projem_workbench.sim.engine.left_thickness`: above the part, and above the stock's
bottom where no part is below, as in an unmachined through slot) and its thickest place
ringed. Plain numpy and Pillow; ``result`` is any object with
:class:`~projem_workbench.sim.engine.SimResult`'s attributes. Text uses Pillow's default font
(Latin-1 only in Pillow < 10.1, so the captions keep to it).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from projem_workbench.sim.engine import left_thickness

ERROR_RGB = (220, 38, 38)
WARNING_RGB = (245, 158, 11)
_INK = (31, 41, 55)
_MUTED = (107, 114, 128)
_PAPER = (255, 255, 255)
_EMPTY = (236, 239, 243)  # map cells with nothing to show
_OK_RGB = (22, 128, 61)
_DEFAULT_TOLERANCE_MM = 0.02
_MAX_MARKERS = 2000  # per picture; the legend still counts every finding

# Height ramp, stock bottom (0) to top (1): deep cuts dark blue, the untouched top pale.
_HEIGHT_RAMP = [
    (0.00, (30, 42, 74)),
    (0.30, (52, 101, 164)),
    (0.55, (73, 163, 160)),
    (0.80, (201, 200, 150)),
    (1.00, (238, 233, 218)),
]
# Material left, thin (0) to the thickest (1).
_LEFT_RAMP = [
    (0.00, (254, 240, 138)),
    (0.35, (251, 146, 60)),
    (0.70, (220, 38, 38)),
    (1.00, (127, 29, 29)),
]


@dataclass(frozen=True)
class _Layout:
    size: int  # canvas width, px
    height: int  # canvas height, px: at most the width
    margin: int
    line: int  # text line height, px
    map_box: tuple[int, int, int, int]  # left, top, width, height of the height field
    x0: float
    y0: float
    width_mm: float
    height_mm: float

    def pixel(self, x: float, y: float) -> tuple[int, int]:
        left, top, width, height = self.map_box
        px = left + (x - self.x0) / self.width_mm * width
        py = top + (self.y0 + self.height_mm - y) / self.height_mm * height
        return math.floor(px), math.floor(py)


def pixel_of(result: Any, x: float, y: float, *, size_px: int = 800) -> tuple[int, int]:
    """The pixel ``(column, row)`` of work position ``(x, y)`` in either picture of ``result``."""
    return _layout(result, size_px).pixel(x, y)


def stock_image(result: Any, *, size_px: int = 800) -> bytes:
    """PNG of the machined stock from above: shaded heights, gouges tinted, findings ringed."""
    layout = _layout(result, size_px)
    stock = result.stock
    heights = _finite(np.asarray(result.heights, dtype=np.float64), stock.z0)
    factor = _pool_factor(heights.shape, layout)
    pooled = _pool(heights, factor, np.min)  # min keeps narrow cuts visible when shrunk
    span = max(stock.z1 - stock.z0, 1e-9)
    rgb = _ramp((pooled - stock.z0) / span, _HEIGHT_RAMP)
    rgb *= _shade(pooled, result.resolution_mm * factor)[..., None]
    part = _part_heights(result)
    if part is not None:
        tolerance = float(getattr(result, "gouge_tolerance_mm", _DEFAULT_TOLERANCE_MM))
        # As the engine checks: against the part eroded by one cell (3 × 3 minimum), so the
        # cell-centre sampling at vertical walls does not read as a gouge.
        below = _filter3(part, np.minimum) - heights > tolerance
        gouged = _pool(below.astype(np.float64), factor, np.max) > 0
        rgb[gouged] = 0.25 * rgb[gouged] + 0.75 * np.array(ERROR_RGB)
    canvas, draw = _canvas(layout, rgb)
    z_unit = f"{stock.z0:.2f} to {stock.z1:.2f} mm"
    _title(draw, layout, "Stock after the program · top view", _extent_text(result))
    findings = list(getattr(result, "findings", []) or [])
    for severity, colour in (("warning", WARNING_RGB), ("error", ERROR_RGB)):
        spots = {
            layout.pixel(f.x, f.y)
            for f in findings
            if f.severity == severity and f.x is not None and f.y is not None
        }
        spots = {spot for spot in spots if _on_map(layout, spot)}  # elsewhere: counted only
        for spot in list(spots)[:_MAX_MARKERS]:
            _marker(draw, spot, colour, layout)
    row = _legend_top(layout)
    _colour_bar(draw, layout, row, _HEIGHT_RAMP, "Z", z_unit)
    _scale_bar(draw, layout, row)
    _counts(draw, layout, row + 2 * layout.line, findings)
    return _png(canvas)


def left_image(result: Any, *, size_px: int = 800, tolerance_mm: float | None = None) -> bytes:
    """PNG of the material left: thickness over the part's grey silhouette, and where no part
    is below, the stock still standing above the stock's bottom (the engine's
    :func:`~projem_workbench.sim.engine.left_thickness`).

    ``tolerance_mm`` (default: ``result.gouge_tolerance_mm``, else 0.02) is the thickness below
    which the part counts as finished."""
    layout = _layout(result, size_px)
    stock = result.stock
    heights = _finite(np.asarray(result.heights, dtype=np.float64), stock.z0)
    factor = _pool_factor(heights.shape, layout)
    part = _part_heights(result)
    title = "Material left above the part · top view"
    if part is None:
        rgb = np.empty((*_pool(heights, factor, np.max).shape, 3))
        rgb[:] = _EMPTY
        canvas, draw = _canvas(layout, rgb)
        _title(draw, layout, title, _extent_text(result))
        _message(draw, layout, "No part model: material left not measured.", _MUTED)
        return _png(canvas)
    if tolerance_mm is None:
        tolerance_mm = float(getattr(result, "gouge_tolerance_mm", _DEFAULT_TOLERANCE_MM))
    # As the engine measures it, by its own function: one definition of material left.
    left = np.asarray(
        left_thickness(heights, part, bottom=stock.z0, tolerance=tolerance_mm), dtype=np.float64
    )
    thickest = float(left.max()) if left.size else 0.0

    pooled_part = _pool(part, factor, np.max)  # -inf off the part stays -inf
    pooled_left = _pool(left, factor, np.max)  # max: the thickest place stays visible
    silhouette = np.isfinite(pooled_part)
    shade = _shade(np.where(silhouette, pooled_part, stock.z0), result.resolution_mm * factor)
    rgb = np.empty((*pooled_part.shape, 3))
    rgb[:] = _EMPTY
    rgb[silhouette] = (150.0 + 80.0 * (shade[silhouette, None] - 1.0)).clip(70, 225)
    if thickest > 0:
        colour = _ramp(pooled_left / thickest, _LEFT_RAMP) * (0.8 + 0.2 * shade[..., None])
        rgb[pooled_left > 0] = colour[pooled_left > 0]
    canvas, draw = _canvas(layout, rgb)
    _title(draw, layout, title, _extent_text(result))
    row = _legend_top(layout)
    font = _font(layout.line)
    if thickest <= 0:
        text = f"No material left above the part (tolerance {tolerance_mm:.2f} mm)."
        draw.text((layout.margin, row), text, fill=_OK_RGB, font=font)
        _scale_bar(draw, layout, row)
        return _png(canvas)
    at = getattr(result, "left_max_at", None)
    if not at:
        i, j = np.unravel_index(int(np.argmax(left)), left.shape)
        res = float(result.resolution_mm)
        at = (layout.x0 + (j + 0.5) * res, layout.y0 + (i + 0.5) * res)
    _marker(draw, layout.pixel(*at), _INK, layout)
    _colour_bar(draw, layout, row, _LEFT_RAMP, "left", f"{tolerance_mm:.2f} to {thickest:.2f} mm")
    _scale_bar(draw, layout, row)
    text = f"thickest {thickest:.2f} mm at X {at[0]:.1f} Y {at[1]:.1f} (ringed)"
    volume = getattr(result, "left_mm3", None)
    if volume is not None:
        text += f" · {float(volume):.1f} mm³ above the part"
    draw.text((layout.margin, row + 2 * layout.line), text, fill=_INK, font=font)
    return _png(canvas)


# -- layout and drawing -------------------------------------------------------------------------


def _layout(result: Any, size: int) -> _Layout:
    ny, nx = np.shape(result.heights)
    res = float(result.resolution_mm)
    width_mm, height_mm = max(nx, 1) * res, max(ny, 1) * res
    margin = max(8, size // 40)
    line = max(14, size // 45)
    top = margin + int(1.6 * line)
    bottom = margin + 3 * line + line // 2
    area_w, area_h = size - 2 * margin, size - top - bottom
    scale = min(area_w / width_mm, area_h / height_mm)
    w, h = max(1, round(width_mm * scale)), max(1, round(height_mm * scale))
    # The canvas is as tall as the map needs (a wide stock leaves no empty bands), at most square.
    box = (margin + (area_w - w) // 2, top, w, h)
    height = top + h + bottom
    x0, y0 = result.stock.x0, result.stock.y0
    return _Layout(size, height, margin, line, box, x0, y0, width_mm, height_mm)


def _legend_top(layout: _Layout) -> int:
    return layout.height - layout.margin - 3 * layout.line + layout.line // 2


def _font(line: int) -> Any:
    try:  # Pillow >= 10.1 scales its default font; older ones have the fixed bitmap font
        return ImageFont.load_default(size=max(10, int(line * 0.78)))
    except TypeError:
        return ImageFont.load_default()


def _canvas(layout: _Layout, rgb: np.ndarray) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    canvas = Image.new("RGB", (layout.size, layout.height), _PAPER)
    left, top, w, h = layout.map_box
    # Rows of the grid run along +Y: flip so north is up.
    field = Image.fromarray(np.flipud(rgb).clip(0, 255).astype(np.uint8), "RGB")
    upscale = w >= field.width
    field = field.resize((w, h), Image.NEAREST if upscale else Image.BOX)
    canvas.paste(field, (left, top))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((left - 1, top - 1, left + w, top + h), outline=_MUTED)
    return canvas, draw


def _title(draw: ImageDraw.ImageDraw, layout: _Layout, title: str, right: str) -> None:
    font = _font(layout.line)
    draw.text((layout.margin, layout.margin), title, fill=_INK, font=font)
    width = draw.textbbox((0, 0), right, font=font)[2]
    used = draw.textbbox((0, 0), title, font=font)[2]
    if layout.margin + used + layout.line + width <= layout.size - layout.margin:  # else left out
        draw.text(
            (layout.size - layout.margin - width, layout.margin), right, fill=_MUTED, font=font
        )


def _extent_text(result: Any) -> str:
    stock = result.stock
    return (
        f"{stock.x1 - stock.x0:.1f} × {stock.y1 - stock.y0:.1f} × {stock.z1 - stock.z0:.1f} mm,"
        f" {float(result.resolution_mm):.2f} mm cells"
    )


def _message(draw: ImageDraw.ImageDraw, layout: _Layout, text: str, colour) -> None:
    draw.text((layout.margin, _legend_top(layout)), text, fill=colour, font=_font(layout.line))


def _on_map(layout: _Layout, spot: tuple[int, int]) -> bool:
    left, top, w, h = layout.map_box
    return left <= spot[0] <= left + w and top <= spot[1] <= top + h


def _marker(draw: ImageDraw.ImageDraw, at: tuple[int, int], colour, layout: _Layout) -> None:
    x, y = at
    r = max(7, layout.size // 70)
    # A white halo first so the ring reads on dark and light ground alike.
    draw.ellipse((x - r - 2, y - r - 2, x + r + 2, y + r + 2), outline=_PAPER, width=6)
    draw.ellipse((x - r, y - r, x + r, y + r), outline=colour, width=3)
    arm = r - 3
    draw.line((x - arm, y, x + arm, y), fill=colour, width=1)
    draw.line((x, y - arm, x, y + arm), fill=colour, width=1)


def _colour_bar(draw, layout: _Layout, row: int, ramp, label: str, span: str) -> None:
    font = _font(layout.line)
    x = layout.margin
    draw.text((x, row), label, fill=_INK, font=font)
    x += draw.textbbox((0, 0), label + "  ", font=font)[2]
    width = layout.size // 4
    steps = np.linspace(0.0, 1.0, width)
    colours = _ramp(steps, ramp).astype(np.uint8)
    bar_h = max(6, layout.line // 2)
    for k, colour in enumerate(colours):
        draw.line((x + k, row + 3, x + k, row + 3 + bar_h), fill=tuple(int(c) for c in colour))
    draw.rectangle((x - 1, row + 2, x + width, row + 4 + bar_h), outline=_MUTED)
    draw.text((x + width + layout.line // 2, row), span, fill=_INK, font=font)


def _scale_bar(draw, layout: _Layout, row: int) -> None:
    font = _font(layout.line)
    if layout.size < 640:  # no room beside the colour bar: the (empty) line under it
        row += layout.line
    px_per_mm = layout.map_box[2] / layout.width_mm
    target = layout.size / 5 / px_per_mm
    length = _nice(target)
    px = round(length * px_per_mm)
    right = layout.size - layout.margin
    left = right - px
    y = row + layout.line // 2 + 2
    draw.line((left, y, right, y), fill=_INK, width=2)
    for tick in (left, right):
        draw.line((tick, y - 4, tick, y + 4), fill=_INK, width=1)
    text = f"{length:g} mm"
    width = draw.textbbox((0, 0), text, font=font)[2]
    draw.text((left - width - layout.line // 2, row), text, fill=_INK, font=font)


def _nice(value: float) -> float:
    """The largest 1, 2 or 5 × 10ⁿ not above ``value``."""
    power = 10 ** math.floor(math.log10(max(value, 1e-9)))
    return max(m * power for m in (1, 2, 5) if m * power <= value)


def _counts(draw, layout: _Layout, row: int, findings: list) -> None:
    font = _font(layout.line)
    if not findings:
        draw.text((layout.margin, row), "No findings.", fill=_OK_RGB, font=font)
        return
    x = layout.margin
    for severity, colour, noun in (
        ("error", ERROR_RGB, "error"),
        ("warning", WARNING_RGB, "warning"),
    ):
        kinds: dict[str, int] = {}
        for finding in findings:
            if finding.severity == severity:
                kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
        if not kinds:
            continue
        total = sum(kinds.values())
        dot = layout.line // 3
        cy = row + layout.line // 2 - 1
        draw.ellipse((x, cy - dot, x + 2 * dot, cy + dot), fill=colour)
        x += 2 * dot + 6
        detail = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items(), key=lambda i: -i[1]))
        text = f"{total} {noun}{'s' if total != 1 else ''}: {detail}"
        draw.text((x, row), text, fill=_INK, font=font)
        x += draw.textbbox((0, 0), text + "    ", font=font)[2]


# -- height field to colours --------------------------------------------------------------------


def _part_heights(result: Any) -> np.ndarray | None:
    part = getattr(result, "part", None)
    if part is None:
        return None
    heights = np.asarray(part.heights, dtype=np.float64)
    return heights if heights.shape == np.shape(result.heights) else None


def _filter3(values: np.ndarray, reduce) -> np.ndarray:
    """3 × 3 minimum or maximum; cells beyond the edge count as no part (-inf)."""
    ny, nx = values.shape
    padded = np.full((ny + 2, nx + 2), -np.inf)
    padded[1:-1, 1:-1] = values
    rows = reduce(reduce(padded[:-2], padded[1:-1]), padded[2:])
    return reduce(reduce(rows[:, :-2], rows[:, 1:-1]), rows[:, 2:])


def _finite(heights: np.ndarray, floor: float) -> np.ndarray:
    return np.where(np.isfinite(heights), heights, floor)


def _pool_factor(shape: tuple[int, int], layout: _Layout) -> int:
    """Cells per side pooled into one before shading: one to two pooled cells per pixel."""
    ny, nx = shape
    return max(1, int(min(nx / layout.map_box[2], ny / layout.map_box[3])))


def _pool(values: np.ndarray, factor: int, reduce) -> np.ndarray:
    if factor == 1:
        return values
    ny, nx = values.shape
    py, px = -ny % factor, -nx % factor
    padded = np.pad(values, ((0, py), (0, px)), mode="edge")
    blocks = padded.reshape(padded.shape[0] // factor, factor, padded.shape[1] // factor, factor)
    return reduce(reduce(blocks, axis=3), axis=1)


def _shade(heights: np.ndarray, spacing: float) -> np.ndarray:
    """Lambert shading, light from the north-west 45° up, scaled so flat ground is 1."""
    if min(heights.shape) < 2:
        return np.ones_like(heights)
    dz_dy, dz_dx = np.gradient(heights, spacing)
    altitude = math.radians(45.0)
    light = np.array([-math.cos(altitude), math.cos(altitude), math.sqrt(2) * math.sin(altitude)])
    light /= np.linalg.norm(light)
    lit = (-dz_dx * light[0] - dz_dy * light[1] + light[2]) / np.sqrt(1 + dz_dx**2 + dz_dy**2)
    return (0.3 + 0.7 * np.clip(lit, 0.0, 1.0) / light[2]).clip(0.3, 1.3)


def _ramp(t: np.ndarray, ramp) -> np.ndarray:
    t = np.clip(np.nan_to_num(np.asarray(t, dtype=np.float64)), 0.0, 1.0)
    stops = [s for s, _ in ramp]
    return np.stack([np.interp(t, stops, [c[k] for _, c in ramp]) for k in range(3)], axis=-1)


def _png(canvas: Image.Image) -> bytes:
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()
