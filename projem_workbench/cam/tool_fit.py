# SPDX-License-Identifier: LGPL-2.1-or-later
"""Whether a flat tool fits a floor, and what of the floor it cannot reach (FreeCAD's Part
module): the plan picks its tools by these, and a rest pocket clears what the roughing tool
left (``cam.pocket_regions``)."""

from __future__ import annotations

from typing import Any

import Part

TOLERANCE = 1e-4


def fits(face: Any, diameter: float, standing: list[Any]) -> bool:
    """A flat tool of ``diameter`` can move inside the face, keeping off its islands (a
    pocket clears over its openings: see :func:`islands`). Each wire is offset on its own:
    OCCT cannot offset a face whose holes are full circles."""
    radius = diameter / 2 + TOLERANCE
    try:
        room = Part.Face(face.OuterWire).makeOffset2D(-radius, join=0)
        for island in standing:
            room = room.cut(Part.Face(island).makeOffset2D(radius, join=0))
    except Exception:  # FreeCAD raises its kernel errors when nothing is left: no fit
        return False
    return not room.isNull() and room.Area > TOLERANCE


def unreached(face: Any, diameter: float, standing: list[Any]) -> Any | None:
    """What of floor ``face`` (its outline less the islands standing on it) a flat tool of
    ``diameter`` moving inside it cannot reach — corners tighter than its radius, slots and
    necks narrower than it — as a shape (empty when it reaches everything); None when OCCT
    cannot tell. Wires are offset one by one, as in :func:`fits`."""
    radius = diameter / 2 + TOLERANCE
    region = Part.Face(face.OuterWire)
    for island in standing:
        region = region.cut(Part.Face(island))
    try:
        room = Part.Face(face.OuterWire).makeOffset2D(-radius, join=0)
        for island in standing:
            room = room.cut(Part.Face(island).makeOffset2D(radius, join=0))
    except Exception:  # nothing left for the tool's centre: it reaches none of the floor
        return region
    swept = None
    for piece in room.Faces:
        grown = Part.Face(piece.OuterWire).makeOffset2D(radius, join=0)
        for hole in piece.Wires[1:]:
            try:
                shrunk = Part.Face(hole).makeOffset2D(-radius, join=0)
            except Exception:  # the tool's sweep closes the hole
                continue
            grown = grown.cut(shrunk)
        swept = grown if swept is None else swept.fuse(grown)
    try:
        return region if swept is None else region.cut(swept)
    except Exception:  # OCCT cannot subtract them: unknown
        return None


def largest_unreached_mm2(face: Any, diameter: float, standing: list[Any]) -> float | None:
    """The largest piece of the floor a tool of ``diameter`` cannot reach (mm²): a slot it
    cannot enter is one piece, each tight corner a small one of its own."""
    left = unreached(face, diameter, standing)
    if left is None:
        return None
    return max((piece.Area for piece in left.Faces), default=0.0)
