# SPDX-License-Identifier: LGPL-2.1-or-later
"""Sample parts built with FreeCAD's Part module: the demo's plate and two more test parts.

- ``plate``: 100 × 60 × 20 with R5 outside corners, a 40 × 20 × 5 pocket with R3 corners and
  four Ø6.8 through holes (M8 tapping size) — the part ``make demo`` machines.
- ``bracket``: 80 × 50 × 30 with a step 30 wide and 15 deep open on three sides, a closed
  slot 8 wide and 6 deep, and in the step two Ø5 blind holes 10 deep and a Ø14 through hole
  that no drill of the starter catalogue fits (milled instead).
- ``flange``: Ø80 × 15 disc with a Ø30 bore, a Ø50 × 3 counterbore around it and six Ø6.8
  holes on a Ø65 bolt circle.
- ``cover``: a PartDesign Body, made as a designer makes one: a 90 × 60 × 18 Pad from a
  sketch, a 40 × 24 × 6 Pocket from a sketch on the top, four Ø6.8 through Holes in the
  corners and two Ø5 through Holes in the pocket's floor (PartDesign::Hole features).

Every part sits on Z = 0 with its outline's lower left corner (or centre) at the origin.
"""

from __future__ import annotations

import math
from typing import Any

import FreeCAD
import Part

V = FreeCAD.Vector


def vertical_edges(shape: Any) -> list[Any]:
    return [
        e
        for e in shape.Edges
        if isinstance(e.Curve, Part.Line)
        and e.BoundBox.XLength < 1e-9
        and e.BoundBox.YLength < 1e-9
    ]


def rounded_box(x: float, y: float, z: float, radius: float, at: Any) -> Any:
    box = Part.makeBox(x, y, z, at)
    return box.makeFillet(radius, vertical_edges(box))


def _slot(start: Any, end: Any, width: float, depth: float, top: float) -> Any:
    """A slot with round ends between two centre points, cut down from ``top``."""
    radius = width / 2
    body = Part.makeCylinder(radius, depth, V(start.x, start.y, top - depth))
    body = body.fuse(Part.makeCylinder(radius, depth, V(end.x, end.y, top - depth)))
    length = (end - start).Length
    box = Part.makeBox(length, width, depth, V(start.x, start.y - radius, top - depth))
    return body.fuse(box).removeSplitter()


def plate() -> Any:
    shape = rounded_box(100, 60, 20, 5, V(0, 0, 0))
    shape = shape.cut(rounded_box(40, 20, 5, 3, V(30, 20, 15)))
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


def _sketch(body: Any, name: str, z: float) -> Any:
    """A sketch in ``body`` on its XY plane, lifted to height ``z``."""
    plane = next(f for f in body.Origin.OriginFeatures if f.Role == "XY_Plane")
    sketch = body.newObject("Sketcher::SketchObject", name)
    # 1.0 renamed the attachment's Support to AttachmentSupport.
    support = "AttachmentSupport" if "AttachmentSupport" in sketch.PropertiesList else "Support"
    setattr(sketch, support, [(plane, "")])
    sketch.MapMode = "FlatFace"
    sketch.AttachmentOffset = FreeCAD.Placement(V(0, 0, z), FreeCAD.Rotation())
    return sketch


def _rectangle(sketch: Any, x0: float, y0: float, x1: float, y1: float) -> None:
    corners = [V(x0, y0, 0), V(x1, y0, 0), V(x1, y1, 0), V(x0, y1, 0)]
    for index, corner in enumerate(corners):
        sketch.addGeometry(Part.LineSegment(corner, corners[(index + 1) % 4]))


def _holes(body: Any, name: str, z: float, diameter: float, centres: list[tuple[float, float]]):  # type: ignore[no-untyped-def]
    """Through holes (a PartDesign::Hole) at ``centres``, drilled down from height ``z``."""
    sketch = _sketch(body, f"{name}Sketch", z)
    for x, y in centres:
        sketch.addGeometry(Part.Circle(V(x, y, 0), V(0, 0, 1), diameter / 2))
    # A hole reads its base's shape as its properties change: the base must be computed.
    body.Document.recompute()
    hole = body.newObject("PartDesign::Hole", name)
    hole.Profile = sketch
    hole.Threaded = False
    hole.Diameter = diameter
    hole.DepthType = "ThroughAll"
    return hole


def cover(doc: Any) -> Any:
    import PartDesign  # noqa: F401  (loads the Body's feature types)
    import Sketcher  # noqa: F401

    body = doc.addObject("PartDesign::Body", "Body")
    base = _sketch(body, "BaseSketch", 0)
    _rectangle(base, 0, 0, 90, 60)
    pad = body.newObject("PartDesign::Pad", "Pad")
    pad.Profile = base
    pad.Length = 18
    recess = _sketch(body, "PocketSketch", 18)
    _rectangle(recess, 25, 18, 65, 42)
    pocket = body.newObject("PartDesign::Pocket", "Pocket")
    pocket.Profile = recess
    pocket.Length = 6
    _holes(body, "CornerHoles", 18, 6.8, [(8, 8), (82, 8), (8, 52), (82, 52)])
    _holes(body, "FloorHoles", 12, 5, [(35, 30), (55, 30)])
    return body


PARTS = {"plate": plate, "bracket": bracket, "flange": flange}
# Parts built as documents of features rather than as one shape.
DOCUMENTS = {"cover": cover}


def build(name: str, path: str) -> dict[str, Any]:
    """Build sample part ``name`` into a new document saved at ``path``."""
    doc = FreeCAD.newDocument(f"projem_{name}")
    try:
        if name in DOCUMENTS:
            feature = DOCUMENTS[name](doc)
        else:
            feature = doc.addObject("Part::Feature", name.capitalize())
            feature.Shape = PARTS[name]()
        doc.recompute()
        invalid = [o.Name for o in doc.Objects if "Invalid" in o.State or "Error" in o.State]
        if invalid:
            raise RuntimeError(f"sample part {name}: FreeCAD could not compute {invalid}")
        doc.saveAs(path)
        shape = feature.Shape
        box = shape.BoundBox
        return {
            "path": path,
            "object": feature.Name,
            "volume_mm3": round(shape.Volume, 6),
            "solids": len(shape.Solids),
            "bounding_box_mm": [
                round(v, 6) for v in (box.XMin, box.YMin, box.ZMin, box.XMax, box.YMax, box.ZMax)
            ],
        }
    finally:
        FreeCAD.closeDocument(doc.Name)
