# SPDX-License-Identifier: LGPL-2.1-or-later
"""A part made the usual FreeCAD way, a PartDesign Body, added, measured, planned and run
(every FreeCAD lane).

The ``cover`` sample is a Body of a sketched Pad, a Pocket sketched on its top and
PartDesign::Hole features (see :mod:`projem_workbench.cam.sample_parts`). Measuring it with
FreeCAD imported as a plain module lost the Body (PartDesign was never loaded) and stored it
with 0 solids; it is measured in the FreeCAD worker now, as CAM work is.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from projem_workbench.db.session import Database
from projem_workbench.freecad.runner import run_in_freecad
from projem_workbench.services import cam_plan, cam_run_files, cam_runs, model_library, sim_runs
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import BlobStore
from tests.support import rs274
from tests.support.cli import run_projem
from tests.support.shop import shop_database
from tests.support.volumes import drill_point_ring_mm3

MACHINE, MATERIAL = "VMC 850 (LinuxCNC)", "Aluminium 6061-T6"
# 90 x 60 x 18 pad, a 40 x 24 x 6 pocket, four Ø6.8 holes through 18, two Ø5 through 12.
VOLUME = 90 * 60 * 18 - 40 * 24 * 6 - 4 * math.pi * 3.4**2 * 18 - 2 * math.pi * 2.5**2 * 12


class Cover:
    def __init__(self, database: Database, folder: Path, built: dict[str, Any]) -> None:
        self.database, self.folder, self.built = database, folder, built
        self.store = BlobStore(folder / "store")
        self.workspace = Workspace(database, self.store)
        self.url = make_url(str(database.url)).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def cover(freecadcmd: str, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("partdesign")
    database = shop_database(sqlite_template, folder)
    document = folder / "cover.FCStd"
    built = run_in_freecad("sample_part", {"name": "cover", "path": str(document)})
    yield Cover(database, folder, built)
    database.dispose()


def test_a_partdesign_body_is_measured_as_freecad_measures_it(cover: Cover) -> None:
    # FreeCAD's own Body.Shape, measured where the document was built.
    assert cover.built["object"] == "Body" and cover.built["solids"] == 1
    assert cover.built["volume_mm3"] == pytest.approx(VOLUME, rel=1e-9)
    document = cover.folder / "cover.FCStd"
    added = run_projem(
        "--db", cover.url, "model", "add", str(document), "--name", "cover",
        env={"PROJEM_ARTEFACT_STORE": str(cover.store.root)},
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "saved cover version 1" in added.stdout and "note:" not in added.stdout, added.stdout
    saved = model_library.get_version(cover.database, "cover")
    types = {o["type"] for o in saved.doc_metadata["objects"]}
    assert {"PartDesign::Body", "PartDesign::Pad", "PartDesign::Pocket"} <= types
    assert {"PartDesign::Hole", "Sketcher::SketchObject"} <= types
    geometry = saved.doc_metadata["geometry"]
    assert "note" not in saved.doc_metadata, saved.doc_metadata["note"]
    assert geometry["solids"] == cover.built["solids"] == 1
    assert geometry["volume_mm3"] == pytest.approx(cover.built["volume_mm3"], rel=1e-9)
    assert geometry["bounding_box_mm"] == pytest.approx(cover.built["bounding_box_mm"], abs=1e-6)
    assert geometry["bounding_box_mm"] == pytest.approx([0, 0, 0, 90, 60, 18], abs=1e-6)
    listed = run_projem("--db", cover.url, "model", "list")
    assert f"{geometry['volume_mm3']:.1f} mm³" in listed.stdout, listed.stdout


def test_the_default_plan_machines_every_feature_of_the_body(cover: Cover) -> None:
    _added(cover)
    plan = cam_plan.plan_run(cover.workspace, model="cover", machine=MACHINE, material=MATERIAL)
    assert plan.object == "Body"
    by_type: dict[str, list[Any]] = {}
    for op in plan.operations:
        by_type.setdefault(op.type, []).append(op)
    assert set(by_type) >= {"facing", "pocket", "drilling", "profile"}, plan.operations
    pocket = by_type["pocket"][0]
    assert pocket.final_depth_mm == pytest.approx(12)
    drilled = {(op.tool, len(op.faces), op.final_depth_mm) for op in by_type["drilling"]}
    # Through holes: drilled 1 mm (the through-cut allowance) past the bottom.
    assert drilled == {("Drill 6.8 mm HSS-Co (M8 tap)", 4, -1), ("Drill 5 mm carbide", 2, -1)}


def test_the_default_plan_runs_and_is_simulated(cover: Cover, tmp_path: Path) -> None:
    _added(cover)
    run = cam_runs.run_cam(cover.workspace, model="cover", machine=MACHINE, material=MATERIAL)
    assert run.status.value == "succeeded", run.error
    assert run.operations["object"] == "Body"
    program, table = tmp_path / "cover.ngc", tmp_path / "cover.tbl"
    cam_run_files.export_gcode(cover.workspace, run.id, program, force=run.held is not None)
    cam_run_files.export_tool_table(cover.database, run.id, table)
    interpreted = rs274.interpret(program, table)
    assert (interpreted.returncode, interpreted.errors) == (0, []), interpreted.errors[-5:]
    sim = sim_runs.get_sim_run(cover.database, run.simulation_id)
    print("\ncover (default plan): " + "\n".join(sim.summary_lines()))
    assert sim.status.value == "succeeded", sim.error
    kept = float(sim.remaining_volume_mm3 - sim.left_volume_mm3)
    assert kept == pytest.approx(cover.built["volume_mm3"], rel=0.01)
    # Every feature is open from above and every tool reaches: the plan machines it all
    # (FreeCAD's pocket used to keep off the Ø5 holes in its floor, leaving a column of stock
    # round each that the drill then rapided into), but for what its notes say it leaves:
    # the pocket's sharp corners, rounded to the finishing end mill's radius.
    assert run.held is None and sim.released, sim.errors()
    notes = run.operations["spec"]["notes"]
    assert any("sharp inside corners; a round tool leaves their radius" in n for n in notes)
    finisher = next(op for op in run.operations["spec"]["operations"] if op["finishing"])
    radius = next(t["diameter_mm"] for t in run.operations["tools"]
                  if t["number"] == finisher["tool_number"]) / 2  # fmt: skip
    corners = 4 * radius**2 * (1 - math.pi / 4) * 6
    # and the rings of the Ø6.8 drills' points (135°, 1.41 mm), broken out 1 mm below the
    # part (the through-cut allowance); the Ø5 drills' (140°, 0.91 mm) break out whole.
    rings = 4 * drill_point_ring_mm3(6.8, 135, 1.0) + 2 * drill_point_ring_mm3(5, 140, 1.0)
    assert 0 < float(sim.left_volume_mm3) <= corners + rings


def _added(cover: Cover) -> None:
    """The cover in the library (the measuring test adds it through the command line)."""
    if not model_library.list_models(cover.database, text="cover"):
        model_library.save_model_version(
            cover.workspace, path=cover.folder / "cover.FCStd", name="cover"
        )
