# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem cam``: toolpaths from FreeCAD's CAM module, stored as G-code with what made them.

``run`` and ``plan`` need FreeCAD: inside FreeCAD they use it directly, elsewhere they start
``freecadcmd`` (found on PATH, in FreeCAD's usual places, or at ``$PROJEM_FREECADCMD``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from projem_workbench.cli.output_files import add_overwrite, refuse_to_replace
from projem_workbench.cli.store_option import add_store_option, workspace
from projem_workbench.db.session import Database
from projem_workbench.services import cam_plan, cam_run_files, cam_runs
from projem_workbench.services.cam_spec import read_spec, spec_json


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("cam", help="CAM runs: plan, run, list, show, G-code")
    add_store_option(parser)
    group = parser.add_subparsers(dest="cam_command", metavar="COMMAND", required=True)

    run = group.add_parser("run", help="make G-code for a stored model on a machine")
    _target_arguments(run)
    run.add_argument("--spec", type=Path, help="a run spec (JSON); default: the default plan")
    run.add_argument("-o", "--output", type=Path, help="also write the G-code to this file")
    add_overwrite(run)
    run.add_argument("--json", action="store_true", help="print the run as JSON")
    run.add_argument(
        "--keep-job",
        action="store_true",
        help="also keep FreeCAD's CAM job document (stored with the run, saved by the database)",
    )
    run.set_defaults(handler=_run)

    plan = group.add_parser("plan", help="write the default plan as an editable spec")
    _target_arguments(plan)
    plan.add_argument("-o", "--output", type=Path, required=True)
    plan.add_argument(
        "--tolerance", type=float, metavar="MM",
        help="the part's tolerance (± mm): tighter than roughing holds (0.1), finishing passes",
    )  # fmt: skip
    add_overwrite(plan)
    plan.set_defaults(handler=_plan)

    listing = group.add_parser("list", help="the newest CAM runs")
    listing.add_argument("--model", help="only runs of this model")
    listing.add_argument("--limit", type=_positive, default=50)
    listing.set_defaults(handler=_list)

    show = group.add_parser("show", help="one run: what it was made from and what it gave")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    gcode = group.add_parser("gcode", help="write a run's G-code to a file (verified)")
    gcode.add_argument("id", type=int)
    gcode.add_argument("-o", "--output", type=Path, required=True)
    gcode.add_argument(
        "--tool-table", type=Path, metavar="FILE.tbl", help="also write a LinuxCNC tool table"
    )
    add_overwrite(gcode)
    gcode.add_argument(
        "--force",
        action="store_true",
        help="write G-code that no clean simulation released (recorded in the audit trail)",
    )
    gcode.set_defaults(handler=_gcode)


def _target_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True, help="a model in the library")
    parser.add_argument("--version", type=int, help="its version (default: the newest)")
    parser.add_argument("--machine", required=True)
    parser.add_argument("--material", required=True)
    parser.add_argument("--object", help="the document object to machine (default: the only solid)")


def _run(args: argparse.Namespace, database: Database) -> int:
    refuse_to_replace(args.output, overwrite=args.overwrite)  # before FreeCAD's minutes
    spec = read_spec(args.spec) if args.spec else None
    if spec is not None and args.object:
        spec = spec.model_copy(update={"object": args.object})
    opened = workspace(args, database)
    try:
        run = cam_runs.run_cam(
            opened, model=args.model, version=args.version, machine=args.machine,
            material=args.material, spec=spec, object_name=args.object,
            keep_job=args.keep_job,
        )  # fmt: skip
    except cam_runs.CamRunFailedError as exc:
        failed = cam_runs.get_run(database, exc.run_id)
        if args.json:
            print(failed.model_dump_json(indent=2))
        raise
    if args.json:
        print(run.model_dump_json(indent=2))
    else:
        print("\n".join(run.summary_lines()))
        for note in run.operations.get("spec", {}).get("notes", []):
            print(f"  note: {note}")
        if run.operations.get("job_document"):
            print(f"CAM job document: {run.operations['job_document']}")
    if args.output:  # through the gate: held G-code is not written (exit 4)
        cam_run_files.export_gcode(opened, run.id, args.output)
        if not args.json:
            print(f"G-code written to {args.output}")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _plan(args: argparse.Namespace, database: Database) -> int:
    refuse_to_replace(args.output, overwrite=args.overwrite)
    spec = cam_plan.plan_run(
        workspace(args, database), model=args.model, version=args.version,
        machine=args.machine, material=args.material, object_name=args.object,
        tolerance_mm=args.tolerance,
    )  # fmt: skip
    args.output.write_text(spec_json(spec), encoding="utf-8")
    for op in spec.operations:
        print(f"{op.name}: {op.type} with {op.tool} — {op.why}")
    for note in spec.notes:
        print(f"note: {note}")
    print(f"plan written to {args.output}")
    return 0


def _list(args: argparse.Namespace, database: Database) -> int:
    for run in cam_runs.list_runs(database, model=args.model, limit=args.limit):
        cycle = f"{float(run.estimated_cycle_s):.0f} s" if run.estimated_cycle_s else "-"
        print(
            f"{run.id:>5}  {run.status.value:<9}  {run.model_name} v{run.model_version}  "
            f"{run.machine}  {run.material}  {run.move_count or 0} moves  {cycle}"
        )
    return 0


def _show(args: argparse.Namespace, database: Database) -> int:
    run = cam_runs.get_run(database, args.id)
    if args.json:
        print(run.model_dump_json(indent=2))
        return 0
    print("\n".join(run.summary_lines()))
    for result in run.operations.get("results", []):
        print(
            f"  {result['name']}: final depth {result['final_depth_mm']}, "
            f"{result['cut_length_mm']} mm cutting, {result['time_s']} s"
        )
    print(json.dumps(run.operations.get("gcode", {}), indent=2))
    return 0


def _gcode(args: argparse.Namespace, database: Database) -> int:
    refuse_to_replace(args.output, args.tool_table, overwrite=args.overwrite)
    run = cam_run_files.export_gcode(
        workspace(args, database), args.id, args.output, force=args.force
    )
    if run.held:
        print(f"run {run.id}: forced export of held G-code ({run.held}); audited")
    print(f"run {run.id}: G-code ({run.gcode_sha256}) written to {args.output}")
    if args.tool_table:
        count = cam_run_files.export_tool_table(database, run.id, args.tool_table)
        print(f"tool table with {count} tools written to {args.tool_table}")
    return 0
