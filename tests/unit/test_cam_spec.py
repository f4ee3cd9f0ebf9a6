# SPDX-License-Identifier: LGPL-2.1-or-later
"""The CAM run spec: a good spec survives its own JSON, every refusal names the field and the
rule, unknown keys are refused, files that cannot be read say so, labels are G-code safe."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from projem_workbench.errors import ValidationError
from projem_workbench.services.cam_spec import (
    OperationSpec,
    RunSpec,
    parse_spec,
    read_spec,
    spec_json,
)

POCKET = {"name": "Pocket Face3 Z5", "type": "pocket", "tool": "EM 6", "faces": ["Face3"]}


def spec(*operations: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"operations": list(operations) or [POCKET], **top}


def op(**overrides: Any) -> dict[str, Any]:
    return {**POCKET, **overrides}


FULL = {
    "version": 1,
    "object": "Body",
    "stock": {
        "extents_mm": {
            "x_min": -2,
            "x_max": 102,
            "y_min": -2,
            "y_max": 62,
            "z_min": 0,
            "z_max": 21,
        }
    },
    "wcs": "G55",
    "safe_height_mm": 25,
    "clearance_height_mm": 30,
    "tool_numbers": {"EM 6": 3, "Drill 5": 12},
    "operations": [
        {
            "name": "Facing",
            "type": "facing",
            "tool": "EM 6",
            "faces": ["Face6"],
            "final_depth_mm": 20,
            "stepdown_mm": 1,
            "coolant": "flood",
        },
        {
            "name": "Corners (R2)",
            "type": "profile",
            "tool": "EM 6",
            "faces": ["Face12"],
            "side": "inside",
            "finishing": True,
            "start_depth_mm": 20,
            "final_depth_mm": 5,
            "stepover_percent": 100,
            "spindle_rpm": 9000,
            "feed_mm_min": 1200.5,
            "plunge_mm_min": 300,
            "why": "corners tighter than the rougher",
        },
        {
            "name": "Drill Ø5 Z0",
            "type": "drilling",
            "tool": "Drill 5",
            "faces": ["Face20", "Face21"],
            "start_depth_mm": 20,
            "final_depth_mm": 0,
            "peck_mm": 5,
            "dwell_s": 0.5,
        },
        {"name": "Outline", "type": "profile", "tool": "EM 6", "side": "outside"},
    ],
    "notes": ["stock: the part's box"],
}


def refusal(data: object) -> str:
    with pytest.raises(ValidationError) as refused:
        parse_spec(data)
    assert refused.value.field == "spec"
    return str(refused.value)


def test_a_full_spec_survives_its_own_json() -> None:
    parsed = parse_spec(FULL)
    text = spec_json(parsed)
    assert text.endswith("}\n") and "\n  " in text  # indented, for editing
    again = parse_spec(json.loads(text))
    assert again == parsed
    assert spec_json(again) == text
    assert again.operations[1].feed_mm_min == 1200.5
    assert again.stock.extents_mm is not None and again.stock.extents_mm.y_max == 62
    assert again.tools() == ["EM 6", "Drill 5"]


def test_spec_json_shows_every_field_even_unset() -> None:
    written = json.loads(spec_json(parse_spec(spec())))
    assert written["safe_height_mm"] is None
    assert written["tool_numbers"] == {}
    assert written["stock"] == {
        "offsets_mm": {
            "x_neg": 2.0,
            "x_pos": 2.0,
            "y_neg": 2.0,
            "y_pos": 2.0,
            "z_neg": 0.0,
            "z_pos": 1.0,
        },
        "extents_mm": None,
    }
    pocket = written["operations"][0]
    assert pocket["spindle_rpm"] is None and pocket["coolant"] == "none"
    assert pocket["finishing"] is False and pocket["why"] is None


def test_a_spec_file_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text(spec_json(parse_spec(FULL)), encoding="utf-8")
    assert read_spec(path) == parse_spec(FULL)


@pytest.mark.parametrize(
    ("data", "where", "words"),
    [
        (spec(op(), op()), "spec", "operation names must be unique: Pocket Face3 Z5"),
        (spec(op(faces=["face3"])), "operations.0", "'face3' is not a face name like Face7"),
        (spec(op(faces=["Face"])), "operations.0", "'Face' is not a face name like Face7"),
        (spec(op(faces=["Edge3"])), "operations.0", "'Edge3' is not a face name"),
        (spec(op(faces=[])), "operations.0", "a pocket operation needs faces"),
        (spec(op(type="drilling", faces=[])), "operations.0", "a drilling operation needs"),
        (spec(op(type="helix", faces=[])), "operations.0", "a helix operation needs faces"),
        (spec(op(side="inside")), "operations.0", "side is for profile operations"),
        (spec(op(peck_mm=2)), "operations.0", "peck_mm, dwell_s and retract_height_mm are"),
        (spec(op(retract_height_mm=9)), "operations.0", "retract_height_mm are for drilling"),
        (
            spec(op(type="drilling", start_depth_mm=5, retract_height_mm=4)),
            "operations.0",
            "retract_height_mm is below start_depth_mm",
        ),
        (
            spec(op(start_depth_mm=5, final_depth_mm=6)),
            "operations.0",
            "final_depth_mm is above start_depth_mm",
        ),
        (spec(op(feed_mm_min=0)), "operations.0.feed_mm_min", "greater than 0"),
        (spec(op(plunge_mm_min=-10)), "operations.0.plunge_mm_min", "greater than 0"),
        (spec(op(spindle_rpm=0)), "operations.0.spindle_rpm", "greater than 0"),
        (spec(op(stepdown_mm=0)), "operations.0.stepdown_mm", "greater than 0"),
        (spec(op(stepover_percent=100.5)), "operations.0.stepover_percent", "less than or equal"),
        (spec(op(stepover_percent=0)), "operations.0.stepover_percent", "greater than 0"),
        (spec(op(type="spiral")), "operations.0.type", "'facing'"),
        (spec(op(side="both")), "operations.0.side", "'outside' or 'inside'"),
        (spec(op(coolant="oil")), "operations.0.coolant", "'flood'"),
        (spec(op(name="")), "operations.0.name", "at least 1 character"),
        (spec(op(tool="")), "operations.0.tool", "at least 1 character"),
        (spec(op(colour="red")), "operations.0.colour", "Extra inputs are not permitted"),
        (spec(colour="red"), "colour", "Extra inputs are not permitted"),
        (
            spec(stock={"offsets_mm": {"x_neg": 1, "top": 2}}),
            "stock.offsets_mm.top",
            "Extra inputs",
        ),
        (spec(stock={"offsets_mm": {"x_neg": -1}}), "stock.offsets_mm.x_neg", "greater than"),
        (
            spec(stock={"offsets_mm": {}, "extents_mm": FULL["stock"]["extents_mm"]}),
            "stock",
            "give the stock as either offsets_mm or extents_mm",
        ),
        (spec(stock={}), "stock", "give the stock as either offsets_mm or extents_mm"),
        (
            spec(stock={"extents_mm": {**FULL["stock"]["extents_mm"], "y_max": -2}}),
            "stock.extents_mm",
            "y_max must be greater than y_min",
        ),
        (
            spec(stock={"extents_mm": {**FULL["stock"]["extents_mm"], "z_max": -1}}),
            "stock.extents_mm",
            "z_max must be greater than z_min",
        ),
        (
            spec(safe_height_mm=10, clearance_height_mm=5),
            "spec",
            "clearance_height_mm is below safe_height_mm",
        ),
        (spec(tool_numbers={"EM 6": 1, "EM 3": 1}), "spec", "tool_numbers must be positive"),
        (spec(tool_numbers={"EM 6": 0}), "spec", "tool_numbers must be positive and different"),
        (spec(wcs="G53"), "wcs", "'G54'"),
        (spec(version=2), "version", "Input should be 1"),
        ({"operations": []}, "operations", "at least 1 item"),
        ({}, "operations", "Field required"),
        ([POCKET], "spec", "valid dictionary"),
    ],
)
def test_refusals_name_the_field_and_the_rule(data: object, where: str, words: str) -> None:
    message = refusal(data)
    assert f"{where}: " in message
    assert words in message


def test_every_problem_is_reported_at_once() -> None:
    message = refusal(spec(op(feed_mm_min=0, stepover_percent=120), wcs="G60"))
    for where in ("operations.0.feed_mm_min", "operations.0.stepover_percent", "wcs"):
        assert where in message


def test_names_must_differ_as_g_code_comments() -> None:
    """The run finds each operation's moves by its comment, where ( ) become [ ]."""
    message = refusal(spec(op(name="Pocket (1)"), op(name="Pocket [1]")))
    assert "operation names must be unique: Pocket [1]" in message


def test_equal_depths_and_heights_are_allowed() -> None:
    parsed = parse_spec(
        spec(op(start_depth_mm=5, final_depth_mm=5), safe_height_mm=10, clearance_height_mm=10)
    )
    assert parsed.operations[0].final_depth_mm == 5


def test_the_default_stock_is_offsets() -> None:
    parsed = parse_spec(spec())
    assert parsed.stock.extents_mm is None
    assert parsed.stock.offsets_mm is not None and parsed.stock.offsets_mm.z_pos == 1.0


def test_a_malformed_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text('{"operations": [', encoding="utf-8")
    with pytest.raises(ValidationError, match="not a JSON spec") as refused:
        read_spec(path)
    assert refused.value.field == "spec"
    assert str(path) in str(refused.value)
    path.write_bytes(b'{"name": "\xff"}')
    with pytest.raises(ValidationError, match="not a JSON spec"):
        read_spec(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(ValidationError, match="cannot read the spec") as refused:
        read_spec(path)
    assert refused.value.field == "spec"
    assert str(refused.value).startswith(f"{path}: ")


def test_a_bad_spec_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text(json.dumps(spec(op(stepover_percent=150))), encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        read_spec(path)
    assert str(refused.value).startswith(f"{path}: operations.0.stepover_percent: ")


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Drill (M8 tap)", "Drill [M8 tap]"),
        ("Pocket ((deep))", "Pocket [[deep]]"),
        ("a;b", "a,b"),
        ("two\nlines\r", "two lines "),
        ("Drill Ø5 Z0", "Drill Ø5 Z0"),
    ],
)
def test_labels_are_safe_in_g_code_comments(name: str, label: str) -> None:
    operation = OperationSpec(name=name, type="profile", tool="EM 6")
    assert operation.label == label
    assert operation.name == name


def test_tools_are_listed_in_order_of_first_use() -> None:
    parsed = RunSpec.model_validate(
        spec(
            op(name="a", tool="EM 10"),
            op(name="b", tool="EM 6"),
            op(name="c", tool="EM 10"),
            op(name="d", tool="Drill 5", type="drilling"),
        )
    )
    assert parsed.tools() == ["EM 10", "EM 6", "Drill 5"]


def test_each_refusal_is_also_keyed_by_its_place_in_the_spec() -> None:
    data = json.loads(json.dumps(FULL))
    data["operations"][1]["stepover_percent"] = 150
    data["operations"][2]["faces"] = []
    data["stock"] = {"offsets_mm": {"x_neg": -1}}
    with pytest.raises(ValidationError) as refused:
        parse_spec(data)
    problems = refused.value.problems
    assert problems["operations.1.stepover_percent"] == "Input should be less than or equal to 100"
    assert problems["operations.2"] == "a drilling operation needs faces"
    assert problems["stock.offsets_mm.x_neg"] == "Input should be greater than or equal to 0"
    assert problems["spec"] == str(refused.value)
