# SPDX-License-Identifier: LGPL-2.1-or-later
"""The region a pocket or adaptive clearing clears, handed to FreeCAD as faces of their own:
a floor's outline less the bosses standing on it (clearing over its openings), or what the
walls of a through opening enclose."""

from __future__ import annotations

from typing import Any

import Part

from projem_workbench.cam.features import islands
from projem_workbench.errors import CamError


def clear_over_openings(op: Any, model: Any, faces: list[str]) -> None:
    """Make a pocket or adaptive clearing clear over the openings in its floors.

    FreeCAD's pocket and adaptive clearing keep off every inner wire of their floor, leaving
    a column of stock over each opening (a bore, a hole, a deeper pocket) that the drill,
    helix or next pocket then rapids into. The region to clear is each floor's outer wire
    less its islands (a boss standing on it), given to FreeCAD as a face of its own: FreeCAD's
    own UseOutline takes a face's first wire, which is not always its outer one.
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
            regions.extend(region.Faces)
    holder = op.Document.addObject("Part::Feature", f"{op.Name}_Region")
    holder.Shape = Part.makeCompound(regions)
    holder.Label = f"{op.Label} region"
    holder.Visibility = False
    op.Base = [(holder, [f"Face{n}" for n in range(1, len(regions) + 1)])]


def _is_wall(face: Any) -> bool:
    return face.BoundBox.ZLength > 1e-6 and abs(face.normalAt(*_middle(face)).z) < 1e-6


def _middle(face: Any) -> tuple[float, float]:
    u0, u1, v0, v1 = face.ParameterRange
    return (u0 + u1) / 2, (v0 + v1) / 2


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
