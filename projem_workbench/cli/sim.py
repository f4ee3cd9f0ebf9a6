# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem sim``: simulate G-code against the stock, the part, the tools and the machine.

``run`` simulates a CAM run and stores the result (the gate reads it); ``check`` simulates a
G-code file from any CAM system and stores nothing. Both exit 0 without error findings, 4
with error findings (``GcodeHeldError.exit_code``), and 1 or 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from projem_workbench.cli.store_option import add_store_option, workspace
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.interchange.tables import read_linuxcnc_table
from projem_workbench.services import model_library, sim_inputs, sim_runs
from projem_workbench.services.machines import MACHINES
from projem_workbench.sim.machine import THROUGH_CUT_ALLOWANCE_MM

HELD = sim_runs.GcodeHeldError.exit_code


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("sim", help="simulations: check G-code before a machine runs it")
    add_store_option(parser)
    group = parser.add_subparsers(dest="sim_command", metavar="COMMAND", required=True)

    run = group.add_parser("run", help="simulate a CAM run's G-code and store the result")
    run.add_argument("cam_run_id", type=int, metavar="CAM_RUN_ID")
    _resolution_and_json(run)
    run.set_defaults(handler=_run)

    check = group.add_parser("check", help="simulate a G-code file from any CAM system")
    check.add_argument("file", type=Path, metavar="FILE")
    check.add_argument("--machine", required=True, help="a machine of the library")
    check.add_argument(
        "--tool-table", required=True, type=Path, metavar="FILE.tbl", help="LinuxCNC tool table"
    )
    check.add_argument(
        "--stock", required=True, metavar="X0,Y0,Z0,X1,Y1,Z1", help="the stock box, mm"
    )
    check.add_argument("--model", metavar="NAME[@VERSION]", help="the part, for gouge checks")
    check.add_argument("--object", help="the document object of the model (default: the solid)")
    check.add_argument(
        "--through-allowance", type=float, default=THROUGH_CUT_ALLOWANCE_MM, metavar="MM",
        help="how far below the stock's bottom a tool tip may go (default "
        f"{THROUGH_CUT_ALLOWANCE_MM:g} mm)",
    )  # fmt: skip
    _resolution_and_json(check)
    check.set_defaults(handler=_check)

    listing = group.add_parser("list", help="the newest simulation runs")
    listing.add_argument("--run", type=int, metavar="CAM_RUN_ID", help="only of this CAM run")
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(handler=_list)

    show = group.add_parser("show", help="one simulation run and its findings")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)


def _resolution_and_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--resolution", type=float, default=sim_runs.DEFAULT_RESOLUTION_MM, metavar="MM",
        help=f"cell size (default {sim_runs.DEFAULT_RESOLUTION_MM} mm)",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _view_json(view: sim_runs.SimRunView) -> dict[str, Any]:
    """The documented --json object of a stored simulation (docs/sim/simulation.md)."""
    data = json.loads(view.model_dump_json())
    return {
        **data,
        "removed_mm3": data.pop("removed_volume_mm3"),
        "remaining_mm3": data.pop("remaining_volume_mm3"),
        "left_mm3": data.pop("left_volume_mm3"),
        "cycle_time_s": data.pop("estimated_cycle_s"),
        "feed_only_time_s": data.pop("feed_only_cycle_s"),
        "released": view.released,
    }


def _print_view(view: sim_runs.SimRunView, as_json: bool) -> int:
    if as_json:
        print(json.dumps(_view_json(view), indent=2))
    else:
        print("\n".join(view.summary_lines()))
    if view.status.value != "succeeded":
        return 1
    return HELD if view.error_count else 0


def _run(args: argparse.Namespace, database: Database) -> int:
    view = sim_runs.simulate_run(
        workspace(args, database), cam_run_id=args.cam_run_id, resolution_mm=args.resolution
    )
    return _print_view(view, args.json)


def _check(args: argparse.Namespace, database: Database) -> int:
    from projem_workbench.gcode.reader import read_program
    from projem_workbench.sim.engine import simulate

    resolution = sim_runs.check_resolution(args.resolution)
    if not args.through_allowance >= 0:
        raise ValidationError(
            f"--through-allowance {args.through_allowance:g}: must be 0 mm or more",
            field="through_allowance",
        )
    stock = sim_inputs.parse_box(args.stock)
    try:
        text = args.file.read_text(encoding="utf-8", errors="strict")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"cannot read {args.file}: {exc}", field="file") from exc
    table = read_linuxcnc_table(args.tool_table)
    with database.read_session() as session:
        machine_row = MACHINES.get_in(session, args.machine)
        machine = sim_inputs.machine_limits(machine_row, stock, allowance_mm=args.through_allowance)
        dialect = machine_row.post_processor or machine_row.controller
        tools = sim_inputs.table_tools(session, table)
    program = read_program(text, dialect=dialect, home_z=machine.travel.z1)
    part, note = None, "no --model given: no gouge or left-over check"
    if args.model:
        name, _, version = args.model.partition("@")
        found = model_library.get_version(database, name, int(version) if version else None)
        part, note = sim_inputs.part_surface(
            workspace(args, database), model_id=found.id,
            object_name=args.object, grid=sim_inputs.grid_of(stock, resolution),
        )  # fmt: skip
    started = time.perf_counter()
    result = simulate(
        program, stock=stock, tools=tools, machine=machine, part=part, resolution_mm=resolution,
        through_cut_allowance_mm=args.through_allowance,
    )  # fmt: skip
    summary = {**result.summary(), "file": str(args.file)}
    if note:
        summary["note"] = note
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(
            f"{args.file}: {len(result.errors)} error(s), {len(result.warnings)} warning(s) at "
            f"{resolution:g} mm in {time.perf_counter() - started:.2f} s"
        )
        print(
            f"  removed {result.removed_mm3:.1f} mm³, remaining {result.remaining_mm3:.1f} mm³,"
            f" left above the part {result.left_mm3:.1f} mm³; cycle {result.cycle_time_s:.0f} s"
            f" ({result.feed_only_time_s:.0f} s at programmed feeds)"
        )
        if note:
            print(f"  note: {note}")
        for finding in result.findings:
            print(f"  {sim_runs.finding_line(finding.as_dict())}")
    return HELD if result.errors else 0


def _list(args: argparse.Namespace, database: Database) -> int:
    for view in sim_runs.list_sim_runs(database, cam_run_id=args.run, limit=args.limit):
        verdict = "clean" if view.released else (view.error or f"{view.error_count} errors")
        print(
            f"{view.id:>5}  run {view.cam_run_id:<5} {view.status.value:<9} "
            f"{float(view.resolution_mm):g} mm  {verdict}  {view.warning_count} warnings"
        )
    return 0


def _show(args: argparse.Namespace, database: Database) -> int:
    view = sim_runs.get_sim_run(database, args.id)
    if args.json:
        print(json.dumps(_view_json(view), indent=2))
    else:
        print("\n".join(view.summary_lines()))
    return 0
