# SPDX-License-Identifier: LGPL-2.1-or-later
"""Feeds and speeds: spindle speed, feed, plunge and cut depths for a tool in a material on a
machine, from the material's cutting data and clamped to the machine's limits.

    rpm  = vc · 1000 / (π · D)          feed = rpm · flutes · fz       (milling)
    feed = rpm · f_rev                   (drills, centre drills, reamers)
    feed = rpm · pitch                   (taps: the feed must follow the thread)

A slitting saw's stepdown is its blade thickness, not a share of its diameter.

Every clamp is reported; when the speed is clamped the feed follows the clamped speed, so the
chip load stays what the cutting data asks for. See docs/tools/feeds-and-speeds.md.
"""

from __future__ import annotations

import enum
import math
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from projem_workbench.db.enums import ToolMaterial, ToolType
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.schemas.cutting_data import CuttingData, ToolMaterialData, band_value
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from projem_workbench.services.tool_params import length_mm, saw_thickness_mm, tap_pitch_mm
from projem_workbench.services.tools import TOOLS


class Operation(enum.StrEnum):
    ROUGHING = "roughing"
    FINISHING = "finishing"
    SLOTTING = "slotting"
    DRILLING = "drilling"


HOLE_TOOLS = {ToolType.DRILL, ToolType.CENTER_DRILL, ToolType.REAMER, ToolType.TAP}
# Tools that cut on a cone: they work at a smaller diameter than their nominal one.
CONE_TOOLS = {ToolType.V_BIT, ToolType.CHAMFER, ToolType.ENGRAVER}
# Speed factors against the drilling/milling surface speed (Machinery's Handbook rules of
# thumb: ream at about two thirds of the drilling speed, tap at about half).
SPEED_FACTOR = {ToolType.REAMER: 0.66, ToolType.TAP: 0.5}
# Reamers take about twice the drill's feed per revolution.
FEED_FACTOR = {ToolType.REAMER: 2.0}
# A tool material with no data of its own may use this one's, with a note.
FALLBACK = {ToolMaterial.HSS_COBALT: ToolMaterial.HSS}
# Long reach: a milling tool reaching out of its holder more than 3 × its diameter (its
# params.stickout_mm, else its flute length) bends more under the same cut (a cantilever's
# tip deflection grows with the cube of its length), so its chip load and its stepover (in a
# slot, which is as wide as the tool, its depth of cut) are reduced. Rows (reach/D up to,
# feed multiplier): the row whose bound holds the tool's reach/D applies, the last row past it.
#   chip load × multiplier / 1.4: KYOCERA SGS Micro Tools catalogue (2021), p. 95, feed
#     multipliers of its 3-flute end mills by flute length (3/5/8/12/15 × D), taken relative
#     to 3 × D;
#   stepover × (4·D / L)², L the row's bound: the overhang compensation "ap' = ap · (4Dc/len)²"
#     that Autodesk PowerMill's Reference Help (2025, Feeds and Speeds dialog) gives as tool
#     makers' usual rule for a long overhang (none up to 4 × D).
LONG_REACH = ((3.0, 1.4), (5.0, 1.15), (8.0, 0.9), (12.0, 0.7), (15.0, 0.6))


class ToolSpec(BaseModel):
    name: str = "tool"
    tool_type: ToolType
    tool_material: ToolMaterial
    diameter_mm: Decimal
    flutes: int = 2
    flute_length_mm: Decimal | None = None
    params: dict[str, Any] = Field(default_factory=dict)


class MachineLimits(BaseModel):
    name: str = "machine"
    max_spindle_rpm: int
    max_feed_mm_min: Decimal
    min_spindle_rpm: int = 0


class Clamp(BaseModel):
    quantity: str
    requested: float
    applied: float
    reason: str


class FeedsResult(BaseModel):
    tool: str
    material: str
    machine: str
    operation: Operation
    tool_material_data: ToolMaterial
    effective_diameter_mm: float
    vc_m_min: float
    chip_load_mm: float
    chip_load_basis: str  # "per tooth", "per revolution" or "thread pitch"
    spindle_rpm: int
    feed_mm_min: float
    plunge_mm_min: float
    stepdown_mm: float | None
    stepover_mm: float | None
    clamps: list[Clamp] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    # What hurts the tool: a spindle speed raised to the machine's minimum raises the cutting
    # speed above what the data allows.
    warnings: list[str] = Field(default_factory=list)


def compute_feeds(
    tool: ToolSpec,
    cutting_data: CuttingData | dict[str, Any],
    machine: MachineLimits,
    *,
    material: str = "material",
    operation: Operation | str | None = None,
) -> FeedsResult:
    """Feeds and speeds for ``tool`` in a material with ``cutting_data`` on ``machine``."""
    data = (
        cutting_data
        if isinstance(cutting_data, CuttingData)
        else CuttingData.model_validate(cutting_data)
    )
    kind = ToolType(tool.tool_type)
    if kind is ToolType.PROBE:
        raise ValidationError(f"{tool.name!r} is a probe: it has no feeds and speeds", field="tool")
    hole_tool = kind in HOLE_TOOLS
    op = (
        Operation(operation)
        if operation
        else (Operation.DRILLING if hole_tool else Operation.ROUGHING)
    )
    if hole_tool != (op is Operation.DRILLING):
        raise ValidationError(
            f"{tool.name!r} ({kind.value}) cannot do {op.value}", field="operation"
        )
    notes: list[str] = []
    used_material, speeds = _speeds_for(tool, data, material, notes)
    diameter = float(tool.diameter_mm)
    effective = _effective_diameter(tool, kind, diameter, notes)
    reach_cut, reach_chip = (1.0, 1.0) if hole_tool else _long_reach(tool, op, diameter, notes)

    vc = speeds.vc_m_min * SPEED_FACTOR.get(kind, 1.0)
    rpm = vc * 1000 / (math.pi * effective)
    clamps: list[Clamp] = []
    warnings: list[str] = []
    if rpm > machine.max_spindle_rpm:
        clamps.append(
            Clamp(quantity="spindle_rpm", requested=round(rpm), applied=machine.max_spindle_rpm,
                  reason=f"{machine.name} turns at most {machine.max_spindle_rpm} rpm")
        )  # fmt: skip
        rpm = machine.max_spindle_rpm
    elif rpm < machine.min_spindle_rpm:
        clamps.append(
            Clamp(quantity="spindle_rpm", requested=round(rpm), applied=machine.min_spindle_rpm,
                  reason=f"{machine.name} turns at least {machine.min_spindle_rpm} rpm")
        )  # fmt: skip
        warnings.append(
            f"spindle speed raised from {rpm:.0f} to {machine.min_spindle_rpm} rpm "
            f"({machine.name}'s minimum): the cutting speed is "
            f"{100 * (machine.min_spindle_rpm / rpm - 1):.0f} % above the {vc:g} m/min of the "
            "cutting data, which may burn the edge"
        )
        rpm = machine.min_spindle_rpm
    rpm = round(rpm)

    chip_load, basis, feed = _feed(tool, kind, speeds, effective, rpm, reach_chip)
    max_feed = float(machine.max_feed_mm_min)
    if feed > max_feed and kind is ToolType.TAP:
        raise ValidationError(
            f"tapping {tool.name!r} at {rpm} rpm needs {feed:.0f} mm/min, more than "
            f"{machine.name}'s {max_feed:.0f} mm/min; a tap cannot be fed slower than its pitch",
            field="feed_mm_min",
        )
    if feed > max_feed:
        clamps.append(
            Clamp(quantity="feed_mm_min", requested=round(feed, 1), applied=max_feed,
                  reason=f"{machine.name} feeds at most {max_feed:.0f} mm/min "
                  "(chip load reduced accordingly)")
        )  # fmt: skip
        feed = max_feed
    engagement = data.engagement
    plunge = feed if hole_tool else feed * engagement.plunge_factor
    stepdown, stepover = _depths(tool, kind, op, diameter, engagement, notes, reach_cut)
    return FeedsResult(
        tool=tool.name,
        material=material,
        machine=machine.name,
        operation=op,
        tool_material_data=used_material,
        effective_diameter_mm=round(effective, 3),
        vc_m_min=round(vc, 1),
        chip_load_mm=chip_load,
        chip_load_basis=basis,
        spindle_rpm=rpm,
        feed_mm_min=round(feed),
        plunge_mm_min=round(plunge),
        stepdown_mm=stepdown,
        stepover_mm=stepover,
        clamps=clamps,
        notes=notes,
        warnings=warnings,
    )


def _speeds_for(
    tool: ToolSpec, data: CuttingData, material: str, notes: list[str]
) -> tuple[ToolMaterial, ToolMaterialData]:
    wanted = ToolMaterial(tool.tool_material)
    speeds = data.for_tool_material(wanted)
    if speeds is not None:
        return wanted, speeds
    fallback = FALLBACK.get(wanted)
    if fallback is not None and data.for_tool_material(fallback) is not None:
        notes.append(f"{material} has no {wanted.value} data; used its {fallback.value} data")
        return fallback, data.for_tool_material(fallback)  # type: ignore[return-value]
    available = ", ".join(data.available()) or "none"
    raise ValidationError(
        f"{material} has no cutting data for {wanted.value} tools (it has: {available})",
        field="cutting_data",
    )


def _effective_diameter(tool: ToolSpec, kind: ToolType, diameter: float, notes: list[str]) -> float:
    if kind not in CONE_TOOLS:
        return diameter
    given = tool.params.get("effective_diameter_mm")
    if given is not None:
        return float(given)
    notes.append(f"{kind.value}: speed for half the nominal diameter (the middle of the edge)")
    return diameter / 2


def _long_reach(
    tool: ToolSpec, op: Operation, diameter: float, notes: list[str]
) -> tuple[float, float]:
    """The factors on the cut (stepover, or a slot's depth) and on the chip load of a tool
    reaching more than 3 × its diameter (LONG_REACH); (1, 1) for any other."""
    stickout = length_mm((tool.params or {}).get("stickout_mm"), f"{tool.name!r}: stickout_mm")
    reach, what = (
        (stickout, "sticks out")
        if stickout is not None
        else (None if tool.flute_length_mm is None else float(tool.flute_length_mm), "flutes")
    )
    if reach is None or reach <= LONG_REACH[0][0] * diameter:
        return 1.0, 1.0
    ratio = reach / diameter
    bound, multiplier = next((row for row in LONG_REACH if ratio <= row[0] + 1e-9), LONG_REACH[-1])
    cut = round(min(1.0, (4 / bound) ** 2), 2)
    chip = round(multiplier / LONG_REACH[0][1], 2)
    cut_name = "depth of cut" if op is Operation.SLOTTING else "stepover"
    past = f"; past the table, its {bound:g} × D row" if ratio > bound + 1e-9 else ""
    notes.append(
        f"long reach: {what} {reach:g} mm = {ratio:.1f} × D (over {LONG_REACH[0][0]:g} × D): "
        f"{cut_name} × {cut:g} and chip load × {chip:g}{past}"
    )
    return cut, chip


def _feed(
    tool: ToolSpec,
    kind: ToolType,
    speeds: ToolMaterialData,
    diameter: float,
    rpm: int,
    reach_chip: float = 1.0,
) -> tuple[float, str, float]:
    """Chip load, its basis and the feed; ``diameter`` is the effective one (the chip load
    band of a v-bit is the band of the diameter it cuts at); ``reach_chip`` the long-reach
    factor on a milling tool's chip load."""
    if kind is ToolType.TAP:
        pitch = tap_pitch_mm(tool)
        return pitch, "thread pitch", rpm * pitch
    if kind in HOLE_TOOLS:
        if speeds.f_rev_mm:
            per_rev = band_value(speeds.f_rev_mm, diameter)
        else:  # a two-lipped drill takes two chips per revolution
            per_rev = 2 * band_value(speeds.fz_mm, diameter)
        per_rev *= FEED_FACTOR.get(kind, 1.0)
        return per_rev, "per revolution", rpm * per_rev
    if tool.flutes < 1:
        raise ValidationError(f"{tool.name!r} has no flutes to take a chip", field="flutes")
    fz = band_value(speeds.fz_mm, diameter)
    if reach_chip != 1.0:
        fz = round(fz * reach_chip, 4)
    return fz, "per tooth", rpm * tool.flutes * fz


def _depths(
    tool: ToolSpec,
    kind: ToolType,
    op: Operation,
    diameter: float,
    engagement: Any,
    notes: list[str],
    reach_cut: float = 1.0,
) -> tuple[float | None, float | None]:
    if op is Operation.DRILLING:
        return None, None
    ap_xd, ae_xd = {
        Operation.ROUGHING: (engagement.roughing_ap_xd, engagement.roughing_ae_xd * reach_cut),
        Operation.SLOTTING: (engagement.slotting_ap_xd * reach_cut, 1.0),
        Operation.FINISHING: (engagement.finishing_ap_xd, engagement.finishing_ae_xd * reach_cut),
    }[op]
    if kind is ToolType.SLOT_CUTTER:
        # A saw cuts a slot as high as its blade is thick, at every depth it is moved to.
        thickness = saw_thickness_mm(tool)
        if thickness is None:
            raise ValidationError(
                f"slitting saw {tool.name!r} needs its blade thickness (params."
                "blade_thickness_mm, FreeCAD's BladeThickness, or flute_length_mm)",
                field="params",
            )
        notes.append(f"slitting saw: stepdown is its blade thickness ({thickness:g} mm)")
        return round(thickness, 2), round(ae_xd * diameter, 2)
    stepdown = ap_xd * diameter
    if tool.flute_length_mm is not None and stepdown > float(tool.flute_length_mm):
        notes.append(f"stepdown limited to the flute length ({tool.flute_length_mm} mm)")
        stepdown = float(tool.flute_length_mm)
    return round(stepdown, 2), round(ae_xd * diameter, 2)


def feeds_for(
    database: Database,
    *,
    tool: str | int,
    material: str | int,
    machine: str | int,
    operation: Operation | str | None = None,
) -> FeedsResult:
    """Feeds and speeds for library records named (or numbered) ``tool``, ``material`` and
    ``machine``."""
    with database.read_session() as session:
        tool_row = TOOLS.find(session, tool)
        material_row = MATERIALS.find(session, material)
        machine_row = MACHINES.find(session, machine)
        spec = ToolSpec.model_validate(tool_row, from_attributes=True)
        limits = MachineLimits(
            name=machine_row.name,
            max_spindle_rpm=machine_row.max_spindle_rpm,
            max_feed_mm_min=machine_row.max_feed_mm_min,
            min_spindle_rpm=int((machine_row.meta or {}).get("min_spindle_rpm", 0)),
        )
        data = CuttingData.model_validate(material_row.cutting_data or {})
        name = material_row.name
    return compute_feeds(spec, data, limits, material=name, operation=operation)
