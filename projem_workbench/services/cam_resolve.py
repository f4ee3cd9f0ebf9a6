# SPDX-License-Identifier: LGPL-2.1-or-later
"""A run spec resolved against the library: tools found and numbered, every missing speed,
feed and depth taken from the feeds-and-speeds calculator, values checked against the machine.

The result is both what the run stores (so it says exactly what produced the G-code) and what
FreeCAD is asked to build (plain JSON, see :mod:`projem_workbench.cam.job_builder`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from projem_workbench.cam.operations import OPERATIONS
from projem_workbench.db.enums import ToolType
from projem_workbench.db.models import Tool
from projem_workbench.errors import ProjemError, ValidationError
from projem_workbench.interchange.freecad_toolbits import FLAVOURS, tool_to_bit
from projem_workbench.schemas.cutting_data import CuttingData
from projem_workbench.services.cam_spec import COMMENT_UNSAFE, OperationSpec, RunSpec
from projem_workbench.services.feeds import (
    FeedsResult,
    MachineLimits,
    Operation,
    ToolSpec,
    compute_feeds,
)
from projem_workbench.services.machines import MachineRecord
from projem_workbench.services.materials import MaterialRecord
from projem_workbench.services.tools import TOOLS

# Arguments for FreeCAD's post-processor unless the machine's meta.post_arguments says otherwise.
POST_ARGUMENTS = "--no-header --no-show-editor --precision 3"
# Tool columns a run records with each tool, so its simulation sees the tool as it was then.
TOOL_GEOMETRY = (
    "flute_length_mm",
    "overall_length_mm",
    "shank_diameter_mm",
    "corner_radius_mm",
    "tip_angle_deg",
)


def job_request(spec: RunSpec, document: Path) -> dict[str, Any]:
    """What the FreeCAD worker needs of ``spec`` to open the model in ``document`` and make
    the job and its stock (``job_builder.build_job`` reads it first)."""
    return {
        "document": str(document),
        "object": spec.object,
        "stock": spec.stock.model_dump(mode="json", exclude_none=True),
        "wcs": spec.wcs,
        "safe_height_mm": spec.safe_height_mm,
        "clearance_height_mm": spec.clearance_height_mm,
    }


def post_request(machine: MachineRecord) -> dict[str, Any]:
    """The post-processor and its arguments for ``machine`` (a row, or its facts), as the
    FreeCAD worker takes them."""
    arguments = (machine.meta or {}).get("post_arguments", POST_ARGUMENTS)
    return {"post": machine.post_processor, "post_arguments": arguments}


def machine_limits(machine: MachineRecord) -> MachineLimits:
    return MachineLimits(
        name=machine.name,
        max_spindle_rpm=machine.max_spindle_rpm,
        max_feed_mm_min=machine.max_feed_mm_min,
        min_spindle_rpm=int((machine.meta or {}).get("min_spindle_rpm", 0)),
    )


def feeds_operation(op: OperationSpec) -> Operation:
    fixed = OPERATIONS[op.type].feeds_operation
    if fixed is not None:
        return Operation(fixed)
    return Operation.FINISHING if op.finishing else Operation.ROUGHING


def tool_numbers(spec: RunSpec, tools: dict[str, Tool]) -> dict[str, int]:
    """T numbers for the run: the spec's own ``tool_numbers`` win for this run, else each tool
    keeps its library number (``tools.tool_number``). Only a library number the spec gave to
    another tool of the run is replaced, by the lowest number no tool of the run uses."""
    numbers = {name: n for name, n in spec.tool_numbers.items() if name in tools}
    library = {name: tools[name].tool_number for name in spec.tools() if name not in numbers}
    taken = set(numbers.values()) | {n for n in library.values() if n is not None}
    for name in spec.tools():
        if name in numbers:
            continue
        own = library[name]
        if own is not None and own not in numbers.values():
            numbers[name] = own
        else:
            numbers[name] = next(n for n in range(1, len(taken) + 2) if n not in taken)
            taken.add(numbers[name])
    return numbers


def _at(index: int, exc: ValidationError) -> ValidationError:
    """``exc`` also keyed by its place in the spec (``operations.<index>.<field>``), so a form
    can show it on the operation's row."""
    place = f"operations.{index}" + (f".{exc.field}" if exc.field else "")
    return ValidationError(str(exc), field=exc.field, problems={place: str(exc)})


def _find_tools(session: Session, spec: RunSpec) -> dict[str, Tool]:
    found = {}
    for index, op in enumerate(spec.operations):
        if op.tool in found:
            tool = found[op.tool]
        else:
            try:
                tool = found[op.tool] = TOOLS.find(session, op.tool)
            except ProjemError:
                raise _at(
                    index,
                    ValidationError(
                        f"operation {op.name!r}: the library has no tool named {op.tool!r}",
                        field="tool",
                    ),
                ) from None
        if ToolType(tool.tool_type).value not in OPERATIONS[op.type].tool_types:
            raise _at(
                index,
                ValidationError(
                    f"operation {op.name!r}: a {op.type} operation cannot use {tool.name!r} "
                    f"({ToolType(tool.tool_type).value})",
                    field="tool",
                ),
            )
    return found


def _feeds(
    op: OperationSpec, tool: Tool, material: MaterialRecord, limits: MachineLimits
) -> FeedsResult:
    try:
        return compute_feeds(
            ToolSpec.model_validate(tool, from_attributes=True),
            CuttingData.model_validate(material.cutting_data or {}),
            limits,
            material=material.name,
            operation=feeds_operation(op),
        )
    except ValidationError as exc:
        raise ValidationError(f"operation {op.name!r}: {exc}", field=exc.field) from None


def _check_machine(op: OperationSpec, values: dict[str, Any], limits: MachineLimits) -> None:
    rpm, feeds = values["spindle_rpm"], (values["feed_mm_min"], values["plunge_mm_min"])
    if rpm > limits.max_spindle_rpm or rpm < limits.min_spindle_rpm:
        raise ValidationError(
            f"operation {op.name!r}: {rpm:g} rpm is outside {limits.name}'s "
            f"{limits.min_spindle_rpm}-{limits.max_spindle_rpm} rpm",
            field="spindle_rpm",
        )
    if max(feeds) > float(limits.max_feed_mm_min):
        raise ValidationError(
            f"operation {op.name!r}: {max(feeds):g} mm/min is above {limits.name}'s "
            f"{float(limits.max_feed_mm_min):g} mm/min",
            field="feed_mm_min",
        )


def resolve(
    session: Session, spec: RunSpec, *, machine: MachineRecord, material: MaterialRecord
) -> dict[str, Any]:
    """The resolved run: ``operations`` (every value decided, with where it came from),
    ``tools`` (id, name, number) and ``controllers`` (one per tool and feeds)."""
    tools = _find_tools(session, spec)
    numbers = tool_numbers(spec, tools)
    limits = machine_limits(machine)
    operations, controllers = [], {}
    for index, op in enumerate(spec.operations):
        tool = tools[op.tool]
        try:
            calculated = _feeds(op, tool, material, limits)
        except ValidationError as exc:
            raise _at(index, exc) from None
        values = op.model_dump(mode="json")
        source = {}
        diameter = float(tool.diameter_mm)
        defaults = {
            "spindle_rpm": calculated.spindle_rpm,
            "feed_mm_min": calculated.feed_mm_min,
            "plunge_mm_min": calculated.plunge_mm_min,
            "stepdown_mm": calculated.stepdown_mm,
            "stepover_percent": (
                None
                if calculated.stepover_mm is None
                else max(1, min(100, round(100 * calculated.stepover_mm / diameter)))
            ),
        }
        for key, default in defaults.items():
            given = values.get(key)
            source[key] = "spec" if given is not None else "calculator"
            values[key] = given if given is not None else default
        try:
            _check_machine(op, values, limits)
        except ValidationError as exc:
            raise _at(index, exc) from None
        key = (tool.name, values["spindle_rpm"], values["feed_mm_min"], values["plunge_mm_min"])
        if key not in controllers:
            controllers[key] = {
                "key": f"c{len(controllers) + 1}",
                "tool": tool.name,
                "tool_id": tool.id,
                "label": f"T{numbers[tool.name]} {tool.name}".translate(COMMENT_UNSAFE),
                "number": numbers[tool.name],
                "bits": {
                    flavour: tool_to_bit(tool, flavour=flavour, file_stem=f"T{numbers[tool.name]}")[
                        0
                    ]
                    for flavour in FLAVOURS
                },
                "spindle_rpm": values["spindle_rpm"],
                "feed_mm_min": values["feed_mm_min"],
                "plunge_mm_min": values["plunge_mm_min"],
            }
        values.update(
            name=op.label,
            controller=controllers[key]["key"],
            tool_id=tool.id,
            tool_number=numbers[tool.name],
            source=source,
            calculator={
                "clamps": [c.model_dump() for c in calculated.clamps],
                "notes": calculated.notes,
            },
        )
        operations.append(values)
    return {
        "operations": operations,
        "controllers": list(controllers.values()),
        "tools": [
            {
                "id": tools[name].id,
                "name": name,
                "number": numbers[name],
                "diameter_mm": float(tools[name].diameter_mm),
                "tool_type": ToolType(tools[name].tool_type).value,
                # The geometry as it was at the run, for simulating it later.
                **{
                    column: None
                    if getattr(tools[name], column) is None
                    else float(getattr(tools[name], column))
                    for column in TOOL_GEOMETRY
                },
                "params": dict(tools[name].params or {}),
            }
            for name in spec.tools()
        ],
    }
