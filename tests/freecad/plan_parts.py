# SPDX-License-Identifier: LGPL-2.1-or-later
"""Test parts for the default plan, built with FreeCAD's Part module by script: shapes the
planner was not written around, each with the feature a shop meets on real parts.

Every part sits on Z = 0 with its lower left corner at the origin; sizes are chosen against
the starter catalogue (its longest standard end mill has 26 mm of flutes, its drills are
3.3, 5, 6.8 and 10 mm), not to suit the planner. Run inside FreeCAD (the lanes import it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import FreeCAD
import Part

from projem_workbench.cam.sample_parts import rounded_box

V = FreeCAD.Vector


def _slot(x0: float, x1: float, y: float, width: float, z0: float, z1: float) -> Any:
    """A slot with round ends along X from ``x0`` to ``x1`` (end centres), from Z0 to Z1."""
    r, h = width / 2, z1 - z0
    body = Part.makeCylinder(r, h, V(x0, y, z0)).fuse(Part.makeCylinder(r, h, V(x1, y, z0)))
    return body.fuse(Part.makeBox(x1 - x0, width, h, V(x0, y - r, z0))).removeSplitter()


def _counterbore(x: float, y: float, top: float, bottom: float, hole: float, bore: float,
                 depth: float) -> Any:  # fmt: skip
    """A through hole of diameter ``hole`` with a counterbore ``bore`` × ``depth`` from ``top``."""
    drilled = Part.makeCylinder(hole / 2, top - bottom, V(x, y, bottom))
    return drilled.fuse(Part.makeCylinder(bore / 2, depth, V(x, y, top - depth)))


def deep_step() -> Any:
    """A step 34 deep, deeper than any standard end mill's flutes, open on three sides."""
    shape = Part.makeBox(90, 50, 46)
    return shape.cut(Part.makeBox(60, 50, 34, V(0, 0, 12))).removeSplitter()


def nested_pocket() -> Any:
    """A pocket 6 deep with a second pocket 8 deeper in its floor."""
    shape = rounded_box(100, 70, 24, 4, V(0, 0, 0))
    shape = shape.cut(rounded_box(70, 46, 6, 6, V(15, 12, 18)))
    return shape.cut(rounded_box(36, 22, 8, 4, V(32, 24, 10))).removeSplitter()


def island_pocket() -> Any:
    """A pocket 10 deep round a boss that stands 3 below the top."""
    shape = Part.makeBox(90, 70, 20)
    shape = shape.cut(rounded_box(70, 50, 10, 6, V(10, 10, 10)))
    return shape.fuse(rounded_box(24, 18, 7, 3, V(33, 26, 10))).removeSplitter()


def counterbored_step() -> Any:
    """An L-bracket: a wall 40 tall on a base 12 thick (a step 28 deep, open on three sides),
    two counterbored Ø6.8 holes (Ø11 × 6.5) and a through slot 10 wide in the base."""
    shape = Part.makeBox(100, 60, 40)
    shape = shape.cut(Part.makeBox(75, 60, 28, V(0, 0, 12)))
    for y in (15, 45):
        shape = shape.cut(_counterbore(14, y, 12, 0, 6.8, 11, 6.5))
    return shape.cut(_slot(38, 58, 30, 10, 0, 12)).removeSplitter()


def through_slot() -> Any:
    """A plate 16 thick with a slot 12 wide through it and an open-ended slot from one side."""
    shape = rounded_box(110, 60, 16, 6, V(0, 0, 0))
    shape = shape.cut(_slot(25, 75, 22, 12, 0, 16))
    return shape.cut(Part.makeBox(30, 10, 6, V(80, 40, 10))).removeSplitter()


def two_level_holes() -> Any:
    """A step 10 deep on one half; Ø5 holes in the top and Ø6.8 and Ø10 holes in the step."""
    shape = Part.makeBox(100, 60, 30)
    shape = shape.cut(Part.makeBox(50, 60, 10, V(50, 0, 20)))
    for x, y in ((12, 12), (38, 48)):
        shape = shape.cut(Part.makeCylinder(2.5, 12, V(x, y, 18)))
    for x, y in ((62, 15), (88, 45)):
        shape = shape.cut(Part.makeCylinder(3.4, 20, V(x, y, 0)))
    return shape.cut(Part.makeCylinder(5, 20, V(75, 30, 0))).removeSplitter()


def round_boss() -> Any:
    """A Ø40 boss 14 tall on a plate 10 thick, with a Ø10 bore through the boss."""
    shape = rounded_box(90, 70, 10, 5, V(0, 0, 0))
    shape = shape.fuse(Part.makeCylinder(20, 14, V(45, 35, 10)))
    return shape.cut(Part.makeCylinder(5, 24, V(45, 35, 0))).removeSplitter()


def tight_corners() -> Any:
    """A pocket with R2 corners and a slot 7 wide off it: the roughing end mill leaves the
    corners and cannot enter the slot (rest machining with a smaller tool)."""
    shape = Part.makeBox(90, 60, 18)
    shape = shape.cut(rounded_box(50, 36, 8, 2, V(10, 12, 10)))
    return shape.cut(Part.makeBox(22, 7, 8, V(60, 26.5, 10))).removeSplitter()


PARTS: dict[str, Callable[[], Any]] = {
    "deep_step": deep_step,
    "nested_pocket": nested_pocket,
    "island_pocket": island_pocket,
    "counterbored_step": counterbored_step,
    "through_slot": through_slot,
    "two_level_holes": two_level_holes,
    "round_boss": round_boss,
    "tight_corners": tight_corners,
}


def build(name: str, path: str) -> dict[str, Any]:
    """Part ``name`` saved as a document at ``path``: its object, volume and box."""
    doc = FreeCAD.newDocument(f"plan_{name}")
    try:
        feature = doc.addObject("Part::Feature", "Part")
        feature.Shape = PARTS[name]()
        doc.recompute()
        doc.saveAs(path)
        shape = feature.Shape
        assert shape.isValid() and len(shape.Solids) == 1, name
        return {"object": feature.Name, "volume_mm3": shape.Volume, "box": shape.BoundBox}
    finally:
        FreeCAD.closeDocument(doc.Name)
