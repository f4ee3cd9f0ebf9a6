# SPDX-License-Identifier: LGPL-2.1-or-later
"""Through openings that are not round holes (a through slot, a through pocket), found from the
part's geometry (FreeCAD's Part module): the inner wires of the faces that close the part's
bottom, each with the wall faces round it, where it starts, whether nothing overhangs it, and
which tool diameters fit inside. A pocket of such an opening names its walls: the part has no
floor there (see ``cam.job_builder``)."""

from __future__ import annotations

from typing import Any

import FreeCAD
import Part

from projem_workbench.cam.faces import (
    UP,
    index_of,
    middle,
    point_in,
    reachable,
    rounded,
    straight_corners,
)
from projem_workbench.cam.tool_fit import TOLERANCE, fits


def _is_down_facing_plane(face: Any) -> bool:
    return (
        isinstance(face.Surface, Part.Plane)
        and face.normalAt(*middle(face)).z < -1 + TOLERANCE
        and face.BoundBox.ZLength < TOLERANCE
    )


def through_openings(
    shape: Any, *, hole_faces: set[str], diameters: list[float], top: float
) -> list[dict[str, Any]]:
    """Openings through the part's bottom that are not round holes (a through slot or pocket):
    the walls round each (FreeCAD's faces, ``walls``), where they start (``z_top``), whether
    nothing stands over them, and which tool diameters fit inside."""
    bottom = shape.BoundBox.ZMin
    found = []
    for face in shape.Faces:
        if not _is_down_facing_plane(face) or face.BoundBox.ZMax > bottom + TOLERANCE:
            continue
        for wire in face.Wires[1:]:
            walls: dict[str, Any] = {}
            for edge in wire.Edges:
                for wall in shape.ancestorsOfType(edge, Part.Face):
                    if not wall.isSame(face):
                        walls[f"Face{index_of(wall, shape.Faces)}"] = wall
            if not walls or set(walls) & hole_faces:
                continue  # a round hole: drilled or helix-milled as one
            region = Part.Face(wire)
            z_top = max(w.BoundBox.ZMax for w in walls.values())
            box = region.BoundBox
            found.append(
                {
                    "walls": sorted(walls, key=lambda n: int(n[4:])),
                    "z_top": rounded(z_top),
                    "z_bottom": rounded(bottom),
                    "area": rounded(region.Area, 3),
                    "box": [rounded(v, 3) for v in (box.XMin, box.YMin, box.XMax, box.YMax)],
                    "point": [rounded(v, 4) for v in point_in(region)[:2]],
                    "reachable": reachable(region.translated(UP * (z_top - bottom)), shape, top),
                    "corner_radius": _opening_corner_radius(wire, region),
                    "fits": [d for d in diameters if fits(region, d, [])],
                }
            )
    return found


def _opening_corner_radius(wire: Any, region: Any) -> float | None:
    """Smallest inside corner radius of a through opening: arcs curving round the opening
    (their centre inside it), 0 for a sharp corner between straight walls."""
    radii = []
    for edge in wire.Edges:
        if isinstance(edge.Curve, Part.Circle):
            centre = edge.Curve.Center
            if region.isInside(
                FreeCAD.Vector(centre.x, centre.y, region.BoundBox.ZMax), 1e-3, True
            ):
                radii.append(rounded(edge.Curve.Radius))
    radii.extend(0.0 for _, _, turn in straight_corners(wire) if turn > 1e-3)
    return min(radii) if radii else None
