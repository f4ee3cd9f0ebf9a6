# SPDX-License-Identifier: LGPL-2.1-or-later
"""The tool library against what shops actually feed it: LinuxCNC tool tables, names typed
three ways, values out of range, partial params, bits without flutes and export paths, on
both backends."""

from __future__ import annotations

import json
import os
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from projem_workbench.audit.verify import verify_and_record
from projem_workbench.db.models import AuditLog, Tool
from projem_workbench.db.session import Database
from projem_workbench.errors import DuplicateError, ValidationError
from projem_workbench.interchange import write_text_atomically
from projem_workbench.schemas.inputs import ToolInput
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from projem_workbench.services.tool_files import export_tool_file, import_tool_file
from projem_workbench.services.tools import TOOLS, ToolRecord, ToolService, adjust_stock
from tests.support.cli import run_projem
from tests.support.toolbits import BITS, write_library

SHOP_TABLE = """\
; the shop's table, as LinuxCNC reads it
T1 P1 D6.0 Z+12.3 ;EM 6 carbide 3F
t2 p12 z-1.5 d8 ;Ball 8
T3 D5.0 P3 Z+20 ;Drill 5 HSS
T4 P4 D10 Z+31.25 ;Spot drill 10
T5 P5 D12 Z+40 ;Big roughing cutter
"""


def tool(name: str, **overrides: Any) -> dict[str, Any]:
    return {
        "name": name,
        "tool_type": "flat_endmill",
        "tool_material": "carbide",
        "diameter_mm": "6",
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
MATERIAL = {"name": "AlMgSi1", "category": "aluminum"}


# -- 2. LinuxCNC tool tables -----------------------------------------------------------------


def test_a_linuxcnc_table_is_imported_with_numbers_offsets_and_what_was_assumed(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "shop.tbl"
    path.write_text(SHOP_TABLE)
    report = import_tool_file(database, path)
    assert report.written and len(report.created) == 5, report
    em6, ball, drill, spot, big = (
        TOOLS.get(database, name)
        for name in ("EM 6 carbide 3F", "Ball 8", "Drill 5 HSS", "Spot drill 10",
                     "Big roughing cutter")
    )  # fmt: skip
    assert (em6.tool_number, em6.diameter_mm, em6.tool_type.value, em6.flutes) == (
        1, Decimal("6.000"), "flat_endmill", 3,
    )  # fmt: skip
    assert em6.params["linuxcnc"] == {"pocket": 1, "z_offset_mm": 12.3}
    assert (ball.tool_number, ball.tool_type.value, ball.params["linuxcnc"]["pocket"]) == (
        2, "ball_endmill", 12,
    )  # fmt: skip
    assert ball.params["linuxcnc"]["z_offset_mm"] == -1.5
    assert (drill.tool_type.value, drill.tool_material.value) == ("drill", "hss")
    assert spot.tool_type.value == "center_drill"
    assert (big.tool_type.value, big.params["assumed"]) == (
        "flat_endmill", ["tool_type", "tool_material", "flutes"],
    )  # fmt: skip
    assert any(
        "T5 'Big roughing cutter'" in note and "assumed tool_type flat_endmill" in note
        for note in report.notes
    ), report.notes
    # Exported again, the offsets and pockets come back; re-imported, nothing changes.
    export_tool_file(database, tmp_path / "again.tbl")
    written = (tmp_path / "again.tbl").read_text()
    assert "T1 P1 D6.000 Z+12.300 ;EM 6 carbide 3F (flat_endmill)" in written
    assert "T2 P12 D8.000 Z-1.500 ;Ball 8 (ball_endmill)" in written
    again = import_tool_file(database, tmp_path / "again.tbl")
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 5), again


def test_a_table_import_keeps_what_the_library_knows(database: Database, tmp_path: Path) -> None:
    import_tool_file(database, write_library(tmp_path / "lib"))
    before = TOOLS.get(database, "6 mm Bull Nose")
    path = tmp_path / "machine.tbl"
    path.write_text(f"T{before.tool_number} P9 D6 Z+55.5 ;6 mm Bull Nose\n")
    report = import_tool_file(database, path)
    assert len(report.updated) == 1, report
    after = TOOLS.get(database, "6 mm Bull Nose")
    # The table's guesses (type, material, flutes) do not overwrite what the library knows.
    assert (after.tool_type, after.tool_material, after.flutes) == (
        before.tool_type, before.tool_material, before.flutes,
    )  # fmt: skip
    assert after.params["freecad"] == before.params["freecad"]
    assert after.params["linuxcnc"] == {"pocket": 9, "z_offset_mm": 55.5}


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("T1 P1 D6 Z1 X", "line 2: X needs a number, got 'X'"),
        ("T1 P1 Dsix ;EM", "line 2: D needs a number, got 'Dsix'"),
        ("T0 P1 D6 ;empty", "line 2: the tool number must be a whole number above 0"),
        ("T2.5 D6 ;half", "got T2.5"),
        ("P1 D6 ;no T", "line 2: no tool number (T)"),
        ("T1 D6 D8 ;twice", "line 2: D is given twice ('D8')"),
        ("T1 K6 ;what", "line 2: 'K6' is not a tool table word"),
        ("T1 P1 ;no diameter", "line 2: T1 has no diameter (D)"),
        ("T1 D-6 ;negative", "line 2: invalid tool: diameter_mm: Input should be greater than 0"),
        ("T9 D6 ;EM 6 carbide 3F", "line 2: T9 is on lines 1, 2"),
    ],
)
def test_bad_table_lines_are_refused_with_line_and_value(
    database: Database, tmp_path: Path, line: str, words: str
) -> None:
    path = tmp_path / "bad.tbl"
    first = "T9 D6 ;EM 6 carbide 3F" if "T9" in line else "T7 D6 ;EM 6 carbide 3F"
    path.write_text(f"{first}\n{line}\n")
    report = import_tool_file(database, path)
    assert not report.written and TOOLS.list(database) == []
    assert any(words in str(r.reason) for r in report.rejected), report.rejected


def test_cli_imports_a_table_and_says_what_it_assumed(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "shop.tbl"
    path.write_text(SHOP_TABLE)
    result = run_projem("--db", db_url, "tools", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "5 created, 0 updated, 0 unchanged, 0 rejected" in result.stdout
    assert "note      line 6: T5 'Big roughing cutter': " in result.stdout
    shown = run_projem("--db", db_url, "tools", "show", "Big roughing cutter")
    (line,) = [ln for ln in shown.stdout.splitlines() if ln.startswith("tool_type")]
    assert "flat_endmill" in line and "(assumed" in line


# -- 3. names --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["tool", "machine", "material"])
def test_names_differing_in_case_or_spacing_are_one_name(database: Database, kind: str) -> None:
    service, record = {
        "tool": (TOOLS, tool("Dup2")),
        "machine": (MACHINES, {**MACHINE, "name": "Dup2"}),
        "material": (MATERIALS, {**MATERIAL, "name": "Dup2"}),
    }[kind]
    service.add(database, record)
    for other in ("dup2", " DUP2 ", "dUP2"):
        with pytest.raises(DuplicateError, match=f"the existing {kind} 'Dup2'"):
            service.add(database, {**record, "name": other})
    service.add(database, {**record, "name": "Dup  3"})
    with pytest.raises(DuplicateError, match="'Dup  3'"):
        service.add(database, {**record, "name": "dup 3"})
    with pytest.raises(DuplicateError, match="'Dup2'"):
        service.update(database, "Dup  3", {"name": "DUP2"})
    assert [r.name for r in service.list(database)] == ["Dup  3", "Dup2"]
    assert service.get(database, "dup2").name == "Dup2"  # found the way it is typed


def test_an_import_matches_names_without_case_or_spacing(
    database: Database, tmp_path: Path
) -> None:
    TOOLS.add(database, tool("Dup2", quantity_on_hand=3))
    path = tmp_path / "tools.json"
    path.write_text(json.dumps([tool(" DUP2 ", diameter_mm="8"), tool("dup3"), tool("DUP3")]))
    refused = import_tool_file(database, path)
    assert [(r.name, "in the file twice" in str(r.reason)) for r in refused.rejected] == [
        ("DUP3", True)
    ]
    path.write_text(json.dumps([tool(" DUP2 ", diameter_mm="8"), tool("dup3")]))
    report = import_tool_file(database, path)
    assert ([o.name for o in report.updated], [o.name for o in report.created]) == (
        ["Dup2"], ["dup3"],
    )  # fmt: skip
    stored = TOOLS.get(database, "Dup2")
    assert (stored.diameter_mm, stored.quantity_on_hand) == (Decimal("8.000"), 3)


@pytest.mark.parametrize("kind", ["tool", "machine", "material"])
@pytest.mark.parametrize("name", ["EM\t6", "EM 6\n", "\nEM 6", "EM\x006", "EM\u20286", "EM\x7f"])
def test_names_with_control_characters_are_refused(
    database: Database, kind: str, name: str
) -> None:
    service, record = {
        "tool": (TOOLS, tool(name)),
        "machine": (MACHINES, {**MACHINE, "name": name}),
        "material": (MATERIALS, {**MATERIAL, "name": name}),
    }[kind]
    with pytest.raises(ValidationError, match="control characters") as refused:
        service.add(database, record)
    assert refused.value.field == "name"
    assert service.list(database) == []


# -- 4. values -------------------------------------------------------------------------------


def test_negative_stock_changes_are_refused(database: Database, db_url: str) -> None:
    TOOLS.add(database, tool("EM 6", quantity_on_hand=4))
    for how in ({"add": -5}, {"take": -3}, {"set_to": -1}):
        with pytest.raises(ValidationError, match="0 or more") as refused:
            adjust_stock(database, "EM 6", **how)
        assert refused.value.field == "quantity_on_hand"
    assert TOOLS.get(database, "EM 6").quantity_on_hand == 4
    for option, value in (("--add", "-5"), ("--take", "-3")):
        result = run_projem("--db", db_url, "tools", "stock", "EM 6", option, value)
        assert result.returncode != 0
        assert "a number of tools is 0 or more" in result.stderr
        assert "Traceback" not in result.stderr
    assert TOOLS.get(database, "EM 6").quantity_on_hand == 4


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("diameter_mm", "1e300"),
        ("diameter_mm", "10000000"),
        ("overall_length_mm", "-1e300"),
        ("quantity_on_hand", 2**40),
        ("tool_number", 2**31),
    ],
)
def test_values_the_columns_cannot_hold_are_refused_on_the_field(
    database: Database, field: str, value: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        TOOLS.add(database, tool("EM 6", **{field: value}))
    assert refused.value.field == field
    assert TOOLS.list(database) == []


def test_machine_values_the_columns_cannot_hold_are_refused(database: Database) -> None:
    for field, value in (("travel_x_mm", "1e300"), ("spindle_power_kw", "1e6")):
        with pytest.raises(ValidationError) as refused:
            MACHINES.add(database, {**MACHINE, field: value})
        assert refused.value.field == field


def test_cli_refuses_a_huge_diameter_without_a_traceback(db_url: str) -> None:
    result = run_projem(
        "--db", db_url, "tools", "add", "--name", "Huge", "--tool-type", "drill",
        "--tool-material", "hss", "--diameter-mm", "1e300",
    )  # fmt: skip
    assert result.returncode == 1
    assert "diameter_mm: must be less than 10,000,000" in result.stderr
    assert "Traceback" not in result.stderr and "InvalidOperation" not in result.stderr


def test_params_are_merged_on_update(database: Database, db_url: str) -> None:
    params = {"helix_deg": 35, "coolant": "mist", "freecad": {"file": "em6.fctb", "nr": 1}}
    TOOLS.add(database, tool("EM 6", params=params))
    TOOLS.update(database, "EM 6", {"params": {"helix_deg": 40, "coolant": None, "new": 1}})
    assert TOOLS.get(database, "EM 6").params == {
        "helix_deg": 40, "new": 1, "freecad": {"file": "em6.fctb", "nr": 1},
    }  # fmt: skip
    result = run_projem("--db", db_url, "tools", "update", "EM 6", "--params", '{"new": 2}')
    assert result.returncode == 0, result.stderr
    assert TOOLS.get(database, "EM 6").params["freecad"] == {"file": "em6.fctb", "nr": 1}
    assert TOOLS.get(database, "EM 6").params["new"] == 2


def test_flutes_a_bit_does_not_give_are_marked_assumed_and_not_exported(
    database: Database, tmp_path: Path, db_url: str
) -> None:
    import_tool_file(database, write_library(tmp_path / "in"))
    endmill = TOOLS.get(database, "5mm Endmill")  # its bit has no Flutes
    assert (endmill.flutes, endmill.params["assumed"]) == (2, ["tool_material", "flutes"])
    tap = TOOLS.get(database, "375-16_Tap")  # its bit says 3
    assert tap.flutes == 3 and tap.params["assumed"] == ["tool_material"]
    shown = run_projem("--db", db_url, "tools", "show", "5mm Endmill")
    (line,) = [ln for ln in shown.stdout.splitlines() if ln.startswith("flutes")]
    assert line.split()[:2] == ["flutes", "2"] and "(assumed" in line
    for flavour in ("0.20", "1.1"):
        export_tool_file(database, tmp_path / flavour, fmt="fctl", flavour=flavour)
        bit = json.loads((tmp_path / flavour / "Bit" / "5mm_Endmill.fctb").read_text())
        assert "Flutes" not in bit["parameter"] and "Flutes" not in bit["attribute"]
        tap_bit = json.loads((tmp_path / flavour / "Bit" / "375-16_Tap.fctb").read_text())
        assert "Flutes" in tap_bit["parameter"] or "Flutes" in tap_bit["attribute"]
        assert "ProjemParams" not in bit["attribute"]
    # Saying how many flutes it has makes the value the user's own.
    TOOLS.update(database, "5mm Endmill", {"flutes": 2})
    assert TOOLS.get(database, "5mm Endmill").params["assumed"] == ["tool_material"]
    TOOLS.update(database, "5mm Endmill", {"tool_material": "hss"})
    assert "assumed" not in TOOLS.get(database, "5mm Endmill").params
    # A bit without Flutes or Material imported again does not undo what the user said.
    again = import_tool_file(database, tmp_path / "in" / "Library" / "Default.fctl")
    assert "5mm Endmill" in [o.name for o in again.unchanged]
    kept = TOOLS.get(database, "5mm Endmill")
    assert (kept.flutes, kept.tool_material.value, "assumed" in kept.params) == (2, "hss", False)


# -- 5. files --------------------------------------------------------------------------------


def test_a_freecad_export_writes_exactly_where_told_or_refuses(
    database: Database, tmp_path: Path
) -> None:
    import_tool_file(database, write_library(tmp_path / "in"))
    with pytest.raises(ValidationError, match="inside a folder named Library") as refused:
        export_tool_file(database, tmp_path / "ex1" / "lib.fctl")
    assert str(tmp_path / "ex1" / "Library" / "lib.fctl") in str(refused.value)
    assert not (tmp_path / "ex1").exists()
    target = tmp_path / "ex2" / "Library" / "lib.fctl"
    report = export_tool_file(database, target)
    assert report.path == str(target) and target.is_file()
    assert len(list((tmp_path / "ex2" / "Bit").glob("*.fctb"))) == len(BITS)
    assert sorted(p.name for p in (tmp_path / "ex2").iterdir()) == ["Bit", "Library"]
    folder = export_tool_file(database, tmp_path / "ex3", fmt="fctl", library_name="Shop")
    assert folder.path == str(tmp_path / "ex3" / "Library" / "Shop.fctl")
    with pytest.raises(ValidationError, match="does not exist"):
        export_tool_file(database, tmp_path / "missing" / "tools.csv")


def test_files_are_written_with_the_mode_open_would_give(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        new = tmp_path / "new.csv"
        leftover = tmp_path / ".new.csv.partial"  # what an older, killed writer left behind
        leftover.write_text("stale")
        leftover.chmod(0o600)
        write_text_atomically(new, "a\n")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        kept = tmp_path / "kept.csv"
        kept.write_text("old")
        kept.chmod(0o640)
        write_text_atomically(kept, "new\n")
        assert (kept.read_text(), stat.S_IMODE(kept.stat().st_mode)) == ("new\n", 0o640)
        os.umask(0o077)
        private = tmp_path / "private.csv"
        write_text_atomically(private, "b\n")
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    finally:
        os.umask(previous)
    assert sorted(p.name for p in tmp_path.iterdir() if ".partial" in p.name) == [
        ".new.csv.partial"
    ]


def test_csv_errors_name_the_line_and_the_value(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "tools.csv"
    path.write_text(
        "name,tool_type,tool_material,diameter_mm,flutes,params\n"
        "EM 6,flat_endmill,carbide,6,3,\n"
        "EM 8,flat_endmill,carbide,eight,3,\n"
        "EM 10,flat_endmill,carbide,10,many,\n"
        'EM 12,flat_endmill,carbide,12,3,"{oops"\n'
    )
    report = import_tool_file(database, path)
    reasons = {r.name: str(r.reason) for r in report.rejected}
    assert reasons["EM 8"].startswith("line 3: ") and "'eight'" in reasons["EM 8"]
    assert reasons["EM 10"].startswith("line 4: ") and "'many'" in reasons["EM 10"]
    assert reasons["EM 12"].startswith("line 5: ") and "'{oops'" in reasons["EM 12"]


# -- 6. imports written in bulk ----------------------------------------------------------------

VARYING = {"id", "name", "tool_number", "created_at", "updated_at"}


def audit_of(database: Database, action: str) -> dict[str, dict[str, Any]]:
    """Each tool's latest ``action`` entry (before, after) by tool name."""
    with database.read_session() as session:
        entries = session.scalars(
            select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
        ).all()
        return {
            (entry.after or {}).get("name"): {"before": entry.before, "after": entry.after}
            for entry in entries
        }


def without(snapshot: dict[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (snapshot or {}).items() if k not in VARYING}


def test_bulk_imported_rows_are_audited_as_single_writes_are(
    database: Database, tmp_path: Path
) -> None:
    fields = {"flute_length_mm": "13", "coating": "TiAlN", "params": {"helix_deg": 35}}
    TOOLS.add(database, tool("Single", **fields))
    path = tmp_path / "tools.json"
    path.write_text(json.dumps([tool("Bulk", **fields), tool("Bulk 2")]))
    import_tool_file(database, path)
    created = audit_of(database, "create")
    assert without(created["Bulk"]["after"]) == without(created["Single"]["after"])
    assert created["Bulk"]["after"]["id"] == TOOLS.get(database, "Bulk").id
    TOOLS.update(database, "Single", {"diameter_mm": "8", "params": {"coolant": "mist"}})
    path.write_text(json.dumps([tool("Bulk", diameter_mm="8", params={"coolant": "mist"})]))
    assert len(import_tool_file(database, path).updated) == 1
    updated = audit_of(database, "update")
    for side in ("before", "after"):
        assert without(updated["Bulk"][side]) == without(updated["Single"][side]), side
    stored = TOOLS.get(database, "Bulk").model_dump(mode="json")
    assert {k: stored[k] for k in updated["Bulk"]["after"] if k not in VARYING} == without(
        updated["Bulk"]["after"]
    )
    assert verify_and_record(database).ok


def test_a_write_between_planning_and_writing_is_seen(db_url: str, tmp_path: Path) -> None:
    """Another process adds a tool of the file while the import compares: the import plans
    again inside its write transaction and updates that tool instead of creating it twice."""
    importer, other = Database(db_url), Database(db_url)

    class Interrupted(ToolService):
        writes = 0

        def plan_numbers(self, plan: Any, report: Any, *, renumber: bool) -> None:
            if not self.writes:  # the first plan is made outside the write transaction
                self.writes += 1
                TOOLS.add(other, tool("EM 8", diameter_mm="8", quantity_on_hand=5))
            super().plan_numbers(plan, report, renumber=renumber)

    service = Interrupted(label="tool", model=Tool, schema=ToolInput, view=ToolRecord)
    try:
        report = service.import_items(
            importer, [tool("EM 6"), tool("EM 8", diameter_mm="8.5")], source="test"
        )
        assert ([o.name for o in report.created], [o.name for o in report.updated]) == (
            ["EM 6"], ["EM 8"],
        )  # fmt: skip
        stored = TOOLS.get(importer, "EM 8")
        assert (stored.diameter_mm, stored.quantity_on_hand) == (Decimal("8.500"), 5)
        assert [t.tool_number for t in TOOLS.list(importer)] == [2, 1]
    finally:
        importer.dispose()
        other.dispose()
