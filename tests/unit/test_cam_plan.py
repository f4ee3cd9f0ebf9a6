# SPDX-License-Identifier: LGPL-2.1-or-later
"""The default plan from features shaped as ``cam.features.analyse`` gives them and a library of
real tool records: which tool for which floor, corner, hole and outline, what is left in the
notes, and a reason on every operation. No FreeCAD: features are plain data here."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

import pytest

from projem_workbench.db.enums import MaterialCategory
from projem_workbench.errors import ValidationError
from projem_workbench.schemas.inputs import ToolInput
from projem_workbench.services.cam_plan import DRY, make_plan
from projem_workbench.services.cam_spec import OperationSpec, RunSpec, parse_spec, spec_json
from projem_workbench.services.plan_library import PlanLibrary
from projem_workbench.services.tools import ToolRecord

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
IDS = itertools.count(1)


def record(name: str, kind: str, diameter: float, flutes_mm: float | None) -> ToolRecord:
    given = ToolInput(
        name=name,
        tool_type=kind,
        tool_material="carbide",
        diameter_mm=diameter,
        flutes=1 if kind == "face_mill" else 3,
        flute_length_mm=flutes_mm,
    )
    return ToolRecord(id=next(IDS), created_at=NOW, updated_at=NOW, **given.model_dump())


SHOP = [
    record("EM 3", "flat_endmill", 3, 8),
    record("EM 6", "flat_endmill", 6, 13),
    record("EM 8 long", "flat_endmill", 8, 40),
    record("EM 10", "flat_endmill", 10, 22),
    record("EM 12", "flat_endmill", 12, 26),
    record("EM 16 no data", "flat_endmill", 16, 40),
    record("Ball 8", "ball_endmill", 8, 16),
    record("Drill 5", "drill", 5, 28),
    record("Drill 6.8", "drill", 6.8, 69),
    record("Drill 10 stub", "drill", 10, 12),
]
FACE_MILL = record("Face mill 50", "face_mill", 50, 6)
DIAMETERS = [3.0, 6.0, 8.0, 10.0, 12.0]


def library(*extra: ToolRecord, tools: list[ToolRecord] = SHOP) -> PlanLibrary:
    return PlanLibrary([*tools, *extra], lambda tool: "no data" not in tool.name)


def floor(
    face: str,
    z: float,
    *,
    top: float = 20,
    fits: list[float] = DIAMETERS,
    corner: float | None = None,
    open_edges: list[str] | None = None,
    reachable: bool = True,
    above: str | None = "top",
) -> dict[str, Any]:
    return {
        "above": above,
        "face": face,
        "z": z,
        "depth": top - z,
        "area": 400.0,
        "box": [10.0, 10.0, 30.0, 30.0],
        "reachable": reachable,
        "corner_radius": corner,
        "open_edges": open_edges or [],
        "fits": fits,
    }


def hole(
    faces: list[str],
    diameter: float,
    top: float,
    bottom: float,
    *,
    x: float = 50,
    flat_bottom: bool = False,
    reachable: bool = True,
) -> dict[str, Any]:
    return {
        "faces": faces,
        "x": x,
        "y": 30.0,
        "diameter": diameter,
        "z_top": top,
        "z_bottom": bottom,
        "through": bottom == 0,
        "flat_bottom": flat_bottom,
        "reachable": reachable,
    }


def features(
    *,
    floors: tuple[dict[str, Any], ...] = (),
    holes: tuple[dict[str, Any], ...] = (),
    height: float = 20,
    outline: float | None = None,
    top_faces: tuple[str, ...] = ("Face6",),
    openings: tuple[dict[str, Any], ...] = (),
) -> dict[str, Any]:
    return {
        "through_openings": list(openings),
        "bounding_box": [0.0, 0.0, 0.0, 100.0, 60.0, height],
        "top_faces": list(top_faces),
        "floors": list(floors),
        "holes": list(holes),
        "outline_corner_radius": outline,
        "volume": 100.0 * 60.0 * height,
        "object": "Body",
    }


def plan(
    found: dict[str, Any], tools: PlanLibrary | None = None, coolant: str = "flood"
) -> RunSpec:
    return make_plan(found, tools or library(), coolant=coolant, material="Aluminium 6061-T6")


def named(spec: RunSpec, name: str) -> OperationSpec:
    return next(op for op in spec.operations if op.name == name)


def test_the_library_keeps_usable_milling_tools_largest_first() -> None:
    shop = library(FACE_MILL)
    assert [t.name for t in shop.end_mills] == ["EM 12", "EM 10", "EM 8 long", "EM 6", "EM 3"]
    assert [t.name for t in shop.face_mills] == ["Face mill 50"]
    assert [t.name for t in shop.drills] == ["Drill 5", "Drill 6.8", "Drill 10 stub"]


def test_a_whole_plan_in_order_with_its_stock_and_reasons() -> None:
    spec = plan(
        features(
            floors=(floor("Face3", 14, corner=1.5),),  # 6 deep: EM 3 reaches
            holes=(hole(["Face20"], 5, 20, 0),),
        )
    )
    assert [(op.name, op.type, op.tool) for op in spec.operations] == [
        ("Facing", "facing", "EM 12"),
        ("Pocket Face3 Z14", "pocket", "EM 12"),
        ("Corners Face3 Z14", "profile", "EM 3"),
        ("Drill Ø5 Z0", "drilling", "Drill 5"),
        ("Outline", "profile", "EM 12"),
    ]
    assert all(op.why and op.why.strip() for op in spec.operations)
    assert all(op.coolant == "flood" for op in spec.operations)
    assert spec.object == "Body"
    assert spec.stock.offsets_mm is not None and spec.stock.extents_mm is None
    assert spec.notes[0] == (
        "stock: the part's 100 × 60 × 20 mm box plus 2 mm round the sides and 1 mm on top"
    )
    assert parse_spec(spec.model_dump(mode="json")) == spec
    assert spec_json(parse_spec(json.loads(spec_json(spec)))) == spec_json(spec)


def test_the_largest_end_mill_that_fits_and_reaches_clears_a_floor() -> None:
    spec = plan(
        features(
            height=40,
            floors=(
                floor("Face3", 30, top=40, fits=[3.0, 6.0, 8.0, 10.0]),  # 10 deep, 12 too wide
                floor("Face4", 16, top=40),  # 24 deep: EM 12 reaches (26 mm flutes)
                floor("Face5", 10, top=40),  # 30 deep: only EM 8 long reaches
            ),
        )
    )
    assert named(spec, "Pocket Face3 Z30").tool == "EM 10"
    assert named(spec, "Pocket Face4 Z16").tool == "EM 12"
    deep = named(spec, "Pocket Face5 Z10")
    assert (deep.tool, deep.faces, deep.final_depth_mm) == ("EM 8 long", ["Face5"], 10)
    assert deep.why == (
        "Face5 at Z10 (30 deep), closed pocket: EM 8 long is the largest end mill that fits "
        "and reaches"
    )


def test_a_floor_open_to_the_outside_is_faced() -> None:
    spec = plan(features(floors=(floor("Face9", 12, open_edges=["Edge3", "Edge7"]),)))
    step = named(spec, "Clear Face9 Z12")
    assert (step.type, step.tool, step.faces, step.final_depth_mm) == (
        "facing",
        "EM 12",
        ["Face9"],
        12,
    )
    assert "open to the outside along 2 edges" in (step.why or "")


def test_tight_corners_are_finished_with_the_largest_end_mill_whose_radius_fits() -> None:
    spec = plan(features(floors=(floor("Face3", 10, corner=3.5),)))
    corners = named(spec, "Corners Face3 Z10")
    assert (corners.type, corners.side, corners.finishing, corners.tool) == (
        "profile",
        "inside",
        True,
        "EM 6",  # r3 fits R3.5; EM 8 long (r4) does not
    )
    assert (corners.faces, corners.final_depth_mm) == (["Face3"], 10)
    assert corners.why == (
        "Face3 at Z10 (10 deep): inside corners R3.5 are tighter than EM 12 (R6); "
        "finish the walls with EM 6"
    )


def test_corners_the_rougher_fits_need_no_finishing() -> None:
    spec = plan(features(floors=(floor("Face3", 10, corner=6),)))
    assert [op.name for op in spec.operations] == ["Facing", "Pocket Face3 Z10", "Outline"]


def test_sharp_corners_get_the_smallest_fitting_end_mill_and_a_note() -> None:
    spec = plan(features(floors=(floor("Face3", 10, corner=0, fits=[6.0, 8.0, 10.0]),)))
    assert named(spec, "Corners Face3 Z10").tool == "EM 6"
    assert "Face3 at Z10 (10 deep): sharp inside corners; a round tool leaves their radius" in (
        spec.notes
    )


def test_corners_no_smaller_tool_fits_keep_the_roughing_radius() -> None:
    spec = plan(features(floors=(floor("Face3", 14, corner=1, fits=[3.0]),)))
    assert named(spec, "Pocket Face3 Z14").tool == "EM 3"
    assert not any(op.name.startswith("Corners") for op in spec.operations)
    assert (
        "Face3 at Z14 (6 deep): corners R1 are tighter than EM 3 and no smaller end mill "
        "fits and reaches; they keep the roughing radius"
    ) in spec.notes


@pytest.mark.parametrize(
    ("bad", "note"),
    [
        (
            floor("Face4", 5, reachable=False),
            "Face4 at Z5 (15 deep): not reachable from above (an undercut); not machined",
        ),
        (
            floor("Face4", 5, fits=[]),
            "Face4 at Z5 (15 deep): no end mill fits it and reaches its depth; no end mill of "
            "the library fits inside it; not machined",
        ),
        (
            floor("Face4", -12, fits=[12.0]),
            "Face4 at Z-12 (32 deep): no end mill fits it and reaches its depth "
            "(EM 12 fits but its flutes (26 mm) are too short; it needs an end mill of Ø12 or "
            "less with 32 mm of flutes (a long-series or necked one)); not machined",
        ),
    ],
)
def test_floors_that_cannot_be_machined_are_noted(bad: dict[str, Any], note: str) -> None:
    spec = plan(features(floors=(bad,)))
    assert note in spec.notes
    assert not any("Face4" in op.faces for op in spec.operations)


def test_holes_of_one_size_and_depth_are_drilled_together() -> None:
    spec = plan(
        features(
            holes=(
                hole(["Face20", "Face21"], 5, 20, 6, x=10),  # 14 deep: no pecking
                hole(["Face22"], 5, 20, 6, x=90),
                hole(["Face23"], 5.008, 20, 6),  # within 0.01 of the drill: drilled apart
                hole(["Face24"], 5, 20, 8, flat_bottom=True),  # blind: another depth
            )
        )
    )
    both = named(spec, "Drill Ø5 Z6")
    assert (both.tool, both.faces, both.start_depth_mm, both.final_depth_mm) == (
        "Drill 5",
        ["Face20", "Face21", "Face22"],
        20,
        6,
    )
    assert both.peck_mm is None
    assert both.why == "2 holes Ø5 from Z20 to Z6: Drill 5 matches the diameter"
    assert named(spec, "Drill Ø5.008 Z6").tool == "Drill 5"
    blind = named(spec, "Drill Ø5 Z8")
    assert blind.faces == ["Face24"]
    assert "the drill point leaves a cone in the flat bottom" in (blind.why or "")


def test_holes_from_two_heights_get_different_names() -> None:
    spec = plan(features(holes=(hole(["Face20"], 5, 20, 0), hole(["Face21"], 5, 10, 0))))
    drills = [op for op in spec.operations if op.type == "drilling"]
    assert [(op.name, op.faces, op.start_depth_mm) for op in drills] == [
        ("Drill Ø5 Z0", ["Face20"], 20),
        ("Drill Ø5 Z0 #2", ["Face21"], 10),
    ]


def test_a_hole_deeper_than_three_diameters_is_pecked() -> None:
    spec = plan(features(height=40, holes=(hole(["Face30"], 6.8, 40, 0),)))
    drill = named(spec, "Drill Ø6.8 Z0")
    assert (drill.tool, drill.peck_mm) == ("Drill 6.8", 6.8)
    assert "pecking 6.8 mm (deeper than 3 × D)" in (drill.why or "")
    shallow = plan(features(holes=(hole(["Face30"], 6.8, 20, 0),)))  # 20 <= 3 × 6.8
    assert named(shallow, "Drill Ø6.8 Z0").peck_mm is None


def test_holes_without_a_drill_are_helix_milled() -> None:
    spec = plan(
        features(
            holes=(
                hole(["Face40"], 5.02, 20, 12),  # 0.02 off every drill; 8 deep
                hole(["Face41"], 10, 20, 0),  # the 10 mm drill is too short
            )
        )
    )
    small = named(spec, "Helix Ø5.02 Z12")
    assert (small.type, small.tool, small.faces) == ("helix", "EM 3", ["Face40"])  # <= 4.016
    assert small.why == (
        "1 hole Ø5.02 from Z20 to Z12: no drill of that size in the library; helix-milled with EM 3"
    )
    large = named(spec, "Helix Ø10 Z0")
    assert large.tool == "EM 8 long"  # 8 = 0.8 × 10 exactly
    assert "the drill is too short" in (large.why or "")


def test_holes_nothing_can_make_are_noted() -> None:
    spec = plan(
        features(
            holes=(
                hole(["Face50"], 3.5, 20, 0),  # no drill; EM 3 is over 0.8 × 3.5
                hole(["Face51"], 5, 20, 0, x=12.5, reachable=False),
            )
        )
    )
    assert not any(op.type in ("drilling", "helix") for op in spec.operations)
    assert (
        "1 hole Ø3.5 from Z20 to Z0: no drill of that size and no end mill small enough; "
        "it needs a Ø3.5 drill with 20 mm of flutes; not machined"
    ) in spec.notes
    assert "hole Ø5 at X12.5 Y30: not reachable from above; not machined" in spec.notes


@pytest.mark.parametrize(
    ("height", "radius", "tool", "why"),
    [
        (20, None, "EM 12", "cut the outline down to the part's bottom (Z0) with the largest "
         "end mill"),
        (20, 4, "EM 8 long", "whose radius fits the outline's inside corners (R4)"),
        (20, 3.2, "EM 6", "(R3.2)"),
        (40, None, "EM 8 long", "the largest end mill"),  # EM 10 and 12 are too short
        (60, None, "EM 12", "its flutes (26 mm) are shorter than the part is tall: the shank"),
    ],
)  # fmt: skip
def test_the_outline_uses_the_largest_end_mill_that_fits_its_corners(
    height: float, radius: float | None, tool: str, why: str
) -> None:
    outline = named(plan(features(height=height, outline=radius)), "Outline")
    assert (outline.type, outline.side, outline.tool, outline.final_depth_mm) == (
        "profile",
        "outside",
        tool,
        0.0,
    )
    assert why in (outline.why or "")


def test_an_outline_no_end_mill_fits_is_noted() -> None:
    spec = plan(features(outline=1))
    assert not any(op.name == "Outline" for op in spec.operations)
    assert (
        "outline: no end mill fits its inside corners and reaches 20 mm below the top; "
        "add a profile by hand"
    ) in spec.notes


def test_sharp_inside_corners_of_the_outline_are_noted_not_left_unmachined() -> None:
    spec = plan(features(outline=0))
    assert named(spec, "Outline").tool == "EM 12"
    assert "outline: sharp inside corners stay rounded to the outline tool's radius" in spec.notes


def test_facing_prefers_a_face_mill() -> None:
    spec = plan(features(top_faces=("Face6", "Face8")), library(FACE_MILL))
    facing = named(spec, "Facing")
    assert (facing.tool, facing.faces, facing.final_depth_mm, facing.stepdown_mm) == (
        "Face mill 50",
        ["Face6", "Face8"],
        20,
        1.0,
    )
    assert facing.why == (
        "face the top down to Z20 with the largest face mill usable in Aluminium 6061-T6"
    )
    assert named(spec, "Outline").tool == "EM 12"  # the face mill never profiles
    without = named(plan(features()), "Facing")
    assert without.tool == "EM 12" and "largest end mill" in (without.why or "")
    assert not any(op.type == "facing" for op in plan(features(top_faces=())).operations)


def test_the_coolant_given_is_on_every_operation() -> None:
    spec = plan(
        features(floors=(floor("Face3", 10, corner=1),), holes=(hole(["Face9"], 5, 20, 0),)),
        coolant="none",
    )
    assert {op.coolant for op in spec.operations} == {"none"}
    assert [op.type for op in spec.operations] == ["facing", "pocket", "drilling", "profile"]


def test_dry_materials_are_the_ones_cut_without_coolant() -> None:
    assert {c.value for c in DRY} == {"cast_iron", "plastic", "wood", "composite", "foam"}
    assert MaterialCategory.ALUMINUM not in DRY and MaterialCategory.STEEL not in DRY


def test_a_library_without_end_mills_plans_nothing() -> None:
    drills_only = library(tools=[t for t in SHOP if t.tool_type.value == "drill"])
    with pytest.raises(ValidationError, match="the plan found nothing to machine") as refused:
        plan(features(floors=(floor("Face3", 10),)), drills_only)
    assert refused.value.field == "spec"
    # its holes are still drilled, the rest is noted
    spec = plan(features(holes=(hole(["Face9"], 5, 20, 0),)), drills_only)
    assert [op.type for op in spec.operations] == ["drilling"]
    assert (
        "outline: no end mill fits its inside corners and reaches 20 mm below the top; "
        "add a profile by hand"
    ) in spec.notes


def test_a_hole_opening_on_no_cleared_floor_starts_from_the_top() -> None:
    """A hole whose top lies on no floor the plan clears (a slope, a floor left out) has the
    stock over it still there: it starts from the part's top, or is noted when no tool
    reaches that far (it used to start at its own top and rapid into the stock)."""
    step = floor("Face9", 12, open_edges=["Edge3"])
    on_step = {**hole(["Face40"], 5, 12, 0), "opens_in": "Face9"}
    on_slope = {**hole(["Face41"], 5, 12, 0, x=20), "opens_in": None}
    spec = plan(features(floors=(step,), holes=(on_step, on_slope)))
    drills = {op.name: op for op in spec.operations if op.type == "drilling"}
    assert {op.start_depth_mm for op in drills.values()} == {12, 20}
    assert "is on no floor the plan clears" in drills["Drill Ø5 Z0 #2"].why
    deep = {**hole(["Face42"], 18, 12, 0), "opens_in": None}
    spec = plan(features(height=50, floors=(floor("Face9", 12, top=50),), holes=(deep,)))
    assert not any(op.type == "helix" for op in spec.operations)
    assert any(
        "EM 12 is small enough but its flutes (26" in n and "do not reach 50 mm" in n
        for n in spec.notes
    ), spec.notes


def test_an_operation_freecad_cannot_make_is_left_out_with_its_reason() -> None:
    pocket = floor("Face7", 15, corner=2.0)
    below = {**hole(["Face30"], 5, 15, 0), "opens_in": "Face7"}
    found = features(floors=(pocket,), holes=(below,))
    full = plan(found)
    assert {"Pocket Face7 Z15", "Corners Face7 Z15"} <= {op.name for op in full.operations}
    reason = "Pocket Face7 Z15: FreeCAD made no toolpath for this pocket operation"
    spec = make_plan(
        found, library(), coolant="flood", material="Aluminium 6061-T6",
        left_out={"Pocket Face7 Z15": reason},
    )  # fmt: skip
    names = {op.name for op in spec.operations}
    # The floor's corners go with it, and the hole under it starts from the top.
    assert "Pocket Face7 Z15" not in names and "Corners Face7 Z15" not in names
    assert f"{reason}: left out of the plan; not machined" in spec.notes
    assert named(spec, "Drill Ø5 Z0").start_depth_mm == 20


def opening(walls: list[str], opens_in: str | None, *, fits: list[float] = DIAMETERS,
            corner: float | None = 5.0, reachable: bool = True) -> dict[str, Any]:  # fmt: skip
    return {
        "walls": walls,
        "z_top": 12.0,
        "z_bottom": 0.0,
        "area": 300.0,
        "box": [30.0, 20.0, 60.0, 30.0],
        "point": [45.0, 25.0],
        "reachable": reachable,
        "corner_radius": corner,
        "fits": fits,
        "opens_in": opens_in,
    }


def test_a_floor_inside_a_cleared_floor_starts_where_that_one_ends() -> None:
    """The plan works top down on the material left: a pocket in the floor of a pocket is cut
    from that floor, and its depth (for the flutes) counts from there, not from the top."""
    outer = floor("Face19", 12, top=30, above="top")
    inner = floor("Face28", 4, top=30, fits=[3.0, 6.0], above="Face19")
    spec = plan(features(height=30, floors=(outer, inner)))
    first, second = named(spec, "Pocket Face19 Z12"), named(spec, "Pocket Face28 Z4")
    assert (first.start_depth_mm, first.final_depth_mm, first.tool) == (30, 12, "EM 12")
    # 8 mm below Z12: EM 6's 13 mm flutes cover it (26 mm from the top would not), and its
    # stick-out (35 mm: no overall length given) clears the 26 mm below the top.
    assert (second.start_depth_mm, second.final_depth_mm, second.tool) == (12, 4, "EM 6")
    assert "(8 deep below the Z12 level cleared before)" in (second.why or "")
    # Left out, the outer pocket's stock is still there: the inner one starts from the top.
    spec = make_plan(
        features(height=30, floors=(outer, inner)), library(), coolant="flood",
        material="Aluminium 6061-T6", left_out={"Pocket Face19 Z12": "no toolpath"},
    )  # fmt: skip
    assert "Pocket Face28 Z4" not in {op.name for op in spec.operations}
    assert any(n.startswith("Face28 at Z4 (26 deep): no end mill fits it") for n in spec.notes)
    # Deeper still, the flutes reach from the floor above but the holder would meet the top.
    low = floor("Face28", -10, top=30, fits=[3.0, 6.0], above="Face19")
    spec = plan(features(height=30, floors=(floor("Face19", 0, top=30), low)))
    assert any(
        "EM 6 fits but sticks out of its holder only 35 mm; it needs an end mill of Ø6 or less "
        "reaching 40 mm below the top" in n
        for n in spec.notes
    ), spec.notes


def test_an_open_step_deeper_than_any_flutes_is_cleared_by_stick_out() -> None:
    """An open step deeper than every end mill's flutes is still cleared where a tool's
    stick-out reaches (the shank rubs the one wall above the flutes: said); a closed pocket
    that deep is not, and the note says what tool it needs."""
    stubs = library(tools=[t for t in SHOP if t.name != "EM 8 long"])
    step = floor("Face3", 12, top=46, open_edges=["Edge1", "Edge2", "Edge3"])
    spec = plan(features(height=46, floors=(step,)), stubs)
    clear = named(spec, "Clear Face3 Z12")
    assert (clear.tool, clear.start_depth_mm, clear.final_depth_mm) == ("EM 12", 46, 12)
    assert "shank rubs the wall 8 mm above its 26 mm flutes" in (clear.why or "")
    spec = plan(features(height=46, floors=(floor("Face3", 12, top=46),)), stubs)
    assert not any(op.name.startswith("Pocket") for op in spec.operations)
    assert any("with 34 mm of flutes (a long-series or necked one)" in n for n in spec.notes)


def test_a_through_opening_is_pocketed_inside_its_walls_from_its_level() -> None:
    step = floor("Face3", 12, top=40, open_edges=["Edge1"])
    slot = opening(["Face20", "Face21", "Face22", "Face23"], "Face3", fits=[3.0, 6.0, 8.0])
    spec = plan(features(height=40, floors=(step,), openings=(slot,)))
    through = next(op for op in spec.operations if op.name.startswith("Through"))
    assert through.type == "pocket" and through.faces == slot["walls"]
    assert (through.tool, through.start_depth_mm, through.final_depth_mm) == ("EM 8 long", 12, 0)
    names = [op.name for op in spec.operations]
    assert names.index("Clear Face3 Z12") < names.index(through.name) < names.index("Outline")
    # Under a level the plan does not clear, it starts from the top; under an overhang, a note.
    spec = plan(features(height=40, openings=(opening(["Face20"], None),)))
    assert next(op for op in spec.operations if op.name.startswith("Through")).start_depth_mm == 40
    spec = plan(features(openings=(opening(["Face20"], "top", reachable=False),)))
    assert not any(op.name.startswith("Through") for op in spec.operations)
    assert any("material stands over it (an overhang); not machined" in n for n in spec.notes)


def test_holes_in_a_lower_level_move_between_each_other_over_its_walls() -> None:
    """FreeCAD moves a drill from hole to hole at the R plane, 3 mm over the start: for holes
    in counterbores under a step that is inside the base between them. The plan raises it
    over the walls round the level the holes open in."""
    step = floor("Face3", 12, top=40, open_edges=["Edge1"])
    bores = [
        floor(f, 5.5, top=40, fits=[3.0, 6.0, 8.0], above="Face3") for f in ("Face17", "Face18")
    ]
    holes = [
        {**hole([f"Face{30 + i}"], 6.8, 5.5, 0, x=14 + i), "opens_in": bore["face"]}
        for i, bore in enumerate(bores)
    ]
    spec = plan(features(height=40, floors=(step, *bores), holes=tuple(holes)))
    drill = named(spec, "Drill Ø6.8 Z0")
    assert (drill.start_depth_mm, drill.retract_height_mm) == (5.5, 15)
    assert "moving between holes at Z15" in (drill.why or "")
    names = [op.name for op in spec.operations]
    assert names.index("Pocket Face17 Z5.5") < names.index("Drill Ø6.8 Z0")  # counterbore first
    single = plan(features(height=40, floors=(step, bores[0]), holes=(holes[0],)))
    assert named(single, "Drill Ø6.8 Z0").retract_height_mm is None  # no move between holes
    assert spec.safe_height_mm == 44 and spec.clearance_height_mm == 46  # over all the stock


def test_what_the_rougher_cannot_reach_gets_a_rest_pocket_then_its_corners() -> None:
    """A slot off a pocket narrower than the roughing end mill: a pocket of what that one
    left, with the largest end mill that takes most of it, then a pass for the corners still
    tighter than that one. Corners alone (a few mm² the rougher leaves) need no rest pocket."""
    slot = {
        **floor("Face19", 14, corner=0.0, fits=[3.0, 6.0, 12.0]),
        "unreached_largest_mm2": [0.9, 8.2, 176.1],
    }
    spec = plan(features(floors=(slot,)))
    rest = named(spec, "Rest Face19 Z14")
    assert (rest.type, rest.tool, rest.rest_after_mm, rest.start_depth_mm) == (
        "pocket", "EM 6", 12, 20
    )  # fmt: skip
    assert "EM 12 cannot reach a piece of 176.1 mm² of it" in (rest.why or "")
    corners = named(spec, "Corners Face19 Z14")
    assert corners.tool == "EM 3" and "tighter than EM 6 (R3)" in (corners.why or "")
    names = [op.name for op in spec.operations]
    assert names.index("Pocket Face19 Z14") < names.index(rest.name) < names.index(corners.name)
    only_corners = {**slot, "corner_radius": 2.0, "unreached_largest_mm2": [0.1, 1.0, 12.0]}
    spec = plan(features(floors=(only_corners,)))
    assert not any(op.name.startswith("Rest") for op in spec.operations)
    assert named(spec, "Corners Face19 Z14").tool == "EM 3"
    # Open floors are cleared from outside: no rest pocket.
    step = {**slot, "open_edges": ["Edge1"]}
    assert not any(op.name.startswith("Rest") for op in plan(features(floors=(step,))).operations)


def test_a_tolerance_tighter_than_roughing_adds_a_finishing_pass_after_each_roughing() -> None:
    pocket = floor("Face3", 10, corner=8.0)
    step = floor("Face4", 14, open_edges=["Edge1"])
    found = features(floors=(pocket, step), holes=(hole(["Face9"], 5, 20, 0),))
    spec = make_plan(
        found, library(), coolant="flood", material="Aluminium 6061-T6", tolerance_mm=0.02
    )
    names = [op.name for op in spec.operations]
    rough, finish = named(spec, "Pocket Face3 Z10"), named(spec, "Finish Pocket Face3 Z10")
    assert names.index(finish.name) == names.index(rough.name) + 1
    assert (rough.final_depth_mm, rough.stock_to_leave_mm) == (10.2, 0.2)
    assert (finish.start_depth_mm, finish.final_depth_mm, finish.finishing) == (10.2, 10, True)
    assert finish.tool == rough.tool and finish.stock_to_leave_mm is None
    clear = named(spec, "Clear Face4 Z14")  # a facing: its floor only
    assert (clear.final_depth_mm, clear.stock_to_leave_mm) == (14.2, None)
    outline, last = named(spec, "Outline"), named(spec, "Finish Outline")
    assert (outline.final_depth_mm, outline.stock_to_leave_mm) == (0, 0.2)
    assert last.final_depth_mm == 0 and "the last 0.2 mm of the walls of Outline" in last.why
    assert named(spec, "Facing").final_depth_mm == 20  # the top: faced as it was
    assert not any(n.startswith("Finish Drill") for n in names)
    assert any("ream or bore those that need the tolerance" in n for n in spec.notes)
    loose = make_plan(
        found, library(), coolant="flood", material="Aluminium 6061-T6", tolerance_mm=0.1
    )
    assert not any(op.name.startswith("Finish") for op in loose.operations)
    assert any("roughing holds it" in n for n in loose.notes)
