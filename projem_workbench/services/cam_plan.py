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
from projem_workbench.services import artefacts, model_library
from projem_workbench.services.cam_resolve import machine_limits, resolve
from projem_workbench.services.cam_spec import OperationSpec, RunSpec, Stock, StockOffsets
from projem_workbench.services.cutting_data import CuttingData
from projem_workbench.services.feeds import Operation, ToolSpec, compute_feeds
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from projem_workbench.services.tools import TOOLS, ToolRecord
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


def _mm(value: float) -> str:
    return f"{value:g}"


class _Library:
    """The tools usable in this material on this machine, by kind."""

    def __init__(self, tools: list[ToolRecord], usable: Callable[[ToolRecord], bool]) -> None:
        live = [t for t in tools if usable(t)]
        self.end_mills = sorted(
            (t for t in live if t.tool_type is ToolType.FLAT_ENDMILL),
            key=lambda t: (-t.diameter_mm, t.name),
        )
        self.face_mills = sorted(
            (t for t in live if t.tool_type is ToolType.FACE_MILL),
            key=lambda t: (-t.diameter_mm, t.name),
        )
        self.drills = [t for t in live if t.tool_type is ToolType.DRILL]

    @staticmethod
    def reaches(tool: ToolRecord, depth: float) -> bool:
        return tool.flute_length_mm is None or float(tool.flute_length_mm) >= depth - 1e-6

    def largest_end_mill(
        self,
        *,
        fits: list[float] | None = None,
        depth: float = 0.0,
        max_radius: float | None = None,
    ) -> ToolRecord | None:
        for tool in self.end_mills:
            d = float(tool.diameter_mm)
            if fits is not None and d not in fits:
                continue
            if max_radius is not None and d / 2 > max_radius + 1e-6:
                continue
            if self.reaches(tool, depth):
                return tool
        return None


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

    library = _Library(tools, usable)
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
    # Only what this FreeCAD can machine: an operation it makes no toolpath for (or one short
    # of its depth) is left out, said in the notes, and the plan made again without it (the
    # holes under a floor left uncleared then start from the top). Twice at most: leaving
    # one out can change what follows it.
    left_out: dict[str, str] = {}
    for _ in range(2):
        problems = _freecad_problems(database, document, plan, machine, material)
        if not problems:
            break
        left_out.update(problems)
        plan = make_plan(
            features, library, coolant=coolant, material=material_name, left_out=left_out
        )
    return plan


def _freecad_problems(
    database: Database, document: Path, plan: RunSpec, machine: str | int, material: str | int
) -> dict[str, str]:
    """FreeCAD's reason, by operation name, for each operation of ``plan`` it cannot make."""
    with database.read_session() as session:
        try:
            resolved = resolve(
                session,
                plan,
                machine=MACHINES.find(session, machine),
                material=MATERIALS.find(session, material),
            )
        except ValidationError:  # the run refuses it with its reason: nothing to check here
            return {}
    request = {
        "document": str(document),
        "object": plan.object,
        "stock": plan.stock.model_dump(mode="json", exclude_none=True),
        "wcs": plan.wcs,
        "safe_height_mm": plan.safe_height_mm,
        "clearance_height_mm": plan.clearance_height_mm,
        "label": "Projem plan check",
        "controllers": resolved["controllers"],
        "operations": resolved["operations"],
    }
    return dict(run_in_freecad("check", request)["problems"])


def make_plan(
    features: dict[str, Any],
    library: _Library,
    *,
    coolant: str,
    material: str,
    left_out: dict[str, str] | None = None,
) -> RunSpec:
    """The plan for ``features`` (as :func:`projem_workbench.cam.features.analyse` gives them).

    ``left_out``: operations FreeCAD cannot make, by name, with its reason: not planned,
    said in the notes."""
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
    finishing = []
    for floor in features["floors"]:
        _plan_floor(floor, library, add, finishing, notes)
    for values in finishing:
        add(**values)
    cleared = {"top"} | {
        f for op in operations if op.type in ("facing", "pocket") for f in op.faces
    }
    for group in _hole_groups(features["holes"], cleared, top, notes):
        _plan_holes(group, library, add, notes)
    radius = features.get("outline_corner_radius")
    # Sharp inside corners (radius 0) fit no round tool: they stay rounded whatever cuts them.
    fitting = radius or None
    if radius == 0:
        notes.append("outline: sharp inside corners stay rounded to the outline tool's radius")
    profiler = library.largest_end_mill(
        depth=height, max_radius=fitting
    ) or library.largest_end_mill(max_radius=fitting)
    if profiler is None:
        notes.append("outline: no end mill fits its inside corners; add a profile by hand")
    else:
        why = (
            f"cut the outline down to the part's bottom (Z{_mm(bottom)}) with the largest end mill"
        )
        if radius:
            why += f" whose radius fits the outline's inside corners (R{_mm(radius)})"
        if not library.reaches(profiler, height):
            why += f"; its flutes ({profiler.flute_length_mm} mm) are shorter than the part is tall"
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
    return RunSpec(
        stock=Stock(offsets_mm=stock),
        operations=operations,
        notes=notes,
        object=features.get("object"),
    )


def _plan_floor(
    floor: dict[str, Any],
    library: _Library,
    add: Callable[..., bool],
    finishing: list[dict[str, Any]],
    notes: list[str],
) -> None:
    face, z, depth = floor["face"], floor["z"], floor["depth"]
    where = f"{face} at Z{_mm(z)} ({_mm(depth)} deep)"
    if not floor["reachable"]:
        notes.append(f"{where}: not reachable from above (an undercut); not machined")
        return
    rougher = library.largest_end_mill(fits=floor["fits"], depth=depth)
    if rougher is None:
        too_short = library.largest_end_mill(fits=floor["fits"])
        notes.append(
            f"{where}: no end mill fits it and reaches its depth"
            + (f" ({too_short.name} fits but its flutes are too short)" if too_short else "")
            + "; not machined"
        )
        return
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
        final_depth_mm=z,
        why=f"{where}, {shape}: {rougher.name} is the largest end mill that fits and reaches",
    )
    corner = floor["corner_radius"]
    r = float(rougher.diameter_mm) / 2
    if not cleared or corner is None or corner >= r - 1e-6:
        return
    finisher = library.largest_end_mill(fits=floor["fits"], depth=depth, max_radius=corner or None)
    if corner == 0:
        finisher = min(
            (
                t
                for t in library.end_mills
                if float(t.diameter_mm) in floor["fits"] and library.reaches(t, depth)
            ),
            key=lambda t: t.diameter_mm,
            default=None,
        )
        notes.append(f"{where}: sharp inside corners; a round tool leaves their radius")
    if finisher is None or finisher.name == rougher.name:
        notes.append(
            f"{where}: corners R{_mm(corner)} are tighter than {rougher.name} and no "
            "smaller end mill fits; they keep the roughing radius"
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
            final_depth_mm=z,
            why=f"{where}: inside corners R{_mm(corner)} are tighter than {rougher.name} "
            f"(R{_mm(r)}); finish the walls with {finisher.name}",
        )
    )


def _hole_groups(
    holes: list[dict[str, Any]], cleared: set[str], top: float, notes: list[str]
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
        start = hole["z_top"] if opens_in in cleared else top
        hole = {**hole, "start": start, "cleared_above": opens_in in cleared}
        groups.setdefault((hole["diameter"], start, hole["z_bottom"]), []).append(hole)
    return list(groups.values())


def _plan_holes(
    holes: list[dict[str, Any]], library: _Library, add: Callable[..., bool], notes: list[str]
) -> None:
    first = holes[0]
    diameter, top, bottom = first["diameter"], first["start"], first["z_bottom"]
    depth = top - bottom
    faces = [face for hole in holes for face in hole["faces"]]
    count = f"{len(holes)} hole{'s' if len(holes) > 1 else ''} Ø{_mm(diameter)}"
    where = f"{count} from Z{_mm(top)} to Z{_mm(bottom)}"
    if not first["cleared_above"]:
        where += (
            f" (its top, Z{_mm(first['z_top'])}, is on no floor the plan clears: started from "
            "the part's top)"
        )
    drills = [t for t in library.drills if abs(float(t.diameter_mm) - diameter) <= DRILL_MATCH_MM]
    drill = next((t for t in drills if library.reaches(t, depth)), None)
    if drill is not None:
        peck = diameter if depth > PECK_DEPTH_RATIO * diameter else None
        why = f"{where}: {drill.name} matches the diameter"
        if peck:
            why += f"; pecking {_mm(peck)} mm (deeper than {PECK_DEPTH_RATIO:g} × D)"
        if first.get("flat_bottom"):
            why += "; the drill point leaves a cone in the flat bottom"
        add(
            name=f"Drill Ø{_mm(diameter)} Z{_mm(bottom)}",
            type="drilling",
            tool=drill.name,
            faces=faces,
            start_depth_mm=top,
            final_depth_mm=bottom,
            peck_mm=peck,
            why=why,
        )
        return
    mill = library.largest_end_mill(depth=depth, max_radius=HELIX_TOOL_SHARE * diameter / 2)
    if mill is None:
        short = library.largest_end_mill(max_radius=HELIX_TOOL_SHARE * diameter / 2)
        reason = (
            f"{short.name} is small enough but its flutes ({short.flute_length_mm} mm) do not "
            f"reach {_mm(depth)} mm"
            if short is not None
            else "no end mill small enough"
        )
        notes.append(f"{where}: no drill of that size and {reason}; not machined")
        return
    reason = "no drill of that size in the library" if not drills else "the drill is too short"
    add(
        name=f"Helix Ø{_mm(diameter)} Z{_mm(bottom)}",
        type="helix",
        tool=mill.name,
        faces=faces,
        start_depth_mm=top,
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
