# SPDX-License-Identifier: LGPL-2.1-or-later
"""FreeCAD's own simulator on a program, for bench_sim.py: runs under ``freecadcmd``
(bench_sim also calls :func:`status` and :func:`tools` from here, outside FreeCAD).

  PROJEM_PATHSIM_JOB=job.json freecadcmd bench/pathsim_baseline.py

The job (JSON) names the G-code file, the stock box, the resolution, the tools by number
(kind, diameter, tip angle, corner radius) and the number of repeats; the answer (JSON, to the
job's ``out``) gives the seconds of ``ApplyCommand`` over all moves, the moves applied, the
removed volume and the process's peak memory.

How FreeCAD 0.20's ``PathSimulator.PathSim`` is driven (as its own PathSimulatorGui.py does):

- ``BeginSimulation(stock_shape, resolution)``: a height map over the stock's bounding box,
  ``int(length / resolution) + 1`` cells a side, cell (x, y) covering
  ``[x0 + x * res, x0 + (x + 1) * res)``, every height at the stock's top.
- ``SetToolShape(tool_solid, resolution)``: the tool's profile (height of its lowest point at
  each radius, sampled every ``resolution`` from the axis out) is read off a solid standing
  on Z = 0 around the Z axis with BRep point classification; only the profile is kept, the
  shank and holder never meet the stock. Called again at every tool change.
- ``ApplyCommand(placement, command)`` returns the new tool-tip placement. G0 and G1 both
  sweep the tool (0.20 cuts with rapids too); G2/G3 sweep an arc in XY about the centre given
  by I/J relative to the start (the plane word is ignored); anything else (cycles, M words)
  moves nothing, so canned drilling cycles are expanded here as PathSimulatorGui.py does.
- ``GetResultMesh()`` gives two meshes, the untouched outer skin and the machined inner
  faces; together they close the stock, so their summed volume is the stock left. That is
  the only volume PathSim exposes (the height map itself is not reachable from Python).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from typing import Any

CYCLES = {"G73", "G81", "G82", "G83", "G85"}
MOTION = {"G0", "G1", "G2", "G3", "G00", "G01", "G02", "G03"}


def tool_solid(tool: dict[str, Any]) -> Any:
    """A solid of the tool standing on Z = 0 around the Z axis, as PathSim wants it."""
    import FreeCAD
    import Part

    vector = FreeCAD.Vector
    radius = tool["diameter_mm"] / 2
    length = max(tool.get("flute_length_mm") or 0.0, 4 * radius, 10.0)
    kind = tool.get("kind", "flat")
    if kind == "ball":
        body = Part.makeCylinder(radius, length - radius, vector(0, 0, radius))
        return body.fuse(Part.makeSphere(radius, vector(0, 0, radius)))
    if kind == "cone":
        tip = tool.get("tip_diameter_mm", 0.0) / 2
        half = math.radians(tool.get("tip_angle_deg", 118.0) / 2)
        height = (radius - tip) / math.tan(half)
        cone = Part.makeCone(max(tip, 1e-3), radius, height)
        return cone.fuse(Part.makeCylinder(radius, length, vector(0, 0, height)))
    corner = tool.get("corner_radius_mm", 0.0) if kind == "bull" else 0.0
    if corner > 0:
        body = Part.makeCylinder(radius, length - corner, vector(0, 0, corner))
        body = body.fuse(Part.makeCylinder(radius - corner, corner))
        return body.fuse(Part.makeTorus(radius - corner, corner, vector(0, 0, corner)))
    return Part.makeCylinder(radius, length)


def expand_cycle(command: Any, position: Any, retract_initial: bool) -> list[Any]:
    """A canned drilling cycle as the rapids and feeds PathSim can apply (one hole)."""
    import Path

    p = command.Parameters
    x, y = p.get("X", position.x), p.get("Y", position.y)
    r, z = p.get("R", position.z), p.get("Z", position.z)
    top = max(position.z, r) if retract_initial else r
    return [
        Path.Command("G0", {"X": x, "Y": y, "Z": max(position.z, r)}),
        Path.Command("G0", {"X": x, "Y": y, "Z": r}),
        Path.Command("G1", {"X": x, "Y": y, "Z": z}),
        Path.Command("G0", {"X": x, "Y": y, "Z": top}),
    ]


def segments(commands: list[Any]) -> list[tuple[int | None, list[Any]]]:
    """The program split at tool changes: (tool number, the motion commands run with it).

    Cycles are expanded against the position the commands before them reach, which is the
    same the simulator tracks (absolute coordinates, as FreeCAD's posts write them).
    """
    import FreeCAD

    out: list[tuple[int | None, list[Any]]] = [(None, [])]
    position = FreeCAD.Vector(0, 0, 0)
    selected: int | None = None
    retract_initial = True
    for command in commands:
        name, p = command.Name, command.Parameters
        if "T" in p and name != "M6":
            selected = int(p["T"])
        if name in ("M6", "M06"):
            selected = int(p.get("T", selected or 0))
            out.append((selected, []))
        elif name == "G98":
            retract_initial = True
        elif name == "G99":
            retract_initial = False
        elif name in MOTION:
            out[-1][1].append(command)
            position = FreeCAD.Vector(
                p.get("X", position.x), p.get("Y", position.y), p.get("Z", position.z)
            )
        elif name in CYCLES:
            expanded = expand_cycle(command, position, retract_initial)
            out[-1][1].extend(expanded)
            last = expanded[-1].Parameters
            position = FreeCAD.Vector(last["X"], last["Y"], last["Z"])
    return [(tool, moves) for tool, moves in out if moves]


def stock_left(sim: Any) -> tuple[float, float]:
    """(volume of the stock left in mm³, seconds to tessellate and measure it)."""
    import Mesh

    start = time.process_time()
    outer, inner = sim.GetResultMesh()
    mesh = Mesh.Mesh()
    mesh.addMesh(outer)
    mesh.addMesh(inner)
    return float(mesh.Volume), time.process_time() - start


def peak_mib() -> float:
    """``VmHWM`` of this process (``ru_maxrss`` would carry the forking parent's over exec)."""
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(row for row in status if row.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def run(job: dict[str, Any]) -> dict[str, Any]:
    import FreeCAD
    import Part
    import Path
    import PathSimulator

    with open(job["gcode"], encoding="utf-8") as handle:
        text = handle.read()
    start = time.process_time()
    path = Path.Path()
    path.setFromGCode(text)
    parse_s = time.process_time() - start
    parts = segments(path.Commands)
    tools = {int(k): v for k, v in job["tools"].items()}
    x0, y0, z0, x1, y1, z1 = job["stock"]
    resolution = job["resolution_mm"]
    stock = Part.makeBox(x1 - x0, y1 - y0, z1 - z0, FreeCAD.Vector(x0, y0, z0))
    solids = {number: tool_solid(tool) for number, tool in tools.items()}
    runs = []
    for _ in range(job.get("repeat", 1)):
        sim = PathSimulator.PathSim()
        sim.BeginSimulation(stock, resolution)
        initial = stock_left(sim)[0] if not runs else runs[0]["initial_mm3"]
        # PathSimulatorGui.py starts the tool at (0, 0, top of the stock).
        position = FreeCAD.Placement(FreeCAD.Vector(0, 0, z1), FreeCAD.Rotation())
        tool_s = apply_s = apply_wall = 0.0
        moves = 0
        for number, commands in parts:
            if number is not None:
                if number not in solids:
                    raise SystemExit(f"T{number} is not in the tool table")
                started = time.process_time()
                sim.SetToolShape(solids[number], resolution)
                tool_s += time.process_time() - started
            apply = sim.ApplyCommand
            started, wall = time.process_time(), time.perf_counter()
            for command in commands:
                position = apply(position, command)
            apply_s += time.process_time() - started
            apply_wall += time.perf_counter() - wall
            moves += len(commands) if number is not None else 0
        left, mesh_s = stock_left(sim)
        runs.append(
            {
                "apply_s": apply_s,
                "apply_wall_s": apply_wall,
                "tool_setup_s": tool_s,
                "mesh_s": mesh_s,
                "moves": moves,
                "initial_mm3": initial,
                "left_mm3": left,
                "removed_mm3": initial - left,
            }
        )
    nx = int((x1 - x0) / resolution) + 1
    ny = int((y1 - y0) / resolution) + 1
    return {
        "freecad_version": ".".join(FreeCAD.Version()[:3]),
        "parse_s": parse_s,
        "cells": nx * ny,
        "runs": runs,
        "peak_mib": peak_mib(),
    }


# bench_sim.py calls these two in its own process, where FreeCAD is not imported.


def status(skip: bool) -> tuple[str | None, str]:
    """(freecadcmd or None, the line saying which FreeCAD runs or why none)."""
    from projem_workbench.freecad import runner

    if skip:
        return None, "FreeCAD's simulator: skipped (--skip-freecad)"
    freecadcmd = runner.find_freecadcmd()
    if freecadcmd is None:
        return None, "FreeCAD's simulator: skipped, no freecadcmd found (FreeCAD 0.20 needed)"
    probe = "import FreeCAD, PathSimulator; print('.'.join(FreeCAD.Version()[:3]))"
    done = subprocess.run([freecadcmd, "-c", probe], capture_output=True, text=True, check=False)
    words = done.stdout.split()
    if done.returncode != 0 or not words or not words[-1][:1].isdigit():
        return None, f"FreeCAD's simulator: skipped, {freecadcmd} has no PathSimulator"
    version = words[-1]
    note = "" if version.startswith("0.20") else " (not 0.20: its rapids do not cut)"
    return freecadcmd, f"FreeCAD's simulator: PathSimulator.PathSim of FreeCAD {version}{note}"


def tools(shapes: Mapping[int, Any]) -> dict[str, dict[str, Any]]:
    """The job's tools: the geometry of Projem's ``ToolShape`` objects that a solid needs."""
    return {
        str(number): {
            "kind": t.kind,
            "diameter_mm": t.diameter_mm,
            "flute_length_mm": t.flute_length_mm,
            "tip_angle_deg": t.tip_angle_deg,
            "tip_diameter_mm": t.tip_diameter_mm,
            "corner_radius_mm": t.corner_radius_mm,
        }
        for number, t in shapes.items()
    }


def main() -> None:
    with open(os.environ["PROJEM_PATHSIM_JOB"], encoding="utf-8") as handle:
        job = json.load(handle)
    try:
        answer = run(job)
    except ImportError as error:  # no PathSimulator in this FreeCAD
        answer = {"error": f"FreeCAD's PathSimulator cannot be imported: {error}"}
    with open(job["out"], "w", encoding="utf-8") as handle:
        json.dump(answer, handle)
    sys.stdout.flush()


if os.environ.get("PROJEM_PATHSIM_JOB"):  # freecadcmd runs a script under its own name
    main()
