# SPDX-License-Identifier: LGPL-2.1-or-later
"""The vertical round holes of a part (FreeCAD's Part module): coaxial concave cylinder faces
grouped into full circles, each with its diameter, position, top and bottom, whether it goes
through, has a flat bottom, is open above, and where it opens (the top or the floor round
it). A round recess with something standing in it (a counterbore round a bore) is left to the
floors; the flat bottom of a blind hole is the hole's, not a floor."""

from __future__ import annotations

import math
from typing import Any

import FreeCAD
import Part

from projem_workbench.cam.faces import SHADOW_SHARE, is_concave, rounded, vertical_cylinder
from projem_workbench.cam.tool_fit import TOLERANCE


def find(
    shape: Any, flat: list[tuple[str, Any]], top: float, bottom: float
) -> tuple[list[dict[str, Any]], set[str]]:
    """The holes of ``shape``, and the names of the ``flat`` faces that are their bottoms."""
    holes, bottoms = [], set()
    for hole in _cylinder_groups(shape):
        closing = _bottom_of(hole, flat)
        if closing is not None and closing[1].Wires[1:]:
            continue  # a round recess round something: a floor
        if closing is not None:
            bottoms.add(closing[0])
        hole["through"] = hole["z_bottom"] <= bottom + TOLERANCE
        hole["flat_bottom"] = closing is not None
        hole["reachable"] = _hole_open_above(hole, shape, top)
        holes.append(hole)
    return holes, bottoms


def _cylinder_groups(shape: Any) -> list[dict[str, Any]]:
    """Concave vertical cylinder faces grouped by axis and radius, each group a full circle."""
    groups: dict[tuple[float, float, float], dict[str, Any]] = {}
    for index, face in enumerate(shape.Faces, start=1):
        surface = vertical_cylinder(face)
        if surface is None or not is_concave(face, surface):
            continue
        key = (
            rounded(surface.Center.x, 3),
            rounded(surface.Center.y, 3),
            rounded(surface.Radius, 4),
        )
        group = groups.setdefault(
            key, {"faces": [], "z_min": math.inf, "z_max": -math.inf, "sweep": 0.0}
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
                "diameter": rounded(2 * radius),
                "z_top": rounded(group["z_max"]),
                "z_bottom": rounded(group["z_min"]),
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


def opens_in(hole: dict[str, Any], top: float, floors: list[tuple[str, Any]]) -> str | None:
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
