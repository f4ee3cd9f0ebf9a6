# SPDX-License-Identifier: LGPL-2.1-or-later
"""Specs that would crash are refused on their stock, naming the operation, the field and the
numbers; a cut a little below the stock's bottom (the through-cut allowance) is allowed; what
hurts the tool is a warning of the run: deeper than the flutes or the stick-out, a spindle
speed a machine minimum raised."""

from __future__ import annotations

from typing import Any

import pytest

from projem_workbench.errors import CamError, ValidationError
from projem_workbench.services.cam_spec import (
    check_against_stock,
    parse_spec,
    stock_heights,
)
from projem_workbench.services.cam_warnings import (
    check_freecad_answer,
    reach_warnings,
    spindle_warnings,
)

# A 15 mm part on a stock 1 mm taller: bottom Z0, top Z16.
STOCK = (0.0, 16.0)


def pocket(**values: Any) -> dict[str, Any]:
    return {"name": "Pocket", "type": "pocket", "tool": "EM 6", "faces": ["Face3"], **values}


def refusal(**top: Any) -> ValidationError:
    operations = top.pop("operations", [pocket()])
    with pytest.raises(ValidationError) as caught:
        check_against_stock(parse_spec({"operations": operations, **top}), STOCK)
    return caught.value


def test_a_depth_into_the_table_is_refused_with_the_numbers() -> None:
    error = refusal(operations=[pocket(), pocket(name="Deep", final_depth_mm=-50)])
    assert set(error.problems) >= {"operations.1.final_depth_mm"}
    message = error.problems["operations.1.final_depth_mm"]
    assert "operation 'Deep'" in message and "final_depth_mm Z-50" in message
    assert "50 mm below the stock's bottom (Z0)" in message and "allowance of 1 mm" in message
    assert error.field == "final_depth_mm"


def test_a_start_depth_below_the_allowance_is_refused_too() -> None:
    error = refusal(operations=[pocket(start_depth_mm=-3, final_depth_mm=-4)])
    assert {"operations.0.start_depth_mm", "operations.0.final_depth_mm"} <= set(error.problems)


def test_rapid_heights_in_the_stock_are_refused() -> None:
    error = refusal(safe_height_mm=-10, clearance_height_mm=-5)
    assert (
        "safe_height_mm Z-10 is not above the stock's top (Z16)" in error.problems["safe_height_mm"]
    )
    assert "Z-5" in error.problems["clearance_height_mm"]
    # at the top exactly: the rapid scrapes the stock
    assert "safe_height_mm" in refusal(safe_height_mm=16, clearance_height_mm=20).problems


def test_clearance_below_safe_is_refused() -> None:
    with pytest.raises(ValidationError, match="clearance_height_mm is below safe_height_mm"):
        parse_spec({"operations": [pocket()], "safe_height_mm": 30, "clearance_height_mm": 20})


def test_a_through_cut_within_the_allowance_passes() -> None:
    spec = parse_spec(
        {
            "operations": [pocket(final_depth_mm=-1)],
            "safe_height_mm": 19,
            "clearance_height_mm": 21,
        }
    )
    assert spec.through_cut_allowance_mm == 1.0
    check_against_stock(spec, STOCK)
    deeper = {"operations": [pocket(final_depth_mm=-1.5)]}
    with pytest.raises(ValidationError, match=r"1\.5 mm below"):
        check_against_stock(parse_spec(deeper), STOCK)
    check_against_stock(parse_spec({**deeper, "through_cut_allowance_mm": 2}), STOCK)


def test_the_stock_is_the_extents_or_the_measured_box_grown() -> None:
    spec = parse_spec({"operations": [pocket()]})
    assert stock_heights(spec.stock, None) is None
    assert stock_heights(spec.stock, [0, 0, 0, 100, 60, 15]) == (0, 16)
    boxed = parse_spec(
        {
            "operations": [pocket()],
            "stock": {"extents_mm": {"x_min": 0, "x_max": 9, "y_min": 0, "y_max": 9,
                                     "z_min": -5, "z_max": 20}},
        }
    )  # fmt: skip
    assert stock_heights(boxed.stock, [0, 0, 0, 100, 60, 15]) == (-5, 20)


def test_freecads_own_depths_are_checked_on_the_stock_it_built() -> None:
    spec = parse_spec({"operations": [pocket()]})
    answer = {
        "stock_box_mm": [-2, -2, 0, 102, 62, 16],
        "operations": [
            {"name": "Pocket", "start_depth_mm": 15, "final_depth_mm": -20,
             "safe_height_mm": 19, "clearance_height_mm": 21},
        ],
    }  # fmt: skip
    with pytest.raises(CamError, match="operation 'Pocket': final_depth_mm Z-20 is 20 mm below"):
        check_freecad_answer(spec, answer)
    answer["operations"][0]["final_depth_mm"] = 5
    check_freecad_answer(spec, answer)


TOOLS = [
    {"number": 3, "name": "EM 10 mm 4F carbide", "flute_length_mm": 26.0, "params": {}},
    {"number": 4, "name": "EM 6 short", "flute_length_mm": 20.0,
     "params": {"stickout_mm": 24}},
]  # fmt: skip


def test_an_operation_deeper_than_its_flutes_is_a_warning() -> None:
    answered = [
        {"name": "Outline", "tool_number": 3, "start_depth_mm": 48, "final_depth_mm": 0},
        {"name": "Pocket", "tool_number": 3, "start_depth_mm": 48, "final_depth_mm": 30},
    ]
    (warning,) = reach_warnings(answered, TOOLS, 49)
    assert warning["kind"] == "tool_reach" and warning["operation"] == "Outline"
    assert warning["message"].startswith("Outline: cuts 48 mm deep (Z48 to Z0) with T3 EM 10")
    message = warning["message"]
    assert "flutes 26 mm long: once the tool tip is below Z22 the shank rubs the wall" in message
    assert "22 mm of it at the final depth (Z26 to Z48)" in message


def test_deeper_than_the_stick_out_the_holder_meets_the_stock() -> None:
    answered = [{"name": "Slot", "tool_number": 4, "start_depth_mm": None, "final_depth_mm": 10}]
    (warning,) = reach_warnings(answered, TOOLS, 40)  # from the stock's top: 30 mm deep
    message = warning["message"]
    assert "sticks out of its holder only 24 mm: the holder meets the stock once the tool" in (
        message
    )
    assert "tip is below Z16" in message


def test_a_spindle_speed_raised_by_the_machine_is_a_warning() -> None:
    raised = {
        "name": "Outline", "tool": "EM 10", "tool_number": 2,
        "source": {"spindle_rpm": "calculator"},
        "calculator": {"clamps": [{"quantity": "spindle_rpm", "requested": 5333, "applied": 8000,
                                   "reason": "Router turns at least 8000 rpm"}]},
    }  # fmt: skip
    lowered = {
        **raised,
        "name": "Fast",
        "calculator": {"clamps": [{"quantity": "spindle_rpm", "requested": 30000,
                                   "applied": 24000, "reason": "at most 24000 rpm"}]},
    }  # fmt: skip
    (warning,) = spindle_warnings([raised, lowered])
    assert warning["kind"] == "spindle_raised"
    assert "raised from 5333 to 8000 rpm (Router turns at least 8000 rpm)" in warning["message"]
    assert "50 % above" in warning["message"]
