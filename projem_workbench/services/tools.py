# SPDX-License-Identifier: LGPL-2.1-or-later
"""The shop's cutting-tool library: records, search and inventory.

Every live tool has a T number of its own (:mod:`projem_workbench.services.tool_numbers`).
A tool is *low on stock* when fewer are on hand than its ``min_stock`` (the least the shop
wants on the shelf); a tool with ``min_stock`` 0 is never low.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from projem_workbench.db.enums import ToolMaterial, ToolType
from projem_workbench.db.models import Tool
from projem_workbench.db.session import Database
from projem_workbench.errors import DuplicateError, ValidationError
from projem_workbench.interchange import assumed_fields
from projem_workbench.schemas.inputs import ToolInput
from projem_workbench.services.record_import import ImportPlan, ImportReport
from projem_workbench.services.records import (
    RecordService,
    RecordState,
    enum_member,
    non_negative_decimal,
    text_filter,
)
from projem_workbench.services.tool_numbers import (
    holder_message,
    live_numbers,
    lowest_free,
    settle_import_numbers,
)


class ToolRecord(RecordState, ToolInput):
    model_config = ConfigDict(from_attributes=True, extra="ignore")


class ToolService(RecordService[ToolInput, ToolRecord]):
    """Tools: a record service that also keeps every live tool's T number unique, merges
    ``params`` on update and keeps ``params.assumed`` (fields a file did not give, filled in
    by Projem) true."""

    def merged_values(
        self, current: Mapping[str, Any], changes: Mapping[str, Any]
    ) -> dict[str, Any]:
        """``params`` keys given replace the stored ones, a key given as null is removed, the
        others (``params.freecad`` among them) are kept. A field set here is no longer
        assumed; a value the change itself only assumes does not replace a stored one, nor
        does a missing (None) tool number."""
        given = changes.get("params")
        incoming = dict(given) if isinstance(given, dict) else None
        guessed = set(assumed_fields(incoming or {}))
        values = {k: v for k, v in changes.items() if k not in guessed and k != "params"}
        if values.get("tool_number", 0) is None:  # no number given: a tool keeps its own
            del values["tool_number"]
        merged = {**current, **values}
        if given is not None and incoming is None:
            merged["params"] = changes["params"]  # not an object: let validation refuse it
            return merged
        params = dict(current.get("params") or {})
        for key, value in (incoming or {}).items():
            if key == "assumed":
                continue
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        _keep_legacy_library_number(current.get("params") or {}, params)
        still = [f for f in assumed_fields(params) if f not in values]
        params.pop("assumed", None)
        if still:
            params["assumed"] = still
        merged["params"] = params
        return merged

    def prepare_create(self, session: Session, values: dict[str, Any]) -> None:
        taken = live_numbers(session)
        if values.get("tool_number") is None:
            values["tool_number"] = lowest_free(taken)
        elif values["tool_number"] in taken:
            raise _number_taken(values["tool_number"], taken[values["tool_number"]])

    def prepare_update(self, session: Session, obj: Any, values: dict[str, Any]) -> None:
        if values.get("tool_number") is None:  # a tool always has its number
            values["tool_number"] = obj.tool_number or lowest_free(live_numbers(session))
            return
        if values["tool_number"] != obj.tool_number:
            taken = live_numbers(session, other_than=obj.id)
            if values["tool_number"] in taken:
                raise _number_taken(values["tool_number"], taken[values["tool_number"]])

    def prepare_restore(self, session: Session, obj: Any) -> None:
        """A restored tool keeps its number unless a live tool took it meanwhile."""
        taken = live_numbers(session, other_than=obj.id)
        if obj.tool_number is None or obj.tool_number in taken:
            obj.tool_number = lowest_free(taken)

    def plan_numbers(self, plan: ImportPlan, report: ImportReport, *, renumber: bool) -> None:
        settle_import_numbers(plan, report, renumber=renumber)

    def before_import_writes(self, session: Session, plan: ImportPlan) -> None:
        """Free the numbers of the tools that change number first, so that two tools can
        swap numbers without a moment where both hold one (the unique index checks every
        statement). The rows were read before this, so each audit entry still shows the
        number before and after; the cleared number is never committed."""
        moving = [e.record_id for e in plan.updates if "tool_number" in e.values]
        for start in range(0, len(moving), 500):
            session.execute(
                update(Tool)
                .where(Tool.id.in_(moving[start : start + 500]))
                .values(tool_number=None),
                execution_options={"synchronize_session": False},
            )


def _keep_legacy_library_number(stored: Mapping[str, Any], params: dict[str, Any]) -> None:
    """Before migration 0006 a tool's FreeCAD library number was kept in
    ``params.freecad.nr``; it lives in ``tool_number`` now and imports no longer store it. A
    FreeCAD file read over such a tool leaves the old entry as it was, so the audit trail does
    not show a number removed that the tool still has."""
    old, new = stored.get("freecad"), params.get("freecad")
    if isinstance(old, dict) and isinstance(new, dict) and "nr" in old and "nr" not in new:
        params["freecad"] = {**new, "nr": old["nr"]}


def _number_taken(number: int, holder: str) -> DuplicateError:
    return DuplicateError(f"{holder_message(number, holder)}; choose another number")


TOOLS = ToolService(label="tool", model=Tool, schema=ToolInput, view=ToolRecord)


def search_tools(
    database: Database,
    *,
    text: str | None = None,
    tool_types: Iterable[ToolType | str] = (),
    tool_materials: Iterable[ToolMaterial | str] = (),
    diameter_min: Decimal | float | None = None,
    diameter_max: Decimal | float | None = None,
    low_stock: bool = False,
    deleted: bool = False,
) -> list[ToolRecord]:
    """Tools matching every filter given: name/maker/part number text, types, tool materials,
    diameter range (inclusive, mm) and low stock."""
    query = select(Tool)
    condition = text_filter((Tool.name, Tool.manufacturer, Tool.part_number), text)
    if condition is not None:
        query = query.where(condition)
    types = [enum_member(ToolType, value, "tool_type") for value in tool_types]
    if types:
        query = query.where(Tool.tool_type.in_(types))
    materials = [enum_member(ToolMaterial, value, "tool_material") for value in tool_materials]
    if materials:
        query = query.where(Tool.tool_material.in_(materials))
    low = non_negative_decimal(diameter_min, "diameter_min")
    high = non_negative_decimal(diameter_max, "diameter_max")
    if low is not None and high is not None and low > high:
        raise ValidationError(
            f"diameter_min ({low} mm) is larger than diameter_max ({high} mm)", field="diameter_min"
        )
    if low is not None:
        query = query.where(Tool.diameter_mm >= low)
    if high is not None:
        query = query.where(Tool.diameter_mm <= high)
    if low_stock:
        query = query.where(Tool.quantity_on_hand < Tool.min_stock)
    return TOOLS.list(database, query=query, deleted=deleted)


def low_stock_tools(database: Database) -> list[ToolRecord]:
    """Live tools with fewer on hand than their minimum stock, in name order."""
    return search_tools(database, low_stock=True)


def adjust_stock(
    database: Database,
    ref: str | int,
    *,
    add: int | None = None,
    take: int | None = None,
    set_to: int | None = None,
    user_id: int | None = None,
) -> ToolRecord:
    """Put ``add`` tools on the shelf, ``take`` them off, or set the count after a count;
    audited like any change. Each is a number of tools, never negative."""
    given = {k: v for k, v in (("add", add), ("take", take), ("set_to", set_to)) if v is not None}
    if len(given) != 1:
        raise ValidationError("give exactly one of add, take or set_to", field="quantity_on_hand")
    ((how, count),) = given.items()
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        word = {"add": "put on the shelf", "take": "take off the shelf", "set_to": "set"}[how]
        raise ValidationError(
            f"the number of tools to {word} must be a whole number of 0 or more, got {count}",
            field="quantity_on_hand",
        )
    with database.unit_of_work() as session:
        tool = TOOLS.find(session, ref)
        quantity = {"add": tool.quantity_on_hand + count, "take": tool.quantity_on_hand - count,
                    "set_to": count}[how]  # fmt: skip
        if quantity < 0:
            raise ValidationError(
                f"{tool.name!r} has {tool.quantity_on_hand} on hand; cannot take out {count}",
                field="quantity_on_hand",
            )
        TOOLS.update_in(session, tool, {"quantity_on_hand": quantity}, user_id=user_id)
        return TOOLS.view.model_validate(tool, from_attributes=True)
