# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem demo``: the whole job on a sample part, from an empty database to checked G-code.

Loads the starter catalogue, builds the sample plate with FreeCAD (100 × 60 × 20, a pocket, a
rounded outline and four holes) and stores it as model ``demo-plate`` (once: later demos reuse
the stored version), plans and runs CAM for the LinuxCNC mill in aluminium, writes the G-code
next to the database, then prints the run, the audit-trail verification and the row counts.
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
from pathlib import Path

import platformdirs

from projem_workbench.audit.verify import verify_and_record
from projem_workbench.db.engine import sqlite_path
from projem_workbench.db.session import Database
from projem_workbench.errors import NotFoundError
from projem_workbench.freecad.runner import freecad_available, run_in_freecad
from projem_workbench.services import cam_run_files, cam_runs, model_library, reference, sim_runs
from projem_workbench.services.overview import database_overview
from projem_workbench.services.workspace import Workspace

DEMO_MODEL, DEMO_MACHINE, DEMO_MATERIAL = "demo-plate", "VMC 850 (LinuxCNC)", "Aluminium 6061-T6"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    demo = subparsers.add_parser(
        "demo", help="load the starter catalogue, machine the sample plate, show the database"
    )
    demo.set_defaults(handler=demo_command)


def output_folder(database: Database) -> Path:
    """Next to a SQLite database; Projem's data folder for a server database."""
    path = sqlite_path(database.url) if database.backend == "sqlite" else None
    return path.parent if path is not None else Path(platformdirs.user_data_dir("Projem", False))


def demo_model(workspace: Workspace) -> model_library.ModelVersion:
    """The stored sample plate, built with FreeCAD the first time."""
    with contextlib.suppress(NotFoundError):
        return model_library.get_version(workspace.database, DEMO_MODEL)
    with tempfile.TemporaryDirectory(prefix="projem-demo-") as folder:
        document = Path(folder) / "demo-plate.FCStd"
        run_in_freecad("sample_part", {"name": "plate", "path": str(document)})
        saved = model_library.save_model_version(
            workspace, path=document, name=DEMO_MODEL, description="Projem's sample plate"
        )
    print(saved.message())
    return saved.version


def demo_command(args: argparse.Namespace, database: Database) -> int:
    report = reference.load_reference_data(database, reference.starter_catalog())
    print(f"Reference data: {report.created} created, {report.unchanged} already there")
    for note in report.notes:  # e.g. a tool number another tool holds, moved
        print(f"  note: {note}")
    freecad_available()
    opened = Workspace.open(database)
    model = demo_model(opened)
    run = cam_runs.run_cam(
        opened, model=model.name, version=model.version, machine=DEMO_MACHINE,
        material=DEMO_MATERIAL,
    )  # fmt: skip
    folder = output_folder(database)
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / f"{DEMO_MODEL}-run{run.id}.ngc"
    print("\n".join(run.summary_lines()))
    if run.simulation_id is not None:
        print("\n".join(sim_runs.get_sim_run(database, run.simulation_id).summary_lines()))
    cam_run_files.export_gcode(opened, run.id, program)  # refused (exit 4) unless released
    cam_run_files.export_tool_table(database, run.id, program.with_suffix(".tbl"))
    print(f"G-code: {program} (LinuxCNC tool table {program.with_suffix('.tbl').name})")

    overview = database_overview(database)
    print(f"Projem database: {overview.location} ({overview.backend})")
    print(f"Schema revision: {overview.schema_revision} ({overview.schema_status})")
    verification = verify_and_record(database)
    state = "intact" if verification.ok else f"BROKEN ({verification.reason})"
    print(f"Audit trail: {state}, {verification.checked} entries, head {verification.head}")
    print("Rows per table:")
    for table, count in overview.row_counts.items():
        print(f"  {table:<16} {count}")
    return 0 if verification.ok else 3
