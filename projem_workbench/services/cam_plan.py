# SPDX-License-Identifier: LGPL-2.1-or-later
"""The default plan: a run spec made from the part's geometry and the shop's tool library,
proved by FreeCAD and the simulator before it is offered.

From the features FreeCAD finds (:mod:`projem_workbench.cam.features`) the plan works level by
level, top down, on the material the operations before leave: stock from the bounding box
plus a margin; facing of the top; each reachable floor below the top from the level over it
(:mod:`plan_levels`: pocket for a closed floor, clearing past the open edges of a step, then
the corners tighter than the roughing tool); each through opening; every vertical round hole
from the floor it opens in (:mod:`plan_holes`: drilled with a drill of its size, or helix-
milled); and the outside profile last. Only tools with cutting data for the material are used,
and one reaches a depth when its flutes cover the wall and its stick-out the depth below the
top (:mod:`plan_library`). Then FreeCAD builds and posts the job and the simulator runs it
(:mod:`plan_verify`): what either refuses is left out and the plan made again. Every operation
says why it was chosen, and what could not be machined, and what the simulation leaves, is said
in ``notes``; users then adjust the plan instead of starting from nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from projem_workbench.db.enums import MaterialCategory, ToolType
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.freecad.runner import run_in_freecad
from projem_workbench.schemas.cutting_data import CuttingData
from projem_workbench.services import model_library, plan_verify
from projem_workbench.services.cam_resolve import machine_limits
from projem_workbench.services.cam_spec import OperationSpec, RunSpec, Stock, StockOffsets
from projem_workbench.services.feeds import Operation, ToolSpec, compute_feeds
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from projem_workbench.services.plan_finishing import with_finishing
from projem_workbench.services.plan_holes import hole_groups, plan_holes
from projem_workbench.services.plan_levels import (
    Levels,
    PlanContext,
    mm,
    plan_floor,
    plan_opening,
)
from projem_workbench.services.plan_library import PlanLibrary
from projem_workbench.services.tools import TOOLS, ToolRecord
from projem_workbench.services.workspace import Workspace

DRY = {
    MaterialCategory.CAST_IRON,
    MaterialCategory.PLASTIC,
    MaterialCategory.WOOD,
    MaterialCategory.COMPOSITE,
    MaterialCategory.FOAM,
}
SAFE_ABOVE_STOCK_MM, CLEARANCE_ABOVE_STOCK_MM = 3.0, 5.0  # FreeCAD's own defaults over a start
LEFT_PLACES = 4  # where the material left lies, the most first, in the plan's note
MAX_ROUNDS = 4  # FreeCAD checks and simulations of a plan, each after leaving operations out


def plan_for_document(
    database: Database,
    *,
    document: Path,
    machine: str | int,
    material: str | int,
    object_name: str | None = None,
    tolerance_mm: float | None = None,
) -> RunSpec:
    """The default plan for the part in ``document``; ``tolerance_mm``: the part's tolerance
    (± mm), for finishing passes where roughing does not hold it."""
    if tolerance_mm is not None and not tolerance_mm > 0:
        raise ValidationError(
            f"a tolerance of {tolerance_mm:g} mm: must be more than 0 mm", field="tolerance"
        )
    with database.read_session() as session:
        machine_row, material_row = (
            MACHINES.get_in(session, machine),
            MATERIALS.get_in(session, material),
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
    made = {"coolant": coolant, "material": material_name, "tolerance_mm": tolerance_mm}
    plan = make_plan(features, library, **made)
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
        plan = make_plan(features, library, left_out=left_out, **made)
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
        where = plan_verify.left_by_feature(result, features)[:LEFT_PLACES]
        note += "; left " + ", ".join(f"{volume:.0f} mm³ in {place}" for place, volume in where)
    return plan.model_copy(update={"operations": operations, "notes": [*plan.notes, note]})


def make_plan(
    features: dict[str, Any],
    library: PlanLibrary,
    *,
    coolant: str,
    material: str,
    left_out: dict[str, str] | None = None,
    tolerance_mm: float | None = None,
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
        f"stock: the part's {mm(x1 - x0)} × {mm(y1 - y0)} × {mm(height)} mm box plus "
        f"{mm(stock.x_neg)} mm round the sides and {mm(stock.z_pos)} mm on top"
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
            why=f"face the top down to Z{mm(top)} with the largest "
            f"{'face mill' if facer.tool_type is ToolType.FACE_MILL else 'end mill'} "
            f"usable in {material}",
        )
    # The height the material is at over each cleared level, once its turn has come.
    levels = Levels(top)
    plan = PlanContext(top=top, library=library, add=add, notes=notes)
    for floor in features["floors"]:
        start = levels.start(floor.get("above"))
        if plan_floor(plan, floor, start):
            levels.clear(floor["face"], floor["z"], start)
    for values in plan.finishing:
        add(**values)
    for opening in features.get("through_openings") or []:
        plan_opening(plan, opening, levels.start(opening.get("opens_in")))
    for group in hole_groups(features["holes"], levels, notes):
        plan_holes(plan, group)
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
            f"outline: no end mill fits its inside corners and reaches {mm(height)} mm below "
            "the top; add a profile by hand"
        )
    else:
        why = f"cut the outline down to the part's bottom (Z{mm(bottom)}) with the largest end mill"
        if radius:
            why += f" whose radius fits the outline's inside corners (R{mm(radius)})"
        flutes = float(profiler.flute_length_mm or 0)
        if not library.flutes_cover(profiler, height):
            why += (
                f"; its flutes ({mm(flutes)} mm) are shorter than the part is tall: the shank "
                f"rubs the top {mm(round(height - flutes, 3))} mm of the wall (no end mill "
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
            f"{len(sloped)} sloped or curved faces facing up ({names}; {mm(round(area, 1))} mm²): "
            "the plan cuts in flat levels and leaves stock in steps on them; finish them with "
            "a 3D surfacing operation or by hand"
        )
    if not operations:
        raise ValidationError("the plan found nothing to machine", field="spec")
    operations, finishing_notes = with_finishing(
        operations, tolerance_mm=tolerance_mm, top=top, bottom=bottom
    )
    notes += finishing_notes
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


def plan_run(
    workspace: Workspace,
    *,
    model: str,
    version: int | None = None,
    machine: str | int,
    material: str | int,
    object_name: str | None = None,
    tolerance_mm: float | None = None,
) -> RunSpec:
    """The default plan for a stored model version."""
    with model_library.document_copy(workspace, model, version) as (_, document):
        return plan_for_document(
            workspace.database, document=document, machine=machine, material=material,
            object_name=object_name, tolerance_mm=tolerance_mm,
        )  # fmt: skip
