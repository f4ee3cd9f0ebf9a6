# SPDX-License-Identifier: LGPL-2.1-or-later
"""Tool shapes for the simulator: from the library's records (every catalogue tool), the
documented defaults for holder and stick-out, and the radial profiles."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from projem_workbench.db.enums import ToolType
from projem_workbench.sim.tools import KIND_BY_TYPE, PROFILE_STEPS, ToolShape

CATALOG = Path(__file__).parents[2] / "projem_workbench" / "data" / "catalog.json"


def test_every_tool_type_has_a_profile_kind() -> None:
    assert set(KIND_BY_TYPE) == {t.value for t in ToolType}


@pytest.mark.parametrize(
    "record", json.loads(CATALOG.read_text())["tools"], ids=lambda r: r["name"]
)
def test_every_catalogue_tool_makes_a_shape(record) -> None:
    shape = ToolShape.from_record(record, number=1)
    assert shape.diameter_mm == record["diameter_mm"]
    assert shape.flute_length_mm >= record["flute_length_mm"]
    assert shape.stickout_mm >= shape.flute_length_mm
    assert shape.holder_diameter_mm > shape.shank_diameter_mm
    assert shape.stickout_mm < record["overall_length_mm"]
    table, _ = shape.cutter_table
    inside = table[: PROFILE_STEPS + 1]
    assert np.isinf(table[PROFILE_STEPS + 1 :]).all() and np.isfinite(inside).all()
    assert np.all(np.diff(inside) >= 0)  # profiles grow outward


def test_defaults_er_collet_by_shank_and_grip() -> None:
    shape = ToolShape.from_record(
        {"name": "EM 12", "tool_type": "flat_endmill", "diameter_mm": 12,
         "flute_length_mm": 26, "overall_length_mm": 83, "shank_diameter_mm": 12},
        number=2,
    )  # fmt: skip
    assert shape.holder_diameter_mm == 34  # ER20 nut for a 12 mm shank
    assert shape.stickout_mm == pytest.approx(83 - 31.5 * 2 / 3)
    assert shape.holder_length_mm == 50
    bare = ToolShape.from_record({"name": "x", "diameter_mm": 3}, number=3)
    assert bare.kind == "flat" and bare.flute_length_mm == 9
    assert bare.shank_diameter_mm == 3 and bare.holder_diameter_mm == 19  # ER11
    assert bare.stickout_mm == pytest.approx(9 + 6 + 10)


def test_params_override_defaults() -> None:
    shape = ToolShape.from_record(
        {"name": "EM", "tool_type": "flat_endmill", "diameter_mm": 6, "flute_length_mm": 10,
         "params": {"stickout_mm": 22, "holder_diameter_mm": 40, "holder_length_mm": 70,
                    "center_cutting": False}},
        number=1,
    )  # fmt: skip
    assert (shape.stickout_mm, shape.holder_diameter_mm, shape.holder_length_mm) == (22, 40, 70)
    assert shape.center_cutting is False
    face = ToolShape.from_record({"name": "F", "tool_type": "face_mill", "diameter_mm": 50},
                                 number=4)  # fmt: skip
    assert face.center_cutting is False


def test_profiles() -> None:
    ball = ToolShape.from_record({"name": "B", "tool_type": "ball_endmill", "diameter_mm": 6},
                                 number=1)  # fmt: skip
    assert ball.profile(np.array([0.0, 3.0]))[0] == 0
    assert ball.profile(np.array(1.5)) == pytest.approx(3 - math.sqrt(9 - 2.25))
    assert np.isinf(ball.profile(np.array(3.1)))
    bull = ToolShape.from_record(
        {"name": "R", "tool_type": "bull_endmill", "diameter_mm": 10, "corner_radius_mm": 1},
        number=2,
    )  # fmt: skip
    assert bull.profile(np.array(4.0)) == 0 and bull.profile(np.array(5.0)) == pytest.approx(1)
    drill = ToolShape.from_record({"name": "D", "tool_type": "drill", "diameter_mm": 6.8},
                                  number=3)  # fmt: skip
    assert drill.tip_angle_deg == 118
    assert drill.profile(np.array(3.4)) == pytest.approx(3.4 / math.tan(math.radians(59)))
    vbit = ToolShape.from_record(
        {"name": "V", "tool_type": "v_bit", "diameter_mm": 6, "tip_angle_deg": 60,
         "flute_length_mm": 2, "params": {"tip_diameter_mm": 0.2}},
        number=4,
    )  # fmt: skip
    assert vbit.profile(np.array(0.1)) == 0
    assert vbit.profile(np.array(3.0)) == pytest.approx(2.9 / math.tan(math.radians(30)))
    assert vbit.flute_length_mm == pytest.approx(vbit.cone_height_mm)  # at least the cone
    # The flat bull (no corner) is a flat end; a record without a diameter is refused.
    flat = ToolShape.from_record({"name": "B0", "tool_type": "bull_endmill", "diameter_mm": 4},
                                 number=5)  # fmt: skip
    assert flat.kind == "flat"
    with pytest.raises(ValueError, match="T6"):
        ToolShape.from_record({"name": "none", "tool_type": "drill"}, number=6)


def test_body_profile_has_shank_then_holder() -> None:
    shape = ToolShape.from_record(
        {"name": "EM", "tool_type": "flat_endmill", "diameter_mm": 6, "flute_length_mm": 10,
         "shank_diameter_mm": 8, "params": {"stickout_mm": 30, "holder_diameter_mm": 30}},
        number=1,
    )  # fmt: skip
    body = shape.body_profile(np.array([0.0, 3.9, 4.1, 14.9, 15.1]))
    assert body.tolist() == [10, 10, 30, 30, np.inf]
    full = shape.full_table[0]
    assert full[0] == 0 and np.isinf(full[-1])
