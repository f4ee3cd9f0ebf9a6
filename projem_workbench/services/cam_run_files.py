# SPDX-License-Identifier: LGPL-2.1-or-later
"""A CAM run's files: its G-code read back verified against its SHA-256, written out only when
a clean simulation released it (a forced export of held G-code is an audit entry of its own),
and the LinuxCNC tool table of the tools it calls by number."""

from __future__ import annotations

from pathlib import Path

from projem_workbench.audit.chain import append_audit_entry
from projem_workbench.db.enums import AuditAction
from projem_workbench.db.models import CamRun
from projem_workbench.db.session import Database
from projem_workbench.errors import NotFoundError
from projem_workbench.interchange.tables import TableTool, write_linuxcnc_table
from projem_workbench.services import artefacts, cam_runs, sim_runs
from projem_workbench.services.cam_run_view import CamRunView
from projem_workbench.services.workspace import Workspace


def gcode_text(workspace: Workspace, run_id: int) -> str:
    """A run's G-code, read from the artefact store and verified against its SHA-256."""
    run = _with_gcode(workspace.database, run_id)
    return artefacts.read_verified(workspace, run.gcode_sha256).decode("utf-8")


def export_gcode(
    workspace: Workspace,
    run_id: int,
    destination: Path,
    *,
    force: bool = False,
    user_id: int | None = None,
) -> CamRunView:
    """Write a run's G-code to ``destination``, verified against its SHA-256 — only when a
    clean simulation released it (:class:`sim_runs.GcodeHeldError` otherwise). ``force``
    writes held G-code anyway, and that forced export is an audit entry of its own."""
    database = workspace.database
    run = _with_gcode(database, run_id)
    if run.held and not force:
        raise sim_runs.GcodeHeldError(
            f"CAM run {run_id}: G-code held — {run.held}. Fix the program, or run "
            f"`projem sim run {run_id}`, or export with --force"
        )
    artefacts.export_artefact(workspace, run.gcode_sha256, Path(destination))
    if run.held:
        with database.unit_of_work() as session:
            append_audit_entry(
                session,
                action=AuditAction.EXPORT,
                entity_type=CamRun.__tablename__,
                entity_id=run_id,
                after={
                    "forced": True,
                    "held": run.held,
                    "gcode_sha256": run.gcode_sha256,
                    "simulation_id": run.simulation_id,
                    "destination": str(destination),
                },
                user_id=user_id,
            )
    return run


def _with_gcode(database: Database, run_id: int) -> CamRunView:
    run = cam_runs.get_run(database, run_id)
    if run.gcode_sha256 is None:
        raise NotFoundError(f"CAM run {run_id} has no G-code ({run.status.value})")
    return run


def export_tool_table(database: Database, run_id: int, destination: Path) -> int:
    """A LinuxCNC tool table of the run's tools under the numbers its G-code calls them by."""
    run = cam_runs.get_run(database, run_id)
    tools = []
    for tool in run.operations.get("tools", []):
        params = tool.get("params") or {}
        tools.append(
            TableTool(tool["number"], tool["name"], tool["tool_type"], tool["diameter_mm"], params)
        )
    return write_linuxcnc_table(tools, Path(destination))
