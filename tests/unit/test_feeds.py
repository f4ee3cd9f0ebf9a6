# SPDX-License-Identifier: LGPL-2.1-or-later
"""Feeds and speeds against values worked out by hand, clamping, and its error cases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projem_workbench.errors import ValidationError
from projem_workbench.services.feeds import MachineLimits, ToolSpec, compute_feeds
from projem_workbench.services.reference import starter_catalog

CATALOG = starter_catalog()
MATERIALS = {m.name: m.cutting_data for m in CATALOG.materials}
MACHINES = {
    m.name: MachineLimits(
        name=m.name,
        max_spindle_rpm=m.max_spindle_rpm,
        max_feed_mm_min=m.max_feed_mm_min,
        min_spindle_rpm=m.meta.get("min_spindle_rpm", 0),
    )
    for m in CATALOG.machines
}
TOOLS = {t.name: ToolSpec.model_validate(t.model_dump()) for t in CATALOG.tools}
VMC, ROUTER, FANUC = "VMC 850 (LinuxCNC)", "Router 1212 (GRBL)", "Fanuc 0i-MF mill"
AL, STEEL, MDF = "Aluminium 6061-T6", "Steel C45 (1045)", "MDF"


def spec(catalogue_name: str, **changes: Any) -> ToolSpec:
    return TOOLS[catalogue_name].model_copy(update=changes)


# (tool, material, machine, rpm, feed, plunge, stepdown, stepover, clamped quantities)
CASES = [
    # 300000 / (π·6) = 15915 rpm > 10000: clamped; feed 10000·3·0.035 = 1050; plunge ·0.3;
    # stepdown 1.0·6, stepover 0.4·6.
    (spec("EM 6 mm 3F carbide"), AL, VMC, 10000, 1050, 315, 6.0, 2.4, ["spindle_rpm"]),
    # Same on the router: 15915 rpm fits; 15915·3·0.035 = 1671.1; plunge 501.3.
    (spec("EM 6 mm 3F carbide"), AL, ROUTER, 15915, 1671, 501, 6.0, 2.4, []),
    # HSS drill 10 mm in C45: 25000 / (π·10) = 795.8 → 796 rpm; f_rev(12 band) 0.13 → 103.5.
    (spec("Drill 10 mm carbide", tool_material="hss"), STEEL, FANUC, 796, 103, 103, None, None,
     []),
    # Ball 3 mm: 300000 / (π·3) = 31831 > 10000; fz(3 band) 0.015 · 2 flutes · 10000 = 300.
    (spec("Ball 4 mm 2F carbide", diameter_mm=Decimal(3)), AL, VMC, 10000, 300, 90, 3.0, 1.2,
     ["spindle_rpm"]),
    # Tap M8x1.25 HSS-Co (uses HSS data) in C45: 0.5·25 = 12.5 m/min → 12500/(π·8) = 497.4
    # → 497 rpm; feed = 497 · 1.25 = 621.25.
    (spec("Tap M8 x 1.25 HSS-Co"), STEEL, FANUC, 497, 621, 621, None, None, []),
    # V-bit 6 mm cuts at 3 mm: 700000/(π·3) = 74272 > 24000; fz(3 band) 0.06·2·24000 = 2880.
    (spec("V-bit 60° 6 mm"), MDF, ROUTER, 24000, 2880, 1440, 6.0, 3.0, ["spindle_rpm"]),
    # Reamer 8 mm: 0.66·300 = 198 m/min → 198000/(π·8) = 7878.2; f_rev(12) 0.20·2 = 0.40 →
    # 3151.3 mm/min.
    (spec("Reamer 8 mm H7 carbide"), AL, VMC, 7878, 3151, 3151, None, None, []),
    # EM 12 in MDF: 700000/(π·12) = 18568 rpm; 18568·3·0.2 = 11141 > 5000: feed clamped;
    # plunge 0.5·5000 (MDF plunges at half feed).
    (spec("EM 12 mm 3F carbide (aluminium)"), MDF, ROUTER, 18568, 5000, 2500, 12.0, 6.0,
     ["feed_mm_min"]),
    # EM 3 in Ti-6Al-4V on the router: 50000/(π·3) = 5305 < 8000 minimum: raised to 8000,
    # feed 8000·2·0.008 = 128; stepover 0.1·3.
    (spec("EM 3 mm 2F carbide"), "Titanium Ti-6Al-4V (grade 5)", ROUTER, 8000, 128, 26, 3.0,
     0.3, ["spindle_rpm"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("tool", "material", "machine", "rpm", "feed", "plunge", "down", "over", "clamped"), CASES
)
def test_against_hand_computed_values(
    tool: ToolSpec,
    material: str,
    machine: str,
    rpm: int,
    feed: float,
    plunge: float,
    down: float | None,
    over: float | None,
    clamped: list[str],
) -> None:
    result = compute_feeds(tool, MATERIALS[material], MACHINES[machine], material=material)
    assert (result.spindle_rpm, result.feed_mm_min, result.plunge_mm_min) == (rpm, feed, plunge)
    assert (result.stepdown_mm, result.stepover_mm) == (down, over)
    assert [clamp.quantity for clamp in result.clamps] == clamped


def test_clamp_reports_what_was_asked_and_why() -> None:
    result = compute_feeds(spec("EM 6 mm 3F carbide"), MATERIALS[AL], MACHINES[VMC])
    (clamp,) = result.clamps
    assert (clamp.requested, clamp.applied) == (15915, 10000)
    assert "turns at most 10000 rpm" in clamp.reason
    assert result.chip_load_mm == 0.035  # kept: the feed followed the clamped speed


def test_stepdown_is_limited_by_the_flute_length() -> None:
    result = compute_feeds(
        spec("EM 6 mm 3F carbide", flute_length_mm=Decimal(4)), MATERIALS[AL], MACHINES[VMC]
    )
    assert result.stepdown_mm == 4.0
    assert "flute length" in result.notes[0]


@pytest.mark.parametrize(
    ("tool", "operation", "field", "words"),
    [
        (spec("Tap M8 x 1.25 HSS-Co", name="Tap", params={}), None, "params", "pitch_mm"),
        (spec("Tap M8 x 1.25 HSS-Co", name="Tap", params={"pitch": "fine"}), None, "params",
         "cannot read 'fine'"),
        (spec("Slitting saw 25 x 3 mm", params={}, flute_length_mm=None), None, "params",
         "blade thickness"),
        (spec("EM 6 mm 3F carbide", tool_material="ceramic"), None, "cutting_data",
         "no cutting data for ceramic tools (it has: hss, carbide)"),
        (spec("Drill 5 mm carbide"), "roughing", "operation", "cannot do roughing"),
        (spec("EM 6 mm 3F carbide"), "drilling", "operation", "cannot do drilling"),
        (spec("EM 6 mm 3F carbide", flutes=0), None, "flutes", "no flutes"),
        (spec("EM 6 mm 3F carbide", tool_type="probe"), None, "tool", "probe"),
    ],
)  # fmt: skip
def test_impossible_requests_are_refused_clearly(
    tool: ToolSpec, operation: str | None, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        compute_feeds(tool, MATERIALS[STEEL], MACHINES[FANUC], material=STEEL, operation=operation)
    assert refused.value.field == field
    assert words in str(refused.value)


def test_a_tap_that_needs_more_feed_than_the_machine_has_is_refused() -> None:
    slow = MACHINES[FANUC].model_copy(update={"max_feed_mm_min": Decimal(300)})
    with pytest.raises(ValidationError, match="cannot be fed slower than its pitch"):
        compute_feeds(spec("Tap M8 x 1.25 HSS-Co"), MATERIALS[STEEL], slow)


@given(
    tool=st.sampled_from(sorted(n for n, t in TOOLS.items() if t.tool_type != "tap")),
    material=st.sampled_from(sorted(MATERIALS)),
    max_rpm=st.integers(1000, 60000),
    max_feed=st.integers(100, 40000),
    flutes=st.integers(1, 8),
)
def test_limits_are_never_exceeded_and_feed_follows_flutes(
    tool: str, material: str, max_rpm: int, max_feed: int, flutes: int
) -> None:
    machine = MachineLimits(max_spindle_rpm=max_rpm, max_feed_mm_min=Decimal(max_feed))
    one = compute_feeds(spec(tool, flutes=1), MATERIALS[material], machine)
    many = compute_feeds(spec(tool, flutes=flutes), MATERIALS[material], machine)
    for result in (one, many):
        assert 0 < result.spindle_rpm <= max_rpm
        assert 0 < result.feed_mm_min <= max_feed
        assert result.plunge_mm_min <= result.feed_mm_min
    hole_tool = one.operation == "drilling"
    if not hole_tool and not many.clamps and not one.clamps:
        assert many.feed_mm_min == pytest.approx(one.feed_mm_min * flutes, abs=flutes)


@pytest.mark.parametrize(
    ("name", "params", "pitch"),
    [
        ("Tap", {"freecad": {"parameter": {"Pitch": "0.0500 in"}}}, 1.27),  # a FreeCAD ToolBit
        ("Tap", {"pitch": '0.05"'}, 1.27),
        ("Tap", {"pitch": "20 tpi"}, 1.27),
        ("Tap", {"tpi": 20}, 1.27),
        ("Tap 1/4-20 UNC", {}, 1.27),
        ("Tap #10-24", {}, 25.4 / 24),
        ("Tap", {"thread": "M8x1.25"}, 1.25),
        ("Tap", {"pitch": "1.25 mm"}, 1.25),
    ],
)  # fmt: skip
def test_a_tap_pitch_in_inches_or_threads_per_inch(name: str, params: dict, pitch: float) -> None:
    """In C45 the tap turns at 497 rpm (the case above): the feed is 497 · pitch."""
    tool = spec("Tap M8 x 1.25 HSS-Co", name=name, params=params)
    result = compute_feeds(tool, MATERIALS[STEEL], MACHINES[FANUC])
    assert result.chip_load_mm == pytest.approx(pitch)
    assert result.feed_mm_min == round(497 * pitch)


def test_a_slitting_saw_steps_down_by_its_blade_thickness() -> None:
    """A 76 mm saw imported from FreeCAD (no cutting length, its BladeThickness a parameter)
    steps down by its 3 mm blade, not by a share of its 76 mm diameter."""
    saw = spec(
        "Slitting saw 25 x 3 mm", diameter_mm=Decimal(76), flute_length_mm=None,
        params={"freecad": {"parameter": {"BladeThickness": "3.000 mm"}}},
    )  # fmt: skip
    result = compute_feeds(saw, MATERIALS[AL], MACHINES[VMC])
    assert result.stepdown_mm == 3.0
    assert "slitting saw: stepdown is its blade thickness (3 mm)" in result.notes
    inch = saw.model_copy(update={"params": {"blade_thickness_mm": "0.125 in"}})
    assert compute_feeds(inch, MATERIALS[AL], MACHINES[VMC]).stepdown_mm == 3.17


def test_a_spindle_speed_raised_to_the_machines_minimum_is_a_warning() -> None:
    """Ti-6Al-4V with a 3 mm end mill on the router: 5305 rpm raised to its 8000 rpm minimum
    cuts 51 % faster than the data allows; a speed lowered to a maximum is only a clamp."""
    titanium = "Titanium Ti-6Al-4V (grade 5)"
    raised = compute_feeds(spec("EM 3 mm 2F carbide"), MATERIALS[titanium], MACHINES[ROUTER])
    (warning,) = raised.warnings
    assert warning.startswith("spindle speed raised from 5305 to 8000 rpm")
    assert "51 % above the 50 m/min of the cutting data" in warning
    lowered = compute_feeds(spec("EM 6 mm 3F carbide"), MATERIALS[AL], MACHINES[VMC])
    assert lowered.clamps and not lowered.warnings


def test_a_long_series_end_mill_gets_a_smaller_stepover_and_chip_load() -> None:
    """EM 10 long has 40 mm of flutes, 4 × D: the 5 × D row of LONG_REACH, stepover
    × (4/5)² = 0.64 and chip load × 1.15 / 1.4 = 0.82. In 6061 on the VMC both turn at
    300000 / (π·10) = 9549 rpm; the stub (22 mm, 2.2 × D) keeps 0.4·10 = 4 mm and fz 0.06
    (9549·4·0.06 = 2292 mm/min), the long one gets 0.4·0.64·10 = 2.56 mm and fz 0.0492
    (9549·4·0.0492 = 1879 mm/min)."""
    stub = compute_feeds(spec("EM 10 mm 4F carbide"), MATERIALS[AL], MACHINES[VMC])
    long = compute_feeds(spec("EM 10 mm 4F carbide long"), MATERIALS[AL], MACHINES[VMC])
    assert (stub.spindle_rpm, long.spindle_rpm) == (9549, 9549)
    assert (stub.stepover_mm, stub.chip_load_mm, stub.feed_mm_min) == (4.0, 0.06, 2292)
    assert (long.stepover_mm, long.chip_load_mm, long.feed_mm_min) == (2.56, 0.0492, 1879)
    assert stub.stepdown_mm == long.stepdown_mm == 10.0
    assert not any("long reach" in note for note in stub.notes)
    assert long.notes == [
        "long reach: flutes 40 mm = 4.0 × D (over 3 × D): stepover × 0.64 and chip load × 0.82"
    ]
    finishing = compute_feeds(
        spec("EM 10 mm 4F carbide long"), MATERIALS[AL], MACHINES[VMC], operation="finishing"
    )
    assert finishing.stepover_mm == round(0.08 * 0.64 * 10, 2)  # 0.51


def test_every_long_series_end_mill_in_the_catalogue_is_derated() -> None:
    for name, tool in TOOLS.items():
        if tool.tool_type != "flat_endmill":
            continue
        result = compute_feeds(tool, MATERIALS[STEEL], MACHINES[FANUC], material=STEEL)
        derated = any(note.startswith("long reach:") for note in result.notes)
        assert derated == (float(tool.flute_length_mm) > 3 * float(tool.diameter_mm)), name
        assert derated == name.endswith(" long"), name


@pytest.mark.parametrize(
    ("flute_length", "stickout", "stepover", "chip_load"),
    [
        (22, None, 4.0, 0.06),  # 2.2 × D: a stub
        (30, None, 4.0, 0.06),  # 3 × D exactly: still none
        (22, 40, 2.56, 0.0492),  # the stub in a long holder: its stick-out counts (4 × D)
        (22, "2 in", 1.0, 0.0384),  # 50.8 mm = 5.1 × D: the 8 × D row, (4/8)² and 0.9/1.4
        (100, None, 0.44, 0.03),  # 10 × D: the 12 × D row, (4/12)² = 0.11 and 0.7/1.4
        (250, None, 0.28, 0.0258),  # 25 × D: past the table, its last row (15 × D)
    ],
)  # fmt: skip
def test_the_long_reach_rows(
    flute_length: float, stickout: Any, stepover: float, chip_load: float
) -> None:
    params = {} if stickout is None else {"stickout_mm": stickout}
    tool = spec("EM 10 mm 4F carbide", flute_length_mm=Decimal(flute_length), params=params)
    result = compute_feeds(tool, MATERIALS[AL], MACHINES[VMC])
    assert (result.stepover_mm, result.chip_load_mm) == (stepover, chip_load)
    assert result.feed_mm_min == round(9549 * 4 * chip_load)
    assert ("past the table, its 15 × D row" in " ".join(result.notes)) == (flute_length > 150)


def test_a_long_slot_is_cut_shallower_and_a_long_drill_is_not_derated() -> None:
    """A slot is as wide as the tool: the long reach shrinks its depth (0.5·0.64·10 = 3.2 mm)
    instead. Drills are long by nature (DIN 340: 12 × D) and peck instead."""
    long = spec("EM 10 mm 4F carbide", flute_length_mm=Decimal(40))
    slot = compute_feeds(long, MATERIALS[AL], MACHINES[VMC], operation="slotting")
    assert (slot.stepdown_mm, slot.stepover_mm) == (3.2, 10.0)
    assert "depth of cut × 0.64 and chip load × 0.82" in slot.notes[0]
    din_340 = spec("Drill 10 mm carbide", flute_length_mm=Decimal(121), tool_material="hss")
    drill = compute_feeds(din_340, MATERIALS[AL], MACHINES[VMC])
    assert drill.chip_load_mm == 0.15  # 6061's HSS f_rev for the 12 mm band, as it is
    assert not any("long reach" in note for note in drill.notes)
