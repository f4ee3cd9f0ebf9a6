# SPDX-License-Identifier: LGPL-2.1-or-later
"""The default plan's milling of levels: the in-process stock as the plan sees it
(:class:`Levels`), each floor below the top (pocket or clearing, then its corners), and each
through opening. Reasons and notes name the face, its height and depth below the level it is
cut from, and, when nothing reaches, what tool would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from projem_workbench.services.plan_library import PlanLibrary
from projem_workbench.services.tools import ToolRecord

REST_POCKET_MM2 = 20.0  # a rest pocket where one piece the roughing tool cannot reach is larger
REST_SHARE = 0.5  # ... and the rest tool's largest piece is at most this share of it


def mm(value: float) -> str:
    return f"{value:g}"


class Levels:
    """The in-process stock as the plan sees it: the levels cleared so far, each at its Z."""

    def __init__(self, top: float) -> None:
        self.top = top
        self.cleared: dict[str, float] = {"top": top}
        # What a cleared level's walls rise to: the material round it once it is cut.
        self.walls: dict[str, float] = {"top": top}

    def clear(self, face: str, z: float, start: float) -> None:
        self.cleared[face], self.walls[face] = z, start

    def start(self, above: str | None) -> float:
        """Where the material is over a feature whose level above is ``above`` (a floor's
        face, "top", or None when a slope or overhang is over it): that floor's height once
        it is cleared, else the part's top."""
        return self.cleared.get(above or "", self.top)


@dataclass
class PlanContext:
    """What every step of the plan works with: the part's top, the usable tools, ``add`` (an
    operation in the plan; False when it is left out), the notes, and the finishing passes
    (corners and rest pockets) that follow all the floors."""

    top: float
    library: PlanLibrary
    add: Callable[..., bool]
    notes: list[str]
    finishing: list[dict[str, Any]] = field(default_factory=list)


def floor_where(face: str, z: float, start: float, top: float) -> str:
    below = "" if abs(start - top) < 1e-9 else f" below the Z{mm(start)} level cleared before"
    return f"{face} at Z{mm(z)} ({mm(round(start - z, 4))} deep{below})"


def what_it_needs(tool: ToolRecord, wall: float, depth: float, library: PlanLibrary) -> str:
    """Why ``tool``, which fits, does not reach, and what tool would (a note's words)."""
    flutes, stickout = float(tool.flute_length_mm or 0), library.stickout(tool)
    size = f"Ø{mm(float(tool.diameter_mm))} or less"
    if not library.flutes_cover(tool, wall):
        return (
            f" ({tool.name} fits but its flutes ({mm(flutes)} mm) are too short; it needs an "
            f"end mill of {size} with {mm(round(wall, 3))} mm of flutes (a long-series or "
            "necked one))"
        )
    return (
        f" ({tool.name} fits but sticks out of its holder only {mm(round(stickout, 1))} mm; "
        f"it needs an end mill of {size} reaching {mm(round(depth, 3))} mm below the top)"
    )


def reach_note(tool: ToolRecord, wall: float, library: PlanLibrary) -> str:
    flutes = float(tool.flute_length_mm or 0)
    if library.flutes_cover(tool, wall):
        return ""
    return (
        f"; no end mill that fits has flutes over the {mm(wall)} mm wall: {tool.name} "
        f"reaches it (stick-out {mm(round(library.stickout(tool), 1))} mm) and its shank "
        f"rubs the wall {mm(round(wall - flutes, 3))} mm above its {mm(flutes)} mm flutes"
    )


def plan_floor(plan: PlanContext, floor: dict[str, Any], start: float) -> bool:
    """Clear ``floor`` from ``start`` (the material over it then): True when it is planned."""
    top, library, notes = plan.top, plan.library, plan.notes
    face, z = floor["face"], floor["z"]
    wall, depth = start - z, top - z
    where = floor_where(face, z, start, top)
    if not floor["reachable"]:
        notes.append(f"{where}: not reachable from above (an undercut); not machined")
        return False
    rougher = library.largest_end_mill(fits=floor["fits"], wall=wall, depth=depth)
    # Where the area is open, a tool whose stick-out reaches does the job with its shank
    # rubbing the wall above its flutes (the simulator warns of it); a closed pocket needs
    # flutes over its walls.
    if rougher is None and floor["open_edges"]:
        rougher = library.largest_end_mill(fits=floor["fits"], wall=wall, depth=depth, flutes=False)
    if rougher is None:
        fitting = library.largest_end_mill(fits=floor["fits"], flutes=False)
        notes.append(
            f"{where}: no end mill fits it and reaches its depth"
            + (what_it_needs(fitting, wall, depth, library) if fitting else "")
            + ("" if fitting else "; no end mill of the library fits inside it")
            + "; not machined"
        )
        return False
    kind = "facing" if floor["open_edges"] else "pocket"
    shape = (
        f"open to the outside along {len(floor['open_edges'])} edges: cleared past them, "
        "walls excluded"
        if floor["open_edges"]
        else "closed pocket"
    )
    cleared = plan.add(
        name=f"{'Clear' if floor['open_edges'] else 'Pocket'} {face} Z{mm(z)}",
        type=kind,
        tool=rougher.name,
        faces=[face],
        start_depth_mm=start,
        final_depth_mm=z,
        why=f"{where}, {shape}: {rougher.name} is the largest end mill that fits and reaches"
        + reach_note(rougher, wall, library),
    )
    if cleared:
        plan_corners(plan, floor, start, rougher)
    return cleared


def plan_corners(
    plan: PlanContext, floor: dict[str, Any], start: float, rougher: ToolRecord
) -> None:
    """Rest machining after ``rougher``: a pocket of what it could not reach (a slot or neck
    narrower than it) with a smaller end mill, then a pass round the walls for inside corners
    tighter than the last tool."""
    top, library, notes = plan.top, plan.library, plan.notes
    face, z, corner = floor["face"], floor["z"], floor["corner_radius"]
    wall, depth = start - z, top - z
    where = floor_where(face, z, start, top)
    rougher = _rest_pocket(plan, floor, start, rougher) or rougher
    r = float(rougher.diameter_mm) / 2
    if corner is None or corner >= r - 1e-6:
        return
    finisher = library.largest_end_mill(
        fits=floor["fits"], wall=wall, depth=depth, max_radius=corner or None
    )
    if corner == 0:
        finisher = min(
            (
                t
                for t in library.end_mills
                if float(t.diameter_mm) in floor["fits"] and library.reaches(t, wall, depth)
            ),
            key=lambda t: (t.diameter_mm, t.flute_length_mm or 0),
            default=None,
        )
        notes.append(f"{where}: sharp inside corners; a round tool leaves their radius")
    if finisher is None or float(finisher.diameter_mm) >= float(rougher.diameter_mm):
        notes.append(
            f"{where}: corners R{mm(corner)} are tighter than {rougher.name} and no "
            "smaller end mill fits and reaches; they keep the roughing radius"
        )
        return
    plan.finishing.append(
        dict(
            name=f"Corners {face} Z{mm(z)}",
            type="profile",
            side="inside",
            finishing=True,
            tool=finisher.name,
            faces=[face],
            start_depth_mm=start,
            final_depth_mm=z,
            why=f"{where}: inside corners R{mm(corner)} are tighter than {rougher.name} "
            f"(R{mm(r)}); finish the walls with {finisher.name}",
        )
    )


def _rest_pocket(
    plan: PlanContext, floor: dict[str, Any], start: float, rougher: ToolRecord
) -> ToolRecord | None:
    """The end mill of a rest pocket after ``rougher``, planned in ``finishing``; None when
    ``rougher`` leaves no more than its corners (or the floor is open: cleared from outside)."""
    unreached = dict(zip(floor["fits"], floor.get("unreached_largest_mm2") or [], strict=False))
    left = unreached.get(float(rougher.diameter_mm))
    if floor["open_edges"] or left is None or left < REST_POCKET_MM2:
        return None
    top, library = plan.top, plan.library
    face, z = floor["face"], floor["z"]
    for tool in library.end_mills:  # largest first: the first that takes most of what is left
        d = float(tool.diameter_mm)
        after = unreached.get(d)
        if d >= float(rougher.diameter_mm) or after is None or after > left * REST_SHARE:
            continue
        if not library.reaches(tool, start - z, top - z):
            continue
        plan.finishing.append(
            dict(
                name=f"Rest {face} Z{mm(z)}",
                type="pocket",
                tool=tool.name,
                faces=[face],
                start_depth_mm=start,
                final_depth_mm=z,
                rest_after_mm=float(rougher.diameter_mm),
                why=f"{floor_where(face, z, start, top)}: {rougher.name} cannot reach a piece of "
                f"{mm(round(left, 1))} mm² of it (a slot or neck narrower than it); "
                f"{tool.name} clears what it left, its largest piece left {mm(round(after, 1))} "
                "mm²",
            )
        )
        return tool
    return None


def plan_opening(plan: PlanContext, opening: dict[str, Any], start: float) -> None:
    """A through opening that is not a round hole (a through slot or pocket): cleared by a
    pocket inside its walls from the level it opens in down through the part."""
    top, library, notes = plan.top, plan.library, plan.notes
    bottom, box = opening["z_bottom"], opening["box"]
    size = f"{mm(round(box[2] - box[0], 3))} × {mm(round(box[3] - box[1], 3))}"
    wall = start - bottom
    where = f"through opening {size} mm at X{mm(box[0])} Y{mm(box[1])} from Z{mm(start)}"
    if not opening["reachable"]:
        notes.append(f"{where}: material stands over it (an overhang); not machined")
        return
    corner = opening.get("corner_radius")
    mill = library.largest_end_mill(
        fits=opening["fits"], wall=wall, depth=top - bottom, max_radius=corner or None
    ) or library.largest_end_mill(fits=opening["fits"], wall=wall, depth=top - bottom)
    if mill is None:
        fitting = library.largest_end_mill(fits=opening["fits"], flutes=False)
        notes.append(
            f"{where}: no end mill fits it and reaches {mm(wall)} mm"
            + (f" ({fitting.name} fits; its flutes are too short)" if fitting else "")
            + "; not machined"
        )
        return
    why = f"{where}: cleared inside its walls with {mill.name}, the largest end mill that fits"
    if corner is not None and float(mill.diameter_mm) / 2 > corner + 1e-6:
        why += f"; its corners R{mm(corner)} keep the tool's radius"
    plan.add(
        name=f"Through {size} X{mm(box[0])} Y{mm(box[1])}",
        type="pocket",
        tool=mill.name,
        faces=opening["walls"],
        start_depth_mm=start,
        final_depth_mm=bottom,
        why=why,
    )
