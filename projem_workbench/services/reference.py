# SPDX-License-Identifier: LGPL-2.1-or-later
"""Machines, materials and tools: the shop's reference data, validated and audited.

Loading is idempotent by name: a record whose live name already exists is left as it is, so
``projem demo`` (and a shop's own starter files) can run any number of times.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
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


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MachineInput(_Input):
    name: str = Field(min_length=1, max_length=120)
    machine_type: MachineType
    controller: str = Field(min_length=1, max_length=40)
    post_processor: str = Field(min_length=1, max_length=60)
    travel_x_mm: Decimal = Field(gt=0)
    travel_y_mm: Decimal = Field(gt=0)
    travel_z_mm: Decimal = Field(gt=0)
    max_spindle_rpm: int = Field(gt=0)
    max_feed_mm_min: Decimal = Field(gt=0)
    rapid_mm_min: Decimal = Field(gt=0)
    acceleration_mm_s2: Decimal | None = Field(default=None, gt=0)
    tool_changer_slots: int | None = Field(default=None, ge=0)
    spindle_power_kw: Decimal | None = Field(default=None, gt=0)


class MaterialInput(_Input):
    name: str = Field(min_length=1, max_length=120)
    category: MaterialCategory
    iso_group: str | None = Field(default=None, pattern="^[PMKNSH]$")
    hardness: str | None = None
    density_g_cm3: Decimal | None = Field(default=None, gt=0)
    machinability: int | None = Field(default=None, gt=0)
    cutting_data: dict[str, Any] = Field(default_factory=dict)


class ToolInput(_Input):
    name: str = Field(min_length=1, max_length=120)
    tool_type: ToolType
    tool_material: ToolMaterial
    diameter_mm: Decimal = Field(gt=0)
    flutes: int = Field(ge=0)
    flute_length_mm: Decimal | None = Field(default=None, gt=0)
    overall_length_mm: Decimal | None = Field(default=None, gt=0)
    shank_diameter_mm: Decimal | None = Field(default=None, gt=0)
    corner_radius_mm: Decimal | None = Field(default=None, ge=0)
    tip_angle_deg: Decimal | None = Field(default=None, gt=0, lt=180)
    coating: str | None = None
    manufacturer: str | None = None
    part_number: str | None = None
    quantity_on_hand: int = Field(default=0, ge=0)
    min_stock: int = Field(default=0, ge=0)
    location: str | None = None
    freecad_shape: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _geometry_is_possible(self) -> ToolInput:
        if (
            self.flute_length_mm is not None
            and self.overall_length_mm is not None
            and self.flute_length_mm > self.overall_length_mm
        ):
            raise ValueError("flute_length_mm must not exceed overall_length_mm")
        if self.corner_radius_mm is not None and self.corner_radius_mm > self.diameter_mm / 2:
            raise ValueError("corner_radius_mm must not exceed half of diameter_mm")
        return self


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
