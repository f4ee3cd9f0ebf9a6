# SPDX-License-Identifier: LGPL-2.1-or-later
"""The default plan: a run spec made from the part's geometry and the shop's tool library.

From the features FreeCAD finds (:mod:`projem_workbench.cam.features`) the plan is: stock from
the bounding box plus a margin; facing of the top; clearing of every reachable floor below the
top with the largest end mill that fits it and reaches its depth (pocket for a closed floor;
for one open to the outside, facing past its open edges with the walls kept clear), then a
finishing pass round the walls with a smaller end mill where the inside corners are tighter
than the roughing tool; every vertical round hole drilled with a drill of its size, or helix-
milled when no drill fits; and the outside profile last. Only tools with cutting data for the
material are used. Every operation says why it was chosen, and what could not be machined is
said in ``notes``; users then adjust the plan instead of starting from nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from projem_workbench.db.enums import MaterialCategory, ToolType
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.freecad.runner import run_in_freecad
from projem_workbench.services import artefacts, model_library, plan_verify
from projem_workbench.services.cam_resolve import machine_limits
from projem_workbench.services.cam_spec import OperationSpec, RunSpec, Stock, StockOffsets
from projem_workbench.services.cutting_data import CuttingData
from projem_workbench.services.feeds import Operation, ToolSpec, compute_feeds
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from projem_workbench.services.plan_library import PlanLibrary
from projem_workbench.services.tools import TOOLS, ToolRecord
from projem_workbench.sim.machine import THROUGH_CUT_ALLOWANCE_MM
from projem_workbench.store.blobs import BlobStore

DRY = {
    MaterialCategory.CAST_IRON,
    MaterialCategory.PLASTIC,
    MaterialCategory.WOOD,
    MaterialCategory.COMPOSITE,
    MaterialCategory.FOAM,
}
DRILL_MATCH_MM = 0.01  # a drill this close to the hole's diameter drills it
HELIX_TOOL_SHARE = 0.8  # helix-mill with an end mill at most this share of the hole
PECK_DEPTH_RATIO = 3.0  # peck holes deeper than this many diameters
SAFE_ABOVE_STOCK_MM, CLEARANCE_ABOVE_STOCK_MM = 3.0, 5.0  # FreeCAD's own defaults over a start
BREAKOUT_MARGIN_MM = 0.2  # past a through drill's point
RETRACT_ABOVE_MM = 3.0  # FreeCAD's R plane over a drilling's start
MAX_ROUNDS = 4  # FreeCAD checks and simulations of a plan, each after leaving operations out


def _mm(value: float) -> str:
    return f"{value:g}"


def plan_for_document(
    database: Database,
    *,
    document: Path,
    machine: str | int,
    material: str | int,
    object_name: str | None = None,
) -> RunSpec:
    """The default plan for the part in ``document``."""
    with database.read_session() as session:
        machine_row, material_row = (
            MACHINES.find(session, machine),
            MATERIALS.find(session, material),
        )
        limits = machine_limits(machine_row)
        data = CuttingData.model_validate(material_row.cutting_data or {})
        material_name, category = material_row.name, MaterialCategory(material_row.category)
    tools = TOOLS.list(database)

    def usable(tool: ToolRecord) -> bool:
        operation = Operation.DRILLING if tool.tool_type is ToolType.DRILL else None
        try:
            compute_feeds(
                ToolSpec.model_validate(tool, from_attributes=True),
                data,
                limits,
                material=material_name,
                operation=operation,
            )
        except (ValidationError, ValueError):
            return False
        return True

    library = PlanLibrary(tools, usable)
    if not library.end_mills:
        raise ValidationError(
            f"the library has no flat end mill with cutting data for {material_name}: "
            "a plan needs at least one",
            field="tools",
        )
    diameters = sorted({float(t.diameter_mm) for t in library.end_mills})
    features = run_in_freecad(
        "features", {"document": str(document), "object": object_name, "diameters": diameters}
    )
    coolant = "none" if category in DRY else "flood"
    plan = make_plan(features, library, coolant=coolant, material=material_name)
    # Only what this FreeCAD can machine and the simulator passes: an operation FreeCAD makes
    # no toolpath for (or one short of its depth), or one whose G-code the simulation finds an
    # error in, is left out, said in the notes, and the plan made again without it (the holes
    # under a floor left uncleared then start from the top). Leaving one out can change what
    # follows it; a plan that is still not clean after that is refused, never offered.
    left_out: dict[str, str] = {}
    for _ in range(MAX_ROUNDS):
        verdict = plan_verify.verify(database, document, plan, machine, material)
        if not verdict.problems:
            return _with_simulation(plan, verdict, features)
        left_out.update(verdict.problems)
        plan = make_plan(
            features, library, coolant=coolant, material=material_name, left_out=left_out
        )
    raise ValidationError(
        "no clean default plan: " + "; ".join(verdict.problems.values()), field="spec"
    )


def _with_simulation(
    plan: RunSpec, verdict: plan_verify.Verdict, features: dict[str, Any]
) -> RunSpec:
    """``plan`` with what its simulation found: the warnings in each operation's reason, and
    the material left above the part in the notes."""
    result = verdict.result
    if result is None:  # not simulated (the run will refuse the plan with its reason)
        return plan
    operations = []
    for op in plan.operations:
        found = verdict.findings.get(op.name)
        if found:
            op = op.model_copy(update={"why": f"{op.why}; simulation: {'; '.join(found[:2])}"})
        operations.append(op)
    removed = result.stock_mm3 - float(features.get("volume") or 0)
    share = result.left_mm3 / removed * 100 if removed > 0 else 0.0
    note = (
        f"simulation of the plan at {result.resolution_mm:g} mm: no error finding, "
        f"{len(result.warnings)} warning(s); {result.left_mm3:.0f} mm³ left above the part "
        f"({share:.2f} % of the {removed:.0f} mm³ to remove)"
    )
    if result.left_max_at is not None:
        x, y = result.left_max_at
        note += f", thickest {result.left_max_mm:.2f} mm at X{x:.2f} Y{y:.2f}"
    return plan.model_copy(update={"operations": operations, "notes": [*plan.notes, note]})


def make_plan(
    features: dict[str, Any],
    library: PlanLibrary,
    *,
    coolant: str,
    material: str,
    left_out: dict[str, str] | None = None,
) -> RunSpec:
    """The plan for ``features`` (as :func:`projem_workbench.cam.features.analyse` gives them).

    Levels are planned top down on the material left by the operations before: a floor, a
    through opening or a hole starts at the floor it opens in once that is cleared (else at
    the part's top), and its depth counts from there. ``left_out``: operations FreeCAD cannot
    make or whose simulation fails, by name, with the reason: not planned, said in the notes."""
    left_out = left_out or {}
    x0, y0, bottom, x1, y1, top = features["bounding_box"]
    height = top - bottom
    stock = StockOffsets()
    notes = [
        f"stock: the part's {_mm(x1 - x0)} × {_mm(y1 - y0)} × {_mm(height)} mm box plus "
        f"{_mm(stock.x_neg)} mm round the sides and {_mm(stock.z_pos)} mm on top"
    ]
    operations: list[OperationSpec] = []

    def add(**values: Any) -> bool:
        # Names must be unique: holes of one size down to one depth from two heights (a hole
        # in the top and one in a step) would otherwise both be "Drill Ø5 Z0".
        name, count = values["name"], 1
        while any(op.name == values["name"] for op in operations):
            count += 1
            values["name"] = f"{name} #{count}"
        if values["name"] in left_out:
            notes.append(f"{left_out[values['name']]}: left out of the plan; not machined")
            return False
        operations.append(OperationSpec(coolant=coolant, **values))
        return True

    facer = (library.face_mills or [None])[0] or library.largest_end_mill()
    if facer is not None and features["top_faces"]:
        add(
            name="Facing",
            type="facing",
            tool=facer.name,
            faces=features["top_faces"],
            final_depth_mm=top,
            stepdown_mm=stock.z_pos,
            why=f"face the top down to Z{_mm(top)} with the largest "
            f"{'face mill' if facer.tool_type is ToolType.FACE_MILL else 'end mill'} "
            f"usable in {material}",
        )
    # The height the material is at over each cleared level, once its turn has come.
    levels = Levels(top)
    finishing: list[dict[str, Any]] = []
    for floor in features["floors"]:
        start = levels.start(floor.get("above"))
        if _plan_floor(floor, start, top, library, add, finishing, notes):
            levels.clear(floor["face"], floor["z"], start)
    for values in finishing:
        add(**values)
    for opening in features.get("through_openings") or []:
        _plan_opening(opening, levels.start(opening.get("opens_in")), top, library, add, notes)
    for group in _hole_groups(features["holes"], levels, notes):
        _plan_holes(group, top, library, add, notes)
    radius = features.get("outline_corner_radius")
    # Sharp inside corners (radius 0) fit no round tool: they stay rounded whatever cuts them.
    fitting = radius or None
    if radius == 0:
        notes.append("outline: sharp inside corners stay rounded to the outline tool's radius")
    profiler = library.largest_end_mill(
        wall=height, max_radius=fitting
    ) or library.largest_end_mill(wall=height, max_radius=fitting, flutes=False)
    if profiler is None:
        notes.append(
            f"outline: no end mill fits its inside corners and reaches {_mm(height)} mm below "
            "the top; add a profile by hand"
        )
    else:
        why = (
            f"cut the outline down to the part's bottom (Z{_mm(bottom)}) with the largest end mill"
        )
        if radius:
            why += f" whose radius fits the outline's inside corners (R{_mm(radius)})"
        flutes = float(profiler.flute_length_mm or 0)
        if not library.flutes_cover(profiler, height):
            why += (
                f"; its flutes ({_mm(flutes)} mm) are shorter than the part is tall: the shank "
                f"rubs the top {_mm(round(height - flutes, 3))} mm of the wall (no end mill "
                "with longer flutes fits)"
            )
        add(
            name="Outline",
            type="profile",
            side="outside",
            tool=profiler.name,
            final_depth_mm=bottom,
            why=why,
        )
    sloped = features.get("sloped_faces") or []
    if sloped:
        names = ", ".join(f["face"] for f in sloped[:8]) + (
            f" and {len(sloped) - 8} more" if len(sloped) > 8 else ""
        )
        area = sum(f["area"] for f in sloped)
        notes.append(
            f"{len(sloped)} sloped or curved faces facing up ({names}; {_mm(round(area, 1))} mm²): "
            "the plan cuts in flat levels and leaves stock in steps on them; finish them with "
            "a 3D surfacing operation or by hand"
        )
    if not operations:
        raise ValidationError("the plan found nothing to machine", field="spec")
    # Every operation moves between cuts above the whole stock: one that starts on a lower
    # level would otherwise take FreeCAD's heights from its own start and rapid through the
    # material beside it (a drill between two counterbores under a step).
    stock_top = top + stock.z_pos
    return RunSpec(
        stock=Stock(offsets_mm=stock),
        operations=operations,
        notes=notes,
        object=features.get("object"),
        safe_height_mm=stock_top + SAFE_ABOVE_STOCK_MM,
        clearance_height_mm=stock_top + CLEARANCE_ABOVE_STOCK_MM,
    )


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


def _where(face: str, z: float, start: float, top: float) -> str:
    below = "" if abs(start - top) < 1e-9 else f" below the Z{_mm(start)} level cleared before"
    return f"{face} at Z{_mm(z)} ({_mm(round(start - z, 4))} deep{below})"


def _what_it_needs(tool: ToolRecord, wall: float, depth: float, library: PlanLibrary) -> str:
    """Why ``tool``, which fits, does not reach, and what tool would (a note's words)."""
    flutes, stickout = float(tool.flute_length_mm or 0), library.stickout(tool)
    size = f"Ø{_mm(float(tool.diameter_mm))} or less"
    if not library.flutes_cover(tool, wall):
        return (
            f" ({tool.name} fits but its flutes ({_mm(flutes)} mm) are too short; it needs an "
            f"end mill of {size} with {_mm(round(wall, 3))} mm of flutes (a long-series or "
            "necked one))"
        )
    return (
        f" ({tool.name} fits but sticks out of its holder only {_mm(round(stickout, 1))} mm; "
        f"it needs an end mill of {size} reaching {_mm(round(depth, 3))} mm below the top)"
    )


def _reach_note(tool: ToolRecord, wall: float, library: PlanLibrary) -> str:
    flutes = float(tool.flute_length_mm or 0)
    if library.flutes_cover(tool, wall):
        return ""
    return (
        f"; no end mill that fits has flutes over the {_mm(wall)} mm wall: {tool.name} "
        f"reaches it (stick-out {_mm(round(library.stickout(tool), 1))} mm) and its shank "
        f"rubs the wall {_mm(round(wall - flutes, 3))} mm above its {_mm(flutes)} mm flutes"
    )


def _plan_floor(
    floor: dict[str, Any],
    start: float,
    top: float,
    library: PlanLibrary,
    add: Callable[..., bool],
    finishing: list[dict[str, Any]],
    notes: list[str],
) -> bool:
    """Clear ``floor`` from ``start`` (the material over it then): True when it is planned."""
    face, z = floor["face"], floor["z"]
    wall, depth = start - z, top - z
    where = _where(face, z, start, top)
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
            + (_what_it_needs(fitting, wall, depth, library) if fitting else "")
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
    cleared = add(
        name=f"{'Clear' if floor['open_edges'] else 'Pocket'} {face} Z{_mm(z)}",
        type=kind,
        tool=rougher.name,
        faces=[face],
        start_depth_mm=start,
        final_depth_mm=z,
        why=f"{where}, {shape}: {rougher.name} is the largest end mill that fits and reaches"
        + _reach_note(rougher, wall, library),
    )
    if cleared:
        _plan_corners(floor, start, top, rougher, library, finishing, notes)
    return cleared


def _plan_corners(
    floor: dict[str, Any],
    start: float,
    top: float,
    rougher: ToolRecord,
    library: PlanLibrary,
    finishing: list[dict[str, Any]],
    notes: list[str],
) -> None:
    """Rest machining of a floor's inside corners tighter than ``rougher``."""
    face, z, corner = floor["face"], floor["z"], floor["corner_radius"]
    wall, depth = start - z, top - z
    where = _where(face, z, start, top)
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
            f"{where}: corners R{_mm(corner)} are tighter than {rougher.name} and no "
            "smaller end mill fits and reaches; they keep the roughing radius"
        )
        return
    finishing.append(
        dict(
            name=f"Corners {face} Z{_mm(z)}",
            type="profile",
            side="inside",
            finishing=True,
            tool=finisher.name,
            faces=[face],
            start_depth_mm=start,
            final_depth_mm=z,
            why=f"{where}: inside corners R{_mm(corner)} are tighter than {rougher.name} "
            f"(R{_mm(r)}); finish the walls with {finisher.name}",
        )
    )


def _plan_opening(
    opening: dict[str, Any],
    start: float,
    top: float,
    library: PlanLibrary,
    add: Callable[..., bool],
    notes: list[str],
) -> None:
    """A through opening that is not a round hole (a through slot or pocket): cleared by a
    pocket inside its walls from the level it opens in down through the part."""
    bottom, box = opening["z_bottom"], opening["box"]
    size = f"{_mm(round(box[2] - box[0], 3))} × {_mm(round(box[3] - box[1], 3))}"
    wall = start - bottom
    where = f"through opening {size} mm at X{_mm(box[0])} Y{_mm(box[1])} from Z{_mm(start)}"
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
            f"{where}: no end mill fits it and reaches {_mm(wall)} mm"
            + (f" ({fitting.name} fits; its flutes are too short)" if fitting else "")
            + "; not machined"
        )
        return
    why = f"{where}: cleared inside its walls with {mill.name}, the largest end mill that fits"
    if corner is not None and float(mill.diameter_mm) / 2 > corner + 1e-6:
        why += f"; its corners R{_mm(corner)} keep the tool's radius"
    add(
        name=f"Through {size} X{_mm(box[0])} Y{_mm(box[1])}",
        type="pocket",
        tool=mill.name,
        faces=opening["walls"],
        start_depth_mm=start,
        final_depth_mm=bottom,
        why=why,
    )


def _hole_groups(
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
                f"hole Ø{_mm(hole['diameter'])} at X{_mm(hole['x'])} Y{_mm(hole['y'])}: "
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


def _plan_holes(
    holes: list[dict[str, Any]],
    top: float,
    library: PlanLibrary,
    add: Callable[..., bool],
    notes: list[str],
) -> None:
    first = holes[0]
    diameter, start, bottom = first["diameter"], first["start"], first["z_bottom"]
    wall, depth = start - bottom, top - bottom
    faces = [face for hole in holes for face in hole["faces"]]
    count = f"{len(holes)} hole{'s' if len(holes) > 1 else ''} Ø{_mm(diameter)}"
    where = f"{count} from Z{_mm(start)} to Z{_mm(bottom)}"
    if not first["cleared_above"]:
        where += (
            f" (its top, Z{_mm(first['z_top'])}, is on no floor the plan clears: started from "
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
            why += f"; pecking {_mm(peck)} mm (deeper than {PECK_DEPTH_RATIO:g} × D)"
        if first.get("flat_bottom"):
            why += "; the drill point leaves a cone in the flat bottom"
        # FreeCAD moves from hole to hole at the R plane, 3 mm over the start by default: where
        # the holes open in a lower level, over the walls round it instead.
        walls = max(h["walls"] for h in holes)
        lower = len(holes) > 1 and walls > start + RETRACT_ABOVE_MM
        retract = walls + RETRACT_ABOVE_MM if lower else None
        if retract is not None:
            why += f"; moving between holes at Z{_mm(retract)}, over the walls round them"
        final = bottom
        if first.get("through"):
            # The point breaks out below the part, as far as the through-cut allowance lets
            # it (the fixture's clearance under the part): else a ring of its cone stays.
            breakout = min(library.point(drill) + BREAKOUT_MARGIN_MM, THROUGH_CUT_ALLOWANCE_MM)
            final = round(bottom - breakout, 3)
            why += f"; through: drilled to Z{_mm(final)} so that the point breaks out"
        add(
            name=f"Drill Ø{_mm(diameter)} Z{_mm(bottom)}",
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
            f"reach {_mm(wall)} mm"
            if short is not None
            else "no end mill small enough"
        )
        notes.append(
            f"{where}: no drill of that size and {reason}; it needs a Ø{_mm(diameter)} drill "
            f"with {_mm(wall)} mm of flutes; not machined"
        )
        return
    reason = "no drill of that size in the library" if not drills else "the drill is too short"
    add(
        name=f"Helix Ø{_mm(diameter)} Z{_mm(bottom)}",
        type="helix",
        tool=mill.name,
        faces=faces,
        start_depth_mm=start,
        final_depth_mm=bottom,
        why=f"{where}: {reason}; helix-milled with {mill.name}",
    )


def plan_run(
    database: Database,
    *,
    model: str,
    version: int | None = None,
    machine: str | int,
    material: str | int,
    object_name: str | None = None,
    store: BlobStore | None = None,
) -> RunSpec:
    """The default plan for a stored model version."""
    store = store or artefacts.blob_store(database)
    with model_library.document_copy(database, model, version, store) as (_, document):
        return plan_for_document(
            database, document=document, machine=machine, material=material, object_name=object_name
        )
