# SPDX-License-Identifier: LGPL-2.1-or-later
"""FreeCAD ToolBit files: libraries (``.fctl``) and bits (``.fctb``), 0.20/0.21, 1.0 and 1.1.

A bit is JSON: ``name``, ``shape`` (``endmill.fcstd``; 1.1 also writes ``shape-type`` and an
``id``), ``parameter`` (quantities as strings with units, ``"5.0000 mm"``, ``"0.375 \\""``,
``"90.000 °"``) and ``attribute``. A library lists ``{"nr": tool number, "path": bit file}``;
paths are resolved next to the library, then in the sibling ``Bit`` folder, as FreeCAD does.
Parameters with a column of their own go there; everything else is kept under
``params["freecad"]`` so an export gives the bit back. Libraries (``.fctl``) are read and
written by :mod:`projem_workbench.interchange.freecad_library`. See docs/tools/interchange.md.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from projem_workbench.db.enums import ToolMaterial, ToolType
from projem_workbench.errors import ValidationError
from projem_workbench.interchange import assumed_fields

FLAVOURS = ("0.20", "1.0", "1.1")

# FreeCAD shape names (file stems, 1.1 shape types and aliases, lower case) -> tool type.
SHAPE_TYPES: dict[str, ToolType] = {
    "endmill": ToolType.FLAT_ENDMILL,
    "ballend": ToolType.BALL_ENDMILL,
    "bullnose": ToolType.BULL_ENDMILL,
    "torus": ToolType.BULL_ENDMILL,
    "drill": ToolType.DRILL,
    "chamfer": ToolType.CHAMFER,
    "v-bit": ToolType.V_BIT,
    "vbit": ToolType.V_BIT,
    "slittingsaw": ToolType.SLOT_CUTTER,
    "slitting-saw": ToolType.SLOT_CUTTER,
    "thread-mill": ToolType.THREAD_MILL,
    "threadmill": ToolType.THREAD_MILL,
    "tap": ToolType.TAP,
    "reamer": ToolType.REAMER,
    "dovetail": ToolType.DOVETAIL,
    "radius": ToolType.CORNER_ROUNDING,
    "fillet": ToolType.CORNER_ROUNDING,
    "taperedballnose": ToolType.TAPERED_BALL_ENDMILL,
    "probe": ToolType.PROBE,
}
# The shape file each tool type is written with, and 1.1's name for it.
EXPORT_SHAPES: dict[ToolType, tuple[str, str]] = {
    ToolType.FLAT_ENDMILL: ("endmill", "Endmill"),
    ToolType.BALL_ENDMILL: ("ballend", "Ballend"),
    ToolType.BULL_ENDMILL: ("bullnose", "Bullnose"),
    ToolType.DRILL: ("drill", "Drill"),
    ToolType.CENTER_DRILL: ("drill", "Drill"),
    ToolType.CHAMFER: ("chamfer", "Chamfer"),
    ToolType.V_BIT: ("v-bit", "VBit"),
    ToolType.ENGRAVER: ("v-bit", "VBit"),
    ToolType.FACE_MILL: ("endmill", "Endmill"),
    ToolType.SLOT_CUTTER: ("slittingsaw", "SlittingSaw"),
    ToolType.THREAD_MILL: ("thread-mill", "ThreadMill"),
    ToolType.TAP: ("tap", "Tap"),
    ToolType.REAMER: ("reamer", "Reamer"),
    ToolType.DOVETAIL: ("dovetail", "Dovetail"),
    ToolType.CORNER_ROUNDING: ("radius", "Radius"),
    ToolType.TAPERED_BALL_ENDMILL: ("taperedballnose", "TaperedBallnose"),
    ToolType.PROBE: ("probe", "Probe"),
}
# Shapes a FreeCAD version ships; others are written as the nearest one it has.
SHIPPED_SHAPES = {
    "0.20": {"ballend", "bullnose", "chamfer", "drill", "endmill", "probe", "slittingsaw",
             "thread-mill", "v-bit"},
}  # fmt: skip
SHIPPED_SHAPES["1.0"] = SHIPPED_SHAPES["0.20"] | {"dovetail"}
NEAREST_OLDER_SHAPE = {
    "tap": "drill",
    "reamer": "drill",
    "radius": "bullnose",
    "taperedballnose": "ballend",
    "dovetail": "endmill",
}
# Parameter -> column (angles: the tool's included/point angle as FreeCAD names it per shape).
LENGTH_COLUMNS = {
    "Diameter": "diameter_mm",
    "CuttingEdgeHeight": "flute_length_mm",
    "CuttingEdgeLength": "flute_length_mm",
    "Length": "overall_length_mm",
    "ShankDiameter": "shank_diameter_mm",
    "CornerRadius": "corner_radius_mm",
}
ANGLE_COLUMNS = {"TipAngle": "tip_angle_deg", "CuttingEdgeAngle": "tip_angle_deg"}
TOOL_MATERIAL_NAMES = {
    "hss": ToolMaterial.HSS,
    "hss-co": ToolMaterial.HSS_COBALT,
    "hssco": ToolMaterial.HSS_COBALT,
    "cobalt": ToolMaterial.HSS_COBALT,
    "hss_cobalt": ToolMaterial.HSS_COBALT,
    "carbide": ToolMaterial.CARBIDE,
    "ceramic": ToolMaterial.CERAMIC,
    "cbn": ToolMaterial.CBN,
    "pcd": ToolMaterial.PCD,
    "diamond": ToolMaterial.PCD,
}
_QUANTITY = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")
_UNIT_MM = {"": Decimal(1), "mm": Decimal(1), "cm": Decimal(10), "m": Decimal(1000),
            "in": Decimal("25.4"), '"': Decimal("25.4"), "inch": Decimal("25.4"),
            "thou": Decimal("0.0254"), "mil": Decimal("0.0254")}  # fmt: skip
_UNIT_DEG = {"": Decimal(1), "°": Decimal(1), "deg": Decimal(1)}


def quantity(text: Any, units: dict[str, Decimal], what: str) -> Decimal:
    """``"0.375 \\""`` -> 9.525 (mm) and the like; a clear error for anything else."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return Decimal(str(text))
    match = _QUANTITY.match(str(text))
    unit = match.group(2).lower() if match else None
    if match is None or unit not in units:
        known = ", ".join(repr(u) for u in units if u)
        raise ValidationError(f"{what}: cannot read {text!r} (a number with {known})", field=what)
    try:
        return Decimal(match.group(1)) * units[unit]
    except InvalidOperation:
        raise ValidationError(f"{what}: cannot read {text!r}", field=what) from None


def shape_stem(shape: str) -> str:
    return Path(str(shape).strip()).name.lower().removesuffix(".fcstd")


def bit_to_tool(
    data: Any, *, default_tool_material: ToolMaterial, number: int | None, file_name: str
) -> dict[str, Any]:
    """A ``.fctb``'s JSON as a ToolInput dict (raises ValidationError for an unusable bit)."""
    if not isinstance(data, dict):
        raise ValidationError("not a ToolBit: the file holds no JSON object")
    name = data.get("name") or data.get("label")
    if not isinstance(name, str) or not name.strip():
        raise ValidationError("the bit has no name", field="name")
    shape = data.get("shape") or data.get("shape-type")
    if not shape:
        raise ValidationError(f"bit {name!r} names no shape", field="freecad_shape")
    stem = shape_stem(shape)
    tool_type = SHAPE_TYPES.get(stem) or SHAPE_TYPES.get(str(data.get("shape-type", "")).lower())
    if tool_type is None:
        known = ", ".join(sorted({s for s in SHAPE_TYPES if "-" in s or s.isalpha()}))
        raise ValidationError(
            f"bit {name!r} has shape {shape!r}, which Projem does not know (known: {known})",
            field="freecad_shape",
        )
    parameters = data.get("parameter") or {}
    attributes = data.get("attribute") or {}
    if not isinstance(parameters, dict) or not isinstance(attributes, dict):
        raise ValidationError(f"bit {name!r}: parameter and attribute must be JSON objects")
    tool: dict[str, Any] = {"name": name.strip(), "tool_type": tool_type, "freecad_shape": stem}
    kept: dict[str, Any] = {}
    for key, value in parameters.items():
        if key in LENGTH_COLUMNS:
            tool[LENGTH_COLUMNS[key]] = quantity(value, _UNIT_MM, key)
        elif key in ANGLE_COLUMNS:
            tool[ANGLE_COLUMNS[key]] = quantity(value, _UNIT_DEG, key)
            kept["angle_parameter"] = key
        elif key == "Flutes":
            tool["flutes"] = int(quantity(value, {"": Decimal(1)}, key))
        else:
            kept.setdefault("parameter", {})[key] = value
    material_name = attributes.get("Material")
    own = ("Material", "Flutes", "ProjemToolType", "ProjemParams", "ProjemShape",
           "ProjemToolMaterial")  # fmt: skip
    unknown_attributes = {k: v for k, v in attributes.items() if k not in own}
    if "Flutes" in attributes and "flutes" not in tool:
        tool["flutes"] = int(quantity(attributes["Flutes"], {"": Decimal(1)}, "Flutes"))
    if attributes.get("ProjemToolType"):
        try:
            tool["tool_type"] = tool_type = ToolType(attributes["ProjemToolType"])
        except ValueError:
            raise ValidationError(
                f"bit {name!r}: unknown ProjemToolType {attributes['ProjemToolType']!r}",
                field="tool_type",
            ) from None
    if SHAPE_TYPES.get(str(attributes.get("ProjemShape", ""))):
        tool["freecad_shape"] = attributes["ProjemShape"]
    extra: dict[str, Any] = {}
    if attributes.get("ProjemParams"):
        try:
            extra = json.loads(attributes["ProjemParams"])
        except (TypeError, json.JSONDecodeError):
            raise ValidationError(
                f"bit {name!r}: ProjemParams is not JSON", field="params"
            ) from None
    if unknown_attributes:
        kept["attribute"] = unknown_attributes
    material = TOOL_MATERIAL_NAMES.get(str(material_name or "").strip().lower())
    if attributes.get("ProjemToolMaterial") in TOOL_MATERIAL_NAMES:  # finer than FreeCAD's two
        material = TOOL_MATERIAL_NAMES[attributes["ProjemToolMaterial"]]
    assumed = []
    if material is None:
        material = default_tool_material
        kept["tool_material_assumed"] = True
        assumed.append("tool_material")
        if material_name:
            kept["material_attribute"] = material_name
    tool["tool_material"] = material
    if tool_type is ToolType.PROBE:
        tool["flutes"] = 0
    elif "flutes" not in tool:  # FreeCAD's older shapes have no Flutes: say it is a guess
        tool["flutes"] = 2
        assumed.append("flutes")
    if "units" in data:
        kept["units"] = data["units"]
    if data.get("id") not in (None, Path(file_name).stem):  # 1.1 names a bit after its file
        kept["id"] = data["id"]
    kept["file"] = file_name
    if number is not None:  # the library's number is the tool's own (tools.tool_number)
        tool["tool_number"] = number
    tool["params"] = {**(extra if isinstance(extra, dict) else {}), "freecad": kept}
    tool["params"].pop("assumed", None)
    if assumed:
        tool["params"]["assumed"] = assumed
    return tool


DEFAULT_ANGLE_PARAMETER = {"drill": "TipAngle", "tap": "TipAngle"}  # others: CuttingEdgeAngle


# The nearest of the two tool materials FreeCAD's ToolBit knows.
FREECAD_MATERIAL = {
    ToolMaterial.HSS: "HSS",
    ToolMaterial.HSS_COBALT: "HSS",
    ToolMaterial.CARBIDE: "Carbide",
    ToolMaterial.CERAMIC: "Carbide",
    ToolMaterial.CBN: "Carbide",
    ToolMaterial.PCD: "Carbide",
}


def _mm(value: Decimal) -> str:
    return f"{value:.3f} mm"


def tool_to_bit(tool: Any, *, flavour: str, file_stem: str) -> tuple[dict[str, Any], list[str]]:
    """The ``.fctb`` JSON for a tool record, and notes on anything written approximately."""
    notes: list[str] = []
    downgraded_from = None
    kept: dict[str, Any] = dict((tool.params or {}).get("freecad") or {})
    tool_type = ToolType(tool.tool_type)
    stem = tool.freecad_shape if SHAPE_TYPES.get(tool.freecad_shape or "") else None
    stem = stem or EXPORT_SHAPES[tool_type][0]
    if flavour in SHIPPED_SHAPES and stem not in SHIPPED_SHAPES[flavour]:
        older = NEAREST_OLDER_SHAPE.get(stem, "endmill")
        notes.append(f"{tool.name}: FreeCAD {flavour} has no {stem} shape; written as {older}")
        downgraded_from, stem = stem, older
    parameters: dict[str, Any] = {"Diameter": _mm(tool.diameter_mm)}
    for column, parameter in (
        ("flute_length_mm", "CuttingEdgeHeight"),
        ("overall_length_mm", "Length"),
        ("shank_diameter_mm", "ShankDiameter"),
        ("corner_radius_mm", "CornerRadius"),
    ):
        if getattr(tool, column) is not None:
            parameters[parameter] = _mm(getattr(tool, column))
    if tool.tip_angle_deg is not None:
        angle = kept.get("angle_parameter") or DEFAULT_ANGLE_PARAMETER.get(stem, "CuttingEdgeAngle")
        parameters[angle] = f"{tool.tip_angle_deg:.3f} °"
    parameters.update(kept.get("parameter") or {})
    attributes: dict[str, Any] = dict(kept.get("attribute") or {})
    guessed = assumed_fields(tool.params or {})
    if "flutes" in guessed:
        pass  # only Projem's guess: the file says nothing, as the one it came from
    elif flavour == "1.1":
        parameters["Flutes"] = str(tool.flutes)
    else:  # older shapes have no Flutes parameter: keep it where FreeCAD copies it verbatim
        attributes["Flutes"] = str(tool.flutes)
    if not kept.get("tool_material_assumed") and "tool_material" not in guessed:
        # FreeCAD's Material is an enumeration of "HSS" and "Carbide" (any other value stops
        # the bit loading); the exact material rides along for Projem.
        material = ToolMaterial(tool.tool_material)
        attributes["Material"] = FREECAD_MATERIAL[material]
        if FREECAD_MATERIAL[material].lower() != material.value:
            attributes["ProjemToolMaterial"] = material.value
    elif kept.get("material_attribute"):
        attributes["Material"] = kept["material_attribute"]
    if SHAPE_TYPES.get(stem) is not tool_type:
        attributes["ProjemToolType"] = tool_type.value
    if downgraded_from:
        attributes["ProjemShape"] = downgraded_from
    extra = {k: v for k, v in (tool.params or {}).items() if k not in ("freecad", "assumed")}
    if extra:
        attributes["ProjemParams"] = json.dumps(extra, sort_keys=True, ensure_ascii=False)
    bit: dict[str, Any] = {"version": 2, "name": tool.name, "shape": f"{stem}.fcstd"}
    if flavour == "1.1":
        bit["id"] = file_stem
        bit["shape-type"] = EXPORT_SHAPES[SHAPE_TYPES[stem]][1]
    if "units" in kept:
        bit["units"] = kept["units"]
    bit["parameter"] = parameters
    bit["attribute"] = attributes
    return bit, notes
