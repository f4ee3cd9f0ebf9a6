# SPDX-License-Identifier: LGPL-2.1-or-later
"""CAM run benchmark: prints figures, asserts nothing (the target is in the issue, not here).

  .venv/bin/python bench/bench_cam.py [--part plate] [--repeat 5]

Times ``projem cam run --spec`` (the whole command: its Python, the database, FreeCAD under
``freecadcmd``, the G-code check and storing) against a bare ``freecadcmd`` script that does
only the FreeCAD part of the same run — open the document, create the job, stock and tool
controllers, the same operations, recompute, post-process — from the very request the run
sends FreeCAD, with no database, no planning and nothing stored. Runs alternate, medians are
compared, in one run of this script on one machine.

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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from projem_workbench.db.session import Database
from projem_workbench.freecad import runner
from projem_workbench.services import cam_plan, cam_runs, model_library, reference
from projem_workbench.services.cam_spec import spec_json

MACHINE, MATERIAL = "VMC 850 (LinuxCNC)", "Aluminium 6061-T6"
BARE = """
import json, os, sys, FreeCAD
sys.path.insert(0, os.environ["PROJEM_ROOT"])
from projem_workbench.cam import job_builder
request = json.load(open(os.environ["PROJEM_REQUEST"]))
answer = job_builder.run(request)
open(os.environ["PROJEM_OUT"], "w").write(answer["gcode"])
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
    model_library.save_model_version(database, path=document, name=part)
    spec = cam_plan.plan_run(database, model=part, machine=MACHINE, material=MATERIAL)
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
        cam_runs.run_cam(database, model=part, machine=MACHINE, material=MATERIAL, spec=spec)
    finally:
        cam_runs.run_in_freecad = original  # type: ignore[assignment]
    request_file = folder / "request.json"
    captured["document"] = str(document)
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
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                times[name].append(timed(command, env))
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


if __name__ == "__main__":
    main()
