# SPDX-License-Identifier: LGPL-2.1-or-later
"""A CAM job from a resolved run request, its toolpaths, and G-code from the machine's post.

The request names everything already decided (tools with their bits and feeds, operations with
their faces and depths); FreeCAD fills in only what the request leaves open (a depth taken from
the geometry), and the answer says what it used, so the run records exactly what produced the
G-code. Any operation that ends without a toolpath fails the whole run: no partial G-code.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any

import FreeCAD

from projem_workbench.cam import freecad_cam
from projem_workbench.cam.operation_setup import configure, top_faces
from projem_workbench.errors import CamError

CUTTING = {"G1", "G01", "G2", "G02", "G3", "G03", "G81", "G82", "G83", "G73", "G85"}
DEPTH_TOLERANCE = 1e-3  # mm: how far the deepest cut may sit from the final depth


def preload() -> None:
    """Import what a run will use (for a worker started before its request)."""
    import Part  # noqa: F401  (loading it is the point)

    freecad_cam.preload()


def open_document(path: str, *, hidden: bool = True) -> Any:
    """Open ``path`` (hidden: no 3D view in the GUI). FreeCAD hands back a document that is
    already open (the workbench saves the user's document, then measures its file): callers
    close only what was not open before (:func:`already_open`)."""
    # A document saved by a newer FreeCAD asks "recompute?" in the GUI; never wait on it.
    FreeCAD.ConfigSet("SuppressRecomputeRequiredDialog", "True")
    was_open = already_open()
    try:
        doc = FreeCAD.openDocument(path, hidden)
    except Exception as exc:  # FreeCAD raises plain Exception/OSError for unreadable files
        raise CamError(f"FreeCAD cannot open the model document: {exc}") from exc
    finally:
        FreeCAD.ConfigSet("SuppressRecomputeRequiredDialog", "")
    # A document saved by another FreeCAD can open with its features marked for recompute
    # (1.0 and 1.1 opening their own Drilling_1 sample). The job's recompute would then
    # rebuild the part, differently from what was saved (its first sketch fails to solve on
    # 1.1, not always the same way), renumbering its faces under the plan's names. What is
    # machined is the part as saved, as FreeCAD showed it: the marks are cleared.
    if doc.Name not in was_open:
        for obj in doc.Objects:
            obj.purgeTouched()
    return doc


def result_objects(doc: Any) -> list[Any]:
    """The document's end results: objects with solids that no other feature is built from.

    A document saved from FreeCAD's CAM workbench holds its jobs too: their stock, model
    clones, tool bits (solids, each) and groups are not the part, and a clone a job made of
    the part does not make the part an intermediate feature."""
    results = []
    cam = _cam_objects(doc)
    for obj in doc.Objects:
        shape = getattr(obj, "Shape", None)
        if shape is None or shape.isNull() or not shape.Solids or obj.Name in cam:
            continue
        if obj.TypeId.startswith("App::DocumentObjectGroup"):
            continue
        parents = [p for p in obj.InList if p.Name not in cam]
        if any(getattr(parent, "Shape", None) is not None for parent in parents):
            continue
        results.append(obj)
    return results


def already_open() -> set[str]:
    return set(FreeCAD.listDocuments())


def _cam_objects(doc: Any) -> set[str]:
    """Names of the objects of the document's CAM jobs and of anything FreeCAD's CAM module
    made (tool bits, stock, dressups), found by their proxy's module."""
    names = set()
    for obj in doc.Objects:
        module = type(getattr(obj, "Proxy", None)).__module__ or ""
        if module.startswith(("Path.", "PathScripts.", "CAM.")):
            names.add(obj.Name)
        if hasattr(obj, "Stock") and hasattr(obj, "Model") and hasattr(obj, "Operations"):
            # Not the job's whole OutList: through its model clones that reaches the part.
            owned = [obj, obj.Stock, obj.Model, *getattr(obj.Model, "Group", [])]
            owned += [obj.Operations, *getattr(obj.Operations, "Group", [])]
            tools = getattr(obj, "Tools", None)
            controllers = list(getattr(tools, "Group", []))
            owned += [tools, *controllers, *(getattr(c, "Tool", None) for c in controllers)]
            names.update(o.Name for o in owned if o is not None)
    return names


def model_object(doc: Any, name: str | None) -> Any:
    """The object to machine: the one named (by name or label), or the only result."""
    if name:
        found = doc.getObject(name) or next(iter(doc.getObjectsByLabel(name)), None)
        if found is None or getattr(found, "Shape", None) is None or not found.Shape.Solids:
            raise CamError(f"the document has no solid object named {name!r}")
        return found
    results = result_objects(doc)
    if not results:
        raise CamError("the document holds no solid to machine")
    if len(results) > 1:
        names = ", ".join(f"{o.Name} ({o.Label})" for o in results)
        raise CamError(f"the document holds several solids ({names}): name one as the object")
    return results[0]


def build_job(
    doc: Any, request: Mapping[str, Any], *, problems: dict[str, str] | None = None
) -> tuple[Any, Any, list[Any]]:
    """The part machined, its job and the job's operations, recomputed."""
    part = model_object(doc, request.get("object"))
    job = freecad_cam.create_job(doc, [part], "Projem")
    freecad_cam.set_stock(
        job, offsets=request["stock"].get("offsets_mm"), extents=request["stock"].get("extents_mm")
    )
    _check_stock_holds_part(job, part)
    freecad_cam.set_work_offset(job, request.get("wcs", "G54"))
    job.Label = request.get("label") or "Projem"
    model = job.Model.Group[0]
    specs = request["operations"]
    controllers = {}
    for spec in request["controllers"]:
        bit = freecad_cam.make_tool_bit(doc, spec["bits"], spec["tool"])
        controllers[spec["key"]] = freecad_cam.add_tool_controller(
            job,
            bit,
            label=spec["label"],
            number=spec["number"],
            spindle_rpm=spec["spindle_rpm"],
            feed_mm_min=spec["feed_mm_min"],
            plunge_mm_min=spec["plunge_mm_min"],
        )
    operations = []
    for spec in specs:
        kind = _freecad_kind(spec, model)
        operation = freecad_cam.create_operation(
            job, kind, spec["name"], controllers[spec["controller"]]
        )
        configure(operation, kind, spec, model, request)
        operations.append(operation)
    freecad_cam.make_repeatable()
    doc.recompute()
    for index, spec in enumerate(specs):
        if _toolpath_problem(operations[index], spec) and _clears_open_floor(spec, model):
            operations[index] = _clear_by_pocket(job, operations[index], spec, model, request)
        problem = _toolpath_problem(operations[index], spec)
        if problem and problems is None:
            raise CamError(problem)
        if problem:
            problems[spec["name"]] = problem
    return part, job, operations


def check(request: Mapping[str, Any]) -> dict[str, Any]:
    """Build the job for ``request`` and answer, by operation name, why FreeCAD's toolpath
    is not what was asked (no toolpath, short of its depth) instead of failing on the first
    (for the default plan, which then leaves those out). With ``post`` in the request and
    no problem found, the G-code, the stock and the part's mesh (at ``surface_path``) come
    back too, for the plan's simulation. A document that was already open is left as it was."""
    was_open = already_open()
    doc = open_document(request["document"])
    before = {obj.Name for obj in doc.Objects}
    problems: dict[str, str] = {}
    try:
        part, job, operations = build_job(doc, request, problems=problems)
        answer = {"problems": problems, "freecad_version": freecad_cam.version()}
        if request.get("post") and not problems:
            objects = freecad_cam.tool_controller_objects(operations, request.get("wcs", "G54"))
            answer["gcode"] = freecad_cam.post_process(
                objects, request["post"], request["post_arguments"]
            )
            write_surface(part.Shape, request["surface_path"])
            answer["stock_box_mm"] = stock_box_mm(job)
        return answer
    finally:
        if doc.Name not in was_open:
            FreeCAD.closeDocument(doc.Name)
        else:  # the job and all it made go again, newest first
            for obj in reversed(doc.Objects):
                if obj.Name not in before and doc.getObject(obj.Name) is not None:
                    doc.removeObject(obj.Name)


def _clears_open_floor(spec: dict[str, Any], model: Any) -> bool:
    """A facing of a floor below the top (open to the outside) made by FreeCAD's facing."""
    below_top = set(spec.get("faces") or []) - set(top_faces(model))
    return spec["type"] == "facing" and bool(below_top) and _freecad_kind(spec, model) == "facing"


def _clear_by_pocket(
    job: Any, facing: Any, spec: dict[str, Any], model: Any, request: Mapping[str, Any]
) -> Any:
    """The floor cleared by a pocket extended past its open edges instead, in the facing's
    place. FreeCAD's facing with raised areas excluded sections its envelope level by level
    and on some floors loses the last levels or all of them (FreeCAD's own Drilling_1
    sample: no toolpath at all on 0.20 with a 12 mm end mill, stopping 2 mm short with a
    3 mm stepdown), where a pocket clears the same region down to the floor."""
    controller = facing.ToolController
    job.Operations.removeObject(facing)
    job.Document.removeObject(facing.Name)
    pocket = freecad_cam.create_operation(job, "pocket", spec["name"], controller)
    configure(pocket, "pocket", spec, model, request)
    job.Document.recompute()
    return pocket


def stock_box_mm(job: Any) -> list[float]:
    """The job's stock as X0, Y0, Z0, X1, Y1, Z1 (mm)."""
    box = job.Stock.Shape.BoundBox
    return [round(v, 6) for v in (box.XMin, box.YMin, box.ZMin, box.XMax, box.YMax, box.ZMax)]


def _check_stock_holds_part(job: Any, part: Any) -> None:
    stock, box = job.Stock.Shape.BoundBox, part.Shape.BoundBox
    if not stock.isInside(box):
        raise CamError(f"the stock ({_box_text(stock)}) does not hold the part ({_box_text(box)})")


def _box_text(box: Any) -> str:
    return (
        f"X {box.XMin:.2f}..{box.XMax:.2f}, Y {box.YMin:.2f}..{box.YMax:.2f}, "
        f"Z {box.ZMin:.2f}..{box.ZMax:.2f}"
    )


def _freecad_kind(spec: dict[str, Any], model: Any) -> str:
    """The FreeCAD operation that does what ``spec`` asks, on this FreeCAD."""
    below_top = set(spec.get("faces") or []) - set(top_faces(model))
    if spec["type"] == "facing" and below_top and not freecad_cam.clears_open_floors_by_facing():
        return "pocket"
    return str(spec["type"])


def _toolpath_problem(op: Any, spec: dict[str, Any]) -> str | None:
    """Why the operation's toolpath is not what was asked, or None: every operation cuts,
    reaches its final depth and never goes below it."""
    z, deepest, cutting = math.inf, math.inf, 0
    for command in op.Path.Commands:
        z = command.Parameters.get("Z", z)
        if command.Name in CUTTING:
            cutting += 1
            deepest = min(deepest, z)
    if cutting == 0:
        controller = op.ToolController
        return (
            f"{spec['name']}: FreeCAD made no toolpath for this {spec['type']} operation with "
            f"{controller.Tool.Label} (Ø{float(controller.Tool.Diameter):g} mm); the tool may "
            "not fit the region, or the faces or depths leave nothing to cut"
        )
    final = freecad_cam.quantity_mm(op, "FinalDepth")
    if abs(deepest - final) > DEPTH_TOLERANCE:
        where = "stopped at" if deepest > final else "cut down to"
        return (
            f"{spec['name']}: FreeCAD's toolpath {where} Z{deepest:.3f}, but the operation's "
            f"final depth is Z{final:.3f}"
        )
    return None


def operation_summary(op: Any) -> dict[str, Any]:
    def mm(name: str) -> float | None:
        if freecad_cam.property_name(name) not in op.PropertiesList:
            return None
        return round(freecad_cam.quantity_mm(op, name), 4)

    return {
        "name": op.Label,
        "freecad_operation": freecad_cam.operation_kind(op),
        "commands": len(op.Path.Commands),
        "tool_number": op.ToolController.ToolNumber,
        "start_depth_mm": mm("StartDepth"),
        "final_depth_mm": mm("FinalDepth"),
        "stepdown_mm": mm("StepDown"),
        "safe_height_mm": mm("SafeHeight"),
        "clearance_height_mm": mm("ClearanceHeight"),
    }


# Chord error of the part's mesh for the simulator: well inside its 0.02 mm gouge tolerance.
SURFACE_DEFLECTION_MM = 0.005


def write_surface(shape: Any, path: str) -> int:
    """Tessellate ``shape`` and write it as a binary STL (the simulator rasterizes it into the
    part's top surface); returns the number of triangles."""
    import numpy as np

    from projem_workbench.sim.surface import write_stl

    points, facets = shape.tessellate(SURFACE_DEFLECTION_MM)
    vertices = np.array([(p.x, p.y, p.z) for p in points], dtype=np.float64).reshape(-1, 3)
    triangles = np.array(facets, dtype=np.int64).reshape(-1, 3)
    with open(path, "wb") as out:
        out.write(write_stl(vertices, triangles))
    return len(triangles)


def run(request: Mapping[str, Any]) -> dict[str, Any]:
    """Build the job for ``request``, post-process it, and answer with the G-code."""
    keep = bool(request.get("keep_open"))
    was_open = already_open()
    doc = open_document(request["document"], hidden=not keep)
    keep = keep or doc.Name in was_open
    try:
        part, job, operations = build_job(doc, request)
        objects = freecad_cam.tool_controller_objects(operations, request.get("wcs", "G54"))
        gcode = freecad_cam.post_process(objects, request["post"], request["post_arguments"])
        if request.get("surface_path"):
            write_surface(part.Shape, request["surface_path"])
        if request.get("save_document"):
            doc.saveAs(request["save_document"])
            # The copy FreeCAD opened was "model.FCStd"; name the document as its file is.
            doc.Label = os.path.splitext(os.path.basename(request["save_document"]))[0]
        return {
            "freecad_version": freecad_cam.version(),
            "flavour": freecad_cam.flavour(),
            "object": part.Name,
            "job": job.Name,
            "operations": [operation_summary(op) for op in operations],
            "stock_box_mm": stock_box_mm(job),
            "gcode": gcode,
            "document": doc.Name if keep else None,
        }
    finally:
        if not keep:
            FreeCAD.closeDocument(doc.Name)
