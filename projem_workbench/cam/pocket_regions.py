# SPDX-License-Identifier: LGPL-2.1-or-later
"""The region a pocket or adaptive clearing clears, handed to FreeCAD as faces of their own:
a floor's outline less the bosses standing on it (clearing over its openings), or what the
walls of a through opening enclose."""

from __future__ import annotations

from typing import Any

import Part

from projem_workbench.cam.faces import middle
from projem_workbench.cam.features import islands
from projem_workbench.cam.tool_fit import unreached
from projem_workbench.errors import CamError

REST_MARGIN_MM = 0.5  # a rest pass reaches this far into what the tool before it cleared
REST_MIN_MM2 = 0.01  # less left than this is nothing to cut


def clear_over_openings(
    op: Any, model: Any, faces: list[str], *, rest_after_mm: float | None = None
) -> None:
    """Make a pocket or adaptive clearing clear over the openings in its floors.

    FreeCAD's pocket and adaptive clearing keep off every inner wire of their floor, leaving
    a column of stock over each opening (a bore, a hole, a deeper pocket) that the drill,
    helix or next pocket then rapids into. The region to clear is each floor's outer wire
    less its islands (a boss standing on it), given to FreeCAD as a face of its own: FreeCAD's
    own UseOutline takes a face's first wire, which is not always its outer one.

    With ``rest_after_mm`` (rest machining) the region is only what an end mill of that
    diameter left of each floor (:func:`tool_fit.unreached`), grown by this tool's radius and a
    margin so that it cuts into what was cleared, and kept inside the floor.
    """
    walls = [f for f in faces if _is_wall(model.Shape.getElement(f))]
    if walls and len(walls) < len(faces):
        raise CamError(f"{op.Label}: give either the floors of a pocket or the walls round it")
    if walls:  # a through opening: what its walls enclose, at their bottom
        regions = [_enclosed_by(model.Shape, walls, op.Label)]
    else:
        standing = {face: islands(model.Shape, face) for face in faces}
        regions = []
        for face in faces:
            floor = model.Shape.getElement(face)
            region = Part.Face(floor.OuterWire)
            for island in standing[face]:
                region = region.cut(Part.Face(island))
            if rest_after_mm is not None:
                region = _rest_of(region, floor, rest_after_mm, standing[face], op)
            regions.extend(region.Faces)
    if not regions:
        raise CamError(f"{op.Label}: the end mill of {rest_after_mm:g} mm left nothing here")
    holder = op.Document.addObject("Part::Feature", f"{op.Name}_Region")
    holder.Shape = Part.makeCompound(regions)
    holder.Label = f"{op.Label} region"
    holder.Visibility = False
    op.Base = [(holder, [f"Face{n}" for n in range(1, len(regions) + 1)])]


def _rest_of(region: Any, floor: Any, before_mm: float, standing: list[Any], op: Any) -> Any:
    left = unreached(floor, before_mm, standing)
    if left is None:
        raise CamError(
            f"{op.Label}: FreeCAD cannot work out what the {before_mm:g} mm end mill left"
        )
    if left.isNull() or left.Area < REST_MIN_MM2:
        return Part.Shape()
    radius = float(op.ToolController.Tool.Diameter) / 2
    pieces = [
        Part.Face(f.OuterWire).makeOffset2D(radius + REST_MARGIN_MM, join=0) for f in left.Faces
    ]
    grown = pieces[0].multiFuse(pieces[1:]) if len(pieces) > 1 else pieces[0]
    return region.common(grown)


def _is_wall(face: Any) -> bool:
    return face.BoundBox.ZLength > 1e-6 and abs(face.normalAt(*middle(face)).z) < 1e-6


def _enclosed_by(shape: Any, walls: list[str], label: str) -> Any:
    """The face the vertical ``walls`` enclose, at the height of their lowest edges (a
    pocket of a through opening: the part has no floor there to name)."""
    faces = [shape.getElement(w) for w in walls]
    z = min(f.BoundBox.ZMin for f in faces)
    edges = [
        e
        for f in faces
        for e in f.Edges
        if e.BoundBox.ZLength < 1e-6 and abs(e.BoundBox.ZMin - z) < 1e-6
    ]
    try:
        return Part.Face(Part.Wire(Part.__sortEdges__(edges)))
    except Exception as exc:  # OCCT's errors: the walls do not close round an opening
        raise CamError(f"{label}: the walls {', '.join(walls)} do not enclose an opening") from exc
