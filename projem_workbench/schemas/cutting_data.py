# SPDX-License-Identifier: LGPL-2.1-or-later
"""The cutting data a material carries, as the feeds-and-speeds calculator reads it.

``materials.cutting_data`` holds, per tool material (``carbide``, ``hss``, ...), a surface
speed and chip loads by diameter band, plus an ``engagement`` block of default depths. The
format is documented in docs/tools/feeds-and-speeds.md; this module is its one definition.
"""

from __future__ import annotations

from typing import Any

import pydantic
from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, field_validator

from projem_workbench.db.enums import ToolMaterial

# Chip loads keyed by the upper bound of their diameter band (mm), e.g. {"3": .., "6": ..}.
Bands = dict[str, PositiveFloat]


def _bands_are_ascending_numbers(bands: dict[str, float]) -> dict[str, float]:
    try:
        bounds = [float(key) for key in bands]
    except ValueError:
        raise ValueError('band keys must be diameters in mm, e.g. "6"') from None
    if any(bound <= 0 for bound in bounds):
        raise ValueError("band diameters must be positive")
    return dict(sorted(bands.items(), key=lambda item: float(item[0])))


def band_value(bands: dict[str, float], diameter_mm: float) -> float:
    """The value of the smallest band whose upper bound holds ``diameter_mm`` (the largest band
    for anything bigger)."""
    ordered = sorted((float(bound), value) for bound, value in bands.items())
    for bound, value in ordered:
        if diameter_mm <= bound:
            return value
    return ordered[-1][1]


class ToolMaterialData(BaseModel):
    """Cutting data for one tool material in this workpiece material."""

    model_config = ConfigDict(extra="forbid")

    vc_m_min: PositiveFloat = Field(description="surface speed, m/min")
    fz_mm: Bands = Field(min_length=1, description="chip load per tooth (mm) by diameter band")
    f_rev_mm: Bands | None = Field(
        default=None, description="drilling feed per revolution (mm) by diameter band"
    )

    @field_validator("fz_mm", "f_rev_mm")
    @classmethod
    def _ascending(cls, bands: dict[str, float] | None) -> dict[str, float] | None:
        return None if bands is None else _bands_are_ascending_numbers(bands)


class Engagement(BaseModel):
    """Default cut depths as multiples of the tool diameter, and the plunge feed factor."""

    model_config = ConfigDict(extra="forbid")

    roughing_ap_xd: PositiveFloat = 1.0
    roughing_ae_xd: float = Field(default=0.4, gt=0, le=1)
    slotting_ap_xd: PositiveFloat = 0.5
    finishing_ap_xd: PositiveFloat = 1.0
    finishing_ae_xd: float = Field(default=0.05, gt=0, le=1)
    plunge_factor: float = Field(default=0.3, gt=0, le=1)


class CuttingData(BaseModel):
    """All of a material's cutting data; every part optional except what a calculation needs."""

    model_config = ConfigDict(extra="forbid")

    hss: ToolMaterialData | None = None
    hss_cobalt: ToolMaterialData | None = None
    carbide: ToolMaterialData | None = None
    ceramic: ToolMaterialData | None = None
    cbn: ToolMaterialData | None = None
    pcd: ToolMaterialData | None = None
    engagement: Engagement = Field(default_factory=Engagement)

    def for_tool_material(self, tool_material: ToolMaterial) -> ToolMaterialData | None:
        return getattr(self, ToolMaterial(tool_material).value)

    def available(self) -> list[str]:
        return [m.value for m in ToolMaterial if getattr(self, m.value) is not None]


def normalised_cutting_data(value: dict[str, Any]) -> dict[str, Any]:
    """Validate ``value`` as CuttingData and return it as stored: only what was given, bands in
    ascending order (so the same data always compares equal)."""
    try:
        parsed = CuttingData.model_validate(value)
    except pydantic.ValidationError as exc:
        # Re-raised as a ValueError so the material's field "cutting_data" is named.
        problems = "; ".join(
            ".".join(str(p) for p in error["loc"]) + ": " + error["msg"] for error in exc.errors()
        )
        raise ValueError(problems) from None
    return parsed.model_dump(mode="json", exclude_unset=True)
