# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the feature finders ask of one face or wire of a part (FreeCAD's Part module): which
way it faces, whether it is a vertical cylinder and on which side the material is, whether
anything stands above it, a point on it, its straight corners. Lengths rounded one way for
every feature, so that equal features compare equal."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import FreeCAD
import Part

from projem_workbench.cam.tool_fit import TOLERANCE

UP = FreeCAD.Vector(0, 0, 1)
# A face counts as reachable when what stands above it is less than this share of its sweep.
SHADOW_SHARE = 1e-3


def rounded(value: float, places: int = 4) -> float:
    result = round(float(value), places)
    return 0.0 if result == 0 else result


def middle(face: Any) -> tuple[float, float]:
    u0, u1, v0, v1 = face.ParameterRange
    return (u0 + u1) / 2, (v0 + v1) / 2


def is_up_facing_plane(face: Any) -> bool:
    return (
        isinstance(face.Surface, Part.Plane)
        and face.normalAt(*middle(face)).z > 1 - TOLERANCE
        and face.BoundBox.ZLength < TOLERANCE
    )


def vertical_cylinder(face: Any) -> Any | None:
    surface = face.Surface
    if isinstance(surface, Part.Cylinder) and abs(abs(surface.Axis.z) - 1) < TOLERANCE:
        return surface
    return None


def is_concave(face: Any, surface: Any) -> bool:
    """A hole or an inside corner: the face's normal points toward the cylinder's axis."""
    u, v = middle(face)
    point, normal = face.valueAt(u, v), face.normalAt(u, v)
    centre = FreeCAD.Vector(surface.Center.x, surface.Center.y, point.z)
    return normal.dot(centre - point) > 0


def reachable(face: Any, solid: Any, top: float) -> bool:
    """Nothing of the solid stands above ``face`` (checked with the face swept up)."""
    height = top - face.BoundBox.ZMax
    if height < TOLERANCE:
        return True
    swept = face.extrude(FreeCAD.Vector(0, 0, height + 1))
    return solid.common(swept).Volume < SHADOW_SHARE * face.Area * (height + 1)


def index_of(item: Any, items: list[Any]) -> int:
    for index, candidate in enumerate(items, start=1):
        if candidate.isSame(item):
            return index
    raise ValueError("sub-shape not found in its shape")


def straight_corners(wire: Any) -> Iterator[tuple[int, Any, float]]:
    """Each vertex where two straight edges of ``wire`` meet: its index (edge ``index`` leaves
    it), point, and the sine of the turn there, positive when it turns the way the whole wire
    does (a corner that is convex for the region the wire bounds)."""
    points = [v.Point for v in wire.OrderedVertexes]
    edges = wire.OrderedEdges
    if len(points) != len(edges) or len(points) < 3:
        return
    area2 = sum(a.x * b.y - b.x * a.y for a, b in zip(points, points[1:] + points[:1], strict=True))
    for index, here in enumerate(points):
        if not all(isinstance(e.Curve, Part.Line) for e in (edges[index - 1], edges[index])):
            continue  # a rounded corner: its radius is the arc's
        a, b = here - points[index - 1], points[(index + 1) % len(points)] - here
        if a.Length > TOLERANCE and b.Length > TOLERANCE:
            yield index, here, math.copysign(a.cross(b).z / (a.Length * b.Length), area2)


def point_in(face: Any) -> Any:
    """A point of ``face`` (its centre of mass when that lies on it, as it does on most)."""
    centre = face.CenterOfMass
    if face.isInside(centre, TOLERANCE, True):
        return centre
    points, triangles = face.tessellate(0.5)
    for a, b, c in triangles:
        point = (points[a] + points[b] + points[c]) * (1 / 3)
        if face.isInside(point, TOLERANCE, True):
            return point
    return centre
