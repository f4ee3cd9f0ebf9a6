# SPDX-License-Identifier: LGPL-2.1-or-later
"""What a CAM run checks around FreeCAD: a spec that would crash on its stock is refused
before FreeCAD starts (nothing recorded), FreeCAD's own depths and heights are checked again
on the stock it built, and what may work but hurts the tool or the part is a *warning* the run
records and shows (``cam_runs.operations["warnings"]``, :attr:`CamRunView.warnings`):

- ``tool_reach``: an operation cuts deeper than its tool's flutes (the shank rubs the wall
  above them) or than its stick-out, where the tool records one (the holder meets the stock);
- ``spindle_raised``: the machine's spindle minimum raised the spindle speed above what the
  cutting data allows (the cutting speed goes up with it: the edge may burn).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from projem_workbench.errors import CamError
from projem_workbench.services.cam_spec import (
    RunSpec,
    check_against_stock,
    crash_problems,
    stock_heights,
)
from projem_workbench.services.model_library import ModelVersion

_SLACK_MM = 1e-3  # what FreeCAD's rounding of depths cannot tell apart


def model_geometry(model: ModelVersion) -> Mapping[str, Any] | None:
    """What FreeCAD measured of a model version when it was stored (None: not measured)."""
    return (model.doc_metadata or {}).get("geometry")


def check_before_freecad(spec: RunSpec, geometry: Mapping[str, Any] | None) -> bool:
    """Refuse ``spec`` if it would crash on its stock: its extents, or the part's measured box
    (``geometry``, as :func:`freecad.geometry.measure_document` gives it) grown by the
    offsets. False when the stock is not known here: no measured box, or a chosen object of a
    document with more than one solid (the box is the whole document's); then only
    :func:`check_freecad_answer` can tell."""
    geometry = geometry or {}
    if spec.object is not None and int(geometry.get("solids") or 1) > 1:
        geometry = {}
    heights = stock_heights(spec.stock, geometry.get("bounding_box_mm"))
    if heights is None:
        return False
    check_against_stock(spec, heights)
    return True


def check_freecad_answer(spec: RunSpec, answer: Mapping[str, Any]) -> None:
    """The depths and heights FreeCAD settled on, on the stock it built: a
    :class:`CamError` (the run is then recorded failed, no G-code kept) if they would crash."""
    box = answer.get("stock_box_mm")
    if not box:
        return
    operations = list(answer.get("operations") or [])
    heights = {
        field: min((op[field] for op in operations if op.get(field) is not None), default=None)
        for field in ("safe_height_mm", "clearance_height_mm")
    }
    problems = crash_problems(
        operations, heights, bottom=box[2], top=box[5], allowance=spec.through_cut_allowance_mm
    )
    if problems:
        raise CamError("; ".join(problems.values()))


def _warning(kind: str, operation: str, message: str) -> dict[str, str]:
    return {"kind": kind, "operation": operation, "message": message}


def spindle_warnings(operations: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """A warning for each operation whose calculated spindle speed a machine minimum raised."""
    warnings = []
    for op in operations:
        if (op.get("source") or {}).get("spindle_rpm") != "calculator":
            continue
        for clamp in (op.get("calculator") or {}).get("clamps", []):
            if clamp["quantity"] != "spindle_rpm" or clamp["applied"] <= clamp["requested"]:
                continue
            raised = 100 * (clamp["applied"] / clamp["requested"] - 1)
            warnings.append(
                _warning(
                    "spindle_raised",
                    op["name"],
                    f"{op['name']}: spindle speed raised from {clamp['requested']:g} to "
                    f"{clamp['applied']:g} rpm ({clamp['reason']}): the cutting speed is "
                    f"{raised:.0f} % above what the material's cutting data allows for "
                    f"T{op['tool_number']} {op['tool']}, which may burn its edge; use a larger "
                    "tool, one of a tool material made for that speed, or another machine",
                )
            )
    return warnings


def reach_warnings(
    answered: Sequence[Mapping[str, Any]],
    tools: Sequence[Mapping[str, Any]],
    stock_top: float | None,
) -> list[dict[str, str]]:
    """A warning for each operation that FreeCAD made deeper (from its start depth, else the
    stock's top, to its final depth) than its tool's flutes or recorded stick-out."""
    by_number = {int(tool["number"]): tool for tool in tools}
    warnings = []
    for op in answered:
        tool = by_number.get(int(op.get("tool_number") or 0))
        final = op.get("final_depth_mm")
        start = op.get("start_depth_mm")
        start = start if start is not None else stock_top
        if tool is None or final is None or start is None:
            continue
        depth = start - final
        label = f"T{tool['number']} {tool['name']}"
        flutes = tool.get("flute_length_mm")
        stickout = (tool.get("params") or {}).get("stickout_mm")
        if stickout and flutes:
            # Flutes held in the collet do not cut: the simulator takes the stick-out as at
            # least the flutes' length (sim/tools.py), and so does this check.
            stickout = max(float(stickout), float(flutes))
        if stickout and depth > float(stickout) + _SLACK_MM:
            why = (
                f"sticks out of its holder only {float(stickout):g} mm: the holder meets the "
                f"stock once the tool tip is below Z{start - float(stickout):g}"
            )
        elif flutes and depth > float(flutes) + _SLACK_MM:
            why = (
                f"has flutes {float(flutes):g} mm long: once the tool tip is below "
                f"Z{start - float(flutes):g} the shank rubs the wall, {depth - float(flutes):g}"
                f" mm of it at the final depth (Z{final + float(flutes):g} to Z{start:g})"
            )
        else:
            continue
        warnings.append(
            _warning(
                "tool_reach",
                op["name"],
                f"{op['name']}: cuts {depth:g} mm deep (Z{start:g} to Z{final:g}) with {label}, "
                f"which {why}; use a tool that reaches, or machine the rest from the other side",
            )
        )
    return warnings
