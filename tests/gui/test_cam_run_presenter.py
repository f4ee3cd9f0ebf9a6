# SPDX-License-Identifier: LGPL-2.1-or-later
"""The New CAM run panel's presenter on a real database, with no widget and no FreeCAD: the
choices it offers, what it says is missing, the plan the fields edit, the check of the fields
as a run would resolve them, where each problem is shown, and what a failure shows. (The page
itself, driven as a user would, is tests/gui/test_cam_run_panel.py.)"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from projem_workbench.db.session import Database
from projem_workbench.errors import FreeCADUnavailableError, ProjemError
from projem_workbench.gui.panels.cam_run import (
    ACTIVE_DOCUMENT,
    Job,
    NewCamRunPresenter,
)
from projem_workbench.services import model_library, reference
from projem_workbench.services.cam_spec import parse_spec
from projem_workbench.services.workspace import Workspace
from tests.support.documents import synthetic_fcstd

MACHINE, MATERIAL = "VMC 850 (LinuxCNC)", "Aluminium 6061-T6"
EM6 = "EM 6 mm 3F carbide"


pytestmark = pytest.mark.usefixtures("no_freecad")


@pytest.fixture
def shop(database: Database, tmp_path: Path) -> Workspace:
    workspace = Workspace.open(database)
    reference.load_reference_data(database, reference.starter_catalog())
    part = synthetic_fcstd(tmp_path / "part.FCStd", {"Box": "Part::Box"})
    model_library.save_model_version(workspace, path=part, name="part")
    return workspace


def plan() -> Any:
    return parse_spec({
        "stock": {"offsets_mm": {"x_neg": 2, "z_pos": 1.5}},
        "operations": [
            {"name": "Pocket", "type": "pocket", "tool": EM6, "faces": ["Face3"],
             "feed_mm_min": 900},
            {"name": "Edge", "type": "profile", "tool": EM6, "faces": []},
        ],
        "notes": ["a 20 mm box"],
    })  # fmt: skip


def fields(presenter: NewCamRunPresenter, **changed: Any) -> dict[str, Any]:
    """The page's fields as it reads them just after a plan, with ``changed`` applied."""
    offsets = (presenter.base or {}).get("stock", {}).get("offsets_mm", {})
    return {
        "model": "part", "version": 1, "machine": MACHINE, "material": MATERIAL,
        "operations": presenter.operations(), "stock": dict(offsets), "problems": {},
        **changed,
    }  # fmt: skip


def planned(shop: Workspace) -> NewCamRunPresenter:
    presenter = NewCamRunPresenter(shop, in_process=False)
    presenter.planned(plan(), ("part", 1))
    return presenter


def test_the_choices_and_what_is_missing(database: Database, tmp_path: Path) -> None:
    workspace = Workspace.open(database)
    presenter = NewCamRunPresenter(workspace, in_process=False)
    empty = presenter.choices()
    assert empty.models == [] and empty.machines == [] and empty.tools == []
    assert "no machines, materials, tools yet" in (presenter.missing_text(empty) or "")

    reference.load_reference_data(database, reference.starter_catalog())
    part = synthetic_fcstd(tmp_path / "part.FCStd", {"Box": "Part::Box"})
    model_library.save_model_version(workspace, path=part, name="part")
    again = synthetic_fcstd(tmp_path / "again.FCStd", {"Box": "Part::Box"}, seed=b"2")
    model_library.save_model_version(workspace, path=again, name="part")
    choices = presenter.choices()
    assert choices.models == [("part", "part")]  # no FreeCAD: no active document to offer
    assert MACHINE in choices.machines and MATERIAL in choices.materials and EM6 in choices.tools
    assert presenter.missing_text(choices) is None

    assert presenter.versions("part") == ([("version 2", 2), ("version 1", 1)], None)
    assert presenter.versions(ACTIVE_DOCUMENT) == ([("new version when planned", None)], None)
    assert presenter.versions(None) == ([], None)
    offered, error = presenter.versions("gone")
    assert offered == [] and "no model 'gone'" in (error or "")


def test_planning_needs_every_choice_and_fills_the_fields(shop: Workspace) -> None:
    presenter = NewCamRunPresenter(shop, in_process=False)
    assert presenter.enabled(model=None, version=None, rows=0) == {
        "plan": False, "run": False, "remove": False, "choices": True, "version": False,
    }  # fmt: skip
    assert presenter.plan_job(fields(presenter, machine=None)) == (
        "Choose a model, a machine and a material."
    )
    assert presenter.plan_job(fields(presenter, model=ACTIVE_DOCUMENT, version=None)) == (
        "Choose a model, a machine and a material."
    )
    job = presenter.plan_job(fields(presenter))
    assert isinstance(job, Job) and job.label == "Planning part v1…"

    presenter.planned(plan(), ("part", 1))
    assert presenter.planned_for == ("part", 1)
    assert presenter.notes == "• a 20 mm box"
    stock = presenter.stock_texts()  # the margins not given are the spec's defaults
    assert list(stock) == ["x_neg", "x_pos", "y_neg", "y_pos", "z_neg", "z_pos"]
    assert (stock["x_neg"], stock["z_pos"]) == ("2", "1.5")
    assert [op["name"] for op in presenter.operations()] == ["Pocket", "Edge"]
    assert presenter.planned_text(plan(), ("part", 1)) == (
        "Planned 2 operations for part v1. Edit them, then Run."
    )
    assert presenter.enabled(model="part", version=1, rows=2)["run"]
    presenter.busy = True
    assert not any(presenter.enabled(model="part", version=1, rows=2).values())

    presenter.busy = False
    assert presenter.target_changed(("part", 1)) is None  # the same version: the plan stays
    assert presenter.target_changed(("part", 2)) == "Plan again for this model."
    assert presenter.base is None and presenter.planned_for is None and presenter.notes == ""
    assert presenter.check(fields(presenter)) is None  # nothing planned: nothing to check


def test_the_check_resolves_as_a_run_would_and_places_each_problem(shop: Workspace) -> None:
    presenter = planned(shop)
    checked = presenter.check(fields(presenter))
    assert checked is not None and checked.problems == {} and checked.error is None
    assert [op.name for op in checked.spec.operations] == ["Pocket", "Edge"]
    assert checked.resolved is not None
    assert checked.resolved[0]["feed_mm_min"] == 900
    assert checked.resolved[1]["source"]["feed_mm_min"] == "calculator"

    # What the page could not read as a number is refused before anything is checked.
    unread = {"stock.offsets_mm.y_pos": "not a number: abc"}
    assert presenter.check(fields(presenter, problems=unread)).problems == unread  # type: ignore[union-attr]

    # The spec's own rules and the library's tools, each keyed by its place.
    negative = presenter.check(fields(presenter, stock={"x_neg": -1}))
    assert negative is not None and negative.spec is None
    assert "greater than or equal to 0" in negative.problems["stock.offsets_mm.x_neg"]
    operations = presenter.operations()
    operations[1]["tool"] = "EM 99"
    unknown = presenter.check(fields(presenter, operations=operations))
    assert unknown is not None and "operations.1.tool" in unknown.problems

    placed = presenter.placed_problems(unknown.problems, unknown.error)
    assert "operations.1.tool" in placed
    on_fields = presenter.placed_problems(negative.problems, negative.error)
    assert "spec" not in on_fields  # the whole spec's summary is not shown on a field
    rest = presenter.take_stock_problems({**on_fields, "wcs": "not G54"})
    assert rest == {"wcs": "not G54"} and list(presenter.stock_errors) == ["x_neg"]
    lines = presenter.problem_lines(["row 1: bad"], rest, None)
    assert lines[0] == "row 1: bad" and lines[1].startswith("stock X−: ")
    assert lines[2] == "wcs: not G54"
    presenter.take_stock_problems({})
    error = ProjemError("the model is gone\nTraceback (most recent call last)\n  ...")
    assert presenter.problem_lines([], {}, error) == ["the model is gone"]


def test_what_a_run_and_a_failure_show(shop: Workspace) -> None:
    presenter = planned(shop)
    job = presenter.run_job(plan(), fields(presenter))
    assert job.label == "Running CAM for part v1…"

    run = SimpleNamespace(id=7, operations={"document": "Job", "job_document": "/x/part-7.FCStd"})
    text = presenter.ran(run)
    assert text == "Run 7 succeeded. FreeCAD's CAM job is open for inspection (part-7.FCStd)."
    assert presenter.last_run is not None and presenter.last_run.id == 7

    refused = presenter.failed(FreeCADUnavailableError("freecadcmd is not installed"))
    assert refused.status == "freecadcmd is not installed" and not refused.recorded
    recorded = FreeCADUnavailableError("FreeCAD failed")
    recorded.run_id = 999_999  # type: ignore[attr-defined]  # a run that cannot be read back
    shown = presenter.failed(recorded)
    assert shown.recorded and shown.run is None and presenter.last_run is None
    assert (shown.status, shown.error) == ("The run failed.", "FreeCAD failed")
    bug = presenter.failed(KeyError("x"))
    assert bug.status.startswith("Unexpected error: KeyError: 'x'")
