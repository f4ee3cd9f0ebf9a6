# SPDX-License-Identifier: LGPL-2.1-or-later
"""The lengths a tool's ``params`` give the feeds calculator, read the ways shops and FreeCAD
write them: a number in mm or a quantity ("1.25 mm", "0.05 in", "20 tpi"), FreeCAD's ToolBit
parameters ("0.0500 in"), a thread's name (M8x1.25, 1/4-20, #10-24). What cannot be read is
a :class:`ValidationError` on ``params`` naming the tool and the value."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from projem_workbench.errors import ValidationError

if TYPE_CHECKING:
    from projem_workbench.services.feeds import ToolSpec

# Lengths in tool params: a number with a unit, or a pitch in threads per inch.
_QUANTITY = re.compile(r'^\s*([0-9]*\.?[0-9]+)\s*(mm|in|inch|"|tpi)?\s*$', re.IGNORECASE)
_MM = {"mm": 1.0, "in": 25.4, "inch": 25.4, '"': 25.4}
# Threads by name: metric M8x1.25 (pitch in mm), unified 1/4-20, #10-24, 1-8 (per inch).
_METRIC_THREAD = re.compile(r"\bM\d+(?:\.\d+)?\s*[x×]\s*(\d+(?:\.\d+)?)", re.IGNORECASE)
_UNIFIED_THREAD = re.compile(r"(?<![\w.])(?:#\d+|\d+/\d+|\d+)\s*-\s*(\d+)(?![\w.])")


def length_mm(value: Any, what: str) -> float | None:
    """A length given as a number (mm) or a quantity: "1.25 mm", "0.05 in", '0.05"', and for
    a pitch "20 tpi" (threads per inch); None when there is none."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        length = float(value)
    else:
        match = _QUANTITY.match(str(value))
        if match is None:
            raise ValidationError(
                f"{what}: cannot read {value!r} (a number with mm, in or tpi)", field="params"
            )
        number, unit = float(match.group(1)), (match.group(2) or "mm").lower()
        length = 25.4 / number if unit == "tpi" and number > 0 else number * _MM[unit]
    if not math.isfinite(length) or length <= 0:
        raise ValidationError(f"{what}: {value!r} is not a positive length", field="params")
    return length


def tap_pitch_mm(tool: ToolSpec) -> float:
    """A tap's thread pitch (mm): ``params.pitch_mm``, ``params.pitch`` ("1.25 mm",
    "0.05 in", "20 tpi"), ``params.tpi``, FreeCAD's ``Pitch`` parameter as its ToolBit gives
    it ("0.0500 in"), else the thread named in ``params.thread`` or the tool's name (1/4-20,
    #10-24, M8x1.25)."""
    params = tool.params or {}
    freecad = (params.get("freecad") or {}).get("parameter") or {}
    tpi = params.get("tpi")
    for what, value in (
        ("params.pitch_mm", params.get("pitch_mm")),
        ("params.pitch", params.get("pitch")),
        ("params.tpi", None if tpi is None else f"{tpi} tpi"),
        ("FreeCAD's Pitch", freecad.get("Pitch")),
    ):
        pitch = length_mm(value, f"tap {tool.name!r}: {what}")
        if pitch is not None:
            return pitch
    for text in (params.get("thread"), tool.name):
        text = str(text or "")
        if metric := _METRIC_THREAD.search(text):
            return float(metric.group(1))
        if unified := _UNIFIED_THREAD.search(text):
            return 25.4 / float(unified.group(1))
    raise ValidationError(
        f"tap {tool.name!r} needs its thread pitch: params.pitch_mm (mm), params.pitch "
        '("0.05 in", "20 tpi"), params.tpi, or a thread in params.thread or its name '
        "(1/4-20, M8x1.25)",
        field="params",
    )


def saw_thickness_mm(tool: ToolSpec) -> float | None:
    """A slitting saw's blade thickness: ``params.blade_thickness_mm``, FreeCAD's
    ``BladeThickness`` parameter, else its cutting length (``flute_length_mm``)."""
    params = tool.params or {}
    freecad = (params.get("freecad") or {}).get("parameter") or {}
    for what, value in (
        ("params.blade_thickness_mm", params.get("blade_thickness_mm")),
        ("FreeCAD's BladeThickness", freecad.get("BladeThickness")),
    ):
        thickness = length_mm(value, f"saw {tool.name!r}: {what}")
        if thickness is not None:
            return thickness
    return None if tool.flute_length_mm is None else float(tool.flute_length_mm)
