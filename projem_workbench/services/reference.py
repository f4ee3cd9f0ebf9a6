# SPDX-License-Identifier: LGPL-2.1-or-later
"""Machines, materials and tools: the shop's reference data, validated and audited.

Loading is idempotent by name: a record whose live name already exists is left as it is, so
``projem demo`` (and a shop's own starter files) can run any number of times.
"""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_EVEN, Decimal
from importlib import resources
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from projem_workbench.db.enums import (
    MachineType,
    MaterialCategory,
    ToolMaterial,
    ToolType,
)
from projem_workbench.db.models import Machine, Material, Tool
from projem_workbench.db.session import Database
from projem_workbench.services import audited
from projem_workbench.services.cutting_data import normalised_cutting_data
from projem_workbench.services.record_import import name_key
from projem_workbench.services.tool_numbers import holder_message, live_numbers, lowest_free


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _thousandths(limit: int) -> Any:
    """A BeforeValidator for a length or angle stored with three decimals and ``limit`` whole
    units at most (NUMERIC(10, 3) keeps less than 10,000,000).

    Values are rounded before the range checks, so what is checked and compared on re-import
    is what the database keeps (1.063 in = 27.0002 mm -> 27.000). A value the column cannot
    hold (1e300) is refused here, naming the field, instead of failing in the database or in
    Decimal's quantize. Anything not numeric is left for pydantic to refuse."""

    def to_thousandths(value: Any) -> Any:
        if value is None or isinstance(value, bool):
            return value
        try:
            number = Decimal(str(value).strip())
        except (ArithmeticError, ValueError):
            return value
        if not number.is_finite():
            return value
        if abs(number) >= limit:
            raise ValueError(f"must be less than {limit:,} (the database keeps it to 0.001), "
                             f"got {value}")  # fmt: skip
        return number.quantize(Decimal("0.001"), ROUND_HALF_EVEN)

    return BeforeValidator(to_thousandths)


# Control characters (tabs, newlines, NUL…) and line or paragraph separators: a name holding
# one prints as two lines or not at all, and no one can type it back to find the record.
_UNPRINTABLE = frozenset(("Cc", "Zl", "Zp"))


def _printable_name(value: Any) -> Any:
    """Refuse a name with a control character anywhere, before the ends are trimmed."""
    if isinstance(value, str):
        bad = next((c for c in value if unicodedata.category(c) in _UNPRINTABLE), None)
        if bad is not None:
            raise ValueError(
                f"must not contain control characters such as tabs or newlines "
                f"(found U+{ord(bad):04X} at position {value.index(bad) + 1})"
            )
    return value


Decimal3 = Annotated[Decimal, _thousandths(10**7)]  # NUMERIC(10, 3)
Kilowatts = Annotated[Decimal, _thousandths(10**5)]  # NUMERIC(8, 3)
Name = Annotated[str, BeforeValidator(_printable_name), Field(min_length=1, max_length=120)]
# Whole numbers go into INTEGER columns (32 bits on PostgreSQL).
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]
Text40 = Annotated[str, Field(max_length=40)]
Text120 = Annotated[str, Field(max_length=120)]


class MachineInput(_Input):
    name: Name
    machine_type: MachineType
    controller: str = Field(min_length=1, max_length=40)
    post_processor: str = Field(min_length=1, max_length=60)
    travel_x_mm: Decimal3 = Field(gt=0)
    travel_y_mm: Decimal3 = Field(gt=0)
    travel_z_mm: Decimal3 = Field(gt=0)
    max_spindle_rpm: Count = Field(gt=0)
    max_feed_mm_min: Decimal3 = Field(gt=0)
    rapid_mm_min: Decimal3 = Field(gt=0)
    acceleration_mm_s2: Decimal3 | None = Field(default=None, gt=0)
    tool_changer_slots: Count | None = None
    spindle_power_kw: Kilowatts | None = Field(default=None, gt=0)
    is_active: bool = True
    notes: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)


class MaterialInput(_Input):
    name: Name
    category: MaterialCategory
    iso_group: str | None = Field(default=None, pattern="^[PMKNSH]$")
    hardness: Text40 | None = None
    density_g_cm3: Decimal | None = Field(default=None, gt=0, max_digits=8, decimal_places=4)
    machinability: Count | None = Field(default=None, gt=0)
    cutting_data: dict[str, Any] = Field(default_factory=dict)
    notes: str | None = None

    @field_validator("cutting_data")
    @classmethod
    def _cutting_data_format(cls, value: dict[str, Any]) -> dict[str, Any]:
        return normalised_cutting_data(value)


class ToolInput(_Input):
    name: Name
    tool_type: ToolType
    tool_material: ToolMaterial
    # The T number the tool keeps for life; None asks the tool service for the next free one.
    tool_number: Count | None = Field(default=None, gt=0)
    diameter_mm: Decimal3 = Field(gt=0)
    flutes: Count = 2
    flute_length_mm: Decimal3 | None = Field(default=None, gt=0)
    overall_length_mm: Decimal3 | None = Field(default=None, gt=0)
    shank_diameter_mm: Decimal3 | None = Field(default=None, gt=0)
    corner_radius_mm: Decimal3 | None = Field(default=None, ge=0)
    tip_angle_deg: Decimal3 | None = Field(default=None, gt=0, lt=180)
    coating: Text40 | None = None
    manufacturer: Text120 | None = None
    part_number: Text120 | None = None
    quantity_on_hand: Count = 0
    min_stock: Count = 0
    location: Text120 | None = None
    freecad_shape: Annotated[str, Field(max_length=60)] | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    # Field validators (not a model validator) so the error names the field to correct.
    @field_validator("overall_length_mm")
    @classmethod
    def _flutes_fit_in_overall_length(cls, value: Decimal | None, info: ValidationInfo) -> Any:
        flute_length = info.data.get("flute_length_mm")
        if value is not None and flute_length is not None and flute_length > value:
            raise ValueError(
                f"must be at least flute_length_mm ({flute_length} mm), got {value} mm"
            )
        return value

    @field_validator("corner_radius_mm")
    @classmethod
    def _corner_radius_fits(cls, value: Decimal | None, info: ValidationInfo) -> Any:
        diameter = info.data.get("diameter_mm")
        if value is not None and diameter is not None and value > diameter / 2:
            raise ValueError(f"must not exceed half of diameter_mm ({diameter / 2} mm)")
        return value


CATALOG_RESOURCE = "data/catalog.json"


class ReferenceData(BaseModel):
    machines: list[MachineInput] = Field(default_factory=list)
    materials: list[MaterialInput] = Field(default_factory=list)
    tools: list[ToolInput] = Field(default_factory=list)


class LoadReport(BaseModel):
    created: int = 0
    unchanged: int = 0
    notes: list[str] = Field(default_factory=list)  # a tool number taken: the one it got


def _live_name_keys(session: Session, model: Any) -> set[str]:
    query = select(model.name)
    if hasattr(model, "is_deleted"):
        query = query.where(model.is_deleted.is_(False))
    return {name_key(name) for name in session.scalars(query)}


def load_reference_data(database: Database, data: ReferenceData) -> LoadReport:
    """Create every record whose name is not taken yet, in one audited transaction."""
    report = LoadReport()
    with database.unit_of_work() as session:
        for model, items in (
            (Machine, data.machines),
            (Material, data.materials),
            (Tool, data.tools),
        ):
            existing = _live_name_keys(session, model)
            for item in items:
                if name_key(item.name) in existing:
                    report.unchanged += 1
                    continue
                existing.add(name_key(item.name))
                values = item.model_dump()
                if model is Tool:  # the number asked for when free, else the lowest free one
                    taken = live_numbers(session)
                    wanted = values["tool_number"]
                    if wanted is None or wanted in taken:
                        values["tool_number"] = lowest_free(taken)
                    if wanted in taken:
                        report.notes.append(
                            f"{holder_message(wanted, taken[wanted])}: {item.name!r} loaded "
                            f"as T{values['tool_number']}"
                        )
                audited.create(session, model(**values))
                report.created += 1
    return report


def starter_catalog() -> ReferenceData:
    """The catalogue shipped with Projem (machines, materials with cited cutting data, tools)."""
    text = resources.files("projem_workbench").joinpath(CATALOG_RESOURCE).read_text("utf-8")
    return ReferenceData.model_validate_json(text)
