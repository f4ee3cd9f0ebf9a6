# SPDX-License-Identifier: LGPL-2.1-or-later
"""Simulation runs on both backends, without FreeCAD: a stored CAM run simulated against a part
mesh made here, stored and audited with its report and images; the gate that holds G-code with
an error finding (``cam gcode`` exits 4 naming the finding, ``--force`` writes it and is
audited); ``projem sim run|list|show|check`` as a user types them."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select

from projem_workbench.audit.verify import verify_chain
from projem_workbench.db.base import utcnow
from projem_workbench.db.enums import ArtefactKind, AuditAction, RunStatus
from projem_workbench.db.models import Artefact, AuditLog, CamRun, SimRun
from projem_workbench.db.session import Database
from projem_workbench.services import (
    artefacts,
    audited,
    cam_run_files,
    cam_runs,
    model_library,
    reference,
)
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from projem_workbench.services.sim_runs import (
    GcodeHeldError,
    get_sim_run,
    image_bytes,
    latest_for_run,
    list_sim_runs,
    simulate_run,
)
from projem_workbench.services.tools import TOOLS
from projem_workbench.services.workspace import Workspace
from projem_workbench.sim.surface import write_stl
from projem_workbench.store.blobs import BlobStore
from tests.support.cli import run_projem
from tests.support.documents import synthetic_fcstd

VMC, ALU, EM6 = "VMC 850 (LinuxCNC)", "Aluminium 6061-T6", "EM 6 mm 3F carbide"
# The part: a 40 × 30 × 10 block; the stock: the block with 1 mm more on top. Facing at Z10
# with a 6 mm end mill in 5 mm steps is clean.
STOCK = [0.0, 0.0, 0.0, 40.0, 30.0, 11.0]
CLEAN = """(begin operation: Facing)
T1 M6
G43 H1
S8000 M3
G0 Z15
G0 X-4 Y2
G0 Z10
G1 X44 F1200
G1 Y7
G1 X-4
G1 Y12
G1 X44
G1 Y17
G1 X-4
G1 Y22
G1 X44
G1 Y27
G1 X-4
G1 Y32
G1 X44
G0 Z15
M5
M2
"""
# Line 6 rapids the tool straight down through the 1 mm of stock above the part.
RAPID_IN = CLEAN.replace("G0 X-4 Y2\nG0 Z10\n", "G0 X20 Y15\nG0 Z10\n")


def box_mesh(x0: float, y0: float, z0: float, x1: float, y1: float, z1: float) -> bytes:
    corners = np.array(
        [[x, y, z] for z in (z0, z1) for y in (y0, y1) for x in (x0, x1)], dtype=float
    )
    faces = [
        (0, 2, 1), (1, 2, 3), (4, 5, 6), (5, 7, 6), (0, 1, 4), (1, 5, 4),
        (2, 6, 3), (3, 6, 7), (0, 4, 2), (2, 4, 6), (1, 3, 5), (3, 7, 5),
    ]  # fmt: skip
    return write_stl(corners, np.array(faces))


PART = box_mesh(0, 0, 0, 40, 30, 10)


@pytest.fixture
def shop(database: Database) -> Database:
    reference.load_reference_data(database, reference.starter_catalog())
    return database


@pytest.fixture
def store(shop: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BlobStore:
    """Model ``block`` v1, stored without FreeCAD (nothing here may start it)."""
    monkeypatch.setenv("PROJEM_NO_FREECAD", "1")
    blobs = BlobStore(tmp_path / "store")
    document = synthetic_fcstd(tmp_path / "block.FCStd", {"Block": "Part::Box"})
    model_library.save_model_version(Workspace(shop, blobs), path=document, name="block")
    return blobs


def stored_run(database: Database, store: BlobStore, gcode: str) -> int:
    """A succeeded CAM run as run_cam stores one (tools with their geometry, FreeCAD's stock
    box), through the audited helpers, and no simulation yet."""
    found = model_library.get_version(database, "block")
    with database.read_session() as session:
        machine, material = MACHINES.find(session, VMC), MATERIALS.find(session, ALU)
        tool = TOOLS.find(session, EM6)
        ids = (machine.id, material.id)
        tools = [
            {
                "id": tool.id, "name": tool.name, "number": 1, "tool_type": "flat_endmill",
                "diameter_mm": 6.0, "flute_length_mm": 13.0, "overall_length_mm": 57.0,
                "shank_diameter_mm": 6.0, "corner_radius_mm": None, "tip_angle_deg": None,
                "params": {},
            }
        ]  # fmt: skip
    record: dict[str, Any] = {"tools": tools, "stock_box_mm": STOCK, "object": "Block"}
    blob = store.put_stream(io.BytesIO(gcode.encode()))
    with database.unit_of_work() as session:
        row = audited.create(
            session,
            CamRun(
                model_id=found.id, machine_id=ids[0], material_id=ids[1],
                post_processor="linuxcnc", status=RunStatus.RUNNING, operations=record,
                tool_ids=[tool["id"] for tool in tools], started_at=utcnow(),
            ),
        )  # fmt: skip
        artefact = artefacts.new_artefact(
            session, blob, kind=ArtefactKind.GCODE, mime_type=cam_runs.GCODE_MIME,
            original_name="block.ngc", cam_run_id=row.id, model_id=found.id,
        )  # fmt: skip
        audited.update(
            session,
            row,
            {"status": RunStatus.SUCCEEDED, "gcode_artefact_id": artefact.id,
             "finished_at": utcnow()},
        )  # fmt: skip
        return int(row.id)


def count(database: Database, model: type) -> int:
    with database.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(model)))


def test_a_clean_run_is_stored_audited_and_released(
    shop: Database, store: BlobStore, tmp_path: Path
) -> None:
    run_id = stored_run(shop, store, CLEAN)
    assert cam_runs.get_run(shop, run_id).held == "not simulated"
    with pytest.raises(GcodeHeldError, match="not simulated"):
        cam_run_files.export_gcode(Workspace(shop, store), run_id, tmp_path / "early.ngc")
    assert not (tmp_path / "early.ngc").exists()
    seen: list[float] = []
    sim = simulate_run(
        Workspace(shop, store), cam_run_id=run_id, surface_stl=PART, progress=seen.append
    )
    assert sim.status is RunStatus.SUCCEEDED, sim.error
    assert sim.released and sim.error_count == 0, sim.findings
    assert seen and seen[-1] == pytest.approx(1.0) and seen == sorted(seen)
    # The face cut takes the top millimetre: 40 × 30 × 1 mm, the part stays.
    assert float(sim.removed_volume_mm3) == pytest.approx(1200, rel=0.01)
    assert float(sim.remaining_volume_mm3) == pytest.approx(12000, rel=0.01)
    assert float(sim.removed_volume_mm3 + sim.remaining_volume_mm3) == pytest.approx(13200)
    assert float(sim.left_volume_mm3) < 1.0
    assert sim.estimated_cycle_s > sim.feed_only_cycle_s > 0
    run = cam_runs.get_run(shop, run_id)
    assert (run.held, run.simulation_id) == (None, sim.id)
    assert sim.gcode_sha256 == run.gcode_sha256
    assert latest_for_run(shop, run_id) == get_sim_run(shop, sim.id)
    assert [s.id for s in list_sim_runs(shop, cam_run_id=run_id)] == [sim.id]
    for which in ("stock", "left"):
        assert image_bytes(Workspace(shop, store), sim.id, which=which).startswith(b"\x89PNG")
    with shop.read_session() as session:
        kinds = sorted(
            a.kind.value
            for a in session.scalars(select(Artefact).where(Artefact.model_id.is_not(None)))
        )
        assert kinds.count(ArtefactKind.STL) == 1 and kinds.count(ArtefactKind.HEIGHTFIELD) == 1
        report = session.get(Artefact, sim.report_artefact_id)
        assert json.loads(store.read_verified(report.sha256))["gcode_sha256"] == run.gcode_sha256
        actions = session.scalars(
            select(AuditLog.action).where(AuditLog.entity_type == "sim_runs")
        ).all()
        assert actions == [AuditAction.CREATE, AuditAction.UPDATE]
    # A second simulation at another resolution reuses the stored mesh: no FreeCAD needed.
    finer = simulate_run(Workspace(shop, store), cam_run_id=run_id, resolution_mm=0.05)
    assert finer.released and float(finer.resolution_mm) == 0.05
    assert count(shop, SimRun) == 2
    program = tmp_path / "out.ngc"
    cam_run_files.export_gcode(Workspace(shop, store), run_id, program)
    assert program.read_text() == CLEAN
    with shop.read_session() as session:
        assert verify_chain(session).ok


def test_an_error_finding_holds_the_gcode_until_forced(
    db_url: str, shop: Database, store: BlobStore, tmp_path: Path
) -> None:
    run_id = stored_run(shop, store, RAPID_IN)
    sim = simulate_run(Workspace(shop, store), cam_run_id=run_id, surface_stl=PART)
    assert sim.status is RunStatus.SUCCEEDED and not sim.released
    first = sim.errors()[0]
    assert (first["kind"], first["line"]) == ("rapid_into_material", 7)
    assert sim.collision_count >= 1
    held = run_projem(
        "--db", db_url, "cam", "--store", str(store.root), "gcode", str(run_id),
        "-o", str(tmp_path / "held.ngc"),
    )  # fmt: skip
    assert held.returncode == 4, held.stderr
    assert "line 7: rapid_into_material" in held.stderr
    assert not (tmp_path / "held.ngc").exists()
    before = count(shop, AuditLog)
    forced = run_projem(
        "--db", db_url, "cam", "--store", str(store.root), "gcode", str(run_id),
        "-o", str(tmp_path / "forced.ngc"), "--force",
    )  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert "forced export of held G-code" in forced.stdout
    assert (tmp_path / "forced.ngc").read_text() == RAPID_IN
    with shop.read_session() as session:
        entry = session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(1)).one()
        assert (entry.action, entry.entity_type, entry.entity_id) == (
            AuditAction.EXPORT, "cam_runs", str(run_id),
        )  # fmt: skip
        assert entry.after["forced"] is True and "rapid_into_material" in entry.after["held"]
    assert count(shop, AuditLog) == before + 1


def test_the_sim_commands(db_url: str, shop: Database, store: BlobStore, tmp_path: Path) -> None:
    clean, broken = stored_run(shop, store, CLEAN), stored_run(shop, store, RAPID_IN)
    # The mesh once: later simulations of the model find it in the store.
    simulate_run(Workspace(shop, store), cam_run_id=clean, surface_stl=PART)
    store_args = ("--db", db_url, "sim", "--store", str(store.root))
    ran = run_projem(*store_args, "run", str(broken), "--json")
    assert ran.returncode == 4, ran.stderr
    shown = json.loads(ran.stdout)
    for key in ("findings", "removed_mm3", "remaining_mm3", "left_mm3", "cycle_time_s",
                "feed_only_time_s", "resolution_mm"):  # fmt: skip
        assert key in shown, key
    assert {"line", "kind", "severity", "message", "x", "y", "z"} <= set(shown["findings"][0])
    assert run_projem(*store_args, "run", str(clean)).returncode == 0
    listed = run_projem(*store_args, "list")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 3
    one = run_projem(*store_args, "show", str(shown["id"]))
    assert one.returncode == 0 and "rapid_into_material" in one.stdout
    assert run_projem(*store_args, "run", "9999").returncode == 1
    assert run_projem(*store_args, "run", str(clean), "--resolution", "0").returncode != 0

    program, table = tmp_path / "made-elsewhere.ngc", tmp_path / "tools.tbl"
    program.write_text(RAPID_IN)
    table.write_text(f"T1 P1 D6.000 Z+0.000 ;{EM6} (flat_endmill)\n")
    check = ("--db", db_url, "sim", "--store", str(store.root), "check", str(program),
             "--machine", VMC, "--tool-table", str(table), "--stock", "0,0,0,40,30,11")  # fmt: skip
    found = run_projem(*check, "--model", "block", "--object", "Block", "--json")
    assert found.returncode == 4, found.stderr
    kinds = {(f["kind"], f["line"]) for f in json.loads(found.stdout)["findings"]}
    assert ("rapid_into_material", 7) in kinds
    program.write_text(CLEAN)
    assert run_projem(*check, "--model", "block", "--object", "Block").returncode == 0
    bad_stock = run_projem(*check[:-1], "0,0,0,40,30")
    assert bad_stock.returncode != 0 and "--stock" in bad_stock.stderr
    # 2 mm below the stock's bottom beside the block: the table at the default 1 mm
    # allowance, a through cut with --through-allowance 3 (the machine's travel too).
    program.write_text(CLEAN.replace("G0 X-4 Y2\nG0 Z10\n", "G0 X-5 Y-5\nG1 Z-2 F200\nG0 Z10\n"))
    table_hit = run_projem(*check, "--json")
    assert table_hit.returncode == 4, table_hit.stderr
    kinds = {(f["kind"], f["line"]) for f in json.loads(table_hit.stdout)["findings"]}
    assert ("below_stock_bottom", 7) in kinds
    assert run_projem(*check, "--through-allowance", "3").returncode == 0
    negative = run_projem(*check, "--through-allowance", "-1")
    assert negative.returncode == 1 and "--through-allowance -1" in negative.stderr
    program.write_text("G0 X1\nG7 X2\n")
    refused = run_projem(*check)
    assert refused.returncode != 0 and "line 2" in refused.stderr
    assert count(shop, SimRun) == 3  # check stores nothing


def test_a_run_without_stock_or_gcode_is_refused(shop: Database, store: BlobStore) -> None:
    with pytest.raises(Exception, match="no CAM run 4242"):
        simulate_run(Workspace(shop, store), cam_run_id=4242)
    run_id = stored_run(shop, store, CLEAN)
    with pytest.raises(Exception, match="resolution 5 mm is outside"):
        simulate_run(Workspace(shop, store), cam_run_id=run_id, resolution_mm=5)
    assert Decimal("0") == Decimal(count(shop, SimRun))


def test_the_runs_through_cut_allowance_is_the_simulations(
    shop: Database, store: BlobStore
) -> None:
    """A cut 2 mm below the stock's bottom (beside the block): into the table with the default
    1 mm allowance (held), a through cut with the 3 mm the run's spec allows (released)."""
    deep = CLEAN.replace(
        "G0 Z15\nG0 X-4 Y2\nG0 Z10\n",
        "G0 Z15\nG0 X-5 Y-5\nG1 Z-2 F200\nG0 Z15\nG0 X-4 Y2\nG0 Z10\n",
    )
    table = simulate_run(Workspace(shop, store), cam_run_id=stored_run(shop, store, deep))
    below = [f for f in table.findings if f["kind"] == "below_stock_bottom"]
    assert [f["line"] for f in below] == [7], table.findings
    assert "2.000 mm below the stock's bottom (Z0)" in below[0]["message"]
    run_id = stored_run(shop, store, deep)
    with shop.unit_of_work() as session:
        row = session.get(CamRun, run_id)
        audited.update(
            session, row, {"operations": {**row.operations,
                                          "spec": {"through_cut_allowance_mm": 3.0}}},
        )  # fmt: skip
    through = simulate_run(Workspace(shop, store), cam_run_id=run_id)
    assert through.released, through.findings
