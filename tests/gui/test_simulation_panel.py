# SPDX-License-Identifier: LGPL-2.1-or-later
"""The Simulation panel, the Projem_Simulate command and the gate where a run's exports are,
driven as a user would on a real database: the sample plate machined by FreeCAD
(``freecadcmd``), its G-code simulated by the real service on a worker thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from projem_workbench.db.enums import RunStatus
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.gui import commands, docks, state
from projem_workbench.gui.panels.cam_runs import GATE_COLUMN, CamRunsPanel
from projem_workbench.gui.panels.simulation import (
    SimulationPresenter,
    verdict,
)
from projem_workbench.gui.panels.simulation_page import SimulationPanel
from projem_workbench.services import (
    audit_log,
    cam_plan,
    cam_run_files,
    cam_runs,
    reference,
    sim_runs,
)
from projem_workbench.services.tools import TOOLS
from projem_workbench.services.workspace import Workspace
from tests.gui.conftest import click, table_column
from tests.gui.test_cam_run_panel import (
    MACHINE,
    MATERIAL,
    answer_forced_export,
    make_plate_file,
    stock_shop,
)

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
RESOLUTION = 0.5  # coarse: the tests look at the panel, the engine's tests at the figures
SIM_SECONDS = 120_000


@pytest.fixture(scope="module")
def plate_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_plate_file(tmp_path_factory)


@pytest.fixture
def shop(database: Database, plate_file: Path) -> Workspace:
    return stock_shop(database, plate_file)


@pytest.fixture
def run(shop: Workspace):  # type: ignore[no-untyped-def]
    """The default plan's run (simulated as it was made)."""
    return cam_runs.run_cam(shop, model="plate", machine=MACHINE, material=MATERIAL)


@pytest.fixture
def held_run(shop: Workspace):  # type: ignore[no-untyped-def]
    """A run whose holder hits the part: the outline made with a 3 mm end mill whose 6 mm shank
    (and the collet holding it) goes down beside the wall, so its simulation finds collisions
    and the G-code is held. (Heights below the stock top would be refused before FreeCAD.)"""
    TOOLS.update(shop.database, "EM 3 mm 2F carbide", {"shank_diameter_mm": 6})
    spec = cam_plan.plan_run(shop, model="plate", machine=MACHINE, material=MATERIAL)
    operations = [
        op.model_copy(update={"tool": "EM 3 mm 2F carbide"}) if op.name == "Outline" else op
        for op in spec.operations
    ]
    low = spec.model_copy(update={"operations": operations})
    made = cam_runs.run_cam(shop, model="plate", machine=MACHINE, material=MATERIAL, spec=low)
    assert made.status is RunStatus.SUCCEEDED, made.error
    return made


def simulated_panel(qtbot, shop: Workspace, run) -> SimulationPanel:  # type: ignore[no-untyped-def]
    """A panel on ``run`` after Run at RESOLUTION, checking the GUI kept going meanwhile."""
    panel = SimulationPanel(shop)
    qtbot.addWidget(panel)
    panel.show()
    panel.open_run(run.id)
    panel.resolution.setValue(RESOLUTION)
    ticks: list[int] = []
    timer = QtCore.QTimer()
    timer.timeout.connect(lambda: ticks.append(panel.progress.value()))
    timer.start(10)
    click(qtbot, panel.run_button)
    assert panel.busy and panel.progress.isVisible() and not panel.run_button.isEnabled()
    panel.open_run(run.id + 1000)  # another run while this one simulates: refused, kept
    assert panel.status.text() == f"Wait for the simulation of run {run.id} to finish."
    assert panel.presenter.cam_run.id == run.id
    qtbot.waitUntil(lambda: not panel.busy, timeout=SIM_SECONDS)
    timer.stop()
    assert ticks, "the GUI thread was blocked while the simulation ran"
    assert panel.presenter.sim is not None and not panel.presenter.error, panel.status.text()
    return panel


def test_a_run_is_simulated_on_a_worker_thread_and_shown(qtbot, shop: Workspace, run) -> None:  # type: ignore[no-untyped-def]
    made_with_run = sim_runs.latest_for_run(shop.database, run.id)
    assert made_with_run is not None  # the CAM run simulated its G-code as it was made
    panel = SimulationPanel(shop)
    qtbot.addWidget(panel)
    panel.open_run(run.id)
    assert panel.presenter.sim.id == made_with_run.id  # shown, not run again
    assert panel.get_fields() == {"resolution_mm": float(made_with_run.resolution_mm)}
    assert f"CAM run {run.id}: plate v1" in panel.title.text()
    assert panel.verdict.text() == verdict(made_with_run)[0] and panel.run_button.isEnabled()
    gcode = cam_run_files.gcode_text(shop, run.id).splitlines()
    assert panel.gcode.document().blockCount() == len(gcode)

    panel = simulated_panel(qtbot, shop, run)
    sim = panel.presenter.sim
    assert [s.id for s in sim_runs.list_sim_runs(shop.database, cam_run_id=run.id)] == [
        sim.id,
        made_with_run.id,
    ]
    assert sim.status is RunStatus.SUCCEEDED, sim.error
    assert float(sim.resolution_mm) == RESOLUTION and panel.get_fields()["resolution_mm"] == 0.5
    assert panel.progress.value() == 1000 and not panel.progress.isVisible()
    assert panel.status.text() == f"Simulation {sim.id} stored."
    for label in (panel.stock_image, panel.left_image):
        assert not label.pixmap().isNull() and label.pixmap().width() > 100
    assert panel.volumes.text().startswith("Removed ") and "mm³" in panel.volumes.text()
    assert f"{float(sim.removed_volume_mm3):,.0f} mm³" in panel.volumes.text()
    assert "with acceleration" in panel.times.text() and "at 0.5 mm" in panel.times.text()
    text, released = verdict(sim)
    assert panel.verdict.text() == text and released == sim.released
    assert text.startswith("Released: simulation clean" if released else "Held: ")
    assert panel.counts.text() == (
        f"Findings: {sim.error_count} errors, {sim.warning_count} warnings"
    )
    kinds = [panel.findings.item(row, 1).text() for row in range(panel.findings.rowCount())]
    assert kinds == [f["kind"] for f in sim.findings]

    # Both stored simulations are offered; choosing the older one shows it.
    assert [panel.stored.itemData(i) for i in range(panel.stored.count())] == [
        sim.id,
        made_with_run.id,
    ]
    assert panel.stored.currentData() == sim.id and "0.5 mm" in panel.stored.currentText()
    panel.stored.setCurrentIndex(1)
    panel.stored.activated.emit(1)
    assert panel.presenter.sim.id == made_with_run.id
    assert panel.resolution.value() == float(made_with_run.resolution_mm)


def test_choosing_a_finding_shows_its_line_and_marks_its_place(  # type: ignore[no-untyped-def]
    qtbot, shop: Workspace, held_run
) -> None:
    panel = simulated_panel(qtbot, shop, held_run)
    sim = panel.presenter.sim
    assert not sim.released and sim.error_count > 0
    rows = panel.presenter.findings()
    assert [row.kind for row in rows] == [f["kind"] for f in sim.findings]
    index = next(i for i, row in enumerate(rows) if row.kind == "holder_collision")
    row = rows[index]
    assert row.line is not None and row.point is not None
    assert not row.message.startswith("line ")  # the line has its own column
    assert panel.findings.item(index, 0).text() == "error"
    assert panel.findings.item(index, 2).text() == str(row.line)
    panel.select_finding(index)
    assert panel.presenter.selected == index
    assert panel.highlighted_line() == row.line
    assert panel.gcode.textCursor().blockNumber() == row.line - 1
    assert panel.gcode.document().findBlockByNumber(row.line - 1).text().startswith("G")
    assert panel.presenter.marked_point == row.point  # outside FreeCAD: recorded, not drawn
    assert not panel.presenter.marker.shown


def test_a_stored_simulation_opens_without_running_again(qtbot, shop: Workspace, run) -> None:  # type: ignore[no-untyped-def]
    sim = sim_runs.simulate_run(shop, cam_run_id=run.id, resolution_mm=RESOLUTION)
    before = [s.id for s in sim_runs.list_sim_runs(shop.database)]
    panel = SimulationPanel(shop)
    qtbot.addWidget(panel)
    panel.open_run(run.id)
    assert panel.presenter.sim.id == sim.id and panel.resolution.value() == RESOLUTION
    assert panel.verdict.text() == verdict(sim)[0]
    assert not panel.stock_image.pixmap().isNull()
    other = SimulationPanel(shop)
    qtbot.addWidget(other)
    other.open_sim(before[-1])  # the oldest: the one the CAM run made
    assert other.presenter.cam_run.id == run.id and other.presenter.sim.id == before[-1]
    assert [s.id for s in sim_runs.list_sim_runs(shop.database)] == before  # nothing ran again


def test_a_failed_run_has_nothing_to_simulate(qtbot, shop: Workspace) -> None:  # type: ignore[no-untyped-def]
    spec = cam_plan.plan_run(shop, model="plate", machine=MACHINE, material=MATERIAL)
    broken = spec.model_copy(deep=True)
    broken.operations[1].faces = ["Face999"]
    with pytest.raises(cam_runs.CamRunFailedError) as failure:
        cam_runs.run_cam(shop, model="plate", machine=MACHINE, material=MATERIAL, spec=broken)
    panel = SimulationPanel(shop)
    qtbot.addWidget(panel)
    panel.open_run(failure.value.run_id)
    assert panel.verdict.text() == "This CAM run has no G-code to simulate."
    assert not panel.run_button.isEnabled() and panel.gcode.toPlainText() == ""
    assert panel.stored.currentText() == "none yet" and not panel.stored.isEnabled()
    assert panel.stock_image.text() == "no picture yet"
    dock = CamRunsPanel(shop)
    qtbot.addWidget(dock)
    assert dock.select_run(failure.value.run_id)
    assert dock.result.verdict.isHidden() and dock.result.simulate_button.isHidden()
    assert table_column(dock.table, GATE_COLUMN) == [""]


def test_the_presenter_refuses_what_cannot_be_simulated(shop: Workspace, run) -> None:  # type: ignore[no-untyped-def]
    presenter = SimulationPresenter(shop)
    assert presenter.title_text() == "No CAM run chosen" and not presenter.can_run
    assert presenter.resolution_mm == 0.1  # the service's default
    assert presenter.verdict()[0].startswith("Not simulated")
    presenter.open_run(run.id)
    before = sim_runs.list_sim_runs(shop.database)
    with pytest.raises(ValidationError, match="resolution 5 mm is outside"):
        presenter.start(5.0)
    assert not presenter.running and sim_runs.list_sim_runs(shop.database) == before


def test_the_gate_holds_the_export_until_the_simulation_is_clean(  # type: ignore[no-untyped-def]
    qtbot, shop: Workspace, held_run, run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dock = CamRunsPanel(shop)
    qtbot.addWidget(dock)
    gates = dict(zip(table_column(dock.table), table_column(dock.table, GATE_COLUMN), strict=True))
    assert gates[str(held_run.id)] == "held"
    assert gates[str(run.id)] == (
        "released" if cam_runs.get_run(shop.database, run.id).held is None else "held"
    )
    assert dock.select_run(held_run.id)
    result = dock.result
    held = sim_runs.latest_for_run(shop.database, held_run.id)
    assert result.verdict.text() == verdict(held)[0] and not result.released
    assert result.verdict.text().startswith(f"Held: {held.error_count} errors — first: line "), (
        result.verdict.text()
    )
    assert "holder_collision" in result.verdict.text()
    target = tmp_path / "plate.ngc"
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    entries = len(audit_log.list_entries(shop.database))

    asked = answer_forced_export(qtbot, accept=False)  # Enter: the default button, Cancel
    click(qtbot, result.export_gcode_button)
    assert asked and asked[0].startswith(result.verdict.text())
    assert not target.exists() and result.status.text() == "Nothing exported."
    assert len(audit_log.list_entries(shop.database)) == entries

    answer_forced_export(qtbot, accept=True)
    click(qtbot, result.export_gcode_button)
    assert target.read_text() == cam_run_files.gcode_text(shop, held_run.id)
    assert "forced export is audited" in result.status.text()
    after = audit_log.list_entries(shop.database)
    [forced] = after[: len(after) - entries]
    assert forced.entity_type == "cam_runs" and forced.entity_id == str(held_run.id)

    # The button beside the verdict opens the Simulation panel on the run.
    try:
        click(qtbot, result.simulate_button)
        panel = docks.panel("simulation")
        assert isinstance(panel, SimulationPanel)
        assert panel.presenter.cam_run.id == held_run.id and panel.presenter.sim.id == held.id
    finally:
        docks.close_all()

    # The default plan's run: released by a clean simulation, exported without a question.
    assert dock.select_run(run.id)
    clean = sim_runs.latest_for_run(shop.database, run.id)
    assert result.verdict.text() == verdict(clean)[0] and result.released == clean.released
    if clean.released:
        target.unlink()
        click(qtbot, result.export_gcode_button)
        assert target.is_file() and result.status.text().startswith("G-code written to")
        assert result.verdict.text().startswith("Released: simulation clean")


def test_the_simulate_command_opens_the_chosen_or_newest_run(  # type: ignore[no-untyped-def]
    qtbot, db_url: str, plate_file: Path
) -> None:
    command = commands.SimulateCommand()
    assert "Projem_Simulate" in commands.TOOLBAR and "Projem_Simulate" in commands.MENU
    holder = state.workbench_database()
    holder.close()
    assert not command.IsActive()  # greyed out until the database is open
    holder.open(db_url)
    try:
        qtbot.waitUntil(lambda: holder.status is not state.Status.OPENING, timeout=30_000)
        assert holder.ready, holder.error
        assert command.IsActive()
        from projem_workbench.services import model_library

        workspace = holder.workspace
        reference.load_reference_data(workspace.database, reference.starter_catalog())
        model_library.save_model_version(workspace, path=plate_file, name="plate")
        first = cam_runs.run_cam(workspace, model="plate", machine=MACHINE, material=MATERIAL)
        newest = cam_runs.run_cam(workspace, model="plate", machine=MACHINE, material=MATERIAL)

        command.Activated()  # no CAM runs dock: the newest run
        panel = docks.panel("simulation")
        assert isinstance(panel, SimulationPanel)
        assert panel.presenter.cam_run.id == newest.id
        runs = commands.show_cam_runs()
        assert runs.select_run(first.id)
        command.Activated()  # the run chosen in the CAM runs dock
        assert docks.panel("simulation") is panel and panel.presenter.cam_run.id == first.id

        runs.result.simulate_button.click()  # the dock's button opens the same panel
        assert panel.presenter.cam_run.id == first.id
        panel.resolution.setValue(RESOLUTION)
        click(qtbot, panel.run_button)
        qtbot.waitUntil(lambda: not panel.busy, timeout=SIM_SECONDS)
        # The dock's exports show the new verdict as soon as the simulation is stored.
        assert runs.result.verdict.text() == panel.verdict.text() != ""
        assert not runs.result.verdict.text().startswith("Not simulated")
    finally:
        docks.close_all()
        holder.close()
