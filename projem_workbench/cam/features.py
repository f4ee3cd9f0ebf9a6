# SPDX-License-Identifier: LGPL-2.1-or-later
"""What a part needs machined from above, found from its geometry (FreeCAD's Part module).

For a 3-axis job with the tool along Z:
- the top faces (for facing) and the inside corners of the part's outline;
- every horizontal face below the top that faces up and that a tool can reach from above
  (pocket floors, steps, slots): its depth, the edges where it opens to the outside, the
  smallest inside corner radius of its walls, its islands (bosses standing on it) and
  openings (holes going down from it), and which tool diameters fit inside it;
- every vertical round hole (coaxial cylinder faces grouped): diameter, position, top, bottom,
  whether it goes through. A round recess with something standing in it (a counterbore
  around a bore) is a floor, not a hole; the flat bottom of a blind hole is the hole's, not a
  floor;
- what lies directly above each floor and hole (the floor or top it opens in): the plan works
  top down on the material that is left, so a feature's depth counts from there;
- every through opening that is not a round hole (a through slot or pocket), found by
  :mod:`projem_workbench.cam.openings`.

Faces and edges are named as FreeCAD names them (``Face7``, ``Edge12``): that is how
operations refer to them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

import FreeCAD
import Part

from projem_workbench.cam import tool_fit
from projem_workbench.cam.tool_fit import TOLERANCE

PROBE = 0.05  # mm: how far beside an edge the solid is probed for a wall
# A face counts as reachable when what stands above it is less than this share of its sweep.
SHADOW_SHARE = 1e-3
UP = FreeCAD.Vector(0, 0, 1)


def _rounded(value: float, places: int = 4) -> float:
    result = round(float(value), places)
    return 0.0 if result == 0 else result


def _middle(face: Any) -> tuple[float, float]:
    u0, u1, v0, v1 = face.ParameterRange
    return (u0 + u1) / 2, (v0 + v1) / 2


def _is_up_facing_plane(face: Any) -> bool:
    return (
        isinstance(face.Surface, Part.Plane)
        and face.normalAt(*_middle(face)).z > 1 - TOLERANCE
        and face.BoundBox.ZLength < TOLERANCE
    )


def _vertical_cylinder(face: Any) -> Any | None:
    surface = face.Surface
    if isinstance(surface, Part.Cylinder) and abs(abs(surface.Axis.z) - 1) < TOLERANCE:
        return surface
    return None


def _is_concave(face: Any, surface: Any) -> bool:
    """A hole or an inside corner: the face's normal points toward the cylinder's axis."""
    u, v = _middle(face)
    point, normal = face.valueAt(u, v), face.normalAt(u, v)
    centre = FreeCAD.Vector(surface.Center.x, surface.Center.y, point.z)
    return normal.dot(centre - point) > 0


def _reachable(face: Any, solid: Any, top: float) -> bool:
    """Nothing of the solid stands above ``face`` (checked with the face swept up)."""
    height = top - face.BoundBox.ZMax
    if height < TOLERANCE:
        return True
    swept = face.extrude(FreeCAD.Vector(0, 0, height + 1))
    return solid.common(swept).Volume < SHADOW_SHARE * face.Area * (height + 1)


def _largest_unreached(face: Any, diameter: float, standing: list[Any]) -> float | None:
    area = tool_fit.largest_unreached_mm2(face, diameter, standing)
    return None if area is None else _rounded(area, 3)


def _edge_has_wall(edge: Any, floor: Any, solid: Any) -> bool:
    """Material stands just beside ``edge`` on the side away from ``floor``, above it."""
    middle = edge.valueAt((edge.FirstParameter + edge.LastParameter) / 2)
    tangent = edge.tangentAt((edge.FirstParameter + edge.LastParameter) / 2)
    across = tangent.cross(UP)
    if across.Length < TOLERANCE:
        return True  # a vertical edge: not a boundary of a horizontal floor
    across.normalize()
    z = floor.BoundBox.ZMax
    for side in (across, -across):
        beside = middle + side * PROBE
        if not floor.isInside(FreeCAD.Vector(beside.x, beside.y, z), TOLERANCE, True):
            return solid.isInside(beside + UP * PROBE, TOLERANCE, True)
    return True


def _wire_has_wall(wire: Any, floor: Any, solid: Any) -> bool:
    return any(_edge_has_wall(edge, floor, solid) for edge in wire.Edges)


def islands(shape: Any, face_name: str) -> list[Any]:
    """The inner wires of floor ``face_name`` that material rises from (a boss standing on
    it), as opposed to its openings (a hole or bore going down from it, empty above the
    floor). A pocket keeps off islands; over an opening it clears the floor whole, the
    opening being machined by its own operation."""
    face = shape.getElement(face_name)
    return [wire for wire in face.Wires[1:] if _wire_has_wall(wire, face, shape)]


def _index_of(item: Any, items: list[Any]) -> int:
    for index, candidate in enumerate(items, start=1):
        if candidate.isSame(item):
            return index
    raise ValueError("sub-shape not found in its shape")


def _floor_walls(floor: Any, shape: Any) -> tuple[list[Any], list[Any]]:
    """The floor's outer edges in order, and which of them have a wall (False: open)."""
    edges = floor.OuterWire.OrderedEdges
    return edges, [_edge_has_wall(edge, floor, shape) for edge in edges]


def _straight_corners(wire: Any) -> Iterator[tuple[int, Any, float]]:
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


def open_edges(shape: Any, face_name: str) -> list[str]:
    """The edges (``EdgeN`` of ``shape``) where floor ``face_name`` opens to the outside."""
    face = shape.getElement(face_name)
    edges, walls = _floor_walls(face, shape)
    names = [_index_of(e, shape.Edges) for e, wall in zip(edges, walls, strict=True) if not wall]
    return [f"Edge{n}" for n in sorted(names)]


def _inside_corner_radius(
    floor: Any, shape: Any, edges: list[Any], walls: list[bool]
) -> float | None:
    """Smallest radius of the inside corners around ``floor``: concave vertical arcs of its
    walls, or 0 where two straight walls meet; None when it has no inside corner."""
    radii = []
    z = floor.BoundBox.ZMax
    for edge, wall in zip(edges, walls, strict=True):
        if not wall or not isinstance(edge.Curve, Part.Circle):
            continue
        for face in shape.ancestorsOfType(edge, Part.Face):
            surface = _vertical_cylinder(face)
            rises = surface is not None and face.BoundBox.ZMax > z + TOLERANCE
            if rises and _is_concave(face, surface):
                radii.append(_rounded(surface.Radius))
    for index, point, turn in _straight_corners(floor.OuterWire):
        # Convex for the floor with walls on both sides: no round tool reaches into it (open
        # on one side, a tool gets there from outside).
        if turn > 1e-3 and walls[index - 1] and walls[index] and _walls_meet_above(point, z, shape):
            radii.append(0.0)
    return min(radii) if radii else None


def _walls_meet_above(point: Any, z: float, shape: Any) -> bool:
    """A vertical edge of the part rises from ``point``: two walls meet there."""
    for edge in shape.Edges:
        box = edge.BoundBox
        if (
            isinstance(edge.Curve, Part.Line)
            and box.XLength < TOLERANCE
            and box.YLength < TOLERANCE
            and abs(box.ZMin - z) < TOLERANCE
            and box.ZMax > z + TOLERANCE
            and abs(box.XMin - point.x) < TOLERANCE
            and abs(box.YMin - point.y) < TOLERANCE
        ):
            return True
    return False


def _cylinder_groups(shape: Any) -> list[dict[str, Any]]:
    """Concave vertical cylinder faces grouped by axis and radius, each group a full circle."""
    groups: dict[tuple[float, float, float], dict[str, Any]] = {}
    for index, face in enumerate(shape.Faces, start=1):
        surface = _vertical_cylinder(face)
        if surface is None or not _is_concave(face, surface):
            continue
        key = (
            _rounded(surface.Center.x, 3),
            _rounded(surface.Center.y, 3),
            _rounded(surface.Radius, 4),
        )
        group = groups.setdefault(
            key, {"faces": [], "z_min": math.inf, "z_max": -math.inf, "sweep": 0.0, "height": 0.0}
        )
        group["faces"].append(f"Face{index}")
        group["z_min"] = min(group["z_min"], face.BoundBox.ZMin)
        group["z_max"] = max(group["z_max"], face.BoundBox.ZMax)
        u0, u1, _, _ = face.ParameterRange
        group["sweep"] += (u1 - u0) * face.BoundBox.ZLength
    holes = []
    for (x, y, radius), group in groups.items():
        height = group["z_max"] - group["z_min"]
        # Only a full circle over the whole height is a hole (not a rounded inside corner).
        if height < TOLERANCE or group["sweep"] < 2 * math.pi * height * (1 - 1e-6):
            continue
        holes.append(
            {
                "faces": group["faces"],
                "x": x,
                "y": y,
                "diameter": _rounded(2 * radius),
                "z_top": _rounded(group["z_max"]),
                "z_bottom": _rounded(group["z_min"]),
            }
        )
    return holes


def _bottom_of(hole: dict[str, Any], floors: list[tuple[str, Any]]) -> tuple[str, Any] | None:
    """The floor face closing the hole's bottom, if any."""
    for name, face in floors:
        box = face.BoundBox
        if abs(box.ZMax - hole["z_bottom"]) > TOLERANCE:
            continue
        radius = hole["diameter"] / 2
        if (
            abs(box.XMin - (hole["x"] - radius)) < 1e-3
            and abs(box.XMax - (hole["x"] + radius)) < 1e-3
            and abs(box.YMin - (hole["y"] - radius)) < 1e-3
        ):
            return name, face
    return None


def _point_in(face: Any) -> Any:
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


def _level_above(
    x: float, y: float, z: float, levels: list[tuple[str, Any]], top_faces: list[Any]
) -> str | None:
    """What lies directly above (x, y) from height ``z``: the nearest higher floor whose outline
    holds the point, "top" when only the part's top does, None when neither does (a slope or
    an overhang: the stock there is not known to be cleared by a flat level)."""
    above = None
    for name, face in levels:
        level = face.BoundBox.ZMax
        if level <= z + TOLERANCE or (above is not None and level >= above[1]):
            continue
        if Part.Face(face.OuterWire).isInside(FreeCAD.Vector(x, y, level), TOLERANCE, True):
            above = (name, level)
    if above is not None:
        return above[0]
    for face in top_faces:
        point = FreeCAD.Vector(x, y, face.BoundBox.ZMax)
        if Part.Face(face.OuterWire).isInside(point, TOLERANCE, True):
            return "top"
    return None


def _outline_corner_radius(shape: Any, levels: Iterable[float]) -> float | None:
    """Smallest inside corner radius of the part's outline at any of its heights (0 for a
    sharp inside corner; None when the outline is convex all round)."""
    radii: list[float] = []
    for z in levels:
        wires = shape.slice(UP, z)
        if not wires:
            continue
        outer = max(wires, key=lambda w: w.BoundBox.DiagonalLength)
        region = Part.Face(outer)
        for edge in outer.Edges:
            if isinstance(edge.Curve, Part.Circle):
                centre = edge.Curve.Center
                if not region.isInside(FreeCAD.Vector(centre.x, centre.y, z), TOLERANCE, True):
                    radii.append(_rounded(edge.Curve.Radius))
        # Turning against the outline: an inside corner, which a round tool leaves rounded.
        radii.extend(0.0 for _, _, turn in _straight_corners(outer) if turn < -1e-3)
    return min(radii) if radii else None


def analyse(shape: Any, *, diameters: Iterable[float] = ()) -> dict[str, Any]:
    """The machining features of ``shape`` (a solid or compound of solids), as plain data.

    ``diameters``: tool diameters to test each floor with (the library's end mills).
    """
    box = shape.BoundBox
    top, bottom = box.ZMax, box.ZMin
    diameters = sorted({float(d) for d in diameters})
    top_faces, flat = [], []
    for index, face in enumerate(shape.Faces, start=1):
        if _is_up_facing_plane(face):
            if face.BoundBox.ZMax > top - TOLERANCE:
                top_faces.append(f"Face{index}")
            else:
                flat.append((f"Face{index}", face))
    holes, hole_bottoms, recess_walls = [], set(), set()
    for hole in _cylinder_groups(shape):
        closing = _bottom_of(hole, flat)
        if closing is not None and closing[1].Wires[1:]:
            recess_walls.update(hole["faces"])  # a round recess around something: a floor
            continue
        if closing is not None:
            hole_bottoms.add(closing[0])
        hole["through"] = hole["z_bottom"] <= bottom + TOLERANCE
        hole["flat_bottom"] = closing is not None
        hole["reachable"] = _hole_open_above(hole, shape, top)
        holes.append(hole)
    floors = []
    for name, face in flat:
        if name in hole_bottoms:
            continue
        edges, walls = _floor_walls(face, shape)
        standing = islands(shape, name)
        fitting = [d for d in diameters if tool_fit.fits(face, d, standing)]
        walls_open = not all(walls)
        fb = face.BoundBox
        floors.append(
            {
                "face": name,
                "z": _rounded(fb.ZMax),
                "depth": _rounded(top - fb.ZMax),
                "area": _rounded(face.Area, 3),
                "box": [_rounded(v, 3) for v in (fb.XMin, fb.YMin, fb.XMax, fb.YMax)],
                "reachable": _reachable(face, shape, top),
                "corner_radius": _inside_corner_radius(face, shape, edges, walls),
                "open_edges": open_edges(shape, name),
                "openings": len(face.Wires) - 1 - len(standing),
                "islands": len(standing),
                "fits": fitting,
                # Of a closed floor, the largest piece each fitting tool cannot reach: rest
                # machining is for a slot the rougher cannot enter, not for its corners.
                "unreached_largest_mm2": [
                    None if walls_open else _largest_unreached(face, d, standing) for d in fitting
                ],
            }
        )
    levels = [(f["face"], shape.getElement(f["face"])) for f in floors]
    tops = [shape.getElement(name) for name in top_faces]
    for hole in holes:
        hole["opens_in"] = _opening_floor(hole, top, levels)
    for floor, (_, face) in zip(floors, levels, strict=True):
        point = _point_in(face)
        floor["above"] = _level_above(point.x, point.y, floor["z"], levels, tops)
    from projem_workbench.cam.openings import through_openings  # it builds on this module

    openings = through_openings(
        shape,
        hole_faces={name for hole in holes for name in hole["faces"]},
        diameters=diameters,
        top=top,
    )
    for opening in openings:
        x, y = opening["point"]
        opening["opens_in"] = _level_above(x, y, opening["z_top"] - PROBE, levels, tops)
    heights = sorted({bottom + (top - bottom) / 2} | {f["z"] - 0.01 for f in floors} | {top - 0.01})
    return {
        "bounding_box": [
            _rounded(v) for v in (box.XMin, box.YMin, box.ZMin, box.XMax, box.YMax, box.ZMax)
        ],
        "top_faces": top_faces,
        "floors": sorted(floors, key=lambda f: (-f["z"], f["face"])),
        "holes": sorted(holes, key=lambda h: (h["diameter"], h["y"], h["x"])),
        "through_openings": openings,
        "outline_corner_radius": _outline_corner_radius(shape, heights),
        "sloped_faces": _sloped_faces(shape),
        "volume": _rounded(shape.Volume, 3),
    }


def _opening_floor(hole: dict[str, Any], top: float, floors: list[tuple[str, Any]]) -> str | None:
    """Where the hole opens: "top", the floor it opens in, or None (it opens in a sloped or
    curved face, or under a side pocket: no floor the plan clears lies round its top)."""
    if hole["z_top"] > top - 1e-3:
        return "top"
    for name, face in floors:
        if abs(face.BoundBox.ZMax - hole["z_top"]) > 1e-3:
            continue
        centre = FreeCAD.Vector(hole["x"], hole["y"], face.BoundBox.ZMax)
        if Part.Face(face.OuterWire).isInside(centre, TOLERANCE, True):
            return name
    return None


def _sloped_faces(shape: Any) -> list[dict[str, Any]]:
    """Faces that face up but are neither flat nor vertical (slopes, chamfers, countersinks,
    fillets): flat-bottomed tools moving in levels leave steps of stock on them."""
    found = []
    for index, face in enumerate(shape.Faces, start=1):
        if _is_up_facing_plane(face) or face.BoundBox.ZLength < TOLERANCE:
            continue
        try:
            up = face.normalAt(*_middle(face)).z
        except Exception:  # a face OCCT cannot evaluate at its middle: not classified
            continue
        if up > 1e-3:
            found.append({"face": f"Face{index}", "area": _rounded(face.Area, 3)})
    return found


def _hole_open_above(hole: dict[str, Any], solid: Any, top: float) -> bool:
    height = top - hole["z_top"]
    if height < TOLERANCE:
        return True
    probe = Part.makeCylinder(
        hole["diameter"] / 2 * 0.99,
        height + 1,
        FreeCAD.Vector(hole["x"], hole["y"], hole["z_top"] + TOLERANCE),
    )
    return solid.common(probe).Volume < SHADOW_SHARE * probe.Volume
