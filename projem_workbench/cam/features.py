# SPDX-License-Identifier: LGPL-2.1-or-later
"""What a part needs machined from above, found from its geometry (FreeCAD's Part module).

For a 3-axis job with the tool along Z:
- the top faces (for facing) and the inside corners of the part's outline;
- every horizontal face below the top that faces up and that a tool can reach from above
  (pocket floors, steps, slots): its depth, the edges where it opens to the outside, the
  smallest inside corner radius of its walls, its islands (bosses standing on it) and
  openings (holes going down from it), and which tool diameters fit inside it;
- every vertical round hole (coaxial cylinder faces grouped), found by
  :mod:`projem_workbench.cam.holes`: diameter, position, top, bottom, whether it goes through;
- what lies directly above each floor and hole (the floor or top it opens in): the plan works
  top down on the material that is left, so a feature's depth counts from there;
- every through opening that is not a round hole (a through slot or pocket), found by
  :mod:`projem_workbench.cam.openings`.

Faces and edges are named as FreeCAD names them (``Face7``, ``Edge12``): that is how
operations refer to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import FreeCAD
import Part

from projem_workbench.cam import tool_fit
from projem_workbench.cam.faces import (
    UP,
    index_of,
    is_concave,
    is_up_facing_plane,
    middle,
    point_in,
    reachable,
    rounded,
    straight_corners,
    vertical_cylinder,
)
from projem_workbench.cam.holes import find as find_holes
from projem_workbench.cam.holes import opens_in
from projem_workbench.cam.openings import through_openings
from projem_workbench.cam.tool_fit import TOLERANCE

PROBE = 0.05  # mm: how far beside an edge the solid is probed for a wall


def _largest_unreached(face: Any, diameter: float, standing: list[Any]) -> float | None:
    area = tool_fit.largest_unreached_mm2(face, diameter, standing)
    return None if area is None else rounded(area, 3)


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


def _floor_walls(floor: Any, shape: Any) -> tuple[list[Any], list[Any]]:
    """The floor's outer edges in order, and which of them have a wall (False: open)."""
    edges = floor.OuterWire.OrderedEdges
    return edges, [_edge_has_wall(edge, floor, shape) for edge in edges]


def open_edges(shape: Any, face_name: str) -> list[str]:
    """The edges (``EdgeN`` of ``shape``) where floor ``face_name`` opens to the outside."""
    face = shape.getElement(face_name)
    edges, walls = _floor_walls(face, shape)
    names = [index_of(e, shape.Edges) for e, wall in zip(edges, walls, strict=True) if not wall]
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
            surface = vertical_cylinder(face)
            rises = surface is not None and face.BoundBox.ZMax > z + TOLERANCE
            if rises and is_concave(face, surface):
                radii.append(rounded(surface.Radius))
    for index, point, turn in straight_corners(floor.OuterWire):
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
                    radii.append(rounded(edge.Curve.Radius))
        # Turning against the outline: an inside corner, which a round tool leaves rounded.
        radii.extend(0.0 for _, _, turn in straight_corners(outer) if turn < -1e-3)
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
        if is_up_facing_plane(face):
            if face.BoundBox.ZMax > top - TOLERANCE:
                top_faces.append(f"Face{index}")
            else:
                flat.append((f"Face{index}", face))
    holes, hole_bottoms = find_holes(shape, flat, top, bottom)
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
                "z": rounded(fb.ZMax),
                "depth": rounded(top - fb.ZMax),
                "area": rounded(face.Area, 3),
                "box": [rounded(v, 3) for v in (fb.XMin, fb.YMin, fb.XMax, fb.YMax)],
                "reachable": reachable(face, shape, top),
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
        hole["opens_in"] = opens_in(hole, top, levels)
    for floor, (_, face) in zip(floors, levels, strict=True):
        point = point_in(face)
        floor["above"] = _level_above(point.x, point.y, floor["z"], levels, tops)
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
            rounded(v) for v in (box.XMin, box.YMin, box.ZMin, box.XMax, box.YMax, box.ZMax)
        ],
        "top_faces": top_faces,
        "floors": sorted(floors, key=lambda f: (-f["z"], f["face"])),
        "holes": sorted(holes, key=lambda h: (h["diameter"], h["y"], h["x"])),
        "through_openings": openings,
        "outline_corner_radius": _outline_corner_radius(shape, heights),
        "sloped_faces": _sloped_faces(shape),
        "volume": rounded(shape.Volume, 3),
    }


def _sloped_faces(shape: Any) -> list[dict[str, Any]]:
    """Faces that face up but are neither flat nor vertical (slopes, chamfers, countersinks,
    fillets): flat-bottomed tools moving in levels leave steps of stock on them."""
    found = []
    for index, face in enumerate(shape.Faces, start=1):
        if is_up_facing_plane(face) or face.BoundBox.ZLength < TOLERANCE:
            continue
        try:
            up = face.normalAt(*middle(face)).z
        except Exception:  # a face OCCT cannot evaluate at its middle: not classified
            continue
        if up > 1e-3:
            found.append({"face": f"Face{index}", "area": rounded(face.Area, 3)})
    return found
