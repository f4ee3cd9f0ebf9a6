# SPDX-License-Identifier: LGPL-2.1-or-later
"""The shop's cutting-tool library: records, search and inventory.

A tool is *low on stock* when fewer are on hand than its ``min_stock`` (the least the shop
wants on the shelf); a tool with ``min_stock`` 0 is never low.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pydantic import ConfigDict
from sqlalchemy import select

from projem_workbench.db.enums import ToolMaterial, ToolType
from projem_workbench.db.models import Tool
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.services.records import (
    RecordService,
    RecordState,
    enum_member,
    non_negative_decimal,
    text_filter,
)
from projem_workbench.services.reference import ToolInput


class ToolRecord(RecordState, ToolInput):
    model_config = ConfigDict(from_attributes=True, extra="ignore")


TOOLS: RecordService[ToolInput, ToolRecord] = RecordService(
    label="tool", model=Tool, schema=ToolInput, view=ToolRecord
)


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
    delta: int | None = None,
    set_to: int | None = None,
    user_id: int | None = None,
) -> ToolRecord:
    """Add ``delta`` (negative to take tools out) or set the count; audited like any change."""
    if (delta is None) == (set_to is None):
        raise ValidationError("give exactly one of delta or set_to", field="quantity_on_hand")
    with database.unit_of_work() as session:
        tool = TOOLS.find(session, ref)
        quantity = set_to if set_to is not None else tool.quantity_on_hand + (delta or 0)
        if quantity < 0:
            raise ValidationError(
                f"{tool.name!r} has {tool.quantity_on_hand} on hand; cannot take out "
                f"{-(delta or 0)}",
                field="quantity_on_hand",
            )
        TOOLS.update_in(session, tool, {"quantity_on_hand": quantity}, user_id=user_id)
        return TOOLS.view.model_validate(tool, from_attributes=True)
