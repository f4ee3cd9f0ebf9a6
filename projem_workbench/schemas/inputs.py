# SPDX-License-Identifier: LGPL-2.1-or-later
"""Machines, materials and tools as an input must hold them: the schemas the services validate
records with and the tool files are read and written by.

Below the services and the file formats (:mod:`projem_workbench.interchange`), so both can use
them: it imports the database's enums and the cutting-data format only.
"""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from projem_workbench.db.enums import (
    MachineType,
    MaterialCategory,
    ToolMaterial,
    ToolType,
)
from projem_workbench.schemas.cutting_data import normalised_cutting_data


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
