# SPDX-License-Identifier: LGPL-2.1-or-later
"""A plan proved before it is offered: FreeCAD builds and posts its job (worker action
``check``), and the simulator runs the G-code on the stock against the part, as the run's own
gate will. What FreeCAD cannot make and what the simulation finds an error in are answered by
operation name, for the planner to leave out; what the simulation leaves above the part, and
its warnings, become the plan's notes and reasons."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.freecad.runner import run_in_freecad
from projem_workbench.gcode.reader import read_program
from projem_workbench.services import sim_inputs
from projem_workbench.services.cam_resolve import job_request, post_request, resolve
from projem_workbench.services.cam_spec import RunSpec
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from projem_workbench.services.sim_runs import DEFAULT_RESOLUTION_MM
from projem_workbench.sim.engine import GOUGE_TOLERANCE_MM, SimResult, left_thickness, simulate
from projem_workbench.sim.findings import ERROR
from projem_workbench.sim.machine import THROUGH_CUT_ALLOWANCE_MM, Box
from projem_workbench.sim.surface import rasterize, read_stl
from projem_workbench.sim.tools import ToolShape

_BEGIN = re.compile(r"^\(begin operation: (.*)\)\s*$", re.IGNORECASE)


@dataclass
class Verdict:
    """What FreeCAD and the simulator say of a plan."""

    problems: dict[str, str] = field(default_factory=dict)  # by operation: leave it out
    result: SimResult | None = None
    findings: dict[str, list[str]] = field(default_factory=dict)  # warnings, by operation


def verify(
    database: Database, document: Path, plan: RunSpec, machine: str | int, material: str | int
) -> Verdict:
    with database.read_session() as session:
        machine_view = MACHINES.get_in(session, machine)
        try:
            resolved = resolve(
                session, plan, machine=machine_view, material=MATERIALS.get_in(session, material)
            )
        except ValidationError:  # the run refuses it with its reason: nothing to check here
            return Verdict()
    with tempfile.TemporaryDirectory(prefix="projem-plan-") as folder:
        surface = Path(folder) / "part.stl"
        request = {
            **job_request(plan, document),
            "label": "Projem plan check",
            "controllers": resolved["controllers"],
            "operations": resolved["operations"],
            **post_request(machine_view),
            "surface_path": str(surface),
        }
        answer = run_in_freecad("check", request)
        if answer["problems"]:
            return Verdict(problems=dict(answer["problems"]))
        mesh = surface.read_bytes()
    stock = Box(*answer["stock_box_mm"])
    allowance = float(plan.through_cut_allowance_mm or THROUGH_CUT_ALLOWANCE_MM)
    limits = sim_inputs.machine_limits(machine_view, stock, allowance_mm=allowance)
    tools = {
        int(t["number"]): ToolShape.from_record(t, number=int(t["number"]))
        for t in resolved["tools"]
    }
    gcode = answer["gcode"]
    program = read_program(
        gcode,
        dialect=machine_view.post_processor or machine_view.controller,
        home_z=limits.travel.z1,
    )
    grid = sim_inputs.grid_of(stock, DEFAULT_RESOLUTION_MM)
    vertices, triangles = read_stl(mesh)
    part = rasterize(
        vertices, triangles, x0=grid["x0"], y0=grid["y0"], nx=grid["nx"], ny=grid["ny"],
        resolution_mm=grid["resolution_mm"],
    )  # fmt: skip
    result = simulate(
        program, stock=stock, tools=tools, machine=limits, part=part,
        resolution_mm=DEFAULT_RESOLUTION_MM, through_cut_allowance_mm=allowance,
    )  # fmt: skip
    owner = _operation_of_line(gcode, [op.name for op in plan.operations])
    verdict = Verdict(result=result)
    for finding in result.findings:
        name = owner(finding.line)
        if name is None:
            continue
        text = f"{finding.kind} at line {finding.line}: {finding.message}"
        if finding.severity == ERROR:
            verdict.problems.setdefault(name, f"{name}: the simulation finds {text}")
        else:
            verdict.findings.setdefault(name, []).append(text)
    if result.errors and not verdict.problems:  # errors no operation owns: the plan is wrong
        raise ValidationError(
            "the plan's simulation finds errors outside its operations: "
            + "; ".join(f.message for f in result.errors[:3]),
            field="spec",
        )
    return verdict


def left_by_feature(result: SimResult, features: Mapping[str, Any]) -> list[tuple[str, float]]:
    """Where the material the simulation leaves lies, the most first: (where, mm³) — in a
    hole, a through opening, or a floor (the smallest whose box holds it), else round the
    outline and walls (what no feature's area holds)."""
    if result.part is None or result.left_mm3 <= 0:
        return []
    thickness = left_thickness(
        result.heights, result.part.heights, bottom=result.stock.z0, tolerance=GOUGE_TOLERANCE_MM
    )
    rows, cols = np.nonzero(thickness)
    res = result.resolution_mm
    x = result.stock.x0 + (cols + 0.5) * res
    y = result.stock.y0 + (rows + 0.5) * res
    volume = thickness[rows, cols].astype(np.float64) * res * res
    owner = np.full(len(volume), -1)
    labels: list[str] = []

    def claim(mask: np.ndarray, label: str) -> None:
        owner[mask] = len(labels)
        labels.append(label)

    def inside(box: list[float]) -> np.ndarray:
        return (x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3])

    # Larger areas first, so that a smaller one inside them (a pocket in a pocket) wins.
    for floor in sorted(features.get("floors") or [], key=lambda f: -f.get("area", 0)):
        claim(inside(floor["box"]), f"{floor['face']} at Z{floor['z']:g}")
    for opening in features.get("through_openings") or []:
        box = opening["box"]
        claim(inside(box), f"the through opening at X{box[0]:g} Y{box[1]:g}")
    for hole in features.get("holes") or []:
        near = (x - hole["x"]) ** 2 + (y - hole["y"]) ** 2 <= (hole["diameter"] / 2) ** 2
        claim(near, f"the hole Ø{hole['diameter']:g} at X{hole['x']:g} Y{hole['y']:g}")
    totals = np.bincount(owner + 1, weights=volume, minlength=len(labels) + 1)
    named = [("the outline and walls", float(totals[0]))]
    named += [(label, float(total)) for label, total in zip(labels, totals[1:], strict=True)]
    return sorted(((w, v) for w, v in named if v >= 0.5), key=lambda item: -item[1])


def _operation_of_line(gcode: str, names: list[str]) -> Any:
    """A function: G-code line number -> the plan's operation it belongs to (or None).

    FreeCAD's posts mark each operation with ``(begin operation: LABEL)``, parentheses in the
    label turned to brackets; a line between two operations (a tool change) belongs to the
    one before it, the program's start to the first.
    """
    labels = {name.replace("(", "[").replace(")", "]"): name for name in names}
    starts: list[tuple[int, str]] = []
    for number, line in enumerate(gcode.splitlines(), start=1):
        found = _BEGIN.match(line.strip())
        if found and found.group(1) in labels:
            starts.append((number, labels[found.group(1)]))

    def owner(line: int | None) -> str | None:
        if line is None or not starts:
            return None
        before = [name for start, name in starts if start <= line]
        return before[-1] if before else starts[0][1]

    return owner
