# SPDX-License-Identifier: LGPL-2.1-or-later
"""The Simulation panel's presenter: which CAM run and which stored simulation are shown, the
resolution to simulate at, the run's progress, the findings and the one chosen, and every text
the page shows (verdict, volumes, times). It holds no widgets, so its tests need no page; the
page (:mod:`simulation_page`) only copies its state into widgets.

A finding chosen is marked in FreeCAD's 3D view by :class:`view_marker.ViewMarker`; outside
FreeCAD nothing is drawn and the presenter's ``marked_point`` says where it would be.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from projem_workbench.db.enums import RunStatus
from projem_workbench.errors import ProjemError
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.panels.cam_result import duration_text, status_text
from projem_workbench.gui.view_marker import ViewMarker

MESSAGE_SHOWN = 90  # characters of the first error's message in the one-line verdict
STORED_SHOWN = 30


def resolution_range() -> tuple[float, float]:
    """The resolutions the service accepts (mm)."""
    sim_runs = _sim_runs()
    low, high = sim_runs.RESOLUTION_RANGE_MM
    return float(low), float(high)


def _sim_runs() -> Any:
    # Imported when first used: the command registering this panel stays light.
    from projem_workbench.services import sim_runs

    return sim_runs


def first_error(sim: Any) -> dict[str, Any] | None:
    return next((f for f in sim.findings if f.get("severity") == "error"), None)


def message_of(finding: dict[str, Any]) -> str:
    """The finding's message without the "line N: " it may start with (shown apart)."""
    message = str(finding.get("message", ""))
    line = finding.get("line")
    prefix = f"line {line}: "
    return message[len(prefix) :] if line is not None and message.startswith(prefix) else message


def finding_text(finding: dict[str, Any]) -> str:
    """``line 42 rapid_into_material: <message>`` (without the line when it has none)."""
    where = "" if finding.get("line") is None else f"line {finding['line']} "
    return f"{where}{finding.get('kind', '')}: {message_of(finding)}"


def verdict(sim: Any) -> tuple[str, bool]:
    """The simulation's verdict on a run's G-code, in one line, and whether it is released."""
    if sim is None:
        return (
            translate("Projem", "Not simulated: the G-code is held until a simulation is clean"),
            False,
        )
    if sim.status in (RunStatus.PENDING, RunStatus.RUNNING):
        return translate("Projem", "Held: the simulation is still running"), False
    if sim.status is not RunStatus.SUCCEEDED:
        return (
            translate("Projem", "Held: the simulation failed — {error}").format(
                error=sim.error or status_text(sim.status)
            ),
            False,
        )
    if sim.released:
        if sim.warning_count:
            return (
                translate("Projem", "Released: simulation clean ({count} warnings)").format(
                    count=sim.warning_count
                ),
                True,
            )
        return translate("Projem", "Released: simulation clean"), True
    error = first_error(sim)
    first = finding_text(error) if error is not None else "?"
    if len(first) > MESSAGE_SHOWN:
        first = first[: MESSAGE_SHOWN - 1].rstrip() + "…"
    return (
        translate("Projem", "Held: {count} errors — first: {finding}").format(
            count=sim.error_count, finding=first
        ),
        False,
    )


def short_verdict(sim: Any) -> str:
    """A few words for a list of simulations: clean, N errors, or failed."""
    if sim.status is not RunStatus.SUCCEEDED:
        return status_text(sim.status)
    if sim.released:
        return translate("Projem", "clean")
    return translate("Projem", "{count} errors").format(count=sim.error_count)


def seconds_text(value: Any) -> str:
    """Seconds the simulation took: hundredths below one second (it is often that quick)."""
    if value is None:
        return "—"
    return f"{float(value):.2f}" if float(value) < 1 else f"{float(value):.1f}"


def volume_text(value: Any) -> str:
    return "—" if value is None else f"{float(value):,.0f} mm³"


@dataclass(frozen=True)
class FindingRow:
    """One finding as the list shows it; ``point`` only when it has all of x, y and z."""

    severity: str
    kind: str
    line: int | None
    message: str
    point: tuple[float, float, float] | None

    @classmethod
    def of(cls, finding: dict[str, Any]) -> FindingRow:
        xyz = (finding.get("x"), finding.get("y"), finding.get("z"))
        point = None if None in xyz else (float(xyz[0]), float(xyz[1]), float(xyz[2]))  # type: ignore[arg-type]
        return cls(
            severity=str(finding.get("severity", "")),
            kind=str(finding.get("kind", "")),
            line=finding.get("line"),
            message=message_of(finding),
            point=point,
        )


class SimulationPresenter:
    """The state of one Simulation panel, driven by the page and by tests."""

    def __init__(self, workspace: Any, *, marker: ViewMarker | None = None) -> None:
        self.workspace, self.database = workspace, workspace.database
        self.marker = marker if marker is not None else ViewMarker()
        self.cam_run: Any = None
        self.sim: Any = None
        self.stored: list[Any] = []  # the run's simulations, newest first
        self.gcode_lines: list[str] = []
        self.resolution_mm = float(_sim_runs().DEFAULT_RESOLUTION_MM)  # the service's
        self.running = False
        self.progress = 0.0
        self.error = ""
        self.selected: int | None = None
        self.marked_point: tuple[float, float, float] | None = None
        self._started = 0.0

    # -- what is shown ----------------------------------------------------------------------

    def open_run(self, cam_run_id: int) -> None:
        """Show CAM run ``cam_run_id`` with its stored simulation (bound to its G-code), if
        any; nothing is simulated."""
        from projem_workbench.services import cam_run_files, cam_runs

        sim_runs = _sim_runs()
        self.cam_run = cam_runs.get_run(self.database, cam_run_id)
        self.gcode_lines = []
        if self.cam_run.gcode_sha256 is not None:
            self.gcode_lines = cam_run_files.gcode_text(self.workspace, cam_run_id).splitlines()
        self._load_stored()
        self._show_sim(sim_runs.latest_for_run(self.database, cam_run_id))

    def open_sim(self, sim_run_id: int) -> None:
        """Show stored simulation ``sim_run_id`` (and its CAM run, unless already shown)."""
        sim_runs = _sim_runs()
        sim = sim_runs.get_sim_run(self.database, sim_run_id)
        if self.cam_run is None or self.cam_run.id != sim.cam_run_id:
            self.open_run(sim.cam_run_id)
        self._show_sim(sim)

    def _load_stored(self) -> None:
        sim_runs = _sim_runs()
        self.stored = [
            s
            for s in sim_runs.list_sim_runs(
                self.database, cam_run_id=self.cam_run.id, limit=STORED_SHOWN
            )
            if s.gcode_sha256 == self.cam_run.gcode_sha256
        ]

    def stored_choices(self) -> list[tuple[int, str]]:
        """The run's stored simulations of its G-code, newest first: (id, what to show)."""
        return [
            (
                s.id,
                translate("Projem", "{id}: {resolution} mm, {when} — {verdict}").format(
                    id=s.id,
                    resolution=f"{float(s.resolution_mm):g}",
                    when=s.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                    verdict=short_verdict(s),
                ),
            )
            for s in self.stored
        ]

    def _show_sim(self, sim: Any) -> None:
        self.sim = sim
        self.error = ""
        self.selected = None
        self.marked_point = None
        self.marker.clear()
        if sim is not None:
            self.resolution_mm = float(sim.resolution_mm)

    @property
    def can_run(self) -> bool:
        return (
            not self.running
            and self.cam_run is not None
            and self.cam_run.status is RunStatus.SUCCEEDED
            and self.cam_run.gcode_sha256 is not None
        )

    def findings(self) -> list[FindingRow]:
        return [FindingRow.of(f) for f in self.sim.findings] if self.sim is not None else []

    def image(self, which: str) -> bytes | None:
        """The stored PNG, ``which`` "stock" (machined stock) or "left" (material left)."""
        if self.sim is None:
            return None
        stored = self.sim.image_artefact_id if which == "stock" else self.sim.left_image_artefact_id
        if stored is None:
            return None
        sim_runs = _sim_runs()
        return bytes(sim_runs.image_bytes(self.workspace, self.sim.id, which=which))

    # -- running ----------------------------------------------------------------------------

    def start(self, resolution_mm: float) -> Callable[[], Any]:
        """Begin a simulation at ``resolution_mm``: the job to run on a worker thread. The
        service's progress (0..1) lands in ``progress``, which the GUI thread reads."""
        if not self.can_run:
            raise ProjemError(translate("Projem", "This CAM run has no G-code to simulate."))
        sim_runs = _sim_runs()
        resolution_mm = sim_runs.check_resolution(resolution_mm)  # the service's range
        self.resolution_mm = resolution_mm
        self.running, self.progress, self.error = True, 0.0, ""
        self._started = time.monotonic()
        cam_run_id, workspace = self.cam_run.id, self.workspace

        def progress(value: float) -> None:
            # One float assignment, atomic under the GIL: the worker never touches Qt.
            self.progress = min(max(float(value), self.progress), 1.0)

        return lambda: sim_runs.simulate_run(
            workspace, cam_run_id=cam_run_id, resolution_mm=resolution_mm, progress=progress
        )

    def finished(self, sim: Any) -> None:
        self.running = False
        self.progress = 1.0
        self._load_stored()
        self._show_sim(sim)

    def failed(self, exc: BaseException) -> None:
        self.running = False
        if isinstance(exc, ProjemError):  # says what is wrong in the user's terms
            self.error = str(exc)
        else:  # a bug: the page logs the traceback to the report view
            self.error = translate(
                "Projem", "Unexpected error: {error}\nDetails are in the report view."
            ).format(error=f"{type(exc).__name__}: {exc}")

    # -- the chosen finding -----------------------------------------------------------------

    def select_finding(self, index: int | None) -> FindingRow | None:
        """Choose finding ``index`` (None: none): its line is the one to show, its point is
        marked in FreeCAD's 3D view (and kept in ``marked_point``)."""
        rows = self.findings()
        if index is None or not 0 <= index < len(rows):
            self.selected = None
            return None
        self.selected = index
        row = rows[index]
        if row.point is not None:
            self.marked_point = row.point
            self.marker.show(row.point)
        return row

    # -- texts ------------------------------------------------------------------------------

    def title_text(self) -> str:
        run = self.cam_run
        if run is None:
            return translate("Projem", "No CAM run chosen")
        return translate(
            "Projem", "CAM run {id}: {model} v{version}, {machine}, {material}"
        ).format(
            id=run.id,
            model=run.model_name,
            version=run.model_version,
            machine=run.machine,
            material=run.material,
        )

    def verdict(self) -> tuple[str, bool]:
        if self.cam_run is not None and self.cam_run.gcode_sha256 is None:
            return translate("Projem", "This CAM run has no G-code to simulate."), False
        return verdict(self.sim)

    def progress_text(self) -> str:
        elapsed = time.monotonic() - self._started if self.running else 0.0
        return translate("Projem", "Simulating at {resolution} mm… {elapsed} s").format(
            resolution=f"{self.resolution_mm:g}", elapsed=f"{elapsed:.0f}"
        )

    def volumes_text(self) -> str:
        sim = self.sim
        if sim is None or sim.status is not RunStatus.SUCCEEDED:
            return ""
        return translate(
            "Projem", "Removed {removed}, remaining {remaining}, left above the part {left}"
        ).format(
            removed=volume_text(sim.removed_volume_mm3),
            remaining=volume_text(sim.remaining_volume_mm3),
            left=volume_text(sim.left_volume_mm3),
        )

    def times_text(self) -> str:
        sim = self.sim
        if sim is None or sim.status is not RunStatus.SUCCEEDED:
            return ""
        return translate(
            "Projem",
            "Cycle time {cycle} with acceleration, {feed_only} from feeds alone; simulated at "
            "{resolution} mm in {elapsed} s",
        ).format(
            cycle=duration_text(sim.estimated_cycle_s) or "—",
            feed_only=duration_text(sim.feed_only_cycle_s) or "—",
            resolution=f"{float(sim.resolution_mm):g}",
            elapsed=seconds_text(sim.elapsed_s),
        )

    def counts_text(self) -> str:
        if self.sim is None:
            return ""
        return translate("Projem", "Findings: {errors} errors, {warnings} warnings").format(
            errors=self.sim.error_count, warnings=self.sim.warning_count
        )
