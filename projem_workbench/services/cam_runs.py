# SPDX-License-Identifier: LGPL-2.1-or-later
"""CAM runs: a stored model version, a machine, a material and library tools in; G-code out,
stored with everything it came from.

A spec that would crash on its stock is refused first, recording nothing
(:mod:`cam_warnings`). A run is recorded before FreeCAD starts (``running``, with the host
and process running it, in one audited transaction, so a crash leaves an honest trace, and a
run whose process died is failed by the next look-up, :mod:`run_workers`), then FreeCAD
builds the job and posts it
(in this process inside FreeCAD, else under ``freecadcmd``). Projem reads the G-code back,
refuses it if any feed move lacks a positive feed, stores it as an artefact and marks the run
``succeeded`` with its statistics, or ``failed`` with FreeCAD's reason and no artefact; what
may work but hurts the tool (deeper than its flutes, a spindle speed raised) is recorded as a
warning of the run.
The G-code is deterministic: its header names the model, spec and FreeCAD but no time, so
the same spec on the same model gives the same bytes (and the same blob).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import select

from projem_workbench.db.base import utcnow
from projem_workbench.db.engine import sqlite_path
from projem_workbench.db.enums import ArtefactKind, RunStatus
from projem_workbench.db.models import CadModel, CamRun
from projem_workbench.db.session import Database
from projem_workbench.errors import CamError, NotFoundError, ProjemError
from projem_workbench.freecad.geometry import measure_document
from projem_workbench.freecad.runner import freecad_available, run_in_freecad
from projem_workbench.gcode.analysis import GcodeStats, Segment, analyse
from projem_workbench.services import (
    artefacts,
    audited,
    cam_plan,
    cam_warnings,
    model_library,
    run_workers,
    sim_runs,
)
from projem_workbench.services.cam_resolve import job_request, post_request, resolve
from projem_workbench.services.cam_run_view import CamRunView, view_in_session
from projem_workbench.services.cam_spec import COMMENT_UNSAFE, RunSpec
from projem_workbench.services.machines import MACHINES, MachineRecord
from projem_workbench.services.materials import MATERIALS, MaterialRecord
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import StoredBlob

GCODE_MIME = "text/x-gcode"
FILE_UNSAFE = str.maketrans({c: "_" for c in '/\\:*?"<>|'})
# Post processor arguments: no dated header (Projem writes its own), no editor dialog.
DEFAULT_TOOL_CHANGE_S = 6.0


class CamRunFailedError(ProjemError):
    """The run was recorded as failed; the message carries FreeCAD's reason."""

    def __init__(self, message: str, *, run_id: int) -> None:
        super().__init__(message)
        self.run_id = run_id


def header(
    model: model_library.ModelVersion,
    machine: MachineRecord,
    material: MaterialRecord,
    spec_sha256: str,
    freecad_version: str,
) -> str:
    lines = [
        "Projem CAM run",
        f"model: {model.name} version {model.version} sha256 {model.content_sha256}",
        f"machine: {machine.name}, controller {machine.controller}, post {machine.post_processor}",
        f"material: {material.name}",
        f"spec sha256: {spec_sha256}",
        f"FreeCAD {freecad_version}",
    ]
    return "".join(f"({line.translate(COMMENT_UNSAFE)})\n" for line in lines)


def job_folder(database: Database) -> Path:
    """Where kept CAM job documents go: beside a SQLite database, else Projem's data folder."""
    path = sqlite_path(database.url) if database.backend == "sqlite" else None
    if path is not None:
        return path.with_name(f"{path.name}.cam-jobs")
    return Path(platformdirs.user_data_dir("Projem", appauthor=False)) / "cam-jobs"


def run_cam(
    workspace: Workspace,
    *,
    model: str,
    version: int | None = None,
    machine: str | int,
    material: str | int,
    spec: RunSpec | None = None,
    user_id: int | None = None,
    keep_job: bool = False,
    keep_open: bool = False,
    object_name: str | None = None,
) -> CamRunView:
    """Run CAM and store the G-code; raises :class:`CamRunFailedError` (after recording the
    failure) when FreeCAD or the G-code check fails, and plain domain errors (nothing
    recorded) when the request itself is wrong.

    ``keep_job`` also saves FreeCAD's CAM job document (in :func:`job_folder`) and stores it
    as an artefact of the run; ``keep_open`` (inside FreeCAD) leaves it open for the user.
    """
    database = workspace.database
    run_workers.fail_abandoned_runs(database, user_id=user_id)
    with model_library.document_copy(workspace, model, version) as (found, document):
        spec = _checked_spec(
            database, found, document, spec, machine=machine, material=material,
            object_name=object_name,
        )  # fmt: skip
        with database.read_session() as session:
            machine_view = MACHINES.get_in(session, machine)
            material_view = MATERIALS.get_in(session, material)
            resolved = resolve(session, spec, machine=machine_view, material=material_view)
        spec_text = json.dumps(spec.model_dump(mode="json"), sort_keys=True)
        spec_sha256 = hashlib.sha256(spec_text.encode()).hexdigest()
        record = {
            "spec": {**spec.model_dump(mode="json"), "operations": resolved["operations"]},
            "tools": resolved["tools"],
            "spec_sha256": spec_sha256,
            "model": {"name": found.name, "version": found.version, "sha256": found.content_sha256},
            "warnings": cam_warnings.spindle_warnings(resolved["operations"]),
        }
        run_id = _start(database, found.id, machine_view, material_view, record, user_id)
        surface = Path(tempfile.mkdtemp(prefix="projem-surface-")) / "part.stl"
        request = {
            **job_request(spec, document),
            "keep_open": keep_open,
            "label": f"Projem run {run_id}",
            "controllers": resolved["controllers"],
            "operations": resolved["operations"],
            **post_request(machine_view),
            "surface_path": str(surface),
        }
        if keep_job or keep_open:
            folder = job_folder(database)
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{found.name.translate(FILE_UNSAFE)}-v{found.version}-run{run_id}.FCStd"
            request["save_document"] = str(folder / name)
        try:
            answer = run_in_freecad("run", request)
            cam_warnings.check_freecad_answer(spec, answer)
            gcode = (
                header(found, machine_view, material_view, spec_sha256, answer["freecad_version"])
                + answer["gcode"]
            )
            stats = analyse(
                gcode,
                rapid_mm_min=float(machine_view.rapid_mm_min),
                tool_change_s=float(machine_view.meta.get("tool_change_s", DEFAULT_TOOL_CHANGE_S)),
            )
        except (CamError, ProjemError) as exc:
            shutil.rmtree(surface.parent, ignore_errors=True)
            _fail(database, run_id, str(exc), user_id)
            raise CamRunFailedError(f"CAM run {run_id} failed: {exc}", run_id=run_id) from exc
        outputs = {"gcode": workspace.store.put_stream(io.BytesIO(gcode.encode("utf-8")))}
        if "save_document" in request:
            outputs["job"] = workspace.store.put_file(Path(request["save_document"]))
        _record_results(record, answer, stats, resolved, request)
        _succeed(database, run_id, found, outputs, answer, stats, record, user_id)
    # Simulated as it is made: the G-code is held until a clean simulation releases it.
    try:
        sim_runs.simulate_run(
            workspace, cam_run_id=run_id, user_id=user_id,
            surface_stl=surface.read_bytes() if surface.is_file() else None,
        )  # fmt: skip
    finally:
        shutil.rmtree(surface.parent, ignore_errors=True)
    return get_run(database, run_id)


def _checked_spec(
    database: Database,
    found: model_library.ModelVersion,
    document: Path,
    spec: RunSpec | None,
    **plan_for: Any,
) -> RunSpec:
    """The spec to run (the default plan when none is given), refused when it would crash
    on its stock — before FreeCAD even starts when the model's box was measured as it was
    stored, else once FreeCAD measures it — and when FreeCAD cannot run: all before
    anything is recorded."""
    checked = spec is not None and cam_warnings.check_before_freecad(
        spec, cam_warnings.model_geometry(found)
    )
    freecad_available()
    if spec is None:
        spec = cam_plan.plan_for_document(database, document=document, **plan_for)
        checked = cam_warnings.check_before_freecad(spec, cam_warnings.model_geometry(found))
    if not checked and spec.stock.offsets_mm is not None:
        cam_warnings.check_before_freecad(spec, measure_document(document))
    return spec


def _record_results(
    record: dict[str, Any],
    answer: dict[str, Any],
    stats: GcodeStats,
    resolved: dict[str, Any],
    request: dict[str, Any],
) -> None:
    """What FreeCAD made, into the run's record: each operation's share of the G-code, the
    statistics, the objects, and the warnings only the made job can tell."""
    record["results"] = [
        {
            **op,
            "cut_length_mm": round(seg.cut_length_mm, 3),
            "time_s": round(seg.time_s, 2),
            "cut_envelope": seg.cut_envelope.as_dict(),
        }
        for op, seg in zip(answer["operations"], _segments(stats, answer), strict=True)
    ]
    box = answer.get("stock_box_mm")
    record.update(
        gcode=stats.summary(),
        object=answer.get("object"),
        document=answer.get("document"),
        job_document=request.get("save_document"),
        stock_box_mm=box,
    )
    record["warnings"] = record["warnings"] + cam_warnings.reach_warnings(
        answer["operations"], resolved["tools"], box[5] if box else None
    )


def _succeed(
    database: Database,
    run_id: int,
    found: model_library.ModelVersion,
    outputs: dict[str, StoredBlob],
    answer: dict[str, Any],
    stats: GcodeStats,
    record: dict[str, Any],
    user_id: int | None,
) -> CamRunView:
    """Record the run's artefacts and statistics and mark it succeeded, in one transaction."""
    with database.unit_of_work() as session:
        run = session.get(CamRun, run_id)
        stem = f"{found.name}-v{found.version}-run{run_id}"
        gcode = artefacts.new_artefact(
            session, outputs["gcode"], kind=ArtefactKind.GCODE, mime_type=GCODE_MIME,
            original_name=f"{stem}.ngc", user_id=user_id, cam_run_id=run_id, model_id=found.id,
        )  # fmt: skip
        if "job" in outputs:
            job = artefacts.new_artefact(
                session, outputs["job"], kind=ArtefactKind.FCSTD,
                mime_type=model_library.FCSTD_MIME,
                original_name=f"{stem}.FCStd", user_id=user_id, cam_run_id=run_id,
                model_id=found.id,
            )  # fmt: skip
            record["job_artefact_id"] = job.id
        audited.update(
            session,
            run,
            {
                "status": RunStatus.SUCCEEDED,
                "gcode_artefact_id": gcode.id,
                "freecad_version": answer["freecad_version"],
                "move_count": stats.move_count,
                "cut_length_mm": Decimal(f"{stats.cut_length_mm:.3f}"),
                "rapid_length_mm": Decimal(f"{stats.rapid_length_mm:.3f}"),
                "estimated_cycle_s": Decimal(f"{stats.cycle_time_s:.2f}"),
                "finished_at": utcnow(),
                "operations": record,
            },
            user_id=user_id,
        )
        return view_in_session(session, run)


def _segments(stats: GcodeStats, answer: dict[str, Any]) -> list[Segment]:
    """The G-code segment of each operation, by the operation comments the posts write."""
    by_name = {segment.name: segment for segment in stats.segments}
    return [by_name.get(op["name"], Segment(op["name"])) for op in answer["operations"]]


def _start(
    database: Database,
    model_id: int,
    machine: MachineRecord,
    material: MaterialRecord,
    record: dict[str, Any],
    user_id: int | None,
) -> int:
    """Record the run as running, with the process running it (so a later command can tell
    when it died, :mod:`run_workers`): one audited transaction, committed before FreeCAD
    starts."""
    with database.unit_of_work() as session:
        run = audited.create(
            session,
            CamRun(
                model_id=model_id,
                machine_id=machine.id,
                material_id=material.id,
                status=RunStatus.RUNNING,
                started_at=utcnow(),
                operations=record,
                tool_ids=[tool["id"] for tool in record["tools"]],
                post_processor=machine.post_processor,
                user_id=user_id,
                **run_workers.this_worker(),
            ),
            user_id=user_id,
        )
        return run.id


def _fail(database: Database, run_id: int, error: str, user_id: int | None) -> None:
    with database.unit_of_work() as session:
        run = session.get(CamRun, run_id)
        audited.update(
            session,
            run,
            {"status": RunStatus.FAILED, "error": error[:4000], "finished_at": utcnow()},
            user_id=user_id,
        )


def list_runs(database: Database, *, model: str | None = None, limit: int = 50) -> list[CamRunView]:
    run_workers.fail_abandoned_runs(database)
    with database.read_session() as session:
        query = select(CamRun).order_by(CamRun.id.desc()).limit(limit)
        if model:
            query = query.join(CadModel).where(CadModel.name == model)
        return [view_in_session(session, run) for run in session.scalars(query)]


def get_run(database: Database, run_id: int) -> CamRunView:
    run_workers.fail_abandoned_runs(database)
    with database.read_session() as session:
        run = session.get(CamRun, run_id)
        if run is None:
            raise NotFoundError(f"no CAM run {run_id}")
        return view_in_session(session, run)


def check_spec(
    database: Database,
    *,
    spec: RunSpec,
    machine: str | int,
    material: str | int,
    model: str | None = None,
    version: int | None = None,
) -> list[dict[str, Any]]:
    """The spec's operations as a run would resolve them (tools numbered, every value the spec
    leaves out from the calculator, each value's ``source``), recording nothing; raises the
    :class:`ValidationError` the run would, keyed by the offending ``operations.<n>.<field>``
    (with ``model``, also its depths and heights against the model's stock)."""
    if model is not None:
        found = model_library.get_version(database, model, version)
        cam_warnings.check_before_freecad(spec, cam_warnings.model_geometry(found))
    with database.read_session() as session:
        resolved = resolve(
            session,
            spec,
            machine=MACHINES.get_in(session, machine),
            material=MATERIALS.get_in(session, material),
        )
    return list(resolved["operations"])
