# SPDX-License-Identifier: LGPL-2.1-or-later
"""An operation of a CAM job set up as its resolved spec asks: its faces, the properties of
its kind, depths, heights and coolant (FreeCAD's names, through :mod:`.freecad_cam`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from projem_workbench.cam import freecad_cam, pocket_regions
from projem_workbench.cam.features import open_edges
from projem_workbench.cam.operations import OPERATIONS
from projem_workbench.errors import CamError

COOLANT = {"none": "None", "flood": "Flood", "mist": "Mist"}
_set = freecad_cam.set_property


def _faces(model: Any, names: list[str], what: str) -> list[tuple[Any, list[str]]]:
    count = len(model.Shape.Faces)
    for name in names:
        if not name.startswith("Face") or not name[4:].isdigit() or not 0 < int(name[4:]) <= count:
            raise CamError(f"{what}: the part has no {name} (it has Face1 to Face{count})")
    return [(model, list(names))] if names else []


def configure(
    op: Any, kind: str, spec: dict[str, Any], model: Any, request: Mapping[str, Any]
) -> None:
    """Set up ``op``, a FreeCAD operation of ``kind`` (a name of :data:`OPERATIONS`; for a
    facing FreeCAD cannot do here, ``pocket``), as the resolved ``spec`` asks."""
    label = spec["name"]
    faces = CONFIGURE[kind](op, spec, model, spec.get("faces") or [])
    if OPERATIONS[kind].needs_faces and not faces:
        raise CamError(f"{label}: a {kind} operation needs the faces it works on")
    op.Base = _faces(model, faces, label)
    if OPERATIONS[kind].clears_floors and faces:
        pocket_regions.clear_over_openings(
            op, model, faces, rest_after_mm=spec.get("rest_after_mm")
        )
    if spec.get("stock_to_leave_mm"):
        # Both keep the tool that much further off the part (checked with the simulator:
        # a negative ExtraOffset widens a pocket into its walls).
        name = "OffsetExtra" if kind == "profile" else "ExtraOffset"
        _set(op, name, f"{spec['stock_to_leave_mm']} mm")
    if spec.get("stepover_percent") is not None and "StepOver" in op.PropertiesList:
        _set(op, "StepOver", round(spec["stepover_percent"]))
    if spec.get("stepdown_mm") is not None and "StepDown" in op.PropertiesList:
        _set(op, "StepDown", f"{spec['stepdown_mm']} mm")
    for key, name in (("start_depth_mm", "StartDepth"), ("final_depth_mm", "FinalDepth")):
        if spec.get(key) is not None:
            _set(op, name, f"{spec[key]} mm")
    for key, name in (("safe_height_mm", "SafeHeight"), ("clearance_height_mm", "ClearanceHeight")):
        if request.get(key) is not None:
            _set(op, name, f"{request[key]} mm")
    _set(op, "CoolantMode", COOLANT[spec.get("coolant") or "none"])


def _facing(op: Any, spec: dict[str, Any], model: Any, faces: list[str]) -> list[str]:
    top = top_faces(model)
    faces = faces or top
    _set(op, "ClearEdges", True)
    if set(faces) <= set(top):
        _set(op, "BoundaryShape", freecad_cam.facing_boundary())
    else:  # a floor below the top, open to the outside: clear past its open edges
        _set(op, "BoundaryShape", "Boundbox")
        _set(op, "ExcludeRaisedAreas", True)
    return faces


def _profile(op: Any, spec: dict[str, Any], model: Any, faces: list[str]) -> list[str]:
    _set(op, "Side", "Inside" if spec.get("side") == "inside" else "Outside")
    if not faces:  # the part's outline
        _set(op, "processPerimeter", True)
        _set(op, "processHoles", False)
        _set(op, "processCircles", False)
    return faces


def _pocket(op: Any, spec: dict[str, Any], model: Any, faces: list[str]) -> list[str]:
    if spec["type"] == "facing":  # an open floor, extended past its edges
        subs = [f"{face}:{edge}" for face in faces for edge in open_edges(model.Shape, face)]
        op.ExtensionFeature = [(model, tuple(subs))] if subs else []
        radius = float(op.ToolController.Tool.Diameter) / 2
        _set(op, "ExtensionLengthDefault", f"{radius + 1} mm")
        _set(op, "ExtensionCorners", True)
    return faces


def _adaptive(op: Any, spec: dict[str, Any], model: Any, faces: list[str]) -> list[str]:
    _set(op, "Side", "Inside")
    _set(op, "OperationType", "Clearing")
    return faces


def _drilling(op: Any, spec: dict[str, Any], model: Any, faces: list[str]) -> list[str]:
    _set(op, "PeckEnabled", spec.get("peck_mm") is not None)
    if spec.get("peck_mm") is not None:
        _set(op, "PeckDepth", f"{spec['peck_mm']} mm")
    _set(op, "DwellEnabled", bool(spec.get("dwell_s")))
    if spec.get("dwell_s"):
        _set(op, "DwellTime", float(spec["dwell_s"]))
    _set(op, "RetractMode", spec.get("retract_mode") or "G98")
    if spec.get("retract_height_mm") is not None:
        _set(op, "RetractHeight", f"{spec['retract_height_mm']} mm")
    _set(op, "ExtraOffset", "None")
    return faces


def _helix(op: Any, spec: dict[str, Any], model: Any, faces: list[str]) -> list[str]:
    _set(op, "StartSide", "Inside")
    return faces


# Each kind's own properties, one for every name of the table (tests/unit reads the keys
# without FreeCAD): (operation, spec, model, the spec's faces) -> the faces it works on.
CONFIGURE: dict[str, Callable[[Any, dict[str, Any], Any, list[str]], list[str]]] = {
    "facing": _facing,
    "profile": _profile,
    "pocket": _pocket,
    "adaptive": _adaptive,
    "drilling": _drilling,
    "helix": _helix,
}


def top_faces(model: Any) -> list[str]:
    top = model.Shape.BoundBox.ZMax
    names = []
    for index, face in enumerate(model.Shape.Faces, start=1):
        box = face.BoundBox
        if box.ZLength < 1e-6 and abs(box.ZMax - top) < 1e-6 and face.normalAt(0, 0).z > 0.999:
            names.append(f"Face{index}")
    return names
