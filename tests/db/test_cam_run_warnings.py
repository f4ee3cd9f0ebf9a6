# SPDX-License-Identifier: LGPL-2.1-or-later
"""Warnings of a CAM run, on both backends, without FreeCAD: a spindle speed the router's
minimum raises (titanium) is resolved into a warning of the run; the warnings a run records
are shown by its view (the GUI's), ``projem cam show`` and ``projem cam show --json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from projem_workbench.db.base import utcnow
from projem_workbench.db.enums import RunStatus
from projem_workbench.db.models import CamRun, Machine, Material
from projem_workbench.db.session import Database
from projem_workbench.services import audited, cam_runs, cam_warnings, model_library, reference
from projem_workbench.services.cam_resolve import resolve
from projem_workbench.services.cam_spec import parse_spec
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import BlobStore
from tests.support.cli import run_projem
from tests.support.documents import synthetic_fcstd

ROUTER, TITANIUM, EM3 = "Router 1212 (GRBL)", "Titanium Ti-6Al-4V (grade 5)", "EM 3 mm 2F carbide"


@pytest.fixture
def shop(database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("PROJEM_NO_FREECAD", "1")
    reference.load_reference_data(database, reference.starter_catalog())
    document = synthetic_fcstd(tmp_path / "plate.FCStd", {"Body": "PartDesign::Body"})
    model_library.save_model_version(
        Workspace(database, BlobStore(tmp_path / "store")), path=document, name="plate"
    )
    return database


def test_a_spindle_speed_raised_by_the_router_is_a_warning_of_the_run(shop: Database) -> None:
    spec = parse_spec(
        {"operations": [{"name": "Outline", "type": "profile", "tool": EM3, "side": "outside"}]}
    )
    with shop.read_session() as session:
        resolved = resolve(
            session, spec, machine=MACHINES.find(session, ROUTER),
            material=MATERIALS.find(session, TITANIUM),
        )  # fmt: skip
    (warning,) = cam_warnings.spindle_warnings(resolved["operations"])
    assert warning["kind"] == "spindle_raised" and warning["operation"] == "Outline"
    assert "raised from 5305 to 8000 rpm" in warning["message"]
    assert "51 % above" in warning["message"]


def test_a_runs_warnings_are_shown(db_url: str, shop: Database) -> None:
    reach = {
        "kind": "tool_reach",
        "operation": "Outline",
        "message": "Outline: cuts 48 mm deep (Z48 to Z0) with T3 EM 10 mm 4F carbide, which has "
        "flutes 26 mm long: the shank rubs the wall for the last 22 mm (below Z22)",
    }
    found = model_library.get_version(shop, "plate")
    with shop.unit_of_work() as session:
        run = audited.create(
            session,
            CamRun(
                model_id=found.id, machine_id=session.scalars(select(Machine)).first().id,
                material_id=session.scalars(select(Material)).first().id,
                status=RunStatus.FAILED, error="FreeCAD said no", tool_ids=[],
                operations={"spec": {"operations": []}, "warnings": [reach]},
                started_at=utcnow(), finished_at=utcnow(),
            ),
        )  # fmt: skip
        run_id = run.id
    view = cam_runs.get_run(shop, run_id)
    assert view.warnings == [reach]
    assert f"  warning: {reach['message']}" in view.summary_lines()
    shown = run_projem("--db", db_url, "cam", "show", str(run_id))
    assert f"warning: {reach['message']}" in shown.stdout, shown.stderr
    as_json = run_projem("--db", db_url, "cam", "show", str(run_id), "--json")
    assert json.loads(as_json.stdout)["warnings"] == [reach]
