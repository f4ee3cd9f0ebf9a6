# SPDX-License-Identifier: LGPL-2.1-or-later
"""The shop's reference data: machines, materials and the cutting-tool library.

Dimensions are NUMERIC with three decimals (micrometres), so what a user types comes back
exactly, on SQLite too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from projem_workbench.db.base import (
    EMPTY_JSON_OBJECT,
    Base,
    SoftDeleteMixin,
    TimestampMixin,
    unique_among_live,
)
from projem_workbench.db.enums import (
    MachineType,
    MaterialCategory,
    ToolMaterial,
    ToolType,
    enum_column_type,
)

Millimetres = Numeric(10, 3)


class Machine(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = "machines"
    __table_args__ = (
        CheckConstraint(
            "travel_x_mm > 0 AND travel_y_mm > 0 AND travel_z_mm > 0", name="travel_positive"
        ),
        CheckConstraint("max_spindle_rpm > 0", name="max_spindle_rpm_positive"),
        CheckConstraint("max_feed_mm_min > 0", name="max_feed_positive"),
        CheckConstraint("rapid_mm_min > 0", name="rapid_positive"),
        CheckConstraint(
            "acceleration_mm_s2 IS NULL OR acceleration_mm_s2 > 0", name="acceleration_positive"
        ),
        CheckConstraint(
            "tool_changer_slots IS NULL OR tool_changer_slots >= 0", name="slots_non_negative"
        ),
        CheckConstraint(
            "spindle_power_kw IS NULL OR spindle_power_kw > 0", name="spindle_power_positive"
        ),
        unique_among_live("uq_machines_name_live", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    machine_type: Mapped[MachineType] = mapped_column(enum_column_type(MachineType))
    controller: Mapped[str] = mapped_column(String(40))
    post_processor: Mapped[str] = mapped_column(String(60))
    travel_x_mm: Mapped[Decimal] = mapped_column(Millimetres)
    travel_y_mm: Mapped[Decimal] = mapped_column(Millimetres)
    travel_z_mm: Mapped[Decimal] = mapped_column(Millimetres)
    max_spindle_rpm: Mapped[int]
    max_feed_mm_min: Mapped[Decimal] = mapped_column(Millimetres)
    rapid_mm_min: Mapped[Decimal] = mapped_column(Millimetres)
    acceleration_mm_s2: Mapped[Decimal | None] = mapped_column(Millimetres)
    tool_changer_slots: Mapped[int | None]
    spindle_power_kw: Mapped[Decimal | None] = mapped_column(Numeric(8, 3))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    notes: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON_OBJECT)


class Material(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = "materials"
    __table_args__ = (
        CheckConstraint(
            "iso_group IS NULL OR iso_group IN ('P', 'M', 'K', 'N', 'S', 'H')", name="iso_group"
        ),
        CheckConstraint("density_g_cm3 IS NULL OR density_g_cm3 > 0", name="density_positive"),
        CheckConstraint(
            "machinability IS NULL OR machinability > 0", name="machinability_positive"
        ),
        unique_among_live("uq_materials_name_live", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[MaterialCategory] = mapped_column(enum_column_type(MaterialCategory))
    iso_group: Mapped[str | None] = mapped_column(String(1))
    hardness: Mapped[str | None] = mapped_column(String(40))
    density_g_cm3: Mapped[Decimal | None] = mapped_column(Numeric(8, 4))
    # Machinability rating, AISI 1212 = 100.
    machinability: Mapped[int | None]
    # Surface speed (m/min) and chip load per tooth (mm) by tool material and diameter band.
    cutting_data: Mapped[dict[str, Any]] = mapped_column(
        default=dict, server_default=EMPTY_JSON_OBJECT
    )
    notes: Mapped[str | None] = mapped_column(Text)


class Tool(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = "tools"
    __table_args__ = (
        CheckConstraint("diameter_mm > 0", name="diameter_positive"),
        CheckConstraint("flutes >= 0", name="flutes_non_negative"),
        CheckConstraint(
            "flute_length_mm IS NULL OR flute_length_mm > 0", name="flute_length_positive"
        ),
        CheckConstraint(
            "overall_length_mm IS NULL OR overall_length_mm > 0", name="overall_length_positive"
        ),
        CheckConstraint(
            "flute_length_mm IS NULL OR overall_length_mm IS NULL "
            "OR flute_length_mm <= overall_length_mm",
            name="flute_within_overall_length",
        ),
        CheckConstraint(
            "shank_diameter_mm IS NULL OR shank_diameter_mm > 0", name="shank_positive"
        ),
        CheckConstraint(
            "corner_radius_mm IS NULL OR (corner_radius_mm >= 0 "
            "AND corner_radius_mm <= diameter_mm / 2)",
            name="corner_radius_fits",
        ),
        CheckConstraint(
            "tip_angle_deg IS NULL OR (tip_angle_deg > 0 AND tip_angle_deg < 180)",
            name="tip_angle_range",
        ),
        CheckConstraint("quantity_on_hand >= 0", name="quantity_non_negative"),
        CheckConstraint("min_stock >= 0", name="min_stock_non_negative"),
        CheckConstraint("tool_number IS NULL OR tool_number > 0", name="tool_number_positive"),
        unique_among_live("uq_tools_name_live", "name"),
        unique_among_live("uq_tools_tool_number_live", "tool_number"),
        Index("ix_tools_type_diameter", "tool_type", "diameter_mm"),
        Index("ix_tools_params", "params", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    tool_type: Mapped[ToolType] = mapped_column(enum_column_type(ToolType))
    tool_material: Mapped[ToolMaterial] = mapped_column(enum_column_type(ToolMaterial))
    # The T number the tool keeps for life, used by runs, tool tables and FreeCAD libraries.
    tool_number: Mapped[int | None]
    diameter_mm: Mapped[Decimal] = mapped_column(Millimetres)
    flutes: Mapped[int] = mapped_column(default=2, server_default="2")
    flute_length_mm: Mapped[Decimal | None] = mapped_column(Millimetres)
    overall_length_mm: Mapped[Decimal | None] = mapped_column(Millimetres)
    shank_diameter_mm: Mapped[Decimal | None] = mapped_column(Millimetres)
    corner_radius_mm: Mapped[Decimal | None] = mapped_column(Millimetres)
    tip_angle_deg: Mapped[Decimal | None] = mapped_column(Numeric(6, 3))
    coating: Mapped[str | None] = mapped_column(String(40))
    manufacturer: Mapped[str | None] = mapped_column(String(120))
    part_number: Mapped[str | None] = mapped_column(String(120))
    quantity_on_hand: Mapped[int] = mapped_column(default=0, server_default="0")
    min_stock: Mapped[int] = mapped_column(default=0, server_default="0")
    location: Mapped[str | None] = mapped_column(String(120))
    # The FreeCAD ToolBit shape this tool maps to (endmill, ballend, drill, ...).
    freecad_shape: Mapped[str | None] = mapped_column(String(60))
    # Attributes with no column of their own, e.g. from an imported ToolBit: nothing is lost.
    params: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON_OBJECT)
