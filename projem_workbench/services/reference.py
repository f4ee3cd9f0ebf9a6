# SPDX-License-Identifier: LGPL-2.1-or-later
"""Machines, materials and tools: the shop's reference data, validated and audited.

Loading is idempotent by name: a record whose live name already exists is left as it is, so
``projem demo`` (and a shop's own starter files) can run any number of times.
"""

from __future__ import annotations

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


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _to_thousandths(value: Any) -> Any:
    """Lengths and angles are stored with three decimals (NUMERIC(.., 3)); round before the
    range checks, so what is checked and compared on re-import is what the database keeps
    (1.063 in = 27.0002 mm -> 27.000). Anything not numeric is left for pydantic to refuse."""
    if value is None or isinstance(value, bool):
        return value
    try:
        number = Decimal(str(value).strip())
    except (ArithmeticError, ValueError):
        return value
    return number.quantize(Decimal("0.001"), ROUND_HALF_EVEN) if number.is_finite() else value


Decimal3 = Annotated[Decimal, BeforeValidator(_to_thousandths)]
Text40 = Annotated[str, Field(max_length=40)]
Text120 = Annotated[str, Field(max_length=120)]


class MachineInput(_Input):
    name: str = Field(min_length=1, max_length=120)
    machine_type: MachineType
    controller: str = Field(min_length=1, max_length=40)
    post_processor: str = Field(min_length=1, max_length=60)
    travel_x_mm: Decimal3 = Field(gt=0)
    travel_y_mm: Decimal3 = Field(gt=0)
    travel_z_mm: Decimal3 = Field(gt=0)
    max_spindle_rpm: int = Field(gt=0)
    max_feed_mm_min: Decimal3 = Field(gt=0)
    rapid_mm_min: Decimal3 = Field(gt=0)
    acceleration_mm_s2: Decimal3 | None = Field(default=None, gt=0)
    tool_changer_slots: int | None = Field(default=None, ge=0)
    spindle_power_kw: Decimal3 | None = Field(default=None, gt=0)
    is_active: bool = True
    notes: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)


class MaterialInput(_Input):
    name: str = Field(min_length=1, max_length=120)
    category: MaterialCategory
    iso_group: str | None = Field(default=None, pattern="^[PMKNSH]$")
    hardness: Text40 | None = None
    density_g_cm3: Decimal | None = Field(default=None, gt=0, decimal_places=4)
    machinability: int | None = Field(default=None, gt=0)
    cutting_data: dict[str, Any] = Field(default_factory=dict)
    notes: str | None = None

    @field_validator("cutting_data")
    @classmethod
    def _cutting_data_format(cls, value: dict[str, Any]) -> dict[str, Any]:
        return normalised_cutting_data(value)


class ToolInput(_Input):
    name: str = Field(min_length=1, max_length=120)
    tool_type: ToolType
    tool_material: ToolMaterial
    # The T number the tool keeps for life; None asks the tool service for the next free one.
    tool_number: int | None = Field(default=None, gt=0)
    diameter_mm: Decimal3 = Field(gt=0)
    flutes: int = Field(default=2, ge=0)
    flute_length_mm: Decimal3 | None = Field(default=None, gt=0)
    overall_length_mm: Decimal3 | None = Field(default=None, gt=0)
    shank_diameter_mm: Decimal3 | None = Field(default=None, gt=0)
    corner_radius_mm: Decimal3 | None = Field(default=None, ge=0)
    tip_angle_deg: Decimal3 | None = Field(default=None, gt=0, lt=180)
    coating: Text40 | None = None
    manufacturer: Text120 | None = None
    part_number: Text120 | None = None
    quantity_on_hand: int = Field(default=0, ge=0)
    min_stock: int = Field(default=0, ge=0)
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


def _live_exists(session: Session, model: Any, name: str) -> bool:
    query = select(model.id).where(model.name == name)
    if hasattr(model, "is_deleted"):
        query = query.where(model.is_deleted.is_(False))
    return session.execute(query).first() is not None


def load_reference_data(database: Database, data: ReferenceData) -> LoadReport:
    """Create every record whose name is not taken yet, in one audited transaction."""
    report = LoadReport()
    with database.unit_of_work() as session:
        for model, items in (
            (Machine, data.machines),
            (Material, data.materials),
            (Tool, data.tools),
        ):
            for item in items:
                if _live_exists(session, model, item.name):
                    report.unchanged += 1
                    continue
                audited.create(session, model(**item.model_dump()))
                report.created += 1
    return report


def starter_catalog() -> ReferenceData:
    """The catalogue shipped with Projem (machines, materials with cited cutting data, tools)."""
    text = resources.files("projem_workbench").joinpath(CATALOG_RESOURCE).read_text("utf-8")
    return ReferenceData.model_validate_json(text)
