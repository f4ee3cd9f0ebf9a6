# SPDX-License-Identifier: LGPL-2.1-or-later
"""The CAM run specification: what a run machines, with which tools, how (JSON, editable).

A spec is what ``projem cam plan`` writes and ``projem cam run --spec`` reads; the run stores
it, resolved (every tool numbered, every missing speed, feed and depth filled in from the
feeds-and-speeds calculator), in ``cam_runs.operations``. Lengths are millimetres, feeds
mm/min, heights and depths absolute Z in the part's coordinates. See docs/cam/run-spec.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, PositiveFloat, model_validator

from projem_workbench.cam.operations import OPERATIONS
from projem_workbench.errors import ValidationError
from projem_workbench.sim.machine import THROUGH_CUT_ALLOWANCE_MM

SPEC_VERSION = 1
# The table's names (a type checker cannot follow a Literal made at run time).
OperationType = Literal[tuple(OPERATIONS)]  # type: ignore[valid-type]
# Characters a G-code comment cannot hold (LinuxCNC refuses nested parentheses).
COMMENT_UNSAFE = str.maketrans({"(": "[", ")": "]", ";": ",", "\n": " ", "\r": " "})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StockOffsets(_Strict):
    """Stock as the part's bounding box grown on each side (mm)."""

    x_neg: NonNegativeFloat = 2.0
    x_pos: NonNegativeFloat = 2.0
    y_neg: NonNegativeFloat = 2.0
    y_pos: NonNegativeFloat = 2.0
    z_neg: NonNegativeFloat = 0.0
    z_pos: NonNegativeFloat = 1.0


class StockExtents(_Strict):
    """Stock as an absolute box (mm, part coordinates)."""

    x_min: float
    x_max: float
    y_min: float
    y_max: float
    z_min: float
    z_max: float

    @model_validator(mode="after")
    def _positive_size(self) -> StockExtents:
        for axis in "xyz":
            if getattr(self, f"{axis}_max") <= getattr(self, f"{axis}_min"):
                raise ValueError(f"{axis}_max must be greater than {axis}_min")
        return self


class Stock(_Strict):
    offsets_mm: StockOffsets | None = None
    extents_mm: StockExtents | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Stock:
        if (self.offsets_mm is None) == (self.extents_mm is None):
            raise ValueError("give the stock as either offsets_mm or extents_mm")
        return self


class OperationSpec(_Strict):
    """One operation; every field left out is decided by the run (calculator or FreeCAD)."""

    name: str = Field(min_length=1, max_length=80)
    type: OperationType
    tool: str = Field(min_length=1, description="a tool of the library, by name")
    faces: list[str] = Field(default_factory=list, description="FreeCAD face names, e.g. Face7")
    side: Literal["outside", "inside"] | None = None
    finishing: bool = False
    start_depth_mm: float | None = None
    final_depth_mm: float | None = None
    stepdown_mm: PositiveFloat | None = None
    stepover_percent: float | None = Field(default=None, gt=0, le=100)
    spindle_rpm: PositiveFloat | None = None
    feed_mm_min: PositiveFloat | None = None
    plunge_mm_min: PositiveFloat | None = None
    coolant: Literal["none", "flood", "mist"] = "none"
    peck_mm: PositiveFloat | None = None
    stock_to_leave_mm: NonNegativeFloat | None = Field(
        default=None,
        description="pocket, profile: material left on the walls for a finishing pass "
        "(FreeCAD's ExtraOffset, OffsetExtra)",
    )
    rest_after_mm: PositiveFloat | None = Field(
        default=None,
        description="pocket: clear only what an end mill of this diameter left of the floor "
        "(rest machining: corners tighter than it, slots narrower)",
    )
    retract_height_mm: float | None = Field(
        default=None,
        description="drilling: the R plane the drill moves between holes at (default FreeCAD's,"
        " 3 mm above the start depth)",
    )
    dwell_s: PositiveFloat | None = None
    why: str | None = Field(default=None, description="why the planner chose this")

    @model_validator(mode="after")
    def _consistent(self) -> OperationSpec:
        for face in self.faces:
            if not (face.startswith("Face") and face[4:].isdigit()):
                raise ValueError(f"{face!r} is not a face name like Face7")
        if OPERATIONS[self.type].needs_faces and not self.faces:
            raise ValueError(f"a {self.type} operation needs faces")
        if self.side is not None and self.type != "profile":
            raise ValueError("side is for profile operations")
        if self.stock_to_leave_mm and self.type not in ("pocket", "profile"):
            raise ValueError("stock_to_leave_mm is for pocket and profile operations")
        if self.rest_after_mm is not None and self.type != "pocket":
            raise ValueError("rest_after_mm is for pocket operations")
        if (self.peck_mm or self.dwell_s or self.retract_height_mm) and self.type != "drilling":
            raise ValueError("peck_mm, dwell_s and retract_height_mm are for drilling")
        if (
            self.retract_height_mm is not None
            and self.start_depth_mm is not None
            and self.retract_height_mm < self.start_depth_mm
        ):
            raise ValueError("retract_height_mm is below start_depth_mm")
        if (
            self.start_depth_mm is not None
            and self.final_depth_mm is not None
            and self.final_depth_mm > self.start_depth_mm
        ):
            raise ValueError("final_depth_mm is above start_depth_mm")
        return self

    @property
    def label(self) -> str:
        """The name as it can appear in a G-code comment."""
        return self.name.translate(COMMENT_UNSAFE)


class RunSpec(_Strict):
    version: Literal[1] = SPEC_VERSION
    object: str | None = Field(default=None, description="the document object to machine")
    stock: Stock = Field(default_factory=lambda: Stock(offsets_mm=StockOffsets()))
    wcs: Literal["G54", "G55", "G56", "G57", "G58", "G59"] = "G54"
    safe_height_mm: float | None = None
    clearance_height_mm: float | None = None
    through_cut_allowance_mm: NonNegativeFloat = Field(
        default=THROUGH_CUT_ALLOWANCE_MM,
        description="how far below the stock's bottom a depth may go (a cut clean through)",
    )
    tool_numbers: dict[str, int] = Field(
        default_factory=dict, description="tool name -> T number (default: the library's)"
    )
    operations: list[OperationSpec] = Field(min_length=1)
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> RunSpec:
        # Compared as G-code comments: the run finds each operation's moves by its label, so
        # "A (1)" and "A [1]" would be one operation there.
        names = [op.label for op in self.operations]
        doubled = sorted({n for n in names if names.count(n) > 1})
        if doubled:
            raise ValueError(f"operation names must be unique: {', '.join(doubled)}")
        numbers = list(self.tool_numbers.values())
        if any(n < 1 for n in numbers) or len(set(numbers)) != len(numbers):
            raise ValueError("tool_numbers must be positive and different")
        if (
            self.safe_height_mm is not None
            and self.clearance_height_mm is not None
            and self.clearance_height_mm < self.safe_height_mm
        ):
            raise ValueError("clearance_height_mm is below safe_height_mm")
        return self

    def tools(self) -> list[str]:
        """The tools named by the operations, in order of first use."""
        return list(dict.fromkeys(op.tool for op in self.operations))


def stock_heights(stock: Stock, part_box: list[float] | None) -> tuple[float, float] | None:
    """(bottom, top) of the stock in Z: its extents, else the part's bounding box
    (``[x0, y0, z0, x1, y1, z1]``) grown by the offsets; None when the part is not measured."""
    if stock.extents_mm is not None:
        return stock.extents_mm.z_min, stock.extents_mm.z_max
    if stock.offsets_mm is None or not part_box:
        return None
    return part_box[2] - stock.offsets_mm.z_neg, part_box[5] + stock.offsets_mm.z_pos


def crash_problems(
    operations: list[dict[str, object]],
    heights: dict[str, float | None],
    *,
    bottom: float,
    top: float,
    allowance: float,
) -> dict[str, str]:
    """What would crash the machine, keyed by the place in the spec: a depth below the stock's
    bottom by more than ``allowance`` (into the vise, fixture or table), a safe or clearance
    height not above the stock's top (rapids through the stock), clearance below safe.

    ``operations``: ``name``, ``start_depth_mm`` and ``final_depth_mm`` of each (None: not
    known yet); ``heights``: ``safe_height_mm`` and ``clearance_height_mm``."""
    problems: dict[str, str] = {}
    floor = bottom - allowance
    for index, op in enumerate(operations):
        for field in ("start_depth_mm", "final_depth_mm"):
            value = op.get(field)
            if isinstance(value, int | float) and value < floor - 1e-6:
                problems[f"operations.{index}.{field}"] = (
                    f"operation {op['name']!r}: {field} Z{value:g} is {bottom - value:g} mm "
                    f"below the stock's bottom (Z{bottom:g}), more than the through-cut "
                    f"allowance of {allowance:g} mm: the tool would cut into the vise, fixture "
                    "or table (through_cut_allowance_mm sets the allowance)"
                )
    safe, clearance = heights.get("safe_height_mm"), heights.get("clearance_height_mm")
    for field, value in (("safe_height_mm", safe), ("clearance_height_mm", clearance)):
        if value is not None and value <= top + 1e-6:
            problems[field] = (
                f"{field} Z{value:g} is not above the stock's top (Z{top:g}): rapids at that "
                "height would go through the stock"
            )
    if safe is not None and clearance is not None and clearance < safe - 1e-6:
        problems.setdefault(
            "clearance_height_mm",
            f"clearance_height_mm Z{clearance:g} is below safe_height_mm Z{safe:g}",
        )
    return problems


def check_against_stock(spec: RunSpec, stock: tuple[float, float]) -> None:
    """Refuse a spec that would crash on this stock ((bottom, top) in Z), as a
    :class:`ValidationError` naming each operation and field (see :func:`crash_problems`)."""
    problems = crash_problems(
        [op.model_dump() for op in spec.operations],
        {"safe_height_mm": spec.safe_height_mm, "clearance_height_mm": spec.clearance_height_mm},
        bottom=stock[0],
        top=stock[1],
        allowance=spec.through_cut_allowance_mm,
    )
    if problems:
        first = next(iter(problems)).rsplit(".", 1)[-1]
        raise ValidationError("; ".join(problems.values()), field=first, problems=problems)


def parse_spec(data: object, *, source: str = "spec") -> RunSpec:
    """A validated spec, or a :class:`ValidationError` naming each bad field (its
    ``problems`` keyed by the field's place in the spec, e.g. ``operations.0.tool``)."""
    try:
        return RunSpec.model_validate(data)
    except pydantic.ValidationError as exc:
        # Each problem also by its place ("operations.2.stepover_percent"), so a form can show
        # it on the offending row and field.
        by_place: dict[str, str] = {}
        for error in exc.errors():
            place = ".".join(str(p) for p in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            by_place[place] = f"{by_place[place]}; {message}" if place in by_place else message
        text = "; ".join(f"{place}: {msg}" if place else msg for place, msg in by_place.items())
        raise ValidationError(
            f"{source}: {text}", field="spec", problems={k: v for k, v in by_place.items() if k}
        ) from None


def read_spec(path: Path) -> RunSpec:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError(
            f"{path}: cannot read the spec ({exc.strerror})", field="spec"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{path}: not a JSON spec ({exc})", field="spec") from None
    return parse_spec(data, source=str(path))


def spec_json(spec: RunSpec) -> str:
    """The spec as a user edits it: indented, nothing left unset hidden."""
    return json.dumps(spec.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
