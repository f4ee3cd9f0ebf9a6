# SPDX-License-Identifier: LGPL-2.1-or-later
"""Tool files against a real database: idempotent imports, lossless round trips, all or
nothing, inventory kept, every import and export audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from projem_workbench.audit.verify import verify_and_record
from projem_workbench.db.models import AuditLog
from projem_workbench.db.session import Database
from projem_workbench.interchange.freecad_toolbits import FLAVOURS
from projem_workbench.services.tool_files import export_tool_file, import_tool_file
from projem_workbench.services.tools import TOOLS, adjust_stock
from tests.support.cli import run_projem
from tests.support.toolbits import BITS, write_library


def counts(report) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    return (len(report.created), len(report.updated), len(report.unchanged), len(report.rejected))


def stored(database: Database) -> list[dict]:  # type: ignore[type-arg]
    fields = set(TOOLS.schema.model_fields) | {"id"}
    return [t.model_dump(include=fields) for t in TOOLS.list(database)]


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_freecad_round_trip_gives_the_same_records(
    database: Database, tmp_path: Path, flavour: str
) -> None:
    library = write_library(tmp_path / "in")
    assert counts(import_tool_file(database, library)) == (5, 0, 0, 0)
    assert counts(import_tool_file(database, library)) == (0, 0, 5, 0)  # idempotent
    before = stored(database)
    exported = export_tool_file(database, tmp_path / "out", fmt="fctl", flavour=flavour)
    assert exported.count == 5
    again = import_tool_file(database, Path(exported.path))
    assert counts(again) == (0, 0, 5, 0)
    assert stored(database) == before


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_flat_file_round_trip(database: Database, tmp_path: Path, fmt: str) -> None:
    import_tool_file(database, write_library(tmp_path / "in"))
    before = stored(database)
    export_tool_file(database, tmp_path / f"tools.{fmt}")
    assert counts(import_tool_file(database, tmp_path / f"tools.{fmt}")) == (0, 0, 5, 0)
    assert stored(database) == before


def test_reimport_keeps_inventory_and_applies_changes(database: Database, tmp_path: Path) -> None:
    library = write_library(tmp_path / "in")
    import_tool_file(database, library)
    adjust_stock(database, "5mm Endmill", set_to=12)
    TOOLS.update(database, "5mm Endmill", {"location": "Rack 3", "min_stock": 4})
    changed = json.loads(json.dumps(BITS))
    changed["5mm_Endmill.fctb"]["parameter"]["Length"] = "60.0000 mm"
    write_library(tmp_path / "in", changed)
    report = import_tool_file(database, library)
    assert counts(report) == (0, 1, 4, 0)
    tool = TOOLS.get(database, "5mm Endmill")
    assert (tool.overall_length_mm, tool.quantity_on_hand, tool.location, tool.min_stock) == (
        60,
        12,
        "Rack 3",
        4,
    )


def test_one_bad_row_writes_nothing_unless_skipped(database: Database, tmp_path: Path) -> None:
    bad = dict(BITS)
    bad["negative.fctb"] = {**BITS["5mm_Endmill.fctb"], "name": "Negative"}
    bad["negative.fctb"]["parameter"] = {"Diameter": "-5 mm"}
    bad["spoon.fctb"] = {**BITS["5mm_Endmill.fctb"], "name": "Spoon", "shape": "spoon.fcstd"}
    library = write_library(tmp_path, bad)
    refused = import_tool_file(database, library)
    assert counts(refused) == (5, 0, 0, 2) and not refused.written
    reasons = {o.name: o.reason for o in refused.rejected}
    assert "diameter_mm: Input should be greater than 0" in reasons["Negative"]
    assert "spoon.fctb: bit 'Spoon' has shape 'spoon.fcstd'" in reasons["spoon.fctb"]
    assert TOOLS.list(database) == []
    partial = import_tool_file(database, library, skip_invalid=True)
    assert counts(partial) == (5, 0, 0, 2) and partial.written
    assert len(TOOLS.list(database)) == 5


def test_imports_and_exports_are_audited(database: Database, tmp_path: Path) -> None:
    import_tool_file(database, write_library(tmp_path / "in"))
    export_tool_file(database, tmp_path / "tool.tbl")
    with database.read_session() as session:
        rows = session.execute(
            select(AuditLog.action, AuditLog.after)
            .where(AuditLog.action.in_(["import", "export"]))
            .order_by(AuditLog.id)
        ).all()
    assert [(r.action.value, r.after.get("created"), r.after.get("count")) for r in rows] == [
        ("import", 5, None),
        ("export", None, 5),
    ]
    assert rows[0].after["source"].startswith("Default.fctl sha256:")
    assert verify_and_record(database).ok


def test_cli_import_and_export(db_url: str, tmp_path: Path) -> None:
    library = write_library(tmp_path / "in")
    first = run_projem("--db", db_url, "tools", "import", str(library))
    assert first.returncode == 0, first.stderr
    assert "5 created, 0 updated, 0 unchanged, 0 rejected" in first.stdout
    exported = run_projem(
        "--db", db_url, "tools", "export", str(tmp_path / "lib"), "--format", "fctl",
        "--freecad-version", "0.20",
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert "FreeCAD 0.20 has no tap shape; written as drill" in exported.stdout
    garbage = tmp_path / "tools.csv"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100)
    refused = run_projem("--db", db_url, "tools", "import", str(garbage))
    assert refused.returncode == 1
    assert "tools.csv" in refused.stderr
