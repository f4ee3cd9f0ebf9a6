# SPDX-License-Identifier: LGPL-2.1-or-later
"""CAM run benchmark: prints figures, asserts nothing (the target is in the issue, not here).

  .venv/bin/python bench/bench_cam.py [--part plate] [--repeat 5]

Times ``projem cam run --spec`` (the whole command: its Python, the database, FreeCAD under
``freecadcmd``, the G-code check and storing) against a bare ``freecadcmd`` script that does
only the FreeCAD part of the same run — open the document, create the job, stock and tool
controllers, the same operations, recompute, post-process — from the very request the run
sends FreeCAD, with no database, no planning and nothing stored. Runs alternate, medians are
compared, in one run of this script on one machine.

A CAM run simulates its G-code as part of the run; what that adds is printed beside the whole
run, from outside the services: the simulation's own time (each run's SimRunView
``elapsed_s``, the engine's CPU seconds), its whole stage in the run (the simulation row's
``created_at`` to ``finished_at``: reading the G-code and the part's surface, simulating,
drawing and storing the pictures), and the part-surface preparation — FreeCAD meshing the part
for it (timed inside the bare script, which makes the same mesh from the same request), the
cached height field each run after a model version's first reads, and rasterizing the mesh as
that first run does (timed here on the run's stored mesh).

Both sides run with Python's bytecode cache on, in a private folder (``PYTHONPYCACHEPREFIX``)
filled by a first untimed run of each, as on a user's machine where Python caches what it
compiles; ``PYTHONDONTWRITEBYTECODE`` in the caller's environment would otherwise make every
run compile every module of Projem and of FreeCAD's CAM workbench from source again.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from projem_workbench.services.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from projem_workbench.db.enums import ArtefactKind
from projem_workbench.db.models import Artefact, CadModel, CamRun
from projem_workbench.db.session import Database
from projem_workbench.freecad import runner
from projem_workbench.services import (
    artefacts,
    cam_plan,
    cam_runs,
    model_library,
    reference,
    sim_inputs,
    sim_runs,
)
from projem_workbench.services.cam_spec import spec_json
from projem_workbench.services.sim_runs import SimRunView
from projem_workbench.sim.surface import rasterize, read_stl

MACHINE, MATERIAL = "VMC 850 (LinuxCNC)", "Aluminium 6061-T6"
BARE = """
import json, os, sys, time, FreeCAD
sys.path.insert(0, os.environ["PROJEM_ROOT"])
from projem_workbench.cam import job_builder
request = json.load(open(os.environ["PROJEM_REQUEST"]))
write_surface, meshing = job_builder.write_surface, []
def timed_write_surface(shape, path):  # the part's mesh for the simulation, timed
    start = time.perf_counter()
    triangles = write_surface(shape, path)
    meshing.append(time.perf_counter() - start)
    return triangles
job_builder.write_surface = timed_write_surface
answer = job_builder.run(request)
open(os.environ["PROJEM_OUT"], "w").write(answer["gcode"])
open(os.environ["PROJEM_MESH_S"], "w").write(str(sum(meshing)))
"""
# The same, ending the process the way Projem's worker does: without FreeCAD's own shutdown
# (which unloads its modules and collects their objects), so the comparison can also be read
# with that saving taken out of Projem's side.
BARE_QUICK_EXIT = BARE + "sys.stdout.flush(); os._exit(0)\n"


def prepare(folder: Path, part: str, adaptive: bool) -> tuple[str, Path, Path]:
    """A database with the catalogue and the part, a spec file, and the FreeCAD request."""
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    database = Database(url)
    from projem_workbench.db import migrate

    migrate.upgrade(database.engine, "head")
    reference.load_reference_data(database, reference.starter_catalog())
    document = folder / f"{part}.FCStd"
    runner.run_in_freecad("sample_part", {"name": part, "path": str(document)})
    model_library.save_model_version(Workspace.open(database), path=document, name=part)
    spec = cam_plan.plan_run(
        Workspace.open(database), model=part, machine=MACHINE, material=MATERIAL
    )
    if adaptive:  # high-speed clearing: the same plan with its pockets cleared adaptively
        adaptive_clearing = {
            "type": "adaptive",
            "tool": "EM 6 mm 3F carbide",
            "stepover_percent": 15,
        }
        operations = [
            op.model_copy(update={**adaptive_clearing, "name": f"Adaptive {op.name}"})
            if op.type == "pocket"
            else op
            for op in spec.operations
        ]
        spec = spec.model_copy(update={"operations": operations})
    spec_file = folder / "spec.json"
    spec_file.write_text(spec_json(spec))
    captured: dict[str, object] = {}
    original = cam_runs.run_in_freecad

    def capture(action: str, request: dict[str, object], **options: object) -> dict[str, object]:
        captured.update(request)
        return original(action, request, **options)

    cam_runs.run_in_freecad = capture  # type: ignore[assignment]
    try:
        cam_runs.run_cam(
            Workspace.open(database), model=part, machine=MACHINE, material=MATERIAL, spec=spec
        )
    finally:
        cam_runs.run_in_freecad = original  # type: ignore[assignment]
    request_file = folder / "request.json"
    captured["document"] = str(document)
    # The run's own mesh folder is gone with the run: the bare script writes its mesh here.
    captured["surface_path"] = str(folder / "bare-part.stl")
    request_file.write_text(json.dumps(captured))
    database.dispose()
    return url, spec_file, request_file


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def latest_simulation(database: Database, after: int) -> SimRunView:
    """The simulation the ``projem cam run`` just timed made (the newest, and new)."""
    newest = sim_runs.list_sim_runs(database, limit=1)
    if not newest or newest[0].id <= after:
        raise SystemExit("projem cam run made no simulation")
    sim = newest[0]
    if sim.status.value != "succeeded" or sim.elapsed_s is None or sim.finished_at is None:
        raise SystemExit(f"simulation {sim.id} did not succeed: {sim.error}")
    return sim


def surface_times(database: Database, sim: SimRunView, repeat: int) -> tuple[float, float]:
    """Median seconds of the part's surface as a run gets it: from the cached height field
    (every run after a model version's first), and rasterized from the run's mesh (the first
    run); the services' own calls, timed from here."""
    with database.read_session() as session:
        run = session.get(CamRun, sim.cam_run_id)
        model = session.get(CadModel, run.model_id)
        stock = sim_inputs.run_stock(run.operations, (model.doc_metadata or {}).get("geometry"))
        model_id, object_name = run.model_id, run.operations.get("object")
        mesh = session.scalars(
            select(Artefact.sha256)
            .where(Artefact.model_id == model_id, Artefact.kind == ArtefactKind.STL)
            .order_by(Artefact.id.desc())
        ).first()
    heightfields = (
        select(func.count())
        .select_from(Artefact)
        .where(Artefact.model_id == model_id, Artefact.kind == ArtefactKind.HEIGHTFIELD)
    )
    grid = sim_inputs.grid_of(stock, float(sim.resolution_mm))
    store = Workspace.open(database).store
    with database.read_session() as session:
        cached_before = session.scalar(heightfields)
    cached, cold = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        surface, _note = sim_inputs.part_surface(
            Workspace(database, store), model_id=model_id, object_name=object_name, grid=grid
        )
        cached.append(time.perf_counter() - start)
    with database.read_session() as session:
        if surface is None or session.scalar(heightfields) != cached_before:
            raise SystemExit("the part's surface was not found in the cache")
    stl = artefacts.read_verified(Workspace(database, store), mesh)
    for _ in range(repeat):
        start = time.perf_counter()
        vertices, triangles = read_stl(stl)
        rasterize(
            vertices, triangles, x0=grid["x0"], y0=grid["y0"], nx=grid["nx"], ny=grid["ny"],
            resolution_mm=grid["resolution_mm"],
        )  # fmt: skip
        cold.append(time.perf_counter() - start)
    return statistics.median(cached), statistics.median(cold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default="plate", choices=("plate", "bracket", "flange"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--adaptive", action="store_true", help="clear the pockets adaptively (more FreeCAD work)"
    )
    args = parser.parse_args()
    freecadcmd = runner.find_freecadcmd()
    if freecadcmd is None:
        raise SystemExit(runner.NOT_FOUND)
    with tempfile.TemporaryDirectory(prefix="projem-bench-cam-") as name:
        folder = Path(name)
        url, spec_file, request_file = prepare(folder, args.part, args.adaptive)
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPYCACHEPREFIX": str(folder / "pycache"),
            "PROJEM_ROOT": str(runner.PACKAGE_ROOT),
            "PROJEM_REQUEST": str(request_file),
            "PROJEM_OUT": str(folder / "bare.ngc"),
            "PROJEM_MESH_S": str(folder / "bare-mesh-s.txt"),
        }
        projem = [sys.executable, "-m", "projem_workbench", "--db", url, "cam", "run",
                  "--model", args.part, "--machine", MACHINE, "--material", MATERIAL,
                  "--spec", str(spec_file)]  # fmt: skip
        commands = {
            "projem cam run --spec": projem,
            "bare freecadcmd script": [freecadcmd, "-c", f"exec({BARE!r})"],
            "bare, quick exit": [freecadcmd, "-c", f"exec({BARE_QUICK_EXIT!r})"],
        }
        for command in commands.values():  # fill the bytecode and file caches
            timed(command, env)
        database = Database(url)
        last = latest_simulation(database, after=0).id
        times: dict[str, list[float]] = {name: [] for name in commands}
        engine, stage, meshing = [], [], []  # per projem run, and FreeCAD's mesh per bare run
        for _ in range(args.repeat):
            for name, command in commands.items():
                times[name].append(timed(command, env))
                if name == "projem cam run --spec":
                    sim = latest_simulation(database, after=last)
                    last = sim.id
                    engine.append(float(sim.elapsed_s))
                    stage.append((sim.finished_at - sim.created_at).total_seconds())
                elif name == "bare freecadcmd script":
                    meshing.append(float(Path(env["PROJEM_MESH_S"]).read_text()))
        cached_s, cold_s = surface_times(database, sim, args.repeat)
        resolution = float(sim.resolution_mm)
        database.dispose()
    median = {name: statistics.median(values) for name, values in times.items()}
    plan = "default plan, pockets adaptive" if args.adaptive else "default plan"
    version = subprocess.run(
        [freecadcmd, "-c", "import FreeCAD; print('.'.join(FreeCAD.Version()[:3]))"],
        capture_output=True, text=True, check=False,
    ).stdout.split()  # fmt: skip
    print(
        f"CAM run of the sample {args.part} ({plan}), FreeCAD {version[-1] if version else '?'}, "
        f"median of {args.repeat}:"
    )
    for name, values in times.items():
        print(f"  {name:<26}{median[name]:7.3f} s   (min {min(values):.3f})")
    projem_s = median["projem cam run --spec"]
    print(f"  ratio to the bare script  {projem_s / median['bare freecadcmd script']:7.3f}"
          "   (target <= 1.15)")  # fmt: skip
    print(f"  ratio to the quick exit   {projem_s / median['bare, quick exit']:7.3f}")
    engine_s, stage_s, mesh_s = (statistics.median(v) for v in (engine, stage, meshing))
    added = stage_s + mesh_s

    def line(what: str, seconds: float, note: str = "") -> None:
        print(f"    {what:<40}{seconds:7.3f} s   {100 * seconds / projem_s:5.1f} %{note}")

    print(f"  the simulation in each projem cam run ({resolution:g} mm), median of {args.repeat}:")
    line("engine (SimRunView elapsed_s, CPU)", engine_s, " of the run (in the stage)")
    line("simulation stage (created -> finished)", stage_s)
    line("part mesh, FreeCAD (in the bare script)", mesh_s)
    line("part surface from its cache", cached_s, "   (in the stage of every run here)")
    line("rest of the stage", stage_s - engine_s - cached_s, "   (G-code read, pictures, storing)")
    line("part surface rasterized", cold_s, "   (a model version's first run only)")
    print(f"  simulation's share        {100 * added / projem_s:6.1f} %   (stage + mesh "
          f"{added:.3f} s of {projem_s:.3f} s)")  # fmt: skip
    bare_s = median["bare freecadcmd script"]
    print(f"  ratio without it          {(projem_s - added) / (bare_s - mesh_s):7.3f}"
          "   (run less stage and mesh, to the bare script less its mesh)")  # fmt: skip


if __name__ == "__main__":
    main()
