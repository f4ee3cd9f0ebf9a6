# SPDX-License-Identifier: LGPL-2.1-or-later
"""Simulation runs: a CAM run's G-code simulated on its stock with its tools, machine and
part, the findings and figures stored and audited, bound to the G-code's SHA-256 — and the
gate: a run's G-code is released only with a clean simulation of exactly those bytes.

A simulation is recorded ``running`` before it starts (committed and audited, so a crash
leaves a trace), then ``succeeded`` with its findings, volumes, cycle times, report and
images in one transaction, or ``failed`` with the reason. Error findings do not fail the
simulation: they hold the G-code back (:class:`GcodeHeldError`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from projem_workbench.db.base import utcnow
from projem_workbench.db.enums import ArtefactKind, RunStatus
from projem_workbench.db.models import Artefact, CadModel, CamRun, SimRun
from projem_workbench.db.session import Database
from projem_workbench.errors import NotFoundError, ProjemError, ValidationError
from projem_workbench.gcode.reader import GcodeError, read_program
from projem_workbench.services import artefacts, audited, sim_inputs
from projem_workbench.services.workspace import Workspace
from projem_workbench.sim.engine import SimResult, simulate
from projem_workbench.sim.images import left_image, stock_image
from projem_workbench.sim.machine import THROUGH_CUT_ALLOWANCE_MM

DEFAULT_RESOLUTION_MM = 0.1
RESOLUTION_RANGE_MM = (0.01, 2.0)
COLLISIONS = {"rapid_into_material", "holder_collision"}
# What a simulation stores beside its row: artefact kind, MIME type and file suffix.
OUTPUT_KINDS = {
    "report": (ArtefactKind.REPORT, "application/json", "json"),
    "stock": (ArtefactKind.IMAGE, "image/png", "png"),
    "left": (ArtefactKind.IMAGE, "image/png", "png"),
}
Progress = Callable[[float], None]


class GcodeHeldError(ProjemError):
    """A run's G-code was refused for export: no clean simulation of it."""

    exit_code = 4


class SimRunView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    cam_run_id: int
    status: RunStatus
    resolution_mm: Decimal
    findings: list[dict[str, Any]]
    error_count: int
    warning_count: int
    collision_count: int
    removed_volume_mm3: Decimal | None
    remaining_volume_mm3: Decimal | None
    left_volume_mm3: Decimal | None
    estimated_cycle_s: Decimal | None
    feed_only_cycle_s: Decimal | None
    elapsed_s: Decimal | None
    gcode_sha256: str | None
    envelope: dict[str, Any] | None
    image_artefact_id: int | None
    left_image_artefact_id: int | None
    report_artefact_id: int | None
    error: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @property
    def released(self) -> bool:
        return self.status is RunStatus.SUCCEEDED and self.error_count == 0

    def errors(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["severity"] == "error"]

    def summary_lines(self) -> list[str]:
        verdict = "clean" if self.released else f"{self.error_count} error(s)"
        if self.status is not RunStatus.SUCCEEDED:
            verdict = f"{self.status.value}: {self.error}"
        lines = [
            f"simulation {self.id} of CAM run {self.cam_run_id} at "
            f"{float(self.resolution_mm):g} mm: {verdict}, {self.warning_count} warning(s)"
        ]
        if self.status is RunStatus.SUCCEEDED:
            lines.append(
                f"  removed {self.removed_volume_mm3} mm³, remaining {self.remaining_volume_mm3}"
                f" mm³, left above the part {self.left_volume_mm3} mm³"
            )
            lines.append(
                f"  cycle time {_minutes(self.estimated_cycle_s)} with acceleration "
                f"({_minutes(self.feed_only_cycle_s)} at programmed feeds); "
                f"simulated in {self.elapsed_s} s"
            )
        lines += [f"  {finding_line(f)}" for f in self.findings]
        return lines


def finding_line(finding: dict[str, Any]) -> str:
    where = f"line {finding['line']}" if finding.get("line") else "program"
    return f"{finding['severity']}: {where}: {finding['kind']}: {finding['message']}"


def _minutes(seconds: Decimal | None) -> str:
    total = round(float(seconds or 0))
    return f"{total // 60} min {total % 60:02d} s"


def _decimal(value: float, places: int = 3) -> Decimal:
    return Decimal(f"{value:.{places}f}")


def check_resolution(resolution_mm: float) -> float:
    low, high = RESOLUTION_RANGE_MM
    if not low <= resolution_mm <= high:
        raise ValidationError(
            f"resolution {resolution_mm:g} mm is outside {low:g}–{high:g} mm", field="resolution"
        )
    return float(resolution_mm)


def simulate_run(
    workspace: Workspace,
    *,
    cam_run_id: int,
    resolution_mm: float = DEFAULT_RESOLUTION_MM,
    user_id: int | None = None,
    progress: Progress | None = None,
    surface_stl: bytes | None = None,
) -> SimRunView:
    """Simulate a CAM run's G-code and store the result (see the module's docstring)."""
    resolution_mm = check_resolution(resolution_mm)
    database = workspace.database
    with database.read_session() as session:
        run = session.get(CamRun, cam_run_id)
        if run is None:
            raise NotFoundError(f"no CAM run {cam_run_id}")
        if run.gcode_artefact_id is None:
            raise NotFoundError(f"CAM run {cam_run_id} has no G-code ({run.status.value})")
        gcode_sha = session.get(Artefact, run.gcode_artefact_id).sha256
        model = session.get(CadModel, run.model_id)
        stock = sim_inputs.run_stock(run.operations, (model.doc_metadata or {}).get("geometry"))
        allowance = float(
            run.operations.get("spec", {}).get("through_cut_allowance_mm", THROUGH_CUT_ALLOWANCE_MM)
        )
        machine = sim_inputs.machine_limits(run.machine, stock, allowance_mm=allowance)
        dialect = run.post_processor or run.machine.controller
        tools = sim_inputs.run_tools(session, run.operations.get("tools", []))
        model_id, object_name = run.model_id, run.operations.get("object")
    sim_id = _start(database, cam_run_id, resolution_mm, gcode_sha, user_id)
    try:
        text = artefacts.read_verified(workspace, gcode_sha).decode("utf-8")
        program = read_program(text, dialect=dialect, home_z=machine.travel.z1)
        part, note = sim_inputs.part_surface(
            workspace, model_id=model_id, object_name=object_name,
            grid=sim_inputs.grid_of(stock, resolution_mm), stl=surface_stl, user_id=user_id,
        )  # fmt: skip
        result = simulate(
            program, stock=stock, tools=tools, machine=machine, part=part,
            resolution_mm=resolution_mm, through_cut_allowance_mm=allowance, progress=progress,
        )  # fmt: skip
    except (GcodeError, ProjemError, ValueError) as exc:
        return _finish_failed(database, sim_id, str(exc), user_id)
    report = {**result.summary(), "gcode_sha256": gcode_sha, "cam_run_id": cam_run_id}
    if note:
        report["note"] = note
    return _finish(workspace, sim_id, result, report, user_id)


def _start(
    database: Database, cam_run_id: int, resolution_mm: float, sha: str, user_id: int | None
) -> int:
    with database.unit_of_work() as session:
        sim = audited.create(
            session,
            SimRun(
                cam_run_id=cam_run_id,
                status=RunStatus.RUNNING,
                resolution_mm=_decimal(resolution_mm, 4),
                gcode_sha256=sha,
                started_at=utcnow(),
            ),
            user_id=user_id,
        )
        return sim.id


def _finish(
    workspace: Workspace,
    sim_id: int,
    result: SimResult,
    report: dict[str, Any],
    user_id: int | None,
) -> SimRunView:
    outputs = {
        "report": json.dumps(report, indent=1).encode("utf-8"),
        "stock": stock_image(result),
        "left": left_image(result),
    }
    blobs = {name: workspace.store.put_stream(io.BytesIO(data)) for name, data in outputs.items()}
    findings = [finding.as_dict() for finding in result.findings]
    with workspace.database.unit_of_work() as session:
        sim = session.get(SimRun, sim_id)
        made = {}
        for name, blob in blobs.items():
            kind, mime, suffix = OUTPUT_KINDS[name]
            made[name] = artefacts.new_artefact(
                session, blob, kind=kind, mime_type=mime,
                original_name=f"sim{sim_id}-{name}.{suffix}", user_id=user_id,
                sim_run_id=sim_id, cam_run_id=sim.cam_run_id,
            )  # fmt: skip
        audited.update(
            session,
            sim,
            {
                "status": RunStatus.SUCCEEDED,
                "findings": findings,
                "error_count": sum(f["severity"] == "error" for f in findings),
                "warning_count": sum(f["severity"] == "warning" for f in findings),
                "collision_count": sum(f["kind"] in COLLISIONS for f in findings),
                "envelope": result.envelope,
                "estimated_cycle_s": _decimal(result.cycle_time_s, 2),
                "feed_only_cycle_s": _decimal(result.feed_only_time_s, 2),
                "removed_volume_mm3": _decimal(result.removed_mm3),
                "remaining_volume_mm3": _decimal(result.remaining_mm3),
                "left_volume_mm3": _decimal(result.left_mm3),
                "elapsed_s": _decimal(result.elapsed_s),
                "report_artefact_id": made["report"].id,
                "image_artefact_id": made["stock"].id,
                "left_image_artefact_id": made["left"].id,
                "finished_at": utcnow(),
            },
            user_id=user_id,
        )
        return SimRunView.model_validate(sim)


def _finish_failed(database: Database, sim_id: int, error: str, user_id: int | None) -> SimRunView:
    with database.unit_of_work() as session:
        sim = session.get(SimRun, sim_id)
        audited.update(
            session,
            sim,
            {"status": RunStatus.FAILED, "error": error[:4000], "finished_at": utcnow()},
            user_id=user_id,
        )
        return SimRunView.model_validate(sim)


def list_sim_runs(
    database: Database, *, cam_run_id: int | None = None, limit: int = 50
) -> list[SimRunView]:
    with database.read_session() as session:
        query = select(SimRun).order_by(SimRun.id.desc()).limit(limit)
        if cam_run_id is not None:
            query = query.where(SimRun.cam_run_id == cam_run_id)
        return [SimRunView.model_validate(sim) for sim in session.scalars(query)]


def get_sim_run(database: Database, sim_run_id: int) -> SimRunView:
    with database.read_session() as session:
        sim = session.get(SimRun, sim_run_id)
        if sim is None:
            raise NotFoundError(f"no simulation run {sim_run_id}")
        return SimRunView.model_validate(sim)


def latest_in_session(session: Any, run: CamRun, gcode_sha256: str | None) -> SimRun | None:
    """The newest finished simulation of ``gcode_sha256``, the run's G-code as stored now."""
    if gcode_sha256 is None:
        return None
    query = (
        select(SimRun)
        .where(
            SimRun.cam_run_id == run.id,
            SimRun.gcode_sha256 == gcode_sha256,
            SimRun.status.in_([RunStatus.SUCCEEDED, RunStatus.FAILED]),
        )
        .order_by(SimRun.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def verdict(sim: SimRun | SimRunView | None) -> str | None:
    """Why the G-code is held, or None when this simulation releases it."""
    if sim is None:
        return "not simulated"
    if sim.status is not RunStatus.SUCCEEDED:
        return f"simulation {sim.id} {sim.status.value}: {sim.error}"
    if sim.error_count:
        first = next(f for f in sim.findings if f["severity"] == "error")
        return f"simulation {sim.id}: {sim.error_count} error(s), first {finding_line(first)}"
    return None


def latest_for_run(database: Database, cam_run_id: int) -> SimRunView | None:
    """The newest finished simulation of the run's G-code as it is stored now."""
    with database.read_session() as session:
        run = session.get(CamRun, cam_run_id)
        if run is None:
            raise NotFoundError(f"no CAM run {cam_run_id}")
        sha = None
        if run.gcode_artefact_id is not None:
            sha = session.get(Artefact, run.gcode_artefact_id).sha256
        sim = latest_in_session(session, run, sha)
        return None if sim is None else SimRunView.model_validate(sim)


def check_release(database: Database, cam_run_id: int) -> SimRunView:
    """The clean simulation that releases the run's G-code; :class:`GcodeHeldError` if none."""
    sim = latest_for_run(database, cam_run_id)
    if sim is None:
        raise GcodeHeldError(
            f"CAM run {cam_run_id} has no simulation of its G-code: run "
            f"`projem sim run {cam_run_id}` first (or export with --force)"
        )
    if sim.status is not RunStatus.SUCCEEDED:
        raise GcodeHeldError(
            f"CAM run {cam_run_id}: its simulation {sim.id} failed ({sim.error}); the G-code "
            "is held (export with --force to override)"
        )
    if sim.error_count:
        first = "; ".join(finding_line(f) for f in sim.errors()[:3])
        raise GcodeHeldError(
            f"CAM run {cam_run_id} is held: simulation {sim.id} found {sim.error_count} "
            f"error(s) — {first} (export with --force to override)"
        )
    return sim


def image_bytes(workspace: Workspace, sim_run_id: int, *, which: str = "stock") -> bytes:
    """The PNG of the machined stock (``stock``) or of the material left (``left``)."""
    if which not in ("stock", "left"):
        raise ValidationError(f"no {which!r} image: stock or left", field="which")
    database = workspace.database
    sim = get_sim_run(database, sim_run_id)
    artefact_id = sim.image_artefact_id if which == "stock" else sim.left_image_artefact_id
    if artefact_id is None:
        raise NotFoundError(f"simulation run {sim_run_id} has no {which} image")
    with database.read_session() as session:
        sha = session.get(Artefact, artefact_id).sha256
    return artefacts.read_verified(workspace, sha)
