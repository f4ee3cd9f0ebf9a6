# SPDX-License-Identifier: LGPL-2.1-or-later
"""CAM runs through this lane's FreeCAD, checked by LinuxCNC's own interpreter (every lane).

Three parts built with FreeCAD (the demo plate, a bracket with an open step, a slot and a
milled hole, a round flange), each run with the default plan and with a written spec. The
G-code must parse in ``rs274``, and Projem's reader must make the moves rs274 makes; each
operation's cutting moves must reach its final depth and never pass it; the outline's cutting
envelope is the part's outline offset by the tool radius; every tool change names a tool of
the spec; speeds and feeds are what the calculator gave. Every run is simulated as it is made:
volumes against FreeCAD's own, and the gate on a plan that rapids into stock (the flange's
without its counterbore's pocket).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from projem_workbench.db.session import Database
from projem_workbench.freecad.document_file import read_document_file
from projem_workbench.freecad.runner import run_in_freecad
from projem_workbench.gcode.analysis import GcodeError, analyse
from projem_workbench.services import cam_run_files, cam_runs, model_library, sim_runs
from projem_workbench.services.cam_runs import CamRunView
from projem_workbench.services.cam_spec import OperationSpec, parse_spec, read_spec
from projem_workbench.services.feeds import Operation, feeds_for
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import BlobStore
from tests.support import rs274
from tests.support.cli import run_projem
from tests.support.shop import shop_database
from tests.support.volumes import drill_point_ring_mm3

MACHINE, MATERIAL = "VMC 850 (LinuxCNC)", "Aluminium 6061-T6"
PARTS = ("plate", "bracket", "flange")


class Shop:
    def __init__(self, database: Database, folder: Path) -> None:
        self.database, self.folder = database, folder
        self.store = BlobStore(folder / "store")
        self.workspace = Workspace(database, self.store)
        self.boxes: dict[str, list[float]] = {}
        self.volumes: dict[str, float] = {}
        self.runs: dict[tuple[str, str], CamRunView] = {}

    def gcode(self, run: CamRunView) -> tuple[Path, Path]:
        program = self.folder / f"run{run.id}.ngc"
        table = self.folder / f"run{run.id}.tbl"
        # Held G-code too (forced, audited): these tests read the program itself; the gate
        # has tests of its own below.
        cam_run_files.export_gcode(self.workspace, run.id, program, force=run.held is not None)
        cam_run_files.export_tool_table(self.database, run.id, table)
        return program, table


@pytest.fixture(scope="module")
def shop(freecadcmd: str, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("cam")
    database = shop_database(sqlite_template, folder)
    built = Shop(database, folder)
    for name in PARTS:
        document = folder / f"{name}.FCStd"
        part = run_in_freecad("sample_part", {"name": name, "path": str(document)})
        built.boxes[name] = part["bounding_box_mm"]
        built.volumes[name] = part["volume_mm3"]
        model_library.save_model_version(built.workspace, path=document, name=name)
    yield built
    database.dispose()


def written_spec(default: dict[str, Any]) -> dict[str, Any]:
    """A spec a user wrote from the default plan: the wide pockets (roughed with a 12 mm end
    mill) cleared adaptively with a 6 mm one instead (FreeCAD's adaptive clearing needs room to
    helix in), their own speed and feed on the first milling operation, a stepdown of their own
    on the outline, pecking."""
    spec = json.loads(json.dumps(default))
    first_milling = True
    for op in spec["operations"]:
        if op["type"] == "pocket" and op["tool"].startswith("EM 12"):
            op.update(type="adaptive", tool="EM 6 mm 3F carbide", stepover_percent=25)
            op["name"] = op["name"].replace("Pocket", "Adaptive")
        if op["type"] not in ("drilling",) and first_milling and op["name"] != "Outline":
            op.update(spindle_rpm=9000, feed_mm_min=1200, plunge_mm_min=300)
            first_milling = False
        if op["name"] == "Outline":
            op["stepdown_mm"] = 7
        if op["type"] == "drilling":
            op["peck_mm"] = 2.5
    spec["safe_height_mm"] = spec.get("safe_height_mm") or None
    return spec


def run_for(shop: Shop, part: str, kind: str) -> CamRunView:
    key = (part, kind)
    if key not in shop.runs:
        spec = None
        if kind == "spec":
            default = run_for(shop, part, "default").operations["spec"]
            plain = {k: v for k, v in default.items() if k != "operations"}
            plain["operations"] = [
                {k: v for k, v in op.items() if k in OperationSpec.model_fields}
                for op in default["operations"]
            ]
            # Resolved values go back to "unset" so the calculator fills them again.
            for op, resolved in zip(plain["operations"], default["operations"], strict=True):
                for field, source in resolved["source"].items():
                    if source == "calculator":
                        op[field] = None
            path = shop.folder / f"{part}.spec.json"
            path.write_text(json.dumps(written_spec(plain), indent=2))
            spec = read_spec(path)
        shop.runs[key] = cam_runs.run_cam(
            shop.workspace, model=part, machine=MACHINE, material=MATERIAL, spec=spec
        )
    return shop.runs[key]


@pytest.mark.parametrize("kind", ["default", "spec"])
@pytest.mark.parametrize("part", PARTS)
def test_gcode_is_what_the_spec_and_the_calculator_say(shop: Shop, part: str, kind: str) -> None:
    run = run_for(shop, part, kind)
    assert run.status.value == "succeeded", run.error
    program, table = shop.gcode(run)
    interpreted = rs274.interpret(program, table)
    assert (interpreted.returncode, interpreted.errors) == (0, []), interpreted.errors[-5:]
    done = rs274.operations(interpreted)
    spec_numbers = {tool["number"] for tool in run.operations["tools"]}
    changes = [t for op in done.values() for t in op.tools]
    assert changes and set(changes) <= spec_numbers
    x0, y0, _, x1, y1, _ = shop.boxes[part]
    results = {result["name"]: result for result in run.operations["results"]}
    for op in run.operations["spec"]["operations"]:
        seen = done[op["name"]]
        assert seen.feed_moves > 0 and seen.zero_feed_moves == 0, op["name"]
        final = results[op["name"]]["final_depth_mm"]
        if op["final_depth_mm"] is not None:
            assert final == pytest.approx(op["final_depth_mm"], abs=1e-6)
        assert seen.box[2] == pytest.approx(final, abs=1e-3), op["name"]  # reached, not passed
        assert seen.tools and seen.tools[-1] == op["tool_number"], op["name"]
        assert seen.speeds == {op["spindle_rpm"]}, op["name"]
        assert seen.feeds <= {float(op["feed_mm_min"]), float(op["plunge_mm_min"])}, op["name"]
        if op["type"] == "profile" and op["side"] == "outside" and not op["faces"]:
            radius = next(t["diameter_mm"] for t in run.operations["tools"]
                          if t["number"] == op["tool_number"]) / 2  # fmt: skip
            expected = [x0 - radius, y0 - radius, x1 + radius, y1 + radius]
            assert [seen.box[0], seen.box[1], seen.box[3], seen.box[4]] == pytest.approx(
                expected, abs=0.01
            )
        calculated = feeds_for(
            shop.database, tool=op["tool"], material=MATERIAL, machine=MACHINE,
            operation=Operation.DRILLING if op["type"] == "drilling"
            else Operation.FINISHING if op["finishing"] else Operation.ROUGHING,
        )  # fmt: skip
        for field in ("spindle_rpm", "feed_mm_min", "plunge_mm_min"):
            if op["source"][field] == "calculator":
                assert op[field] == getattr(calculated, field), (op["name"], field)
    if kind == "spec":
        assert 9000.0 in {s for op in done.values() for s in op.speeds}


@pytest.mark.parametrize("kind", ["default", "spec"])
@pytest.mark.parametrize("part", PARTS)
def test_the_reader_makes_the_moves_rs274_makes(shop: Shop, part: str, kind: str) -> None:
    program, table = shop.gcode(run_for(shop, part, kind))
    compared = rs274.compare_with_reader(program, table)
    print(f"\n{part} ({kind} plan): {compared} moves compared with rs274")
    assert compared > 50


@pytest.mark.parametrize("kind", ["default", "spec"])
@pytest.mark.parametrize("part", PARTS)
def test_every_run_is_simulated_as_it_is_made(shop: Shop, part: str, kind: str) -> None:
    run = run_for(shop, part, kind)
    assert run.simulation_id is not None
    sim = sim_runs.get_sim_run(shop.database, run.simulation_id)
    print(f"\n{part} ({kind} plan): " + "\n".join(sim.summary_lines()))
    assert sim.status.value == "succeeded", sim.error
    assert sim.gcode_sha256 == run.gcode_sha256
    x0, y0, z0, x1, y1, z1 = run.operations["stock_box_mm"]
    stock = (x1 - x0) * (y1 - y0) * (z1 - z0)
    assert float(sim.removed_volume_mm3 + sim.remaining_volume_mm3) == pytest.approx(
        stock, abs=0.01
    )
    # What the stock still holds is the part and what was left on it: FreeCAD's volume.
    kept = float(sim.remaining_volume_mm3 - sim.left_volume_mm3)
    assert kept == pytest.approx(shop.volumes[part], rel=0.01)
    if part == "plate":  # the demo's part: machined whole, on every FreeCAD
        assert run.held is None and sim.released, sim.errors()
        # But for the rings of the four Ø6.8 drills' points (135°), which break out 1 mm
        # (the through-cut allowance) of their 1.41 mm below the plate.
        rings = 4 * drill_point_ring_mm3(6.8, 135, 1.0)
        assert float(sim.left_volume_mm3) <= rings
        assert float(sim.remaining_volume_mm3) == pytest.approx(shop.volumes[part], rel=0.01)
    if part == "flange":
        # The counterbore's pocket clears over the bore (its outline, not its ring): the
        # helix no longer rapids into a column of stock left above the bore.
        assert run.held is None and sim.released, sim.errors()
    # Held G-code is held for a move the program makes: each error names a line that moves
    # the tool (FreeCAD 1.0's step clearing on the bracket leaves stock the drill then
    # rapids into).
    lines = shop.gcode(run)[0].read_text().splitlines()
    for finding in sim.errors():
        assert finding["kind"] == "rapid_into_material", finding
        assert lines[finding["line"] - 1].startswith(("G0", "G81", "G83", "G73")), finding
    assert (run.held is None) == sim.released


def without_counterbore(spec: dict[str, Any]) -> dict[str, Any]:
    """The flange's plan with its counterbore's pocket left out: the bore is helix-milled
    from the counterbore's floor while the stock above it is still there, and FreeCAD's G0
    down to Z12 goes through 3 mm of it."""
    operations = [op for op in spec["operations"] if not op["name"].startswith("Pocket")]
    assert len(operations) == len(spec["operations"]) - 1
    return {**spec, "operations": operations}


def test_the_gate_holds_a_plan_that_rapids_into_stock(shop: Shop, tmp_path: Path) -> None:
    default = run_for(shop, "flange", "default").operations["spec"]
    plain = {k: v for k, v in default.items() if k != "operations"}
    plain["operations"] = [
        {k: v for k, v in op.items() if k in OperationSpec.model_fields}
        for op in default["operations"]
    ]
    run = cam_runs.run_cam(
        shop.workspace, model="flange", machine=MACHINE, material=MATERIAL,
        spec=parse_spec(without_counterbore(plain)),
    )  # fmt: skip
    sim = sim_runs.get_sim_run(shop.database, run.simulation_id)
    first = sim.errors()[0]
    program = shop.folder / f"run{run.id}.ngc"
    shop.gcode(run)
    line = program.read_text().splitlines()[first["line"] - 1]
    assert first["kind"] == "rapid_into_material" and line.startswith("G0"), (first, line)
    assert run.held and "rapid_into_material" in run.held
    url = make_url(str(shop.database.url)).render_as_string(hide_password=False)
    held = run_projem("--db", url, "cam", "--store", str(shop.store.root), "gcode", str(run.id),
                      "-o", str(tmp_path / "held.ngc"))  # fmt: skip
    assert held.returncode == 4 and f"line {first['line']}: rapid_into_material" in held.stderr
    assert not (tmp_path / "held.ngc").exists()


def test_default_plans_use_every_kind_of_operation(shop: Shop) -> None:
    kinds = {
        op["type"]
        for part in PARTS
        for op in run_for(shop, part, "default").operations["spec"]["operations"]
    }
    kinds |= {op["type"] for op in run_for(shop, "plate", "spec").operations["spec"]["operations"]}
    assert kinds == {"facing", "pocket", "adaptive", "profile", "drilling", "helix"}
    bracket = run_for(shop, "bracket", "default").operations["spec"]
    helix = [op for op in bracket["operations"] if op["type"] == "helix"]
    assert helix and "no drill of that size" in helix[0]["why"]


def test_same_spec_same_model_gives_identical_gcode(shop: Shop) -> None:
    first = run_for(shop, "plate", "spec")
    spec_path = shop.folder / "plate.spec.json"
    again = cam_runs.run_cam(
        shop.workspace, model="plate", machine=MACHINE, material=MATERIAL,
        spec=read_spec(spec_path),
    )  # fmt: skip
    assert again.id != first.id
    assert again.gcode_sha256 == first.gcode_sha256
    assert shop.gcode(again)[0].read_bytes() == shop.gcode(first)[0].read_bytes()


def test_freecad_default_tool_controller_makes_gcode_no_controller_accepts(
    shop: Shop, tmp_path: Path
) -> None:
    program = tmp_path / "default-tc.ngc"
    script = tmp_path / "default_tc.py"
    script.write_text(DEFAULT_TC_SCRIPT)
    done = run_projem_script(script, shop.folder / "plate.FCStd", program)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    interpreted = rs274.interpret(program)
    assert interpreted.returncode != 0
    assert any("Cannot do g1 with zero feed rate" in e for e in interpreted.errors)
    with pytest.raises(GcodeError, match="feed move with no feed rate"):
        analyse(program.read_text(), rapid_mm_min=10000)


def test_run_that_freecad_cannot_make_fails_with_its_reason_and_no_gcode(shop: Shop) -> None:
    default = run_for(shop, "bracket", "default").operations["spec"]
    slot = next(op for op in default["operations"] if op["final_depth_mm"] == 24)
    too_big = {"name": "Slot too big", "type": "pocket", "tool": "EM 12 mm 3F carbide (aluminium)",
               "faces": slot["faces"], "final_depth_mm": 24}  # fmt: skip
    spec = parse_spec({"operations": [too_big]})
    with pytest.raises(
        cam_runs.CamRunFailedError, match="Slot too big: FreeCAD made no toolpath"
    ) as err:
        cam_runs.run_cam(shop.workspace, model="bracket", machine=MACHINE, material=MATERIAL,
                         spec=spec)  # fmt: skip
    failed = cam_runs.get_run(shop.database, err.value.run_id)
    assert (failed.status.value, failed.gcode_artefact_id) == ("failed", None)
    assert "Slot too big" in (failed.error or "")
    ghost = {"name": "Ghost", "type": "pocket", "tool": "EM 6 mm 3F carbide", "faces": ["Face999"]}
    bad = parse_spec({"operations": [ghost]})
    with pytest.raises(cam_runs.CamRunFailedError, match="the part has no Face999"):
        cam_runs.run_cam(shop.workspace, model="bracket", machine=MACHINE, material=MATERIAL,
                         spec=bad)  # fmt: skip


def test_cli_plan_then_run_on_a_grbl_router(shop: Shop, tmp_path: Path) -> None:
    url = make_url(str(shop.database.url)).render_as_string(hide_password=False)
    spec = tmp_path / "flange.json"
    router, wood = "Router 1212 (GRBL)", "MDF"
    common = ["--model", "flange", "--machine", router, "--material", wood]
    done = run_projem("--db", url, "cam", "--store", str(shop.store.root), "plan", *common,
                      "-o", str(spec))  # fmt: skip
    assert done.returncode == 0, done.stderr
    planned = json.loads(spec.read_text())
    assert planned["operations"]
    spec.write_text(json.dumps(without_counterbore(planned)))
    program = tmp_path / "flange.nc"
    done = run_projem("--db", url, "cam", "--store", str(shop.store.root), "run", *common,
                      "--spec", str(spec), "-o", str(program), "--json", "--keep-job")  # fmt: skip
    # Without its counterbore's pocket the plan rapids into the stock above the bore on the
    # router too: the run is made and stored, and -o refuses its G-code (exit 4) naming the
    # line.
    assert done.returncode == 4 and "rapid_into_material" in done.stderr, done.stderr
    assert not program.exists()
    run = json.loads(done.stdout)
    assert run["status"] == "succeeded" and run["post_processor"] == "grbl"
    forced = run_projem("--db", url, "cam", "--store", str(shop.store.root), "gcode",
                        str(run["id"]), "-o", str(program), "--force")  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    job = read_document_file(Path(run["operations"]["job_document"]))
    labels = {o["label"] for o in job["objects"]}
    assert f"Projem run {run['id']}" in labels and "Outline" in labels
    assert run["operations"]["job_artefact_id"] > run["gcode_artefact_id"]
    # FreeCAD's grbl post writes K0 on XY arcs, which GRBL ignores and LinuxCNC refuses.
    text = program.read_text()
    assert " K0.000" in text
    linuxcnc_copy = tmp_path / "flange-for-rs274.nc"
    linuxcnc_copy.write_text(text.replace(" K0.000", ""))
    interpreted = rs274.interpret(linuxcnc_copy)
    assert (interpreted.returncode, interpreted.errors) == (0, []), interpreted.errors[-5:]
    assert all(op.zero_feed_moves == 0 for op in rs274.operations(interpreted).values())
    assert max(analyse(text, rapid_mm_min=8000).feeds) <= 5000  # the router's limit
    listed = run_projem("--db", url, "cam", "list")
    assert f"{run['id']:>5}  succeeded  flange v1" in listed.stdout


def run_projem_script(script: Path, document: Path, output: Path) -> Any:
    import os
    import subprocess

    from projem_workbench.freecad.runner import find_freecadcmd

    return subprocess.run(
        [find_freecadcmd(), "-c", f"exec(open({str(script)!r}).read())"],
        env={**os.environ, "PROJEM_DOC": str(document), "PROJEM_OUT": str(output)},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


# FreeCAD's own way, with nothing of Projem: a job keeps its default tool controller, a
# profile uses it, and the linuxcnc post writes the program.
DEFAULT_TC_SCRIPT = """
import importlib, os, FreeCAD
doc = FreeCAD.openDocument(os.environ["PROJEM_DOC"])
part = doc.Objects[0]
if FreeCAD.Version()[0] == "0":
    from PathScripts import PathJob, PathProfile
    post = importlib.import_module("PathScripts.post.linuxcnc_post")
else:
    import Path.Main.Job as PathJob, Path.Op.Profile as PathProfile
    post = importlib.import_module("Path.Post.scripts.linuxcnc_post")
job = PathJob.Create("Job", [part], None)
profile = PathProfile.Create("Profile")
doc.recompute()
controller = job.Tools.Group[0]
assert float(controller.HorizFeed) == 0 and profile.ToolController == controller
gcode = post.export([controller, profile], "-", "--no-show-editor")
open(os.environ["PROJEM_OUT"], "w").write(gcode)
"""
