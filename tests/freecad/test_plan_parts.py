# SPDX-License-Identifier: LGPL-2.1-or-later
"""The default plan on eight scripted parts it was not written around (``plan_parts``), in
every FreeCAD lane: each is stored, planned, run and simulated, the G-code goes through
LinuxCNC's own interpreter (``rs274``), and the material left above the part is at most 3 % of
what had to be removed — the volume to remove is the stock less FreeCAD's own volume of the
part, never the planner's figure. What is left is printed per part."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from projem_workbench.db.session import Database
from projem_workbench.services import cam_plan, cam_runs, model_library, reference, sim_runs
from projem_workbench.store.blobs import BlobStore
from tests.support import rs274

MACHINE, MATERIAL = "VMC 850 (LinuxCNC)", "Aluminium 6061-T6"
LEFT_SHARE = 0.03
PARTS = (
    "deep_step",
    "nested_pocket",
    "island_pocket",
    "counterbored_step",
    "through_slot",
    "two_level_holes",
    "round_boss",
    "tight_corners",
)


class Shop:
    def __init__(self, database: Database, folder: Path) -> None:
        self.database, self.folder = database, folder
        self.store = BlobStore(folder / "store")


@pytest.fixture(scope="module")
def shop(
    freecad: ModuleType, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Any:
    folder = tmp_path_factory.mktemp("plan_parts")
    path = folder / "projem.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    database = Database(f"sqlite:///{path}")
    reference.load_reference_data(database, reference.starter_catalog())
    yield Shop(database, folder)
    database.dispose()


@pytest.mark.parametrize("name", PARTS)
def test_the_default_plan_machines_the_part_and_leaves_at_most_3_percent(
    shop: Shop, name: str
) -> None:
    from tests.freecad import plan_parts

    document = shop.folder / f"{name}.FCStd"
    built = plan_parts.build(name, str(document))
    model_library.save_model_version(shop.database, path=document, name=name, store=shop.store)
    plan = cam_plan.plan_run(
        shop.database, model=name, machine=MACHINE, material=MATERIAL, store=shop.store
    )
    simulated = [n for n in plan.notes if n.startswith("simulation of the plan")]
    assert len(simulated) == 1 and "no error finding" in simulated[0], plan.notes
    run = cam_runs.run_cam(
        shop.database, model=name, machine=MACHINE, material=MATERIAL, spec=plan,
        store=shop.store,
    )  # fmt: skip
    assert run.status.value == "succeeded", run.error
    sim = sim_runs.get_sim_run(shop.database, run.simulation_id)
    assert sim.status.value == "succeeded", sim.error
    assert sim.released and run.held is None, sim.errors()
    # Exported as a user gets it (refused unless its simulation is clean), then read by
    # LinuxCNC with the run's own tool table.
    program, table = shop.folder / f"{name}.ngc", shop.folder / f"{name}.tbl"
    cam_runs.export_gcode(shop.database, run.id, program, store=shop.store)
    cam_runs.export_tool_table(shop.database, run.id, table)
    interpreted = rs274.interpret(program, table)
    assert (interpreted.returncode, interpreted.errors) == (0, []), interpreted.errors[-5:]
    stock = float(sim.removed_volume_mm3 + sim.remaining_volume_mm3)
    to_remove = stock - built["volume_mm3"]
    left = float(sim.left_volume_mm3)
    print(
        f"\n{name}: {len(plan.operations)} operations ("
        + ", ".join(f"{op.name} [{op.tool}]" for op in plan.operations)
        + f"); left {left:.0f} mm³ of {to_remove:.0f} mm³ to remove ({left / to_remove:.2%})"
        + "".join(f"\n  note: {note}" for note in plan.notes[1:])
    )
    assert left <= LEFT_SHARE * to_remove, (name, left, to_remove, plan.notes)
    # What the stock still holds below the part's surface is the part itself: never less.
    assert float(sim.remaining_volume_mm3) - left >= built["volume_mm3"] * 0.999
