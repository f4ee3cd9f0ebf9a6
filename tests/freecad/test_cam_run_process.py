# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem cam run`` as a real process with this lane's FreeCAD: killed (``kill -9``) while it
runs, its run is marked failed by the next ``projem cam list``; run to the end on the
bracket (30 mm tall), whose default plan profiles it with a 26 mm-flute end mill, the run
prints the reach warning and its simulation finds the shank rubbing the wall."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from projem_workbench.db.enums import RunStatus
from projem_workbench.db.models import CamRun
from projem_workbench.errors import ValidationError
from projem_workbench.freecad.runner import run_in_freecad
from projem_workbench.services import cam_runs, model_library, sim_runs
from projem_workbench.services.cam_spec import parse_spec
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import BlobStore
from tests.support.cli import run_projem
from tests.support.shop import shop_database

MACHINE, MATERIAL = "VMC 850 (LinuxCNC)", "Aluminium 6061-T6"


@pytest.fixture(scope="module")
def shop(freecadcmd: str, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("cam-process")
    database = shop_database(sqlite_template, folder)
    workspace = Workspace(database, BlobStore(folder / "store"))
    document = folder / "bracket.FCStd"
    run_in_freecad("sample_part", {"name": "bracket", "path": str(document)})
    model_library.save_model_version(workspace, path=document, name="bracket")
    yield workspace, f"sqlite:///{folder / 'projem.sqlite3'}"
    database.dispose()


def cam_run_command(url: str, store: BlobStore) -> list[str]:
    return [
        sys.executable, "-m", "projem_workbench", "--db", url, "cam", "--store",
        str(store.root), "run", "--model", "bracket", "--machine", MACHINE, "--material",
        MATERIAL,
    ]  # fmt: skip


def test_a_killed_cam_run_is_failed_by_the_next_listing(shop: Any) -> None:
    workspace, url = shop
    database = workspace.database
    environment = {k: v for k, v in os.environ.items() if k != "PROJEM_DATABASE_URL"}
    # Its own process group, so that the FreeCAD it starts can be ended after it is killed.
    worker = subprocess.Popen(
        cam_run_command(url, workspace.store), env=environment, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        seen = None  # (id, status, host) of the run it records
        while time.monotonic() < deadline and worker.poll() is None:
            with database.read_session() as session:
                run = session.scalars(select(CamRun).where(CamRun.worker_pid == worker.pid)).first()
                seen = None if run is None else (run.id, run.status, run.worker_host)
            if seen is not None and seen[1] is RunStatus.RUNNING:
                break
            time.sleep(0.05)
        assert seen is not None and seen[1:] == (RunStatus.RUNNING, socket.gethostname()), (
            worker.poll()
        )
        run_id = seen[0]
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    finally:
        with contextlib.suppress(ProcessLookupError):  # the FreeCAD it started, if running
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    listed = run_projem("--db", url, "cam", "list")
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.split()[0] == str(run_id))
    assert row.split()[1] == "failed", listed.stdout
    shown = run_projem("--db", url, "cam", "show", str(run_id), "--json")
    error = json.loads(shown.stdout)["error"]
    assert error == (
        f"process {worker.pid} on host {socket.gethostname()} ended without finishing the run"
    )


def test_a_profile_deeper_than_the_flutes_is_a_warning_of_the_run(
    shop: Any, tmp_path: Path
) -> None:
    """The bracket's outline (31 mm deep) with a stub end mill of 26 mm flutes: the default
    plan takes a long-series one, a spec that asks for the stub gets a warning."""
    workspace, url = shop
    spec = tmp_path / "stub.json"
    spec.write_text(
        '{"operations": [{"name": "Outline", "type": "profile", "side": "outside", '
        '"tool": "EM 12 mm 3F carbide (aluminium)", "final_depth_mm": 0}]}'
    )
    done = run_projem(*cam_run_command(url, workspace.store)[3:], "--spec", str(spec))
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stdout.splitlines() if line.startswith("  warning: ")]
    reach = [w for w in warnings if "Outline: cuts" in w]
    assert reach, done.stdout
    assert "EM 12 mm 3F carbide (aluminium), which has flutes 26 mm long" in reach[0]
    run_id = int(done.stdout.split()[1].rstrip(":"))
    simulation = sim_runs.latest_for_run(workspace.database, run_id)
    assert simulation is not None
    rubs = [f for f in simulation.findings if f["kind"] == "shank_rub"]
    assert rubs and "26 mm flutes" in rubs[0]["message"], simulation.findings


def test_a_crashing_spec_on_an_unmeasured_model_is_refused_before_recording(
    shop: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model stored where FreeCAD was not available has no measured box: the run measures
    it with FreeCAD and refuses a pocket 50 mm into the table before it records anything."""
    workspace, _ = shop
    database = workspace.database
    document = tmp_path / "bracket.FCStd"
    run_in_freecad("sample_part", {"name": "bracket", "path": str(document)})
    monkeypatch.setenv("PROJEM_NO_FREECAD", "1")
    model_library.save_model_version(workspace, path=document, name="unmeasured")
    monkeypatch.delenv("PROJEM_NO_FREECAD")
    assert not model_library.get_version(database, "unmeasured").doc_metadata.get("geometry")
    spec = parse_spec(
        {"operations": [{"name": "Deep", "type": "pocket", "tool": "EM 6 mm 3F carbide",
                         "faces": ["Face3"], "final_depth_mm": -50}]}
    )  # fmt: skip
    with database.read_session() as session:
        before = session.scalar(select(func.count()).select_from(CamRun))
    with pytest.raises(ValidationError) as refused:
        cam_runs.run_cam(
            workspace, model="unmeasured", machine=MACHINE, material=MATERIAL, spec=spec
        )
    assert (
        "50 mm below the stock's bottom (Z0)"
        in refused.value.problems["operations.0.final_depth_mm"]
    )
    with database.read_session() as session:
        assert session.scalar(select(func.count()).select_from(CamRun)) == before
