# SPDX-License-Identifier: LGPL-2.1-or-later
"""Simulation benchmark: prints figures, asserts nothing (the targets are in issue 13).

  .venv/bin/python bench/bench_sim.py [--part plate] [--resolution 0.1] [--repeat 3]
                                      [--skip-freecad] [--skip-large]

Per case, in one run of this script: Projem's simulation (reading the G-code and
``sim.engine.simulate`` with its findings, against the part's surface where there is a part)
and FreeCAD's own simulator, ``PathSimulator.PathSim`` (bench/pathsim_baseline.py under
``freecadcmd``), on the same G-code, stock, tool geometry and resolution. The cases:

- the sample parts plate, bracket and flange: the G-code and tools of a CAM run made in a
  temporary SQLite database, at 0.1 and 0.05 mm;
- a 20,000-move zigzag pocket over the plate's stock, at 0.1 mm;
- a 100,000-line zigzag on 300 × 300 mm stock at 0.1 mm (the ≤ 10 s target).

The zigzags clear the whole stock down to their lowest layer, so their exact removal is
known and printed beside both simulators' figures.

Each side of each case runs in a process of its own, so peak memory (``VmHWM`` of the whole
process: Python, numpy and, for FreeCAD, its libraries) does not mix. Times are CPU seconds of
that process (``time.process_time``): the machine is shared and has two cores, so wall time
would measure the neighbours; wall time is printed beside it. FreeCAD's figure is
``ApplyCommand`` over all moves only (its G-code parse, tool profiles and result mesh are
printed apart); Projem's includes reading the G-code (the part's raster is printed apart).
FreeCAD's removed volume is its stock mesh's volume before minus after (the only volume
PathSim exposes; its grid has one more cell a side than the stock's length holds).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from projem_workbench.services.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pathsim_baseline  # noqa: E402 (bench/, the folder of this script)

MACHINE, MATERIAL = "VMC 850 (LinuxCNC)", "Aluminium 6061-T6"
PARTS = ("plate", "bracket", "flange")
BASELINE = Path(__file__).with_name("pathsim_baseline.py")
# The stock of a default run: the part's bounding box grown by cam_spec.StockOffsets().
GROW = (2.0, 2.0, 0.0, 2.0, 2.0, 1.0)
MESH = """
import FreeCAD, MeshPart, os
doc = FreeCAD.openDocument(os.environ["PROJEM_DOC"])
shape = doc.getObject(os.environ["PROJEM_OBJECT"]).Shape
MeshPart.meshFromShape(Shape=shape, LinearDeflection=0.01, AngularDeflection=0.1).write(
    os.environ["PROJEM_STL"])
"""


def synthetic_program(stock: list[float], tool_diameter: float, moves: int) -> tuple[str, float]:
    """sim_programs.zigzag_pocket's program and the volume it removes exactly: its rows run a
    radius past both ends and its outer rows lie on the stock's edges, so every layer clears
    the stock's whole area, down to the lowest. It writes a G word on every line, as FreeCAD's
    parser needs (``Path.Path`` folds a line without one into the line before)."""
    from sim_programs import zigzag_pocket  # bench/, the folder of this script

    from projem_workbench.sim.machine import Box

    text = zigzag_pocket(Box(*stock), tool_diameter, moves)
    x0, y0, _, x1, y1, z1 = stock
    lowest = min(float(z) for z in re.findall(r"^G1\b[^\n(]*Z(-?[\d.]+)", text, re.MULTILINE))
    return text, (x1 - x0) * (y1 - y0) * (z1 - lowest)


def end_mill(number: int, diameter: float, flute: float) -> dict[str, Any]:
    """A tool record (the columns of the tools table) for the synthetic programs."""
    return {
        "number": number,
        "name": f"EM {diameter:g} mm",
        "tool_type": "flat_endmill",
        "diameter_mm": diameter,
        "flute_length_mm": flute,
        "overall_length_mm": flute + 40,
        "shank_diameter_mm": diameter,
        "corner_radius_mm": None,
        "tip_angle_deg": None,
        "params": {"stickout_mm": flute + 10},
    }


def sample_cases(folder: Path, parts: list[str]) -> list[dict[str, Any]]:
    """G-code, tools, stock and part mesh of a default CAM run of each sample part."""
    from projem_workbench.db import migrate
    from projem_workbench.db.session import Database
    from projem_workbench.freecad import runner
    from projem_workbench.services import (
        cam_plan,
        cam_run_files,
        cam_runs,
        model_library,
        reference,
    )

    database = Database(f"sqlite:///{folder / 'bench.sqlite3'}")
    migrate.upgrade(database.engine, "head")
    reference.load_reference_data(database, reference.starter_catalog())
    cases = []
    for part in parts:
        document = folder / f"{part}.FCStd"
        built = runner.run_in_freecad("sample_part", {"name": part, "path": str(document)})
        model_library.save_model_version(Workspace.open(database), path=document, name=part)
        spec = cam_plan.plan_run(
            Workspace.open(database), model=part, machine=MACHINE, material=MATERIAL
        )
        run = cam_runs.run_cam(
            Workspace.open(database), model=part, machine=MACHINE, material=MATERIAL, spec=spec
        )
        gcode = folder / f"{part}.ngc"
        gcode.write_text(cam_run_files.gcode_text(Workspace.open(database), run.id))
        cam_run_files.export_tool_table(database, run.id, folder / f"{part}.tbl")
        stl = folder / f"{part}.stl"
        env = {
            **os.environ,
            "PROJEM_DOC": str(document),
            "PROJEM_OBJECT": built["object"],
            "PROJEM_STL": str(stl),
        }
        command = [runner.find_freecadcmd() or "freecadcmd", "-c", f"exec({MESH!r})"]
        subprocess.run(command, env=env, capture_output=True, check=True)
        box, recorded = built["bounding_box_mm"], cam_runs.get_run(database, run.id).operations
        grown = [box[i] - GROW[i] if i < 3 else box[i] + GROW[i] for i in range(6)]
        stock = recorded.get("stock_box_mm") or grown  # as FreeCAD built it, where recorded
        tools = recorded["tools"]
        cases.append(
            {
                "name": part,
                "gcode": str(gcode),
                "stock": stock,
                "tools": tools,
                "part_stl": str(stl),
                "expected_mm3": None,
            }
        )
    database.dispose()
    return cases


def synthetic_case(
    folder: Path, name: str, stock: list[float], tool: dict[str, Any], moves: int, lines: int = 0
) -> dict[str, Any]:
    """A zigzag of about ``moves`` moves, more if it takes more to reach ``lines`` lines."""
    text, expected = synthetic_program(stock, tool["diameter_mm"], moves)
    while text.count("\n") < lines:
        moves += max(1000, lines - text.count("\n"))
        text, expected = synthetic_program(stock, tool["diameter_mm"], moves)
    path = folder / f"{name}.ngc"
    path.write_text(text)
    return {
        "name": name,
        "gcode": str(path),
        "stock": stock,
        "tools": [tool],
        "part_stl": None,
        "expected_mm3": expected,
    }


def machine_limits(stock: list[float]) -> Any:
    """The VMC 850's limits with the stock clamped as sim_inputs places it without a work zero:
    in the middle of the X and Y travel, its bottom at the lowest Z a tool tip reaches."""
    from projem_workbench.services import reference
    from projem_workbench.sim.machine import Box, MachineLimits

    machines = reference.starter_catalog().model_dump(mode="json")["machines"]
    row = next(m for m in machines if m["name"] == MACHINE)
    x0, y0, z0, x1, y1, _ = stock
    tx, ty, tz = (float(row[f"travel_{axis}_mm"]) for axis in "xyz")
    lx, ly = (x0 + x1 - tx) / 2, (y0 + y1 - ty) / 2
    return MachineLimits(
        name=MACHINE,
        travel=Box(lx, ly, z0, lx + tx, ly + ty, z0 + tz),
        max_spindle_rpm=float(row["max_spindle_rpm"]),
        min_spindle_rpm=float((row.get("meta") or {}).get("min_spindle_rpm", 0)),
        max_feed_mm_min=float(row["max_feed_mm_min"]),
        rapid_mm_min=float(row["rapid_mm_min"]),
        acceleration_mm_s2=float(row["acceleration_mm_s2"]),
    )


def shapes(records: list[dict[str, Any]]) -> dict[int, Any]:
    from projem_workbench.sim.tools import ToolShape

    return {r["number"]: ToolShape.from_record(r, number=r["number"]) for r in records}


def memory_mib(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process. Not ``ru_maxrss``: Linux carries
    that over from the forking parent across exec, so every child would report the parent's."""
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(row for row in status if row.startswith(f"{field}:"))
    return int(line.split()[1]) / 1024


def projem_child(job: dict[str, Any]) -> dict[str, Any]:
    """One case on Projem's side, in this (fresh) process."""
    from projem_workbench.gcode.reader import read_program
    from projem_workbench.sim import surface
    from projem_workbench.sim.engine import simulate
    from projem_workbench.sim.machine import Box

    stock = Box(*job["stock"])
    res = job["resolution_mm"]
    tools, machine = shapes(job["tools"]), machine_limits(job["stock"])
    text = Path(job["gcode"]).read_text(encoding="utf-8")
    part, raster_s = None, 0.0
    if job["part_stl"]:
        started = time.process_time()
        vertices, triangles = surface.read_stl(Path(job["part_stl"]).read_bytes())
        nx, ny = round((stock.x1 - stock.x0) / res), round((stock.y1 - stock.y0) / res)
        part = surface.rasterize(
            vertices, triangles, x0=stock.x0, y0=stock.y0, nx=nx, ny=ny, resolution_mm=res
        )
        raster_s = time.process_time() - started
    start_mib, runs, result = memory_mib("VmRSS"), [], None
    for _ in range(job["repeat"]):
        result = None  # the previous result's grids are freed before the next run
        started, wall = time.process_time(), time.perf_counter()
        program = read_program(text)
        read_s = time.process_time() - started
        result = simulate(
            program, stock=stock, tools=tools, machine=machine, part=part, resolution_mm=res
        )
        runs.append(
            {
                "cpu_s": time.process_time() - started,
                "read_s": read_s,
                "wall_s": time.perf_counter() - wall,
            }
        )
    assert result is not None
    kinds = Counter(f.kind for f in result.findings)
    return {
        "runs": runs,
        "moves": result.moves,
        "cells": result.cells,
        "removed_mm3": result.removed_mm3,
        "left_mm3": result.left_mm3,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "kinds": dict(kinds.most_common()),
        "first_errors": [f"line {f.line}: {f.message}" for f in result.errors[:3]],
        "raster_s": raster_s,
        "peak_mib": memory_mib("VmHWM"),
        "start_mib": start_mib,
    }


def child(
    command: list[str], job: dict[str, Any], folder: Path, env: dict[str, str], freecad: bool
) -> Any:
    """Run one side of a case in a process of its own: the job in, its figures out (JSON)."""
    job_file, out = folder / "job.json", folder / "out.json"
    out.unlink(missing_ok=True)
    job_file.write_text(json.dumps({**job, "out": str(out)}))
    done = subprocess.run(
        command,
        env={**env, "PROJEM_PATHSIM_JOB": str(job_file)} if freecad else env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"{command[0]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", action="append", choices=PARTS, help="default: all three")
    parser.add_argument(
        "--resolution",
        action="append",
        type=float,
        help="for the sample parts (default 0.1 and 0.05)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per case, the best counts")
    parser.add_argument("--skip-freecad", action="store_true")
    parser.add_argument("--skip-parts", action="store_true", help="only the synthetic programs")
    parser.add_argument("--skip-large", action="store_true", help="no 100,000-move case")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        job = json.loads(Path(args.child).read_text())
        Path(job["out"]).write_text(json.dumps(projem_child(job)))
        return
    freecadcmd, status = pathsim_baseline.status(args.skip_freecad)
    print(status)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rows = []
    with tempfile.TemporaryDirectory(prefix="projem-bench-sim-") as name:
        folder = Path(name)
        cases = []  # (case, resolution)
        if not args.skip_parts:
            from projem_workbench.freecad import runner

            if runner.find_freecadcmd() is None:
                print("sample parts: skipped, their G-code needs FreeCAD for the CAM run")
            else:
                for case in sample_cases(folder, args.part or list(PARTS)):
                    cases += [(case, r) for r in args.resolution or (0.1, 0.05)]
        plate_stock = [-2.0, -2.0, 0.0, 102.0, 62.0, 21.0]
        cases.append(
            (
                synthetic_case(
                    folder, "zigzag 20k (plate)", plate_stock, end_mill(1, 6.0, 25.0), 20_000
                ),
                0.1,
            )
        )
        if not args.skip_large:  # the 100,000 lines, header and all
            large = synthetic_case(
                folder,
                "zigzag 100k (300x300)",
                [0.0, 0.0, 0.0, 300.0, 300.0, 25.0],
                end_mill(1, 10.0, 30.0),
                100_000,
                lines=100_000,
            )
            cases.append((large, 0.1))
        for case, resolution in cases:
            job = {**case, "resolution_mm": resolution, "repeat": args.repeat}
            me = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                str(folder / "job.json"),
            ]
            projem = child(me, job, folder, env, freecad=False)
            freecad = None
            if freecadcmd is not None:
                job["tools"] = pathsim_baseline.tools(shapes(case["tools"]))
                freecad = child([freecadcmd, str(BASELINE)], job, folder, env, freecad=True)
            rows.append((case, resolution, projem, freecad))
            report(*rows[-1])
    summary(rows)
    print(f"\nTimes: best of {args.repeat}, CPU seconds of one process (time.process_time).")


def summary(rows: list[tuple[dict[str, Any], float, dict[str, Any], Any]]) -> None:
    """One line a case: the issue's columns."""
    print(
        f"\n{'program':<22}{'moves':>8}{'res':>6}{'cells':>11} | {'Projem s':>8}{'moves/s':>9}"
        f"{'Mcells/s':>9}{'MiB':>6}{'removed mm³':>13}{'find.':>6} | {'FreeCAD s':>9}"
        f"{'moves/s':>9}{'removed mm³':>13} | {'ratio':>5}{'dV %':>7}"
    )
    for case, res, projem, freecad in rows:
        p_s = min(r["cpu_s"] for r in projem["runs"])
        line = (
            f"{case['name'][:21]:<22}{projem['moves']:>8,}{res:>6g}{projem['cells']:>11,} | "
            f"{p_s:>8.3f}{projem['moves'] / p_s:>9,.0f}{projem['cells'] / p_s / 1e6:>9.2f}"
            f"{projem['peak_mib']:>6.0f}{projem['removed_mm3']:>13,.0f}"
            f"{projem['errors'] + projem['warnings']:>6} | "
        )
        if freecad is None:
            print(line + "FreeCAD skipped")
            continue
        run = min(freecad["runs"], key=lambda r: r["apply_s"])
        f_s = max(run["apply_s"], 1e-9)
        volume = 100 * (projem["removed_mm3"] - run["removed_mm3"]) / run["removed_mm3"]
        print(
            line + f"{f_s:>9.3f}{run['moves'] / f_s:>9,.0f}{run['removed_mm3']:>13,.0f} | "
            f"{f_s / p_s:>5.2f}{volume:>+7.2f}"
        )


def report(case: dict[str, Any], res: float, projem: dict[str, Any], freecad: Any) -> None:
    """The case's line of figures and its notes."""
    lines = Path(case["gcode"]).read_text().count("\n")
    best = min(projem["runs"], key=lambda r: r["cpu_s"])
    p_s = best["cpu_s"]
    print(
        f"\n{case['name']} at {res:g} mm: {lines:,} lines, {projem['moves']:,} moves, "
        f"{projem['cells']:,} cells"
    )
    print(
        f"  Projem   {p_s:8.3f} s  {projem['moves'] / p_s:10,.0f} moves/s  "
        f"{projem['cells'] / p_s / 1e6:7.2f} M cells/s  peak {projem['peak_mib']:6.1f} MiB  "
        f"removed {projem['removed_mm3']:12,.1f} mm³  findings "
        f"{projem['errors']} errors, {projem['warnings']} warnings"
    )
    print(
        f"           read {best['read_s']:.3f} s, wall {best['wall_s']:.3f} s, "
        f"memory at start {projem['start_mib']:.1f} MiB, part raster {projem['raster_s']:.3f} s"
        f"{', kinds ' + str(projem['kinds']) if projem['kinds'] else ''}"
    )
    for error in projem["first_errors"]:
        print(f"           error {error}")
    if case["expected_mm3"]:
        exact = case["expected_mm3"]
        print(
            f"           exact removal {exact:,.1f} mm³: Projem "
            f"{100 * (projem['removed_mm3'] - exact) / exact:+.3f} %"
        )
    if freecad is None:
        return
    run = min(freecad["runs"], key=lambda r: r["apply_s"])
    f_s = max(run["apply_s"], 1e-9)
    print(
        f"  FreeCAD  {f_s:8.3f} s  {run['moves'] / f_s:10,.0f} moves/s  "
        f"{freecad['cells'] / f_s / 1e6:7.2f} M cells/s  peak {freecad['peak_mib']:6.1f} MiB  "
        f"removed {run['removed_mm3']:12,.1f} mm³  ({run['moves']} moves applied, no findings)"
    )
    print(
        f"           parse {freecad['parse_s']:.3f} s, tool profiles {run['tool_setup_s']:.3f} s,"
        f" result mesh {run['mesh_s']:.3f} s, wall {run['apply_wall_s']:.3f} s"
    )
    if case["expected_mm3"]:
        exact = case["expected_mm3"]
        print(
            f"           exact removal: FreeCAD {100 * (run['removed_mm3'] - exact) / exact:+.3f} %"
        )
    volume = 100 * (projem["removed_mm3"] - run["removed_mm3"]) / run["removed_mm3"]
    print(f"  ratio FreeCAD/Projem {f_s / p_s:.2f}   volume Projem vs FreeCAD {volume:+.2f} %")


if __name__ == "__main__":
    main()
