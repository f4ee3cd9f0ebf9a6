# SPDX-License-Identifier: LGPL-2.1-or-later
"""LinuxCNC tool table lines as LinuxCNC reads them, and what their comments say."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from projem_workbench.db.enums import ToolMaterial
from projem_workbench.errors import ValidationError
from projem_workbench.interchange.linuxcnc_table import parse_line, read_table_tools, table_tool

CARBIDE = ToolMaterial.CARBIDE


def test_words_in_any_order_and_case() -> None:
    words = parse_line("z+12.3 d6.0 P1 T1 x-.5 q2 i10 j-5", 3)
    assert words == {
        "Z": Decimal("12.3"), "D": Decimal("6.0"), "P": Decimal("1"), "T": Decimal("1"),
        "X": Decimal("-.5"), "Q": Decimal("2"), "I": Decimal("10"), "J": Decimal("-5"),
    }  # fmt: skip
    item, _ = table_tool(words, "", default_tool_material=CARBIDE)
    assert item["params"]["linuxcnc"] == {
        "z_offset_mm": 12.3, "pocket": 1, "x_offset_mm": -0.5, "orientation": 2,
        "front_angle_deg": 10.0, "back_angle_deg": -5.0,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("comment", "tool_type", "tool_material", "flutes", "assumed"),
    [
        ("EM 6 carbide 3F", "flat_endmill", "carbide", 3, []),
        ("6mm End Mill HSS 4 flute", "flat_endmill", "hss", 4, []),
        ("Ball 8 mm 2FL", "ball_endmill", "carbide", 2, ["tool_material"]),
        ("Center drill 3 mm HSS", "center_drill", "hss", 2, ["flutes"]),
        ("Spot drill 90", "center_drill", "carbide", 2, ["tool_material", "flutes"]),
        ("Drill 6.8 cobalt", "drill", "hss_cobalt", 2, ["flutes"]),
        ("Tap M8x1.25", "tap", "carbide", 2, ["tool_material", "flutes"]),
        ("Chamfer mill 90deg", "chamfer", "carbide", 2, ["tool_material", "flutes"]),
        ("Face mill 50", "face_mill", "carbide", 2, ["tool_material", "flutes"]),
        ("Bull nose 10 R1", "bull_endmill", "carbide", 2, ["tool_material", "flutes"]),
        ("Reamer 8 H7 carbide", "reamer", "carbide", 2, ["flutes"]),
        ("Something", "flat_endmill", "carbide", 2, ["tool_type", "tool_material", "flutes"]),
        ("EM 6 (ball_endmill)", "ball_endmill", "carbide", 2, ["tool_material", "flutes"]),
    ],
)
def test_the_comment_says_what_it_can(
    comment: str, tool_type: str, tool_material: str, flutes: int, assumed: list[str]
) -> None:
    item, notes = table_tool(parse_line("T5 D6", 1), comment, default_tool_material=CARBIDE)
    assert (item["tool_type"], item["tool_material"], item["flutes"]) == (
        tool_type, tool_material, flutes,
    )  # fmt: skip
    assert item["params"].get("assumed", []) == assumed
    assert bool(notes) == bool(assumed)


def test_projem_s_own_comment_gives_the_name_back() -> None:
    item, _ = table_tool(
        parse_line("T1 D6", 1), "EM 6 (x) (flat_endmill)", default_tool_material=CARBIDE
    )
    assert (item["name"], item["tool_type"]) == ("EM 6 (x)", "flat_endmill")


def test_a_table_that_is_not_text_or_empty_is_refused(tmp_path: Path) -> None:
    binary = tmp_path / "tool.tbl"
    binary.write_bytes(b"\xff\xfe\x00T1")
    with pytest.raises(ValidationError, match="not UTF-8"):
        read_table_tools(binary, default_tool_material=CARBIDE)
    empty = tmp_path / "empty.tbl"
    empty.write_text("; only comments\n\n")
    with pytest.raises(ValidationError, match="holds no tools"):
        read_table_tools(empty, default_tool_material=CARBIDE)
