# SPDX-License-Identifier: LGPL-2.1-or-later
"""The plan's proof read back: which operation a G-code line belongs to (by FreeCAD's own
operation comments), and where the material a simulation leaves lies, by feature."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from projem_workbench.services.plan_verify import _operation_of_line, left_by_feature
from projem_workbench.sim.machine import Box

GCODE = """(begin preamble)
G17 G90
(begin operation: T4 EM 12)
M6 T4
(finish operation: T4 EM 12)
(begin operation: Pocket Face3 Z10)
G0 Z5
G1 Z-1
(finish operation: Pocket Face3 Z10)
(begin operation: Drill Ø5 [M6] Z0)
G81 X1 Y1 Z0 R3
"""


def test_a_line_belongs_to_the_operation_begun_before_it() -> None:
    owner = _operation_of_line(GCODE, ["Pocket Face3 Z10", "Drill Ø5 (M6) Z0"])
    assert owner(2) == "Pocket Face3 Z10"  # the program's start: the first operation's
    assert owner(4) == "Pocket Face3 Z10"  # a tool change before any of the plan's
    assert owner(8) == "Pocket Face3 Z10"
    assert owner(11) == "Drill Ø5 (M6) Z0"  # parentheses posted as brackets
    assert owner(None) is None
    assert _operation_of_line("G0 X1\n", ["Pocket"])(1) is None


def test_material_left_is_told_by_the_feature_it_lies_in() -> None:
    """A 10 × 10 mm stock at 1 mm cells, part top at Z5 over the left half, none (a through
    opening) over the right: 2 mm left in a floor's box, 3 mm in a hole, 4 mm in the opening,
    1 mm in no feature's area."""
    part = np.full((10, 10), -np.inf, dtype=np.float32)
    part[:, :5] = 5.0
    heights = np.where(np.isfinite(part), part, np.float32(0)).astype(np.float32)
    heights[1, 1] += 2  # cell centre X1.5 Y1.5: in the floor's box
    heights[5, 2] += 3  # X2.5 Y5.5: in the hole (and the floor's box: the hole wins)
    heights[2, 8] += 4  # X8.5 Y2.5: in the through opening
    heights[8, 3] += 1  # X3.5 Y8.5: in no feature
    result = SimpleNamespace(
        part=SimpleNamespace(heights=part), heights=heights, stock=Box(0, 0, 0, 10, 10, 6),
        resolution_mm=1.0, left_mm3=10.0,
    )  # fmt: skip
    features = {
        "floors": [{"face": "Face3", "z": 5.0, "area": 28.0, "box": [0, 0, 4, 7]}],
        "through_openings": [{"box": [7.0, 1.0, 9.0, 4.0]}],
        "holes": [{"x": 2.5, "y": 5.5, "diameter": 1.2}],
    }
    assert left_by_feature(result, features) == [
        ("the through opening at X7 Y1", 4.0),
        ("the hole Ø1.2 at X2.5 Y5.5", 3.0),
        ("Face3 at Z5", 2.0),
        ("the outline and walls", 1.0),
    ]
