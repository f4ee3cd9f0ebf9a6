# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem in FreeCAD's real GUI, in every FreeCAD lane: a fresh user config and HOME, the
workbench installed from a copy of the repository in the user Mod folder (as the Addon
Manager places it), activated, a document saved to the library, a CAM run made from the New
CAM run panel (its job document left open) and simulated from the Simulation panel, every
panel opened and photographed, the audit trail verified; and, with SQLAlchemy hidden, the
explanation of what to install. Screenshots go to build/screenshots/<lane>/.

The lane provides the X display (scripts/test-lanes.sh runs it under xvfb-run); without one
the test skips, and fails in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from projem_workbench.db.session import Database
from projem_workbench.services import audit_log, cam_runs, model_library, sim_runs
from tests.freecad.conftest import IN_CI
from tests.freecad.test_workbench_install import CHECKOUT, IGNORED, dependency_dir, user_mod_dir

MACRO = Path(__file__).parent / "gui" / "session.FCMacro"
PANELS = [
    "01-workbench",
    "02-save-to-library",
    "03-model-library",
    "04-tool-library",
    "05-machines",
    "06-materials",
    "07-new-cam-run",
    "08-cam-runs",
    "simulation",
    "09-audit-log",
    "10-preferences",
]


def screenshot_dir(name: str) -> Path:
    lane = os.environ.get("PROJEM_LANE") or "ad-hoc"
    folder = CHECKOUT / "build" / "screenshots" / lane / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture(scope="module")
def freecad_gui_binary() -> str:
    path = shutil.which("freecad") or shutil.which("FreeCAD")
    reason = None
    if path is None:
        reason = "FreeCAD's GUI (freecad) is not on PATH"
    elif not os.environ.get("DISPLAY"):
        reason = "no X display: run the lane under xvfb-run (scripts/test-lanes.sh does)"
    if reason is not None:
        if IN_CI:
            pytest.fail(f"real-GUI test cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    return str(path)


def run_gui(binary: str, freecadcmd: str, tmp_path: Path, out: Path, scenario: str) -> dict:  # type: ignore[type-arg]
    home = tmp_path / "home"
    home.mkdir()
    env = dict(
        os.environ,
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        PROJEM_DATABASE_URL=str(tmp_path / "db" / "projem.sqlite3"),
        PROJEM_GUI_OUT=str(out),
        PROJEM_GUI_SCENARIO=scenario,
        QTWEBENGINE_DISABLE_SANDBOX="1",  # FreeCAD 0.20's start page, run as root
    )
    env.pop("PROJEM_NO_FREECAD", None)
    env.pop("PROJEM_ARTEFACT_STORE", None)
    mod = user_mod_dir(freecadcmd, home)
    mod.mkdir(parents=True, exist_ok=True)
    shutil.copytree(CHECKOUT, mod / "Projem", ignore=IGNORED)
    # Projem's Python packages where the Addon Manager puts them and FreeCAD's start adds them
    # to sys.path (the GUI ignores PYTHONPATH): here, this lane's own copies.
    (mod.parent / "AdditionalPythonPackages").symlink_to(dependency_dir())
    macro = tmp_path / "session.FCMacro"
    shutil.copyfile(MACRO, macro)
    result = subprocess.run(
        [binary, str(macro)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    (out / "freecad.log").write_text(f"{result.stdout}\n--- stderr ---\n{result.stderr}")
    results_file = out / "results.json"
    assert results_file.is_file(), f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    results = json.loads(results_file.read_text())
    assert results["errors"] == [], "\n".join(results["errors"]) + result.stderr[-3000:]
    assert result.returncode == 0, result.stderr[-2000:]
    assert Path(results["steps"]["package"]).resolve().is_relative_to((mod / "Projem").resolve())
    for name, picture in results["pictures"].items():
        assert (out / f"{name}.png").stat().st_size > 10_000, name
        assert picture["colours"] >= 8, f"{name} looks blank: {picture}"
    return results


def test_session_in_the_real_gui(
    freecad: ModuleType, freecad_gui_binary: str, freecadcmd: str, tmp_path: Path
) -> None:
    out = screenshot_dir("session")
    results = run_gui(freecad_gui_binary, freecadcmd, tmp_path, out, "session")
    steps = results["steps"]
    assert steps["heavy_modules_at_start"] == []  # FreeCAD's start does not load the database
    assert steps["database"] == "ready"
    assert steps["activation_seconds"] < 5, steps["activation_seconds"]  # opened on a thread
    assert set(results["screenshots"]) == set(PANELS)
    assert steps["save_dialog"] == "ProjemSaveModelDialog"
    assert steps["document_saved_first"] and steps["document_still_open"]
    [saved] = steps["saved_versions"]
    assert saved["version"] == 1 and saved["description"] == "made by the GUI test"
    expected_volume = 80 * 40 * 10 - 3.141592653589793 * 5**2 * 10 + 3.141592653589793 * 6**2 * 8
    assert saved["geometry"]["volume_mm3"] == pytest.approx(expected_volume, rel=1e-6)
    assert "Bracket version 1" in steps["status_bar"]
    assert steps["opened_from_library"] == [["Block", "Boss"]]
    assert steps["tool_rows"] == 1
    # New CAM run: the active document by default, stored first, planned, run in FreeCAD.
    assert steps.get("cam_command_active", True)
    assert steps["cam_in_task_view"]
    assert steps["cam_default_model"].startswith("Active document: Plate")
    assert steps["cam_planned"]["model"] == "Plate"
    assert steps["cam_planned"]["operations"][0] == "Facing"
    assert steps["cam_planned"]["operations"][-1] == "Outline"
    cam = steps["cam_run"]
    assert cam["status"] == "succeeded", steps["cam_status"] + steps["cam_errors"]
    assert cam["document"] and cam["job_in_document"]  # the CAM job stays open in FreeCAD
    assert cam["gcode_lines"] > 50 and cam["shown_gcode_start"].startswith("(Projem CAM run)")
    assert "moves" in cam["stats"] and steps["cam_errors"] == ""
    assert steps["cam_runs_listed"] == [str(cam["id"])]
    assert steps["cam_runs_details"].startswith(f"run {cam['id']}: succeeded — Plate v1")
    # The workbench's workspace: no store configured, so the one beside the SQLite file.
    store = steps["artefact_store"]
    assert Path(store["root"]).resolve() == (tmp_path / "db" / "projem.sqlite3.artefacts").resolve()
    assert store["gcode_kept"], store
    # Simulation: the CAM run simulated its G-code as it was made, and the CAM runs dock shows
    # the verdict; Projem_Simulate opens the run chosen there with that simulation, and runs.
    assert steps.get("simulate_command_active", True)
    opened = steps["simulation_opened"]
    assert opened["run"] == cam["id"] and opened["run_enabled"], opened
    assert steps["cam_runs_verdict_before"].startswith(("Released: ", "Held: "))
    assert opened["verdict"] == steps["cam_runs_verdict_before"] and opened["gcode_lines"] > 50
    sim = steps["simulation"]
    assert sim["status"] == "succeeded", sim
    assert sim["ticks_while_running"] > 0  # the GUI thread kept going while it ran
    assert sim["stock_image"] and sim["left_image"], sim
    assert "mm³" in sim["volumes"] and "with acceleration" in sim["times"], sim
    if sim["released"]:
        assert sim["verdict"].startswith("Released: simulation clean"), sim
    else:
        assert sim["verdict"].startswith(f"Held: {sim['error_count']} errors"), sim
    assert sim["cam_runs_verdict"] == sim["verdict"]  # the dock's exports show the new verdict
    if sim["findings"]:
        assert sim["selected"] is not None
        if sim["marked_point"] is not None:
            assert sim["marker_in_view"], sim
    assert steps["verify"]["ok"] and "intact" in steps["verify"]["text"]
    assert steps["preferences_store_shown"]

    # What the GUI wrote, read back by this process from the same database file.
    database = Database(str(tmp_path / "db" / "projem.sqlite3"))
    try:
        assert [v.version for v in model_library.versions(database, "Bracket")] == [1]
        assert [v.version for v in model_library.versions(database, "Plate")] == [1]
        [run] = cam_runs.list_runs(database)
        assert (run.id, run.status.value, run.model_name) == (cam["id"], "succeeded", "Plate")
        resolved = {op["name"]: op for op in run.operations["spec"]["operations"]}
        assert resolved["Outline"]["feed_mm_min"] == 1000
        assert resolved["Outline"]["source"]["feed_mm_min"] == "spec"
        assert resolved["Facing"]["source"]["feed_mm_min"] == "calculator"
        assert run.gcode_sha256 and run.operations["job_document"]
        assert audit_log.verify_trail(database).ok
        kinds = {(e.entity_type, e.action.value) for e in audit_log.list_entries(database)}
        assert {("models", "create"), ("tools", "create"), ("cam_runs", "create")} <= kinds
        assert ("sim_runs", "create") in kinds
        newest, made_with_run = sim_runs.list_sim_runs(database, cam_run_id=run.id)
        assert (newest.id, newest.status.value) == (sim["id"], "succeeded")
        assert made_with_run.gcode_sha256 == newest.gcode_sha256 == run.gcode_sha256
    finally:
        database.dispose()


def test_missing_packages_are_explained_in_the_real_gui(
    freecad: ModuleType, freecad_gui_binary: str, freecadcmd: str, tmp_path: Path
) -> None:
    out = screenshot_dir("missing-packages")
    results = run_gui(freecad_gui_binary, freecadcmd, tmp_path, out, "missing-packages")
    message = results["steps"]["message"]
    assert "SQLAlchemy" in message and "python3 -m projem_workbench deps install" in message
    assert results["steps"]["buttons"] == ["Kur", "Klasörden kur…"]
    # FreeCAD was switched to Turkish first: Projem speaks Turkish with no setting of its own.
    assert results["steps"]["freecad_locale"] == "Turkish"
    assert message.startswith("Projem şu Python paketlerine ihtiyaç duyuyor"), message
    assert "Traceback" not in message
    assert results["screenshots"] == ["missing-packages"]
