# SPDX-License-Identifier: LGPL-2.1-or-later
"""The default plan's holes: vertical round holes grouped by diameter, start and bottom, each
group drilled with a drill of its size (the shortest that reaches) or helix-milled, from the
level it opens in once that is cleared."""

from __future__ import annotations

from typing import Any

from projem_workbench.services.plan_levels import Levels, PlanContext, mm
from projem_workbench.sim.machine import THROUGH_CUT_ALLOWANCE_MM

DRILL_MATCH_MM = 0.01  # a drill this close to the hole's diameter drills it
HELIX_TOOL_SHARE = 0.8  # helix-mill with an end mill at most this share of the hole
PECK_DEPTH_RATIO = 3.0  # peck holes deeper than this many diameters
BREAKOUT_MARGIN_MM = 0.2  # past a through drill's point
RETRACT_ABOVE_MM = 3.0  # FreeCAD's R plane over a drilling's start


def hole_groups(
    holes: list[dict[str, Any]], levels: Levels, notes: list[str]
) -> list[list[dict[str, Any]]]:
    """Reachable holes by diameter, start and bottom. A hole starts at its top when that
    lies on the part's top or on a floor the plan clears; otherwise (it opens in a slope, a
    floor left unmachined, or under a side pocket) the stock over it is still there when
    its turn comes, and it starts at the part's top, cutting that stock itself."""
    groups: dict[tuple[float, float, float], list[dict[str, Any]]] = {}
    for hole in holes:
        if not hole["reachable"]:
            notes.append(
                f"hole Ø{mm(hole['diameter'])} at X{mm(hole['x'])} Y{mm(hole['y'])}: "
                "not reachable from above; not machined"
            )
            continue
        opens_in = hole.get("opens_in", "top")
        cleared = opens_in in levels.cleared
        start = hole["z_top"] if cleared else levels.top
        walls = levels.walls.get(opens_in, levels.top) if cleared else levels.top
        hole = {**hole, "start": start, "cleared_above": cleared, "walls": walls}
        groups.setdefault((hole["diameter"], start, hole["z_bottom"]), []).append(hole)
    return list(groups.values())


def plan_holes(plan: PlanContext, holes: list[dict[str, Any]]) -> None:
    """Drill or helix-mill one group of holes (see :func:`hole_groups`)."""
    top, library, notes, add = plan.top, plan.library, plan.notes, plan.add
    first = holes[0]
    diameter, start, bottom = first["diameter"], first["start"], first["z_bottom"]
    wall, depth = start - bottom, top - bottom
    faces = [face for hole in holes for face in hole["faces"]]
    count = f"{len(holes)} hole{'s' if len(holes) > 1 else ''} Ø{mm(diameter)}"
    where = f"{count} from Z{mm(start)} to Z{mm(bottom)}"
    if not first["cleared_above"]:
        where += (
            f" (its top, Z{mm(first['z_top'])}, is on no floor the plan clears: started from "
            "the part's top)"
        )
    drills = [t for t in library.drills if abs(float(t.diameter_mm) - diameter) <= DRILL_MATCH_MM]
    drill = min(
        (t for t in drills if library.reaches(t, wall, depth)),
        key=lambda t: t.flute_length_mm or 0,  # the shortest that reaches: the stiffest
        default=None,
    )
    if drill is not None:
        peck = diameter if wall > PECK_DEPTH_RATIO * diameter else None
        why = f"{where}: {drill.name} matches the diameter"
        if len(drills) > 1:
            why += " and is the shortest of its size that reaches"
        if peck:
            why += f"; pecking {mm(peck)} mm (deeper than {PECK_DEPTH_RATIO:g} × D)"
        if first.get("flat_bottom"):
            why += "; the drill point leaves a cone in the flat bottom"
        # FreeCAD moves from hole to hole at the R plane, 3 mm over the start by default: where
        # the holes open in a lower level, over the walls round it instead.
        walls = max(h["walls"] for h in holes)
        lower = len(holes) > 1 and walls > start + RETRACT_ABOVE_MM
        retract = walls + RETRACT_ABOVE_MM if lower else None
        if retract is not None:
            why += f"; moving between holes at Z{mm(retract)}, over the walls round them"
        final = bottom
        if first.get("through"):
            # The point breaks out below the part, as far as the through-cut allowance lets
            # it (the fixture's clearance under the part): else a ring of its cone stays.
            breakout = min(library.point(drill) + BREAKOUT_MARGIN_MM, THROUGH_CUT_ALLOWANCE_MM)
            final = round(bottom - breakout, 3)
            why += f"; through: drilled to Z{mm(final)} so that the point breaks out"
        add(
            name=f"Drill Ø{mm(diameter)} Z{mm(bottom)}",
            type="drilling",
            tool=drill.name,
            faces=faces,
            start_depth_mm=start,
            final_depth_mm=final,
            peck_mm=peck,
            retract_height_mm=retract,
            why=why,
        )
        return
    mill = library.largest_end_mill(
        wall=wall, depth=depth, max_radius=HELIX_TOOL_SHARE * diameter / 2
    )
    if mill is None:
        short = library.largest_end_mill(max_radius=HELIX_TOOL_SHARE * diameter / 2, flutes=False)
        reason = (
            f"{short.name} is small enough but its flutes ({short.flute_length_mm} mm) do not "
            f"reach {mm(wall)} mm"
            if short is not None
            else "no end mill small enough"
        )
        notes.append(
            f"{where}: no drill of that size and {reason}; it needs a Ø{mm(diameter)} drill "
            f"with {mm(wall)} mm of flutes; not machined"
        )
        return
    reason = "no drill of that size in the library" if not drills else "the drill is too short"
    add(
        name=f"Helix Ø{mm(diameter)} Z{mm(bottom)}",
        type="helix",
        tool=mill.name,
        faces=faces,
        start_depth_mm=start,
        final_depth_mm=bottom,
        why=f"{where}: {reason}; helix-milled with {mill.name}",
    )
