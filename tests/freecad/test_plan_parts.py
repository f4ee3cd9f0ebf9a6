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
from projem_workbench.services import cam_plan, cam_run_files, cam_runs, model_library, sim_runs
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import BlobStore
from tests.support import rs274
from tests.support.shop import shop_database

MACHINE, MATERIAL = "VMC 850 (LinuxCNC)", "Aluminium 6061-T6"
LEFT_SHARE = 0.03
# Per part, what the plan must do for its feature: operations by name, each with its type
# and where it starts (None: FreeCAD's own start, at the top of the stock).
EXPECTED: dict[str, dict[str, tuple[str, float | None]]] = {
    "deep_step": {"Clear Face3 Z12": ("facing", 46)},  # 34 deep: a long-series end mill
    "nested_pocket": {"Pocket Face28 Z10": ("pocket", 18)},  # from the outer pocket's floor
    "island_pocket": {"Clear Face24 Z17": ("facing", 20), "Pocket Face15 Z10": ("pocket", 20)},
    "counterbored_step": {
        "Clear Face3 Z12": ("facing", 40),
        "Pocket Face17 Z5.5": ("pocket", 12),  # the counterbores from the step's floor
        "Pocket Face18 Z5.5": ("pocket", 12),
        "Through 30 × 10 X33 Y25": ("pocket", 12),  # the slot through the base
        "Drill Ø6.8 Z0": ("drilling", 5.5),  # from the counterbores' floor
    },
    "through_slot": {"Through 62 × 12 X19 Y16": ("pocket", 16)},
    "two_level_holes": {"Drill Ø5 Z18": ("drilling", 30), "Drill Ø10 Z0": ("drilling", 20)},
    "round_boss": {"Clear Face2 Z10": ("facing", 24)},
    "tight_corners": {"Rest Face19 Z10": ("pocket", 18)},  # the slot the 12 mm cannot enter
}
PARTS = tuple(EXPECTED)


class Shop:
    def __init__(self, database: Database, folder: Path) -> None:
        self.database, self.folder = database, folder
        self.store = BlobStore(folder / "store")
        self.workspace = Workspace(database, self.store)


@pytest.fixture(scope="module")
def shop(
    freecad: ModuleType, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Any:
    folder = tmp_path_factory.mktemp("plan_parts")
    database = shop_database(sqlite_template, folder)
    yield Shop(database, folder)
    database.dispose()


@pytest.mark.parametrize("name", PARTS)
def test_the_default_plan_machines_the_part_and_leaves_at_most_3_percent(
    shop: Shop, name: str
) -> None:
    from tests.freecad import plan_parts

    document = shop.folder / f"{name}.FCStd"
    built = plan_parts.build(name, str(document))
    model_library.save_model_version(shop.workspace, path=document, name=name)
    plan = cam_plan.plan_run(shop.workspace, model=name, machine=MACHINE, material=MATERIAL)
    planned = {op.name: (op.type, op.start_depth_mm) for op in plan.operations}
    for operation, expected in EXPECTED[name].items():
        assert planned.get(operation) == expected, (operation, planned, plan.notes)
    simulated = [n for n in plan.notes if n.startswith("simulation of the plan")]
    assert len(simulated) == 1 and "no error finding" in simulated[0], plan.notes
    run = cam_runs.run_cam(
        shop.workspace, model=name, machine=MACHINE, material=MATERIAL, spec=plan
    )
    assert run.status.value == "succeeded", run.error
    sim = sim_runs.get_sim_run(shop.database, run.simulation_id)
    assert sim.status.value == "succeeded", sim.error
    assert sim.released and run.held is None, sim.errors()
    # A shank that rubs a wall above the flutes is said in the reason of its operation.
    rubbing = {f["message"].split(" (", 1)[1].split(")")[0] for f in sim.findings
               if f["kind"] == "shank_rub"}  # fmt: skip
    for tool in rubbing:
        said = [op.why or "" for op in plan.operations if op.tool.startswith(tool)]
        assert any("shank rubs" in why for why in said), (tool, said)
    # Exported as a user gets it (refused unless its simulation is clean), then read by
    # LinuxCNC with the run's own tool table.
    program, table = shop.folder / f"{name}.ngc", shop.folder / f"{name}.tbl"
    cam_run_files.export_gcode(shop.workspace, run.id, program)
    cam_run_files.export_tool_table(shop.database, run.id, table)
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


def test_a_tolerance_tighter_than_roughing_gets_finishing_passes(shop: Shop) -> None:
    """±0.02 mm on the L-bracket: every floor, the slot and the outline are roughed leaving
    0.2 mm (FreeCAD's ExtraOffset and OffsetExtra, whose direction the simulation checks:
    the wrong one gouges) and finished to size right after; the holes are not."""
    from tests.freecad import plan_parts

    name = "counterbored_step"
    document = shop.folder / f"{name}-tolerance.FCStd"
    built = plan_parts.build(name, str(document))
    model_library.save_model_version(shop.workspace, path=document, name=f"{name}-tolerance")
    plan = cam_plan.plan_run(
        shop.workspace, model=f"{name}-tolerance", machine=MACHINE, material=MATERIAL,
        tolerance_mm=0.02,
    )  # fmt: skip
    names = [op.name for op in plan.operations]
    for rough in ("Clear Face3 Z12", "Pocket Face17 Z5.5", "Through 30 × 10 X33 Y25", "Outline"):
        assert names.index(f"Finish {rough}") == names.index(rough) + 1, names
    roughing = next(op for op in plan.operations if op.name == "Pocket Face17 Z5.5")
    assert (roughing.final_depth_mm, roughing.stock_to_leave_mm) == (5.7, 0.2)
    assert not any(n.startswith("Finish Drill") for n in names)
    run = cam_runs.run_cam(
        shop.workspace, model=f"{name}-tolerance", machine=MACHINE, material=MATERIAL,
        spec=plan,
    )  # fmt: skip
    sim = sim_runs.get_sim_run(shop.database, run.simulation_id)
    assert sim.released, sim.errors()
    stock = float(sim.removed_volume_mm3 + sim.remaining_volume_mm3)
    left = float(sim.left_volume_mm3)
    print(f"\n{name} at ±0.02 mm: {len(names)} operations; left {left:.0f} mm³")
    assert left <= LEFT_SHARE * (stock - built["volume_mm3"])
