# SPDX-License-Identifier: LGPL-2.1-or-later
"""An operation of a CAM job set up as its resolved spec asks: its faces, the properties of
its kind, depths, heights and coolant (FreeCAD's names, through :mod:`.freecad_cam`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from projem_workbench.cam import freecad_cam, pocket_regions
from projem_workbench.cam.features import open_edges
from projem_workbench.errors import CamError

COOLANT = {"none": "None", "flood": "Flood", "mist": "Mist"}


def _faces(model: Any, names: list[str], what: str) -> list[tuple[Any, list[str]]]:
    count = len(model.Shape.Faces)
    for name in names:
        if not name.startswith("Face") or not name[4:].isdigit() or not 0 < int(name[4:]) <= count:
            raise CamError(f"{what}: the part has no {name} (it has Face1 to Face{count})")
    return [(model, list(names))] if names else []


def configure(
    op: Any, kind: str, spec: dict[str, Any], model: Any, request: Mapping[str, Any]
) -> None:
    label = spec["name"]
    set_ = freecad_cam.set_property
    faces = spec.get("faces") or []
    if kind == "pocket" and spec["type"] == "facing":  # an open floor, extended past its edges
        subs = [f"{face}:{edge}" for face in faces for edge in open_edges(model.Shape, face)]
        op.ExtensionFeature = [(model, tuple(subs))] if subs else []
        radius = float(op.ToolController.Tool.Diameter) / 2
        set_(op, "ExtensionLengthDefault", f"{radius + 1} mm")
        set_(op, "ExtensionCorners", True)
    if kind == "facing":
        top = top_faces(model)
        faces = faces or top
        set_(op, "ClearEdges", True)
        if set(faces) <= set(top):
            set_(op, "BoundaryShape", freecad_cam.facing_boundary())
        else:  # a floor below the top, open to the outside: clear past its open edges
            set_(op, "BoundaryShape", "Boundbox")
            set_(op, "ExcludeRaisedAreas", True)
    elif kind == "profile":
        set_(op, "Side", "Inside" if spec.get("side") == "inside" else "Outside")
        if not faces:  # the part's outline
            set_(op, "processPerimeter", True)
            set_(op, "processHoles", False)
            set_(op, "processCircles", False)
    elif kind == "adaptive":
        set_(op, "Side", "Inside")
        set_(op, "OperationType", "Clearing")
    elif kind == "drilling":
        set_(op, "PeckEnabled", spec.get("peck_mm") is not None)
        if spec.get("peck_mm") is not None:
            set_(op, "PeckDepth", f"{spec['peck_mm']} mm")
        set_(op, "DwellEnabled", bool(spec.get("dwell_s")))
        if spec.get("dwell_s"):
            set_(op, "DwellTime", float(spec["dwell_s"]))
        set_(op, "RetractMode", spec.get("retract_mode") or "G98")
        if spec.get("retract_height_mm") is not None:
            set_(op, "RetractHeight", f"{spec['retract_height_mm']} mm")
        set_(op, "ExtraOffset", "None")
    elif kind == "helix":
        set_(op, "StartSide", "Inside")
    if kind in ("pocket", "adaptive", "drilling", "helix") and not faces:
        raise CamError(f"{label}: a {kind} operation needs the faces it works on")
    op.Base = _faces(model, faces, label)
    if kind in ("pocket", "adaptive") and faces:
        pocket_regions.clear_over_openings(
            op, model, faces, rest_after_mm=spec.get("rest_after_mm")
        )
    if spec.get("stock_to_leave_mm"):
        # Both keep the tool that much further off the part (checked with the simulator:
        # a negative ExtraOffset widens a pocket into its walls).
        name = "OffsetExtra" if kind == "profile" else "ExtraOffset"
        set_(op, name, f"{spec['stock_to_leave_mm']} mm")
    if spec.get("stepover_percent") is not None and "StepOver" in op.PropertiesList:
        set_(op, "StepOver", round(spec["stepover_percent"]))
    if spec.get("stepdown_mm") is not None and "StepDown" in op.PropertiesList:
        set_(op, "StepDown", f"{spec['stepdown_mm']} mm")
    for key, name in (("start_depth_mm", "StartDepth"), ("final_depth_mm", "FinalDepth")):
        if spec.get(key) is not None:
            set_(op, name, f"{spec[key]} mm")
    for key, name in (("safe_height_mm", "SafeHeight"), ("clearance_height_mm", "ClearanceHeight")):
        if request.get(key) is not None:
            set_(op, name, f"{request[key]} mm")
    set_(op, "CoolantMode", COOLANT[spec.get("coolant") or "none"])


def top_faces(model: Any) -> list[str]:
    top = model.Shape.BoundBox.ZMax
    names = []
    for index, face in enumerate(model.Shape.Faces, start=1):
        box = face.BoundBox
        if box.ZLength < 1e-6 and abs(box.ZMax - top) < 1e-6 and face.normalAt(0, 0).z > 0.999:
            names.append(f"Face{index}")
    return names
