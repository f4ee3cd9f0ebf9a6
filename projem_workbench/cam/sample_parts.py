# SPDX-License-Identifier: LGPL-2.1-or-later
"""Sample parts built with FreeCAD's Part module: the demo's plate and two more test parts.

- ``plate``: 100 × 60 × 20 with R5 outside corners, a 40 × 20 × 5 pocket with R3 corners and
  four Ø6.8 through holes (M8 tapping size) — the part ``make demo`` machines.
- ``bracket``: 80 × 50 × 30 with a step 30 wide and 15 deep open on three sides, a closed
  slot 8 wide and 6 deep, and in the step two Ø5 blind holes 10 deep and a Ø14 through hole
  that no drill of the starter catalogue fits (milled instead).
- ``flange``: Ø80 × 15 disc with a Ø30 bore, a Ø50 × 3 counterbore around it and six Ø6.8
  holes on a Ø65 bolt circle.

Every part sits on Z = 0 with its outline's lower left corner (or centre) at the origin.
"""

from __future__ import annotations

import math
from typing import Any

import FreeCAD
import Part

V = FreeCAD.Vector


def _vertical_edges(shape: Any) -> list[Any]:
    return [
        e
        for e in shape.Edges
        if isinstance(e.Curve, Part.Line)
        and e.BoundBox.XLength < 1e-9
        and e.BoundBox.YLength < 1e-9
    ]


def _rounded_box(x: float, y: float, z: float, radius: float, at: Any) -> Any:
    box = Part.makeBox(x, y, z, at)
    return box.makeFillet(radius, _vertical_edges(box))


def _slot(start: Any, end: Any, width: float, depth: float, top: float) -> Any:
    """A slot with round ends between two centre points, cut down from ``top``."""
    radius = width / 2
    body = Part.makeCylinder(radius, depth, V(start.x, start.y, top - depth))
    body = body.fuse(Part.makeCylinder(radius, depth, V(end.x, end.y, top - depth)))
    length = (end - start).Length
    box = Part.makeBox(length, width, depth, V(start.x, start.y - radius, top - depth))
    return body.fuse(box).removeSplitter()


def plate() -> Any:
    shape = _rounded_box(100, 60, 20, 5, V(0, 0, 0))
    shape = shape.cut(_rounded_box(40, 20, 5, 3, V(30, 20, 15)))
    for x, y in ((10, 10), (90, 10), (10, 50), (90, 50)):
        shape = shape.cut(Part.makeCylinder(3.4, 20, V(x, y, 0)))
    return shape.removeSplitter()


def bracket() -> Any:
    shape = Part.makeBox(80, 50, 30)
    shape = shape.cut(Part.makeBox(30, 50, 15, V(0, 0, 15)))
    shape = shape.cut(_slot(V(45, 12, 0), V(70, 12, 0), 8, 6, 30))
    for y in (10, 40):
        shape = shape.cut(Part.makeCylinder(2.5, 10, V(8, y, 5)))
    shape = shape.cut(Part.makeCylinder(7, 15, V(18, 25, 0)))
    return shape.removeSplitter()


def flange() -> Any:
    shape = Part.makeCylinder(40, 15)
    shape = shape.cut(Part.makeCylinder(25, 3, V(0, 0, 12)))
    shape = shape.cut(Part.makeCylinder(15, 15))
    for index in range(6):
        angle = math.radians(30 + 60 * index)
        shape = shape.cut(
            Part.makeCylinder(3.4, 15, V(32.5 * math.cos(angle), 32.5 * math.sin(angle), 0))
        )
    return shape.removeSplitter()


PARTS = {"plate": plate, "bracket": bracket, "flange": flange}


def build(name: str, path: str) -> dict[str, Any]:
    """Build sample part ``name`` into a new document saved at ``path``."""
    shape = PARTS[name]()
    doc = FreeCAD.newDocument(f"projem_{name}")
    try:
        feature = doc.addObject("Part::Feature", name.capitalize())
        feature.Shape = shape
        doc.recompute()
        doc.saveAs(path)
        box = shape.BoundBox
        return {
            "path": path,
            "object": feature.Name,
            "volume_mm3": round(shape.Volume, 6),
            "bounding_box_mm": [
                round(v, 6) for v in (box.XMin, box.YMin, box.ZMin, box.XMax, box.YMax, box.ZMax)
            ],
        }
    finally:
        FreeCAD.closeDocument(doc.Name)
