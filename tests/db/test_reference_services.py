# SPDX-License-Identifier: LGPL-2.1-or-later
"""Machines, materials and tools through their services: validation that names the field,
unique live names, soft delete and restore, search, inventory, JSON import; all audited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from projem_workbench.audit.verify import verify_and_record
from projem_workbench.db.models import AuditLog, Tool
from projem_workbench.db.session import Database
from projem_workbench.errors import DuplicateError, NotFoundError, ValidationError
from projem_workbench.services.machines import MACHINES, search_machines
from projem_workbench.services.materials import MATERIALS, search_materials
from projem_workbench.services.tools import TOOLS, adjust_stock, low_stock_tools, search_tools


def tool(name: str = "EM 6", **overrides: Any) -> dict[str, Any]:
    return {
        "name": name,
        "tool_type": "flat_endmill",
        "tool_material": "carbide",
        "diameter_mm": "6",
        "flutes": 3,
        "flute_length_mm": "13",
        "overall_length_mm": "57",
        **overrides,
    }


MACHINE = {
    "name": "VMC",
    "machine_type": "mill_3axis",
    "controller": "linuxcnc",
    "post_processor": "linuxcnc",
    "travel_x_mm": 762,
    "travel_y_mm": 406,
    "travel_z_mm": 508,
    "max_spindle_rpm": 8100,
    "max_feed_mm_min": 16500,
    "rapid_mm_min": 25400,
}
MATERIAL = {"name": "AlMgSi1", "category": "aluminum", "iso_group": "N", "hardness": "95 HB"}


def audit_entries(database: Database) -> int:
    with database.read_session() as session:
        return session.scalar(select(func.count()).select_from(AuditLog)) or 0


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"diameter_mm": "-6"}, "diameter_mm", "greater than 0"),
        ({"diameter_mm": "0.0004"}, "diameter_mm", "greater than 0"),  # rounds to 0.000 mm
        ({"flute_length_mm": "60"}, "overall_length_mm", "at least flute_length_mm"),
        ({"corner_radius_mm": "3.5"}, "corner_radius_mm", "half of diameter_mm"),
        ({"tip_angle_deg": "180"}, "tip_angle_deg", "less than 180"),
        ({"tip_angle_deg": "0"}, "tip_angle_deg", "greater than 0"),
        ({"flutes": -1}, "flutes", "greater than or equal to 0"),
        ({"tool_type": "spoon"}, "tool_type", "flat_endmill"),
        ({"quantity_on_hand": -2}, "quantity_on_hand", "greater than or equal to 0"),
        ({"coating": "x" * 41}, "coating", "at most 40"),
        ({"name": " "}, "name", "at least 1"),
        ({"colour": "red"}, "colour", "Extra inputs"),
    ],
)
def test_invalid_tools_are_refused_naming_the_field(
    database: Database, overrides: dict[str, Any], field: str, words: str
) -> None:
    before = audit_entries(database)
    with pytest.raises(ValidationError) as refused:
        TOOLS.add(database, tool(**overrides))
    assert refused.value.field == field
    assert words in str(refused.value)
    assert audit_entries(database) == before
    assert TOOLS.list(database) == []


@pytest.mark.parametrize(
    ("service", "data", "field"),
    [
        (MACHINES, {**MACHINE, "max_spindle_rpm": 0}, "max_spindle_rpm"),
        (MACHINES, {**MACHINE, "max_feed_mm_min": -1}, "max_feed_mm_min"),
        (MACHINES, {**MACHINE, "travel_z_mm": 0}, "travel_z_mm"),
        (MACHINES, {**MACHINE, "machine_type": "mill"}, "machine_type"),
        (MATERIALS, {**MATERIAL, "iso_group": "Q"}, "iso_group"),
        (MATERIALS, {**MATERIAL, "density_g_cm3": 0}, "density_g_cm3"),
    ],
)
def test_invalid_machines_and_materials_name_the_field(
    database: Database, service: Any, data: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        service.add(database, data)
    assert refused.value.field == field


def test_lengths_are_kept_to_the_micrometre(database: Database) -> None:
    added = TOOLS.add(database, tool(diameter_mm=Decimal("9.5250004"), flute_length_mm=27.0002))
    assert added.diameter_mm == Decimal("9.525")
    assert TOOLS.get(database, "EM 6").flute_length_mm == Decimal("27.000")


def test_names_are_unique_among_live_records(database: Database) -> None:
    first = TOOLS.add(database, tool())
    with pytest.raises(DuplicateError, match="a tool named 'EM 6' already exists"):
        TOOLS.add(database, tool(diameter_mm="8"))
    TOOLS.delete(database, "EM 6")
    second = TOOLS.add(database, tool(diameter_mm="8"))
    assert second.id != first.id
    with pytest.raises(DuplicateError, match="cannot restore tool 'EM 6'"):
        TOOLS.restore(database, first.id)
    TOOLS.update(database, "EM 6", {"name": "EM 8"})
    restored = TOOLS.restore(database, "EM 6")
    assert (restored.id, restored.is_deleted, restored.deleted_at) == (first.id, False, None)
    with pytest.raises(DuplicateError, match="a tool named 'EM 8' already exists"):
        TOOLS.update(database, "EM 6", {"name": "EM 8"})


def test_lookup_errors_help_the_user(database: Database) -> None:
    TOOLS.add(database, tool("Ball 4 mm", tool_type="ball_endmill", diameter_mm=4))
    with pytest.raises(NotFoundError, match="did you mean 'Ball 4 mm'"):
        TOOLS.get(database, "ball")
    TOOLS.delete(database, "Ball 4 mm")
    with pytest.raises(NotFoundError, match="one was deleted; restore it"):
        TOOLS.get(database, "Ball 4 mm")
    assert TOOLS.get(database, "Ball 4 mm", deleted=True).is_deleted


def test_every_change_is_audited_and_the_chain_verifies(database: Database) -> None:
    MACHINES.add(database, MACHINE)
    MATERIALS.add(database, MATERIAL)
    TOOLS.add(database, tool())
    TOOLS.update(database, "EM 6", {"coating": "TiAlN"})
    TOOLS.update(database, "EM 6", {"coating": "TiAlN"})  # no change, no entry
    adjust_stock(database, "EM 6", add=4)
    TOOLS.delete(database, "EM 6")
    TOOLS.restore(database, "EM 6")
    with database.read_session() as session:
        actions = session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
        coating = session.execute(
            select(AuditLog.before, AuditLog.after)
            .where(AuditLog.action == "update")
            .order_by(AuditLog.id)
        ).first()
    assert [a.value for a in actions] == [
        "create",
        "create",
        "create",
        "update",
        "update",
        "delete",
        "restore",
    ]
    assert coating is not None
    assert (coating.before["coating"], coating.after["coating"]) == (None, "TiAlN")
    result = verify_and_record(database)
    assert result.ok and result.checked == 7


def test_updates_validate_the_whole_record(database: Database) -> None:
    TOOLS.add(database, tool())
    with pytest.raises(ValidationError) as refused:
        TOOLS.update(database, "EM 6", {"overall_length_mm": "10"})
    assert refused.value.field == "overall_length_mm"
    with pytest.raises(ValidationError, match="bookkeeping") as bookkeeping:
        TOOLS.update(database, "EM 6", {"created_at": "2020-01-01T00:00:00Z"})
    assert bookkeeping.value.field == "created_at"
    assert TOOLS.get(database, "EM 6").overall_length_mm == Decimal("57.000")


def test_tool_search_combines_filters(database: Database) -> None:
    for name, kind, material, diameter, maker in (
        ("EM 3", "flat_endmill", "carbide", "3", "Garant"),
        ("EM 6", "flat_endmill", "carbide", "6", "Garant"),
        ("EM 6 HSS", "flat_endmill", "hss", "6", "Dormer"),
        ("Ball 6", "ball_endmill", "carbide", "6", "Dormer"),
        ("Drill 6.8", "drill", "hss_cobalt", "6.8", "Dormer"),
        ("EM 12", "flat_endmill", "carbide", "12", "Garant"),
    ):
        TOOLS.add(
            database,
            tool(
                name,
                tool_type=kind,
                tool_material=material,
                diameter_mm=diameter,
                manufacturer=maker,
                flute_length_mm=None,
            ),
        )

    def names(**filters: Any) -> list[str]:
        return [record.name for record in search_tools(database, **filters)]

    assert names(tool_types=["flat_endmill"], diameter_min=6, diameter_max=12) == [
        "EM 12",
        "EM 6",
        "EM 6 HSS",
    ]
    assert names(diameter_min="6", diameter_max="6") == ["Ball 6", "EM 6", "EM 6 HSS"]
    assert names(tool_materials=["hss", "hss_cobalt"]) == ["Drill 6.8", "EM 6 HSS"]
    assert names(text="dormer", tool_types=["drill", "ball_endmill"]) == ["Ball 6", "Drill 6.8"]
    assert names(text="em 1") == ["EM 12"]
    TOOLS.delete(database, "EM 3")
    assert "EM 3" not in names()
    assert names(deleted=True) == ["EM 3"]
    with pytest.raises(ValidationError) as reversed_range:
        search_tools(database, diameter_min=10, diameter_max=3)
    assert reversed_range.value.field == "diameter_min"
    with pytest.raises(ValidationError, match="unknown tool_type 'spoon'"):
        search_tools(database, tool_types=["spoon"])


def test_low_stock_and_stock_changes(database: Database) -> None:
    TOOLS.add(database, tool("EM 6", quantity_on_hand=2, min_stock=4))
    TOOLS.add(database, tool("EM 8", diameter_mm=8, quantity_on_hand=4, min_stock=4))
    TOOLS.add(database, tool("EM 10", diameter_mm=10, quantity_on_hand=0, min_stock=0))
    assert [t.name for t in low_stock_tools(database)] == ["EM 6"]
    assert adjust_stock(database, "EM 8", take=1).quantity_on_hand == 3
    assert [t.name for t in low_stock_tools(database)] == ["EM 6", "EM 8"]
    with pytest.raises(ValidationError, match="has 3 on hand; cannot take out 5"):
        adjust_stock(database, "EM 8", take=5)
    assert adjust_stock(database, "EM 6", set_to=9).quantity_on_hand == 9
    assert [t.name for t in low_stock_tools(database)] == ["EM 8"]
    with pytest.raises(ValidationError, match="exactly one"):
        adjust_stock(database, "EM 6")


def test_machine_and_material_search(database: Database) -> None:
    MACHINES.add(database, MACHINE)
    MACHINES.add(
        database,
        {**MACHINE, "name": "Router", "machine_type": "router", "controller": "GRBL"},
    )
    MACHINES.add(database, {**MACHINE, "name": "Old mill", "is_active": False})
    assert [m.name for m in search_machines(database, controller="grbl")] == ["Router"]
    assert [m.name for m in search_machines(database, active_only=True)] == ["Router", "VMC"]
    assert [m.name for m in search_machines(database, machine_type="mill_3axis")] == [
        "Old mill",
        "VMC",
    ]
    MATERIALS.add(database, MATERIAL)
    MATERIALS.add(database, {"name": "C45", "category": "steel", "iso_group": "P"})
    assert [m.name for m in search_materials(database, iso_group="p")] == ["C45"]
    assert [m.name for m in search_materials(database, category="aluminum")] == ["AlMgSi1"]
    assert [m.name for m in search_materials(database, text="95 hb")] == ["AlMgSi1"]
    with pytest.raises(ValidationError, match="unknown ISO group"):
        search_materials(database, iso_group="X")


def test_import_is_idempotent_and_keeps_what_the_file_does_not_carry(database: Database) -> None:
    items = [tool("EM 6"), tool("EM 8", diameter_mm="8")]
    first = TOOLS.import_items(database, items, source="tools.json")
    assert (len(first.created), len(first.unchanged)) == (2, 0)
    adjust_stock(database, "EM 6", set_to=7)
    again = TOOLS.import_items(database, items, source="tools.json")
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 2)
    assert TOOLS.get(database, "EM 6").quantity_on_hand == 7  # the file has no count
    changed = TOOLS.import_items(database, [tool("EM 6", coating="AlCrN")], source="tools.json")
    assert [o.name for o in changed.updated] == ["EM 6"]
    assert TOOLS.get(database, "EM 6").quantity_on_hand == 7
    with database.read_session() as session:
        imports = session.scalars(
            select(AuditLog.after).where(AuditLog.action == "import").order_by(AuditLog.id)
        ).all()
    assert [summary["created"] for summary in imports] == [2, 0, 0]
    assert (imports[-1]["updated"], imports[-1]["source"]) == (1, "tools.json")
    assert verify_and_record(database).ok


def test_import_is_all_or_nothing_unless_told_to_skip(database: Database) -> None:
    items = [tool("EM 6"), tool("Bad", diameter_mm="-1"), tool("EM 8", diameter_mm="8")]
    refused = TOOLS.import_items(database, items, source="tools.json")
    assert not refused.written
    assert [(o.name, "diameter_mm" in (o.reason or "")) for o in refused.rejected] == [
        ("Bad", True)
    ]
    assert TOOLS.list(database) == []
    with database.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Tool)) == 0
    assert audit_entries(database) == 0

    partial = TOOLS.import_items(database, items, source="tools.json", skip_invalid=True)
    assert partial.written
    assert [o.name for o in partial.created] == ["EM 6", "EM 8"]
    assert [t.name for t in TOOLS.list(database)] == ["EM 6", "EM 8"]
    assert verify_and_record(database).ok
