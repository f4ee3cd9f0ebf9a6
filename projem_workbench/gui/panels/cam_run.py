# SPDX-License-Identifier: LGPL-2.1-or-later
"""The New CAM run panel's presenter: the choices offered (models, versions, machines,
materials, tools), the planned spec the fields edit and the model version it was planned for,
whether a plan or a run is under way, the last run, and every text the page shows. It holds no
widgets and calls services only, so its tests need no page; the page (:mod:`cam_run_page`)
reads its fields into a plain dict (``get_fields``) and copies the presenter's state into its
widgets (``set_fields``).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from projem_workbench.errors import ProjemError, ValidationError
from projem_workbench.gui import freecad_gui
from projem_workbench.gui.i18n import translate
from projem_workbench.services import cam_plan, cam_runs, model_library
from projem_workbench.services.cam_spec import parse_spec
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from projem_workbench.services.tools import TOOLS

ACTIVE_DOCUMENT = -1  # the model combo's entry for the active document (models have names)
STOCK_SIDES = ("x_neg", "x_pos", "y_neg", "y_pos", "z_neg", "z_pos")
STOCK_LABELS = ("X−", "X+", "Y−", "Y+", "Z−", "Z+")
STOCK_PLACE = "stock.offsets_mm."

Choice = tuple[str, Any]  # what a combo shows, and the value it stands for


def readable(error: BaseException) -> str:
    """An error's message without the FreeCAD traceback some CAM failures carry (the report
    view gets the whole text)."""
    text = str(error)
    head, _, tail = text.partition("\nTraceback (most recent call last)")
    if tail:
        freecad_gui.log_error(text)
    return head.strip()


def target(model: Any, version: Any) -> tuple[str, int] | None:
    """The stored model version chosen, or None (none yet, or the active document)."""
    return None if model in (None, ACTIVE_DOCUMENT) or version is None else (model, version)


@dataclass(frozen=True)
class Choices:
    """What the combos and the operations table's tool column offer."""

    models: list[Choice]
    machines: list[str]
    materials: list[str]
    tools: list[str]


@dataclass(frozen=True)
class Checked:
    """The spec as the fields hold it, or the problems that refused it (each keyed by its
    place, ``operations.2.feed_mm_min`` or ``stock.offsets_mm.x_neg``) and the error."""

    spec: Any = None
    resolved: list[dict[str, Any]] | None = None  # the check's operations: calculated values
    problems: dict[str, str] = field(default_factory=dict)
    error: BaseException | None = None


@dataclass(frozen=True)
class Job:
    """Work for the page to run (on a worker thread outside FreeCAD) while it shows ``label``."""

    label: str
    work: Callable[[], Any]


@dataclass(frozen=True)
class Failure:
    """What to show for a plan or a run that raised."""

    status: str
    recorded: bool = False  # a run recorded as failed: the page shows it (``run``, ``error``)
    run: Any = None
    error: str = ""


class NewCamRunPresenter:
    """The state of one New CAM run panel, driven by the page and by tests."""

    def __init__(self, workspace: Any, *, in_process: bool | None = None) -> None:
        self.workspace, self.database = workspace, workspace.database
        # Inside FreeCAD the plan and the run use FreeCAD in this process, on the GUI thread.
        self.in_process = freecad_gui.cam_runs_in_process() if in_process is None else in_process
        self.busy = False
        self.base: dict[str, Any] | None = None  # the planned spec the fields edit
        self.planned_for: tuple[str, int] | None = None
        self.notes = ""
        self.stock_errors: dict[str, str] = {}
        self.last_run: Any = None

    # -- choices ----------------------------------------------------------------------------

    def choices(self) -> Choices:
        """The active document (if any), the library's models, the machines, materials and
        tools; raises :class:`ProjemError` when the database cannot say."""
        models = model_library.list_models(self.database)
        machines = [m.name for m in MACHINES.list(self.database)]
        materials = [m.name for m in MATERIALS.list(self.database)]
        tools = [t.name for t in TOOLS.list(self.database)]
        offered: list[Choice] = []
        document = freecad_gui.active_document()
        if document is not None:
            offered.append((
                translate("Projem", "Active document: {label} (saved to the library first)")
                .format(label=document.label),
                ACTIVE_DOCUMENT,
            ))  # fmt: skip
        offered += [(model.name, model.name) for model in models]
        return Choices(offered, machines, materials, tools)

    @staticmethod
    def missing_text(choices: Choices) -> str | None:
        """What the database lacks to plan anything, or None."""
        missing = [
            what
            for what, names in (
                (translate("Projem", "machines"), choices.machines),
                (translate("Projem", "materials"), choices.materials),
                (translate("Projem", "tools"), choices.tools),
            )
            if not names
        ]
        if not missing:
            return None
        return translate(
            "Projem",
            "The database has no {what} yet: add them in the Projem editors, or load the "
            "starter catalogue (projem catalog load).",
        ).format(what=", ".join(missing))

    def versions(self, model: Any) -> tuple[list[Choice], str | None]:
        """The versions of ``model`` to offer, newest first, and an error to show, if any."""
        if model == ACTIVE_DOCUMENT:
            return [(translate("Projem", "new version when planned"), None)], None
        if model is None:
            return [], None
        try:
            versions = model_library.versions(self.database, model)
        except ProjemError as exc:
            return [], str(exc)
        label = translate("Projem", "version {version}")
        live = [v for v in versions if not v.is_deleted]
        return [(label.format(version=v.version), v.version) for v in reversed(live)], None

    def target_changed(self, chosen: tuple[str, int] | None) -> str | None:
        """Another model or version: the plan (its faces) belongs to the old one, so it is
        dropped; the status to show when it was."""
        if self.planned_for is None or chosen == self.planned_for:
            return None
        self.set_plan(None)
        return translate("Projem", "Plan again for this model.")

    def enabled(self, *, model: Any, version: Any, rows: int) -> dict[str, bool]:
        """Which of the page's controls may be used now."""
        idle = not self.busy
        return {
            "plan": idle and model is not None,
            "run": idle and self.base is not None,
            "remove": idle and rows > 1,
            "choices": idle,
            "version": idle and target(model, version) is not None,
        }

    # -- planning ---------------------------------------------------------------------------

    def plan_job(self, fields: dict[str, Any]) -> Job | str:
        """The default plan for the chosen model version, machine and material, or the status
        saying what to choose first."""
        chosen = target(fields["model"], fields["version"])
        machine, material = fields["machine"], fields["material"]
        if chosen is None or machine is None or material is None:
            return translate("Projem", "Choose a model, a machine and a material.")
        (model, version), workspace = chosen, self.workspace
        return Job(
            translate("Projem", "Planning {model} v{version}…").format(
                model=model, version=version
            ),
            lambda: cam_plan.plan_run(
                workspace, model=model, version=version, machine=machine, material=material
            ),
        )

    def set_plan(self, base: dict[str, Any] | None) -> None:
        """The spec the fields edit (None: nothing planned)."""
        self.base = base
        self.planned_for = None
        if base is None:
            self.notes = ""

    def planned(self, spec: Any, chosen: tuple[str, int]) -> None:
        """The plan for ``chosen`` is made: its spec is what the fields edit."""
        self.set_plan(spec.model_dump(mode="json"))
        self.planned_for = chosen
        self.notes = (
            "\n".join(f"• {note}" for note in spec.notes)
            if spec.notes
            else translate("Projem", "The plan has no notes.")
        )

    @staticmethod
    def planned_text(spec: Any, chosen: tuple[str, int]) -> str:
        return translate(
            "Projem", "Planned {count} operations for {model} v{version}. Edit them, then Run."
        ).format(count=len(spec.operations), model=chosen[0], version=chosen[1])

    def stock_texts(self) -> dict[str, str]:
        """The planned stock margins as the fields show them."""
        offsets = ((self.base or {}).get("stock") or {}).get("offsets_mm") or {}
        return {
            side: "" if offsets.get(side) is None else f"{float(offsets[side]):g}"
            for side in STOCK_SIDES
        }

    def operations(self) -> list[dict[str, Any]]:
        return list((self.base or {}).get("operations", []))

    # -- checking ---------------------------------------------------------------------------

    def spec(self, fields: dict[str, Any]) -> Checked | None:
        """The spec the fields hold (None before a plan), or what refused it. ``fields`` are
        the page's (see ``NewCamRunPanel.get_fields``): the choices, the operations and stock
        margins as numbers, and the problems found reading them."""
        if self.base is None:
            return None
        if fields["problems"]:  # a cell or stock field that is not a number
            return Checked(problems=dict(fields["problems"]))
        data = {
            **self.base,
            "operations": fields["operations"],
            "stock": {"offsets_mm": fields["stock"]},
        }
        try:
            return Checked(spec=parse_spec(data, source=translate("Projem", "the plan")))
        except ValidationError as exc:
            return Checked(problems=exc.problems, error=exc)

    def check(self, fields: dict[str, Any]) -> Checked | None:
        """The spec checked as a run would resolve it (library tools, machine limits, and for a
        stored model its depths and heights against the stock), with the calculator's values
        for the blank cells; None before a plan."""
        checked = self.spec(fields)
        if checked is None or checked.spec is None:
            return checked
        model, version = target(fields["model"], fields["version"]) or (None, None)
        try:
            resolved = cam_runs.check_spec(
                self.database,
                spec=checked.spec,
                machine=fields["machine"],
                material=fields["material"],
                model=model,  # its stock: depths into the table, heights in the part
                version=version,
            )
        except ValidationError as exc:
            return Checked(problems=exc.problems, error=exc)
        except ProjemError as exc:
            return Checked(error=exc)
        return Checked(spec=checked.spec, resolved=resolved)

    @staticmethod
    def placed_problems(
        problems: dict[str, str], error: BaseException | None = None
    ) -> dict[str, str]:
        """The problems that belong on a cell or a stock field (not the spec as a whole)."""
        whole = ("spec", getattr(error, "field", None))
        return {k: v for k, v in problems.items() if k not in whole or "." in k}

    def take_stock_problems(self, rest: dict[str, str]) -> dict[str, str]:
        """The stock fields' problems out of ``rest`` (kept in ``stock_errors``); the others."""
        self.stock_errors = {}
        others = {}
        for place, message in rest.items():
            side = place.removeprefix(STOCK_PLACE)
            if side in STOCK_SIDES:
                self.stock_errors[side] = message
            else:
                others[place] = message
        return others

    def problem_lines(
        self, table_lines: list[str], rest: dict[str, str], error: BaseException | None
    ) -> list[str]:
        """The list below the fields: the table's problems, the stock's, the rest, or else the
        error's message."""
        lines = list(table_lines)
        lines += [
            translate("Projem", "stock {side}: {message}").format(side=label, message=message)
            for side, label in zip(STOCK_SIDES, STOCK_LABELS, strict=True)
            if (message := self.stock_errors.get(side))
        ]
        lines += [f"{place}: {message}" for place, message in rest.items()]
        if not lines and error is not None:
            lines = [readable(error)]
        return lines

    # -- running ----------------------------------------------------------------------------

    def run_job(self, spec: Any, fields: dict[str, Any]) -> Job:
        """CAM for the planned model version with ``spec``."""
        assert self.planned_for is not None
        (model, version), workspace = self.planned_for, self.workspace
        machine, material = fields["machine"], fields["material"]
        keep_open = self.in_process  # FreeCAD's own tools can then inspect the CAM job

        def run_cam() -> Any:
            return cam_runs.run_cam(
                workspace, model=model, version=version, machine=machine, material=material,
                spec=spec, keep_open=keep_open,
            )  # fmt: skip

        label = translate("Projem", "Running CAM for {model} v{version}…")
        return Job(label.format(model=model, version=version), run_cam)

    def ran(self, run: Any) -> str:
        """The run is made: the status to show."""
        self.last_run = run
        text = translate("Projem", "Run {id} succeeded.").format(id=run.id)
        record = run.operations or {}
        if record.get("document") and record.get("job_document"):
            text += " " + translate(
                "Projem", "FreeCAD's CAM job is open for inspection ({file})."
            ).format(file=Path(record["job_document"]).name)
        return text

    def failed(self, exc: BaseException) -> Failure:
        """What to show for a plan or run that raised ``exc``."""
        run_id = getattr(exc, "run_id", None)
        if run_id is not None:  # recorded as failed: show the run and FreeCAD's reason
            try:
                self.last_run = cam_runs.get_run(self.database, run_id)
            except ProjemError:
                self.last_run = None
            return Failure(
                translate("Projem", "The run failed."),
                recorded=True,
                run=self.last_run,
                error=readable(exc),
            )
        if isinstance(exc, ProjemError):
            return Failure(readable(exc))
        # A bug: the message here, the traceback in the report view.
        freecad_gui.log_error("".join(traceback.format_exception(exc)))
        return Failure(
            translate("Projem", "Unexpected error: {error}\nDetails are in the report view.")
            .format(error=f"{type(exc).__name__}: {exc}")
        )  # fmt: skip
