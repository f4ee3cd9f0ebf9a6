# SPDX-License-Identifier: LGPL-2.1-or-later
"""The starter catalogue: valid, complete enough for a shop's first day, and sourced."""

from __future__ import annotations

import json
from importlib import resources

from projem_workbench.db.enums import MaterialCategory, ToolType
from projem_workbench.schemas.cutting_data import CuttingData
from projem_workbench.schemas.inputs import MachineInput, ToolInput
from projem_workbench.services.feeds import MachineLimits, ToolSpec, compute_feeds
from projem_workbench.services.reference import CATALOG_RESOURCE, starter_catalog


def test_catalogue_sizes_and_coverage() -> None:
    catalog = starter_catalog()
    assert len(catalog.machines) >= 3
    assert len(catalog.materials) >= 12
    assert len(catalog.tools) >= 20
    assert {m.controller for m in catalog.machines} >= {"linuxcnc", "grbl", "fanuc"}
    assert {m.category for m in catalog.materials} == set(MaterialCategory)
    cutting_types = set(ToolType) - {
        ToolType.PROBE,
        ToolType.DOVETAIL,
        ToolType.CORNER_ROUNDING,
        ToolType.TAPERED_BALL_ENDMILL,
    }
    assert {t.tool_type for t in catalog.tools} == cutting_types
    for kind in (catalog.machines, catalog.materials, catalog.tools):
        names = [record.name for record in kind]
        assert len(names) == len(set(names))


def test_every_material_has_carbide_and_hss_data_and_names_its_sources() -> None:
    raw = json.loads(resources.files("projem_workbench").joinpath(CATALOG_RESOURCE).read_text())
    assert len(raw["_sources"]) >= 3
    assert "Machinery's Handbook" in raw["_sources"][0]
    for material in starter_catalog().materials:
        data = CuttingData.model_validate(material.cutting_data)
        assert data.carbide is not None and data.hss is not None, material.name
        assert data.carbide.vc_m_min > data.hss.vc_m_min, material.name
        assert material.notes and material.notes.startswith("Sources: "), material.name


def test_taps_and_thread_mills_carry_their_pitch() -> None:
    for tool in starter_catalog().tools:
        if tool.tool_type in (ToolType.TAP, ToolType.THREAD_MILL):
            assert float(tool.params["pitch_mm"]) > 0, tool.name


def _tools() -> dict[str, ToolInput]:
    return {tool.name: tool for tool in starter_catalog().tools}


def _limits(machine: MachineInput) -> MachineLimits:
    return MachineLimits(
        name=machine.name,
        max_spindle_rpm=machine.max_spindle_rpm,
        max_feed_mm_min=machine.max_feed_mm_min,
        min_spindle_rpm=machine.meta.get("min_spindle_rpm", 0),
    )


def test_every_tool_has_feeds_in_aluminium_and_steel_on_each_mill() -> None:
    """Every catalogue tool (carbide, HSS or HSS-Co: all have data in both) gets feeds in
    6061-T6 and C45 on the two mills, as the default plan's check asks."""
    catalog = starter_catalog()
    materials = {m.name: m.cutting_data for m in catalog.materials}
    mills = [_limits(m) for m in catalog.machines if m.machine_type == "mill_3axis"]
    for tool in catalog.tools:
        spec = ToolSpec.model_validate(tool.model_dump())
        for material in ("Aluminium 6061-T6", "Steel C45 (1045)"):
            for machine in mills:
                result = compute_feeds(spec, materials[material], machine, material=material)
                assert result.spindle_rpm > 0 and result.feed_mm_min > 0, (tool.name, material)


def test_long_series_end_mills_reach_past_the_standard_ones() -> None:
    """Steps and walls deeper than the 26 mm of the standard EM 12: long-series carbide end
    mills of 6, 10 and 12 mm with at least 20, 40 and 45 mm of flutes."""
    tools = _tools()
    standard = max(
        float(t.flute_length_mm)
        for t in tools.values()
        if t.tool_type is ToolType.FLAT_ENDMILL and not t.name.endswith(" long")
    )
    assert standard == 26
    for name, diameter, flutes in (
        ("EM 6 mm 3F carbide long", 6, 20),
        ("EM 10 mm 4F carbide long", 10, 40),
        ("EM 12 mm 3F carbide long", 12, 45),
    ):
        tool = tools[name]
        assert tool.tool_type is ToolType.FLAT_ENDMILL and tool.tool_material == "carbide"
        assert float(tool.diameter_mm) == diameter and float(tool.flute_length_mm) >= flutes
        assert float(tool.shank_diameter_mm) == diameter
        assert float(tool.overall_length_mm) > float(tool.flute_length_mm) + 2 * diameter


def test_drills_for_deep_holes_and_clearance_holes() -> None:
    """A DIN 340 long drill beside the short Ø5 and Ø10, and the ISO 273 medium clearance
    drills for M6 and M8 (6.6 and 9 mm); one name per drill, every drill two-lipped."""
    tools = _tools()
    drills = [t for t in tools.values() if t.tool_type is ToolType.DRILL]
    assert len({t.name for t in drills}) == len(drills)
    for diameter in (5, 10):
        same = sorted(float(t.flute_length_mm) for t in drills if float(t.diameter_mm) == diameter)
        assert len(same) == 2 and same[1] > 2 * same[0], diameter
        assert same[1] >= 12 * diameter  # DIN 340: 87 mm at Ø5, 121 mm at Ø10
    assert {float(t.diameter_mm) for t in drills} >= {3.3, 5, 6.6, 6.8, 9, 10}
    for name, diameter in (
        ("Drill 6.6 mm HSS-Co (M6 clearance)", 6.6),
        ("Drill 9 mm HSS-Co (M8 clearance)", 9),
    ):
        assert float(tools[name].diameter_mm) == diameter
    assert all(t.flutes == 2 and t.tip_angle_deg for t in drills)


def test_the_library_can_cut_socket_head_counterbores() -> None:
    """ISO 4762 counterbores (M6: Ø11 × 6.5, M8: Ø15 × 8.5) are helix-milled with an end mill
    at most 0.8 of the bore (the default plan's share) whose flutes reach the depth."""
    end_mills = [t for t in _tools().values() if t.tool_type is ToolType.FLAT_ENDMILL]
    for bore, depth, expected in ((11, 6.5, 8), (15, 8.5, 12)):
        largest = max(
            float(t.diameter_mm)
            for t in end_mills
            if float(t.diameter_mm) <= 0.8 * bore and float(t.flute_length_mm) >= depth
        )
        assert largest == expected, bore  # Ø11: the Ø8, not the Ø6 it had before


def test_new_tools_come_after_the_first_ones_so_their_numbers_stay() -> None:
    """Catalogue tools are numbered in file order when loaded: the 21 first tools keep
    T1-T21 in a new shop, whatever is added after them."""
    names = [tool.name for tool in starter_catalog().tools]
    assert names[:5] == [
        "EM 3 mm 2F carbide",
        "EM 6 mm 3F carbide",
        "EM 10 mm 4F carbide",
        "EM 12 mm 3F carbide (aluminium)",
        "EM 6 mm 4F HSS-Co",
    ]
    assert names[20] == "Reamer 8 mm H7 carbide"


def test_sources_name_the_standards_and_the_long_reach_derating() -> None:
    raw = json.loads(resources.files("projem_workbench").joinpath(CATALOG_RESOURCE).read_text())
    text = " ".join(raw["_sources"])
    for words in ("DIN 338", "DIN 340", "ISO 273", "DIN 6527 L", "KYOCERA SGS", "PowerMill"):
        assert words in text, words
    assert "3 × its diameter" in raw["_source"]
