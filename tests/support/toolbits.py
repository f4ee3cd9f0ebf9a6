# SPDX-License-Identifier: LGPL-2.1-or-later
"""Small FreeCAD ToolBit libraries written by the tests, in each version's layout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# Bits as FreeCAD 0.20/1.0 write them (mm, degrees) and as 1.1 writes them (shape-type,
# inch quantities, Flutes as a parameter).
BITS: dict[str, dict[str, Any]] = {
    "5mm_Endmill.fctb": {
        "version": 2, "name": "5mm Endmill", "shape": "endmill.fcstd",
        "parameter": {"CuttingEdgeHeight": "30.0000 mm", "Diameter": "5.0000 mm",
                      "Length": "50.0000 mm", "ShankDiameter": "3.0000 mm"},
        "attribute": {},
    },
    "6mm_Bullnose.fctb": {
        "version": 2, "name": "6 mm Bull Nose", "shape": "bullnose.fcstd",
        "shape-type": "Bullnose",
        "parameter": {"CuttingEdgeHeight": "40.0000 mm", "Diameter": "6.0000 mm",
                      "CornerRadius": "1.5000 mm", "Length": "50.0000 mm",
                      "ShankDiameter": "3.0000 mm"},
        "attribute": {"Material": "HSS", "Coolant": "mist"},
    },
    "375-16_Tap.fctb": {
        "version": 2, "name": "375-16_Tap", "shape": "tap.fcstd", "shape-type": "tap",
        "parameter": {"CuttingEdgeLength": "1.063 \"", "Diameter": "0.375 \"", "Flutes": "3",
                      "Length": "2.500 \"", "Pitch": "0.000 in", "ShankDiameter": "0.250 \"",
                      "TipAngle": "90.000 \u00b0"},
        "attribute": {},
    },
    "probe.fctb": {
        "version": 2, "name": "Probe", "shape": "probe.fcstd",
        "parameter": {"Diameter": "6.0000 mm", "Length": "50.0000 mm",
                      "ShaftDiameter": "4.0000 mm"},
        "attribute": {},
    },
    "60degree_Vbit.fctb": {
        "version": 2, "name": "60 Deg. V-Bit", "shape": "v-bit.fcstd",
        "parameter": {"CuttingEdgeAngle": "60.0000 \u00b0", "Diameter": "10.0000 mm",
                      "CuttingEdgeHeight": "1.0000 mm", "TipDiameter": "1.0000 mm",
                      "Length": "20.0000 mm", "ShankDiameter": "5.0000 mm"},
        "attribute": {},
    },
}  # fmt: skip


def write_library(root: Path, bits: dict[str, dict[str, Any]] | None = None) -> Path:
    """``root/Library/Default.fctl`` listing ``bits`` written to ``root/Bit``."""
    bits = BITS if bits is None else bits
    (root / "Bit").mkdir(parents=True, exist_ok=True)
    (root / "Library").mkdir(parents=True, exist_ok=True)
    for name, content in bits.items():
        (root / "Bit" / name).write_text(json.dumps(content, indent=2), encoding="utf-8")
    library = root / "Library" / "Default.fctl"
    tools = [{"nr": number, "path": name} for number, name in enumerate(bits, start=1)]
    library.write_text(json.dumps({"tools": tools, "version": 1}), encoding="utf-8")
    return library
