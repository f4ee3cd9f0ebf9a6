# SPDX-License-Identifier: LGPL-2.1-or-later
"""CAM services on both backends, without FreeCAD: a run spec resolved against the starter
catalogue (tools, T numbers, calculator values, controllers, refusals naming the operation),
a run refused before anything is recorded when FreeCAD cannot run, and stored runs read back
through the services and ``projem cam list|show|gcode``."""

from __future__ import annotations

import io
import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from projem_workbench.db.base import utcnow
from projem_workbench.db.enums import ArtefactKind, RunStatus
from projem_workbench.db.models import AuditLog, CamRun
from projem_workbench.db.session import Database
from projem_workbench.errors import FreeCADUnavailableError, NotFoundError, ValidationError
from projem_workbench.gcode.analysis import analyse
from projem_workbench.interchange.freecad_toolbits import FLAVOURS
from projem_workbench.services import (
    artefacts,
    audited,
    cam_plan,
    cam_run_files,
    cam_runs,
    model_library,
    plan_verify,
    reference,
)
from projem_workbench.services.cam_resolve import resolve
from projem_workbench.services.cam_spec import RunSpec, parse_spec
from projem_workbench.services.feeds import feeds_for
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from projem_workbench.services.sim_runs import GcodeHeldError
from projem_workbench.services.tools import TOOLS
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import BlobStore
from tests.support.cli import run_projem
from tests.support.documents import synthetic_fcstd

VMC, ROUTER, ALU = "VMC 850 (LinuxCNC)", "Router 1212 (GRBL)", "Aluminium 6061-T6"
EM6, EM10, EM12 = "EM 6 mm 3F carbide", "EM 10 mm 4F carbide", "EM 12 mm 3F carbide (aluminium)"
EM3, DRILL5 = "EM 3 mm 2F carbide", "Drill 5 mm carbide"
GCODE = """(begin operation: Pocket Face3 Z10)
T1 M6
S9000 M3
G0 X10 Y10 Z5
G1 Z0 F300
G1 X40 F1200
G0 Z5
(begin operation: Drill Ø5 Z0)
T2 M6
G0 X20 Y20 Z5
G98 G81 X20 Y20 Z-5 R2 F200
G80
M2
"""


@pytest.fixture
def shop(database: Database) -> Database:
    reference.load_reference_data(database, reference.starter_catalog())
    return database


def spec(*operations: dict[str, Any], **top: Any) -> RunSpec:
    return parse_spec({"operations": list(operations), **top})


def op(name: str, kind: str, tool: str, **values: Any) -> dict[str, Any]:
    faces = [] if kind in ("profile", "facing") else ["Face3"]
    return {"name": name, "type": kind, "tool": tool, "faces": faces, **values}


def resolved(database: Database, run_spec: RunSpec, machine: str = VMC) -> dict[str, Any]:
    with database.read_session() as session:
        return resolve(
            session,
            run_spec,
            machine=MACHINES.find(session, machine),
            material=MATERIALS.find(session, ALU),
        )


def test_tools_are_numbered_spec_first_then_library_then_next_free(shop: Database) -> None:
    # The library's own numbers: EM 6 holds T2, which the spec gives EM 10 for this run.
    TOOLS.update(shop, DRILL5, {"tool_number": 70})
    TOOLS.update(shop, EM3, {"tool_number": 30})
    TOOLS.update(shop, EM6, {"tool_number": 2})  # taken by the spec: not used in this run
    run = resolved(
        shop,
        spec(
            op("Pocket", "pocket", EM6),
            op("Outline", "profile", EM10, side="outside"),
            op("Holes", "drilling", DRILL5),
            op("Corners", "profile", EM3, side="inside", finishing=True),
            tool_numbers={EM10: 2, "EM 99 not used": 5},
        ),
    )
    numbers = [(t["name"], t["number"]) for t in run["tools"]]
    assert numbers == [(EM6, 1), (EM10, 2), (DRILL5, 70), (EM3, 30)]
    assert run["tools"][2]["tool_type"] == "drill" and run["tools"][2]["diameter_mm"] == 5.0
    with shop.read_session() as session:
        assert run["tools"][0]["id"] == TOOLS.find(session, EM6).id
    assert [o["tool_number"] for o in run["operations"]] == [1, 2, 70, 30]


def test_missing_values_come_from_the_calculator_and_say_so(shop: Database) -> None:
    run = resolved(
        shop,
        spec(
            op("Pocket", "pocket", EM6),
            op("Fast", "pocket", EM6, spindle_rpm=9000, feed_mm_min=1200, stepover_percent=30),
            op("Corners", "profile", EM6, side="inside", finishing=True),
            op("Holes", "drilling", DRILL5),
        ),
    )
    pocket, fast, corners, holes = run["operations"]
    rough = feeds_for(shop, tool=EM6, material=ALU, machine=VMC, operation="roughing")
    assert (pocket["spindle_rpm"], pocket["feed_mm_min"], pocket["plunge_mm_min"]) == (
        rough.spindle_rpm, rough.feed_mm_min, rough.plunge_mm_min,
    )  # fmt: skip
    assert pocket["stepdown_mm"] == rough.stepdown_mm
    assert rough.stepover_mm is not None
    assert pocket["stepover_percent"] == round(100 * rough.stepover_mm / 6)
    assert set(pocket["source"].values()) == {"calculator"}
    assert pocket["calculator"]["clamps"] == [c.model_dump() for c in rough.clamps]
    assert (fast["spindle_rpm"], fast["feed_mm_min"], fast["stepover_percent"]) == (9000, 1200, 30)
    assert fast["plunge_mm_min"] == rough.plunge_mm_min
    assert fast["source"] == {
        "spindle_rpm": "spec", "feed_mm_min": "spec", "plunge_mm_min": "calculator",
        "stepdown_mm": "calculator", "stepover_percent": "spec",
    }  # fmt: skip
    finish = feeds_for(shop, tool=EM6, material=ALU, machine=VMC, operation="finishing")
    assert finish.stepover_mm is not None
    assert corners["stepover_percent"] == max(1, round(100 * finish.stepover_mm / 6))
    drill = feeds_for(shop, tool=DRILL5, material=ALU, machine=VMC)
    assert (holes["spindle_rpm"], holes["feed_mm_min"], holes["stepdown_mm"]) == (
        drill.spindle_rpm, drill.feed_mm_min, None,
    )  # fmt: skip
    assert holes["name"] == "Holes" and holes["type"] == "drilling"


def test_one_controller_per_tool_and_feeds(shop: Database) -> None:
    run = resolved(
        shop,
        spec(
            op("A", "pocket", EM12),
            op("B", "pocket", EM12, stepdown_mm=2),  # same feeds: same controller
            op("C", "pocket", EM12, spindle_rpm=8000),
            op("D", "profile", EM6, side="outside"),
            op("E (again)", "pocket", EM12),
        ),
    )
    assert [o["controller"] for o in run["operations"]] == ["c1", "c1", "c2", "c3", "c1"]
    assert run["operations"][4]["name"] == "E [again]"
    first, second, third = run["controllers"]
    em12, em6 = (TOOLS.get(shop, name).tool_number for name in (EM12, EM6))  # the library's
    assert first["label"] == f"T{em12} EM 12 mm 3F carbide [aluminium]" and first["tool"] == EM12
    assert second["spindle_rpm"] == 8000 and second["number"] == em12
    assert (third["tool"], third["number"], third["label"]) == (EM6, em6, f"T{em6} {EM6}")
    for controller in run["controllers"]:
        assert sorted(controller["bits"]) == sorted(FLAVOURS)
        for bit in controller["bits"].values():
            assert bit["name"] == controller["tool"] and bit["shape"]


@pytest.mark.parametrize(
    ("operation", "machine", "field", "words"),
    [
        (op("Mystery", "pocket", "EM 99"), VMC, "tool", "the library has no tool named 'EM 99'"),
        (op("Pocket", "pocket", DRILL5), VMC, "tool", f"a pocket operation cannot use '{DRILL5}'"),
        (op("Holes", "drilling", EM6), VMC, "tool", f"cannot use '{EM6}' (flat_endmill)"),
        (op("Facing", "facing", "Ball 8 mm 2F carbide"), VMC, "tool", "(ball_endmill)"),
        (op("Fast", "pocket", EM6, spindle_rpm=12000), VMC, "spindle_rpm",
         "12000 rpm is outside VMC 850 (LinuxCNC)'s 100-10000 rpm"),
        (op("Slow", "pocket", EM6, spindle_rpm=5000), ROUTER, "spindle_rpm",
         "5000 rpm is outside Router 1212 (GRBL)'s 8000-24000 rpm"),
        (op("Rush", "pocket", EM6, feed_mm_min=10500), VMC, "feed_mm_min",
         "10500 mm/min is above VMC 850 (LinuxCNC)'s 10000 mm/min"),
        (op("Dive", "pocket", EM6, plunge_mm_min=6000), ROUTER, "feed_mm_min",
         "6000 mm/min is above Router 1212 (GRBL)'s 5000 mm/min"),
    ],
)  # fmt: skip
def test_refusals_name_the_operation(
    shop: Database, operation: dict[str, Any], machine: str, field: str, words: str
) -> None:
    run_spec = spec(op("Fine", "profile", EM6, side="outside"), operation)
    with pytest.raises(ValidationError) as refused:
        resolved(shop, run_spec, machine)
    assert refused.value.field == field
    assert str(refused.value).startswith(f"operation {operation['name']!r}: ")
    assert words in str(refused.value)
    # Also keyed by its place in the spec, for a form to mark the operation's field.
    assert refused.value.problems[f"operations.1.{field}"] == str(refused.value)


def test_a_spec_is_checked_as_a_run_would_resolve_it_recording_nothing(shop: Database) -> None:
    run_spec = spec(op("Pocket", "pocket", EM6, feed_mm_min=900), op("Edge", "profile", EM6))
    checked = cam_runs.check_spec(shop, spec=run_spec, machine=VMC, material=ALU)
    assert [o["name"] for o in checked] == ["Pocket", "Edge"]
    assert checked[0]["feed_mm_min"] == 900 and checked[0]["source"]["feed_mm_min"] == "spec"
    assert checked[1]["source"]["feed_mm_min"] == "calculator" and checked[1]["feed_mm_min"] > 0
    with pytest.raises(ValidationError) as refused:
        cam_runs.check_spec(
            shop, spec=spec(op("Edge", "profile", "EM 99")), machine=VMC, material=ALU
        )
    assert set(refused.value.problems) == {"tool", "operations.0.tool"}
    assert count(shop, CamRun) == 0


def plate_features(request: dict[str, Any]) -> dict[str, Any]:
    """What FreeCAD finds on an 80 × 50 × 8 plate with one Ø6.8 hole (see cam.features)."""
    hole = {"faces": ["Face7"], "x": 40.0, "y": 25.0, "diameter": 6.8, "z_top": 8.0,
            "z_bottom": 0.0, "through": True, "flat_bottom": False, "reachable": True}  # fmt: skip
    return {"bounding_box": [0.0, 0.0, 0.0, 80.0, 50.0, 8.0], "top_faces": ["Face6"],
            "floors": [], "holes": [hole], "outline_corner_radius": None, "volume": 31709.4,
            "object": request["object"] or "Body"}  # fmt: skip


@pytest.mark.parametrize(
    ("material", "coolant", "hole"),
    [
        (ALU, "flood", ("drilling", "Drill 6.8 mm HSS-Co (M8 tap)")),
        ("POM-C (acetal)", "none", ("drilling", "Drill 6.8 mm HSS-Co (M8 tap)")),
        ("Carbide-only alloy", "flood", ("helix", EM3)),  # no HSS data: the HSS-Co drill is out
    ],
)
def test_the_plan_uses_tools_with_cutting_data_and_the_materials_coolant(
    shop: Database, monkeypatch: pytest.MonkeyPatch, material: str, coolant: str, hole: Any
) -> None:
    """FreeCAD's part of planning (finding features) is given as data; the rest is real."""
    data = next(m for m in reference.starter_catalog().materials if m.name == ALU).cutting_data
    carbide_only = {k: v for k, v in data.items() if k != "hss"}
    MATERIALS.add(
        shop, {"name": "Carbide-only alloy", "category": "aluminum", "cutting_data": carbide_only}
    )
    asked: list[tuple[str, dict[str, Any]]] = []

    def freecad(action: str, request: dict[str, Any]) -> dict[str, Any]:
        asked.append((action, request))
        return plate_features(request)

    def verify(database: Database, document: Path, spec: Any, *_: Any) -> Any:
        asked.append(("verify", {"operations": [op.name for op in spec.operations]}))
        return plan_verify.Verdict()  # FreeCAD makes every operation; nothing simulated

    monkeypatch.setattr(cam_plan, "run_in_freecad", freecad)
    monkeypatch.setattr(plan_verify, "verify", verify)
    plan = cam_plan.plan_for_document(
        shop, document=Path("plate.FCStd"), machine=VMC, material=material
    )
    assert [action for action, _ in asked] == ["features", "verify"]
    assert asked[0][1] == {
        "document": "plate.FCStd",
        "object": None,
        "diameters": [3, 6, 8, 10, 12],
    }
    assert asked[1][1]["operations"] == [o.name for o in plan.operations]
    assert [(o.type, o.tool) for o in plan.operations] == [
        ("facing", "Face mill 50 mm 5 inserts"),
        hole,
        ("profile", EM12),
    ]
    assert {o.coolant for o in plan.operations} == {coolant}
    assert plan.object == "Body"


def test_no_plan_without_a_usable_end_mill(shop: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cam_plan, "run_in_freecad", lambda *_: pytest.fail("FreeCAD asked"))
    for tool in TOOLS.list(shop):
        if tool.tool_type.value == "flat_endmill":
            TOOLS.delete(shop, tool.name)
    with pytest.raises(ValidationError) as refused:
        cam_plan.plan_for_document(shop, document=Path("plate.FCStd"), machine=VMC, material=ALU)
    assert refused.value.field == "tools"
    assert str(refused.value) == (
        f"the library has no flat end mill with cutting data for {ALU}: a plan needs at least one"
    )


# --- stored runs --------------------------------------------------------------------------


def count(database: Database, model: type) -> int:
    with database.read_session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def store(shop: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BlobStore:
    """The catalogue and model ``plate`` v1 (stored without measuring: no FreeCAD)."""
    monkeypatch.setenv("PROJEM_NO_FREECAD", "1")
    blobs = BlobStore(tmp_path / "store")
    document = synthetic_fcstd(tmp_path / "plate.FCStd", {"Body": "PartDesign::Body"})
    model_library.save_model_version(Workspace(shop, blobs), path=document, name="plate")
    return blobs


RUN_SPEC = {
    "operations": [op("Pocket Face3 Z10", "pocket", EM6), op("Drill Ø5 Z0", "drilling", DRILL5)]
}


def test_no_freecad_no_run_recorded(
    db_url: str, shop: Database, store: BlobStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = str(tmp_path / "nowhere" / "freecadcmd")
    monkeypatch.setenv("PROJEM_FREECADCMD", missing)
    monkeypatch.delitem(sys.modules, "FreeCAD", raising=False)  # not inside FreeCAD
    before = count(shop, AuditLog)
    for run_spec in (parse_spec(RUN_SPEC), None):
        with pytest.raises(FreeCADUnavailableError, match="nowhere/freecadcmd cannot be run"):
            cam_runs.run_cam(
                Workspace(shop, store), model="plate", machine=VMC, material=ALU, spec=run_spec
            )
    assert count(shop, CamRun) == 0
    assert count(shop, AuditLog) == before
    typed = run_projem(
        "--db", db_url, "cam", "--store", str(store.root), "run", "--model", "plate",
        "--machine", VMC, "--material", ALU, env={"PROJEM_FREECADCMD": missing},
    )  # fmt: skip
    assert typed.returncode == 1
    assert typed.stderr.startswith(f"projem: error: {missing} cannot be run: this needs FreeCAD")
    assert count(shop, CamRun) == 0


def record_run(database: Database, store: BlobStore, gcode: str | None) -> int:
    """A run stored as run_cam stores one, through the audited helpers; failed without G-code."""
    run_spec = parse_spec(RUN_SPEC)
    run = resolved(database, run_spec)
    found = model_library.get_version(database, "plate")
    with database.read_session() as session:
        machine = MACHINES.find(session, VMC)
        ids = (machine.id, MATERIALS.find(session, ALU).id, machine.post_processor)
    record = {
        "spec": {**run_spec.model_dump(mode="json"), "operations": run["operations"]},
        "tools": run["tools"],
        "spec_sha256": "0" * 64,
        "model": {"name": found.name, "version": found.version, "sha256": found.content_sha256},
    }
    blob = store.put_stream(io.BytesIO(gcode.encode())) if gcode else None
    with database.unit_of_work() as session:
        row = audited.create(
            session,
            CamRun(
                model_id=found.id, machine_id=ids[0], material_id=ids[1], post_processor=ids[2],
                status=RunStatus.RUNNING, operations=record, started_at=utcnow(),
                tool_ids=[tool["id"] for tool in run["tools"]],
            ),
        )  # fmt: skip
        if blob is None:
            changes: dict[str, Any] = {"status": RunStatus.FAILED, "error": "FreeCAD said no"}
        else:
            artefact = artefacts.new_artefact(
                session, blob, kind=ArtefactKind.GCODE, mime_type=cam_runs.GCODE_MIME,
                original_name="plate.ngc", cam_run_id=row.id, model_id=found.id,
            )  # fmt: skip
            stats = analyse(gcode or "", rapid_mm_min=24000, tool_change_s=6)
            results = [
                {**o, "cut_length_mm": round(s.cut_length_mm, 3), "time_s": round(s.time_s, 2)}
                for o, s in zip(run["operations"], stats.segments, strict=True)
            ]
            changes = {
                "status": RunStatus.SUCCEEDED, "gcode_artefact_id": artefact.id,
                "freecad_version": "1.1.0", "move_count": stats.move_count,
                "cut_length_mm": Decimal(f"{stats.cut_length_mm:.3f}"),
                "rapid_length_mm": Decimal(f"{stats.rapid_length_mm:.3f}"),
                "estimated_cycle_s": Decimal(f"{stats.cycle_time_s:.2f}"),
                "operations": {**record, "results": results, "gcode": stats.summary()},
            }  # fmt: skip
        audited.update(session, row, {**changes, "finished_at": utcnow()})
        return int(row.id)


def test_stored_runs_read_back(shop: Database, store: BlobStore, tmp_path: Path) -> None:
    done, failed = record_run(shop, store, GCODE), record_run(shop, store, None)
    assert [run.id for run in cam_runs.list_runs(shop)] == [failed, done]
    assert [run.id for run in cam_runs.list_runs(shop, limit=1)] == [failed]
    assert cam_runs.list_runs(shop, model="other") == []
    run = cam_runs.get_run(shop, done)
    assert (run.status, run.model_name, run.model_version, run.machine, run.material) == (
        RunStatus.SUCCEEDED, "plate", 1, VMC, ALU,
    )  # fmt: skip
    # feeds 5 + 30 + 7 mm; rapids 15, 5, √500 over to the hole, 3 down to R, 10 back up (G98)
    assert (run.move_count, run.cut_length_mm) == (6, Decimal("42.000"))
    assert run.rapid_length_mm == Decimal("55.361")
    # 1 + 1.5 + 2.1 s feeding, 55.361 mm at 24 m/min, two tool changes of 6 s
    assert run.estimated_cycle_s == Decimal("16.74")
    assert run.post_processor == "linuxcnc" and run.error is None
    assert run.summary_lines()[0] == (
        f"run {done}: succeeded — plate v1 on {VMC} in {ALU} (linuxcnc post, FreeCAD 1.1.0)"
    )
    em6, drill5 = (TOOLS.get(shop, name).tool_number for name in (EM6, DRILL5))  # the library's
    assert run.summary_lines()[1].startswith(f"  Pocket Face3 Z10: pocket with T{em6} {EM6}, S")
    program = tmp_path / "out.ngc"
    assert cam_run_files.gcode_text(Workspace(shop, store), done) == GCODE
    # Never simulated, so held (the gate itself: tests/db/test_sim_runs.py); forced out here.
    assert (run.held, run.simulation_id) == ("not simulated", None)
    with pytest.raises(GcodeHeldError, match="not simulated"):
        cam_run_files.export_gcode(Workspace(shop, store), done, program)
    assert not program.exists()
    assert cam_run_files.export_gcode(Workspace(shop, store), done, program, force=True).id == done
    assert program.read_text() == GCODE
    assert run.gcode_sha256 == store.put_stream(io.BytesIO(GCODE.encode())).sha256
    table = tmp_path / "out.tbl"
    assert cam_run_files.export_tool_table(shop, done, table) == 2
    assert table.read_text().splitlines()[1:] == [  # in T order, pocket number = T
        f"T{em6} P{em6} D6.000 Z+0.000 ;{EM6} (flat_endmill)",
        f"T{drill5} P{drill5} D5.000 Z+0.000 ;{DRILL5} (drill)",
    ]
    broken = cam_runs.get_run(shop, failed)
    assert (broken.status, broken.error, broken.gcode_sha256) == (
        RunStatus.FAILED, "FreeCAD said no", None,
    )  # fmt: skip
    assert broken.summary_lines()[-1] == "  error: FreeCAD said no"
    with pytest.raises(NotFoundError, match=f"^CAM run {failed} has no G-code \\(failed\\)$"):
        cam_run_files.export_gcode(Workspace(shop, store), failed, tmp_path / "none.ngc")
    with pytest.raises(NotFoundError, match="has no G-code"):
        cam_run_files.gcode_text(Workspace(shop, store), failed)
    assert not (tmp_path / "none.ngc").exists()
    with pytest.raises(NotFoundError, match=r"^no CAM run 9999$"):
        cam_runs.get_run(shop, 9999)


def test_the_cam_commands_show_stored_runs(
    db_url: str, shop: Database, store: BlobStore, tmp_path: Path
) -> None:
    done, failed = record_run(shop, store, GCODE), record_run(shop, store, None)
    listed = run_projem("--db", db_url, "cam", "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        f"{failed:>5}  failed     plate v1  {VMC}  {ALU}  0 moves  -",
        f"{done:>5}  succeeded  plate v1  {VMC}  {ALU}  6 moves  17 s",
    ]
    shown = run_projem("--db", db_url, "cam", "show", str(done), "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == json.loads(cam_runs.get_run(shop, done).model_dump_json())
    text = run_projem("--db", db_url, "cam", "show", str(done))
    # the JSON column gives 35.0 back as 35 on SQLite
    assert re.search(
        r"\n  Pocket Face3 Z10: final depth None, 35(\.0)? mm cutting, 2\.55 s\n", text.stdout
    )
    program = tmp_path / "cli.ngc"
    written = run_projem(
        "--db", db_url, "cam", "--store", str(store.root), "gcode", str(done), "-o", str(program)
    )
    assert written.returncode == 4 and "held — not simulated" in written.stderr
    written = run_projem(
        "--db", db_url, "cam", "--store", str(store.root), "gcode", str(done), "-o",
        str(program), "--force",
    )  # fmt: skip
    assert written.returncode == 0, written.stderr
    assert program.read_text() == GCODE
    missing = run_projem("--db", db_url, "cam", "show", "9999")
    assert (missing.returncode, missing.stderr.strip()) == (1, "projem: error: no CAM run 9999")
