# SPDX-License-Identifier: LGPL-2.1-or-later
"""What a CAM run looks like to its readers (the CLI, the GUI's docks, JSON): the run's row
with its model, machine and material by name, its warnings, its G-code's SHA-256 and the
gate (the newest simulation of that G-code, and why the G-code is held)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from projem_workbench.db.enums import RunStatus
from projem_workbench.db.models import Artefact, CamRun
from projem_workbench.services import sim_runs


class CamRunView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: RunStatus
    model_name: str
    model_version: int
    machine: str
    material: str
    post_processor: str | None
    freecad_version: str | None
    move_count: int | None
    cut_length_mm: Decimal | None
    rapid_length_mm: Decimal | None
    estimated_cycle_s: Decimal | None
    gcode_artefact_id: int | None
    gcode_sha256: str | None
    error: str | None
    operations: dict[str, Any]
    # What may work but hurts the tool or the part (cam_warnings): kind, operation, message.
    warnings: list[dict[str, str]] = []
    # The gate: the newest simulation of the stored G-code, and why the G-code is held (None
    # when that simulation is clean and the G-code is released).
    simulation_id: int | None = None
    held: str | None = None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    def summary_lines(self) -> list[str]:
        lines = [
            f"run {self.id}: {self.status.value} — {self.model_name} v{self.model_version} on "
            f"{self.machine} in {self.material} ({self.post_processor} post, FreeCAD "
            f"{self.freecad_version or '?'})"
        ]
        for op in self.operations.get("spec", {}).get("operations", []):
            lines.append(
                f"  {op['name']}: {op['type']} with T{op['tool_number']} {op['tool']}, "
                f"S{op['spindle_rpm']:g} F{op['feed_mm_min']:g} plunge {op['plunge_mm_min']:g}"
            )
        lines += [f"  warning: {warning['message']}" for warning in self.warnings]
        if self.status is RunStatus.SUCCEEDED:
            lines.append(
                f"  {self.move_count} moves, cutting {self.cut_length_mm} mm, rapid "
                f"{self.rapid_length_mm} mm, about {_duration(self.estimated_cycle_s)} "
                "(feeds only; acceleration not counted)"
            )
        if self.error:
            lines.append(f"  error: {self.error}")
        if self.status is RunStatus.SUCCEEDED:
            lines.append(
                f"  G-code held: {self.held}"
                if self.held
                else f"  G-code released: simulation {self.simulation_id} is clean"
            )
        return lines


def _duration(seconds: Decimal | None) -> str:
    total = round(float(seconds or 0))
    return f"{total // 60} min {total % 60:02d} s"


def view_in_session(session: Any, run: CamRun) -> CamRunView:
    """The view of ``run``, read in ``session`` (its G-code's SHA-256 and gate included)."""
    sha = None
    if run.gcode_artefact_id is not None:
        sha = session.get(Artefact, run.gcode_artefact_id).sha256
    sim = sim_runs.latest_in_session(session, run, sha)
    return CamRunView.model_validate(
        {
            **{c: getattr(run, c) for c in CamRunView.model_fields if hasattr(run, c)},
            "model_name": run.model.name,
            "model_version": run.model.version,
            "machine": run.machine.name,
            "material": run.material.name,
            "gcode_sha256": sha,
            "warnings": (run.operations or {}).get("warnings", []),
            "simulation_id": sim.id if sim is not None else None,
            "held": sim_runs.verdict(sim) if sha is not None else None,
        }
    )
