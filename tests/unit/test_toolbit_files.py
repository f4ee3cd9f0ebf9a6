# SPDX-License-Identifier: LGPL-2.1-or-later
"""Reading and writing FreeCAD ToolBit files and CSV without a database."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projem_workbench.db.enums import ToolMaterial, ToolType
from projem_workbench.errors import ValidationError
from projem_workbench.interchange import freecad_library, freecad_toolbits, tables
from projem_workbench.schemas.inputs import ToolInput
from tests.support.toolbits import BITS, write_library

CARBIDE = ToolMaterial.CARBIDE


def read(path: Path) -> freecad_library.ParsedTools:
    return freecad_library.read_library(path, default_tool_material=CARBIDE)


def test_library_bits_become_tool_records(tmp_path: Path) -> None:
    parsed = read(write_library(tmp_path))
    assert parsed.rejected == []
    tools = {item["name"]: ToolInput.model_validate(item) for item in parsed.items}
    endmill, bull, tap = tools["5mm Endmill"], tools["6 mm Bull Nose"], tools["375-16_Tap"]
    assert (endmill.tool_type, endmill.diameter_mm, endmill.flute_length_mm) == (
        ToolType.FLAT_ENDMILL,
        Decimal("5.000"),
        Decimal("30.000"),
    )
    assert (bull.corner_radius_mm, bull.tool_material) == (Decimal("1.500"), ToolMaterial.HSS)
    assert bull.params["freecad"]["attribute"] == {"Coolant": "mist"}
    # Inches: 0.375 in = 9.525 mm, 1.063 in = 27.0002 mm (kept to the micrometre), 2.5 in.
    assert (tap.tool_type, tap.diameter_mm, tap.flute_length_mm, tap.overall_length_mm) == (
        ToolType.TAP,
        Decimal("9.525"),
        Decimal("27.000"),
        Decimal("63.500"),
    )
    assert (tap.flutes, tap.tip_angle_deg) == (3, Decimal("90.000"))
    assert tap.params["freecad"]["parameter"]["Pitch"] == "0.000 in"
    assert tap.params["freecad"]["tool_material_assumed"] is True
    assert tools["Probe"].tool_type is ToolType.PROBE
    assert tools["60 Deg. V-Bit"].tip_angle_deg == Decimal("60.000")
    # A bit's nr is the tool's number, kept in its own column and not in params.
    assert [item["tool_number"] for item in parsed.items] == [1, 2, 3, 4, 5]
    assert all("nr" not in item["params"]["freecad"] for item in parsed.items)


@pytest.mark.parametrize("flavour", freecad_toolbits.FLAVOURS)
def test_written_library_reads_back_to_the_same_records(tmp_path: Path, flavour: str) -> None:
    original = [
        ToolInput.model_validate(item) for item in read(write_library(tmp_path / "a")).items
    ]
    library, _ = freecad_library.write_library(
        original, tmp_path / "out" / "Library" / "Shop.fctl", flavour=flavour
    )
    again = [ToolInput.model_validate(item) for item in read(library).items]
    assert again == original
    content = json.loads(library.read_text())
    assert ("label" in content) == (flavour == "1.1")
    bit = json.loads((library.parent.parent / "Bit" / "375-16_Tap.fctb").read_text())
    assert bit["shape"] == ("drill.fcstd" if flavour != "1.1" else "tap.fcstd")
    assert ("shape-type" in bit) == (flavour == "1.1")


@pytest.mark.parametrize(
    ("bit", "words"),
    [
        ({**BITS["5mm_Endmill.fctb"], "shape": "spoon.fcstd"}, "shape 'spoon.fcstd', which"),
        ({**BITS["5mm_Endmill.fctb"], "parameter": {"Diameter": "five mm"}}, "cannot read"),
        ({**BITS["5mm_Endmill.fctb"], "parameter": {"Diameter": "5 furlongs"}}, "cannot read"),
        ({**BITS["5mm_Endmill.fctb"], "name": ""}, "has no name"),
        ([1, 2], "no JSON object"),
    ],
)
def test_unusable_bits_are_rejected_with_the_reason(tmp_path: Path, bit: Any, words: str) -> None:
    parsed = read(write_library(tmp_path, {"bad.fctb": bit, **BITS}))
    assert len(parsed.items) == len(BITS)
    ((_, reason),) = parsed.rejected
    assert reason.startswith("bad.fctb: ") and words in reason


def test_files_that_are_not_libraries_are_refused_whole(tmp_path: Path) -> None:
    broken = tmp_path / "broken.fctl"
    broken.write_text('{"tools": [\n  {"nr": 1, "path": "a.fctb"},\n')
    with pytest.raises(ValidationError, match="invalid JSON at line 3 column 1"):
        read(broken)
    escape = tmp_path / "escape.fctl"
    escape.write_text(json.dumps({"tools": [{"nr": 1, "path": "../../etc/passwd"}]}))
    with pytest.raises(ValidationError, match="leaves the library"):
        read(escape)
    garbage = tmp_path / "garbage.fctl"
    with garbage.open("wb") as handle:
        handle.write(os.urandom(50 * 1024 * 1024))
    with pytest.raises(ValidationError, match=r"50\.0 MiB is far too large"):
        read(garbage)
    with pytest.raises(ValidationError, match="too large"):
        tables.read_csv(garbage.rename(tmp_path / "garbage.csv"))


def test_duplicate_names_in_one_file_are_rejected(tmp_path: Path) -> None:
    twin = {**BITS["5mm_Endmill.fctb"]}
    parsed = read(write_library(tmp_path, {"a.fctb": twin, "b.fctb": twin}))
    assert [item["name"] for item in parsed.items] == ["5mm Endmill"]
    assert "appears twice" in parsed.rejected[0][1]


def test_csv_header_must_match(tmp_path: Path) -> None:
    wrong = tmp_path / "tools.csv"
    wrong.write_text("name,type,diameter\nEM 6,flat_endmill,6\n")
    with pytest.raises(ValidationError) as refused:
        tables.read_csv(wrong)
    message = str(refused.value)
    assert "unknown column(s) 'type', 'diameter'" in message
    assert "missing column(s) tool_type, tool_material, diameter_mm" in message


def test_csv_rows_are_checked_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "tools.csv"
    path.write_text(
        "name,tool_type,tool_material,diameter_mm,params\n"
        'EM 6,flat_endmill,carbide,6,"{""helix"": 35}"\n'
        "Bad,flat_endmill,carbide,4,{not json\n"
        "Extra,drill,hss,5,{},surplus\n"
    )
    parsed = tables.read_csv(path)
    assert [item["name"] for item in parsed.items] == ["EM 6"]
    assert parsed.items[0]["params"] == {"helix": 35}
    assert [reason.split(":")[0] for _, reason in parsed.rejected] == ["line 3", "line 4"]


tool_inputs = st.builds(
    ToolInput,
    name=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool),
    tool_type=st.sampled_from(list(ToolType)),
    tool_material=st.sampled_from(list(ToolMaterial)),
    diameter_mm=st.decimals("0.1", "100", places=3),
    flutes=st.integers(0, 12),
    coating=st.none() | st.sampled_from(["TiAlN", "ZrN", "şişe"]),
    params=st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3),
)


@given(tools=st.lists(tool_inputs, max_size=5, unique_by=lambda t: t.name))
def test_csv_round_trip(tmp_path_factory: Any, tools: list[ToolInput]) -> None:
    path = tmp_path_factory.mktemp("csv") / "tools.csv"
    tables.write_csv(tools, path)
    parsed = tables.read_csv(path)
    assert parsed.rejected == []
    assert [ToolInput.model_validate(item) for item in parsed.items] == tools


def test_linuxcnc_table(tmp_path: Path) -> None:
    tools = [ToolInput.model_validate(item) for item in read(write_library(tmp_path)).items]
    path = tmp_path / "tool.tbl"
    tables.write_linuxcnc_table(map(tables.TableTool.of, tools), path)
    lines = path.read_text().splitlines()
    assert lines[1] == "T1 P1 D5.000 Z+0.000 ;5mm Endmill (flat_endmill)"
    assert lines[3] == "T3 P3 D9.525 Z+0.000 ;375-16_Tap (tap)"
    assert len(lines) == 6
