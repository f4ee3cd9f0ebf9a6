# SPDX-License-Identifier: LGPL-2.1-or-later
"""CAM runs and the processes that run them, on both backends, without FreeCAD: a spec that
would crash on its stock is refused before FreeCAD is even looked for (nothing recorded); a
run records the host and process running it, and a run whose process was killed (``kill -9``
of a real process) is marked failed, audited, by the next listing, look-up or run — but not
while its process lives, and a process id given again to a later process counts as gone."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from projem_workbench.db.base import utcnow
from projem_workbench.db.enums import AuditAction, RunStatus
from projem_workbench.db.models import AuditLog, CadModel, CamRun, Machine, Material
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.services import audited, cam_runs, model_library, reference
from projem_workbench.services.cam_spec import parse_spec
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import BlobStore
from tests.support.cli import run_projem
from tests.support.documents import synthetic_fcstd

VMC, ALU, EM6 = "VMC 850 (LinuxCNC)", "Aluminium 6061-T6", "EM 6 mm 3F carbide"
# Measured as FreeCAD measures a model at import: a 100 x 60 x 15 mm plate.
GEOMETRY = {"solids": 1, "bounding_box_mm": [0, 0, 0, 100, 60, 15]}


@pytest.fixture
def shop(database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    """The catalogue and model ``plate`` v1, its box as FreeCAD would have measured it."""
    monkeypatch.setenv("PROJEM_NO_FREECAD", "1")
    reference.load_reference_data(database, reference.starter_catalog())
    document = synthetic_fcstd(tmp_path / "plate.FCStd", {"Body": "PartDesign::Body"})
    model_library.save_model_version(
        Workspace(database, BlobStore(tmp_path / "store")), path=document, name="plate"
    )
    with database.unit_of_work() as session:
        model = session.scalars(select(CadModel)).one()
        session.execute(
            update(CadModel)
            .where(CadModel.id == model.id)
            .values(doc_metadata={**model.doc_metadata, "geometry": GEOMETRY})
        )
    return database


def count(database: Database, table: type) -> int:
    with database.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(table)))


POCKET = {"name": "Pocket", "type": "pocket", "tool": EM6, "faces": ["Face3"]}


@pytest.mark.parametrize(
    ("top", "place", "words"),
    [
        ({"operations": [{**POCKET, "final_depth_mm": -50}]}, "operations.0.final_depth_mm",
         "final_depth_mm Z-50 is 50 mm below the stock's bottom (Z0)"),
        ({"operations": [POCKET], "safe_height_mm": -10}, "safe_height_mm",
         "safe_height_mm Z-10 is not above the stock's top (Z16)"),
        ({"operations": [POCKET], "clearance_height_mm": -5}, "clearance_height_mm",
         "clearance_height_mm Z-5 is not above the stock's top (Z16)"),
        ({"operations": [{**POCKET, "final_depth_mm": -3}],
          "stock": {"extents_mm": {"x_min": -5, "x_max": 105, "y_min": -5, "y_max": 65,
                                   "z_min": -1, "z_max": 15}}},
         "operations.0.final_depth_mm", "2 mm below the stock's bottom (Z-1)"),
    ],
)  # fmt: skip
def test_a_spec_that_would_crash_is_refused_before_freecad(
    db_url: str,
    shop: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    top: dict,
    place: str,
    words: str,
) -> None:
    monkeypatch.setenv("PROJEM_FREECADCMD", str(tmp_path / "nowhere" / "freecadcmd"))
    monkeypatch.delitem(sys.modules, "FreeCAD", raising=False)
    before = count(shop, AuditLog)
    spec = parse_spec(top)
    with pytest.raises(ValidationError) as caught:
        cam_runs.run_cam(
            Workspace.open(shop, tmp_path / "store"),
            model="plate",
            machine=VMC,
            material=ALU,
            spec=spec,
        )
    assert words in caught.value.problems[place]
    with pytest.raises(ValidationError, match=words.replace("(", r"\(").replace(")", r"\)")):
        cam_runs.check_spec(shop, spec=spec, machine=VMC, material=ALU, model="plate")
    path = tmp_path / "spec.json"
    path.write_text(spec.model_dump_json())
    typed = run_projem(
        "--db", db_url, "cam", "--store", str(tmp_path / "store"), "run", "--model", "plate",
        "--machine", VMC, "--material", ALU, "--spec", str(path),
        env={"PROJEM_FREECADCMD": str(tmp_path / "nowhere" / "freecadcmd")},
    )  # fmt: skip
    assert typed.returncode == 1 and words in typed.stderr, typed.stderr
    assert count(shop, CamRun) == 0
    assert count(shop, AuditLog) == before


# A process that starts a run as run_cam does (running, with its host and pid),
# says so, and then works on it until it is killed.
WORKER = textwrap.dedent(
    """
    import sys, time
    from projem_workbench.db.session import Database
    from projem_workbench.services import cam_runs, model_library
    from projem_workbench.services.machines import MACHINES
    from projem_workbench.services.materials import MATERIALS

    database = Database(sys.argv[1])
    found = model_library.get_version(database, "plate")
    with database.read_session() as session:
        machine = MACHINES.get_in(session, MACHINES.list(database)[0].id)
        material = MATERIALS.get_in(session, MATERIALS.list(database)[0].id)
    run_id = cam_runs._start(
        database, found.id, machine, material, {"spec": {"operations": []}, "tools": []}, None,
    )
    print(run_id, flush=True)
    time.sleep(600)
    """
)


def start_worker(db_url: str) -> tuple[subprocess.Popen[str], int]:
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, db_url], stdout=subprocess.PIPE, text=True,
        env={k: v for k, v in os.environ.items() if k != "PROJEM_DATABASE_URL"},
    )  # fmt: skip
    assert worker.stdout is not None
    line = worker.stdout.readline()
    assert line.strip().isdigit(), f"the worker did not start a run ({worker.poll()})"
    return worker, int(line)


def test_a_killed_run_is_failed_by_the_next_listing(db_url: str, shop: Database) -> None:
    worker, run_id = start_worker(db_url)
    try:
        with shop.read_session() as session:
            run = session.get(CamRun, run_id)
            assert (run.status, run.worker_host, run.worker_pid) == (
                RunStatus.RUNNING, socket.gethostname(), worker.pid,
            )  # fmt: skip
        # Alive: left alone by a listing and a look-up.
        assert cam_runs.get_run(shop, run_id).status is RunStatus.RUNNING
        listed = run_projem("--db", db_url, "cam", "list")
        assert "running" in listed.stdout, listed.stdout
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    listed = run_projem("--db", db_url, "cam", "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split()[:2] == [str(run_id), "failed"], listed.stdout
    run = cam_runs.get_run(shop, run_id)
    message = f"process {worker.pid} on host {socket.gethostname()} ended without finishing the run"
    assert run.error == message and run.finished_at is not None
    shown = run_projem("--db", db_url, "cam", "show", str(run_id))
    assert f"error: {message}" in shown.stdout
    with shop.read_session() as session:
        entry = session.scalars(
            select(AuditLog)
            .where(AuditLog.entity_type == "cam_runs", AuditLog.entity_id == str(run_id))
            .order_by(AuditLog.id.desc())
        ).first()
        assert entry.action == AuditAction.UPDATE
        assert entry.after["status"] == "failed" and entry.before["status"] == "running"


def record_running(database: Database, **values: object) -> int:
    """A run recorded running (through the audited helpers) with the given columns."""
    found = model_library.get_version(database, "plate")
    with database.unit_of_work() as session:
        run = audited.create(
            session,
            CamRun(
                model_id=found.id, machine_id=session.scalars(select(Machine)).first().id,
                material_id=session.scalars(select(Material)).first().id,
                status=RunStatus.RUNNING, operations={}, tool_ids=[], **values,
            ),
        )  # fmt: skip
        return int(run.id)


def test_a_pid_given_again_to_a_later_process_counts_as_gone(shop: Database) -> None:
    """A run started an hour ago by a process whose pid now names a process started now."""
    later = subprocess.Popen(["sleep", "60"])
    try:
        run_id = record_running(
            shop, started_at=utcnow() - dt.timedelta(hours=1),
            worker_host=socket.gethostname(), worker_pid=later.pid,
        )  # fmt: skip
        assert [r.status for r in cam_runs.list_runs(shop)] == [RunStatus.FAILED]
        assert f"process {later.pid} on host" in cam_runs.get_run(shop, run_id).error
    finally:
        later.kill()
        later.wait()


def test_runs_of_another_host_are_left_alone(shop: Database) -> None:
    record_running(shop, started_at=utcnow(), worker_host="another-host", worker_pid=1 << 22)
    assert [r.status for r in cam_runs.list_runs(shop)] == [RunStatus.RUNNING]
