# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every library tool keeps one T number: through adds, edits, imports, exports, runs and
tool tables, on both backends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from projem_workbench.db.models import AuditLog
from projem_workbench.db.session import Database
from projem_workbench.errors import DuplicateError
from projem_workbench.services import reference
from projem_workbench.services.cam_resolve import resolve
from projem_workbench.services.cam_spec import parse_spec
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from projem_workbench.services.tool_files import export_tool_file, import_tool_file
from projem_workbench.services.tools import TOOLS
from tests.support.cli import run_projem
from tests.support.toolbits import BITS, write_library


def tool(name: str, **overrides: Any) -> dict[str, Any]:
    return {
        "name": name,
        "tool_type": "flat_endmill",
        "tool_material": "carbide",
        "diameter_mm": "6",
        **overrides,
    }


def numbers(database: Database) -> dict[str, int]:
    return {t.name: t.tool_number for t in TOOLS.list(database)}


def table_numbers(path: Path) -> dict[str, int]:
    """T number by tool name in a LinuxCNC table Projem wrote (comment ``name (type)``)."""
    found = {}
    for line in path.read_text().splitlines()[1:]:
        code, _, comment = line.partition(";")
        found[comment.rsplit(" (", 1)[0]] = int(code.split()[0][1:])
    return found


def test_adding_a_tool_never_renumbers_the_others(database: Database, tmp_path: Path) -> None:
    for name in ("EM 6", "EM 10", "Drill 5"):
        TOOLS.add(database, tool(name))
    assert numbers(database) == {"EM 6": 1, "EM 10": 2, "Drill 5": 3}
    TOOLS.add(database, tool("AAA EM 8 mm"))  # first in name order, last in number
    assert numbers(database) == {"AAA EM 8 mm": 4, "EM 6": 1, "EM 10": 2, "Drill 5": 3}
    export_tool_file(database, tmp_path / "tool.tbl")
    assert table_numbers(tmp_path / "tool.tbl") == numbers(database)


def test_the_number_is_chosen_or_the_lowest_free_and_unique(database: Database) -> None:
    TOOLS.add(database, tool("EM 6", tool_number=7))
    TOOLS.add(database, tool("EM 10"))
    assert numbers(database) == {"EM 6": 7, "EM 10": 1}
    with pytest.raises(DuplicateError, match="T7 is 'EM 6' in the library"):
        TOOLS.add(database, tool("EM 12", tool_number=7))
    with pytest.raises(DuplicateError, match="T1 is 'EM 10' in the library"):
        TOOLS.update(database, "EM 6", {"tool_number": 1})
    TOOLS.update(database, "EM 6", {"tool_number": 3, "coating": "TiAlN"})
    TOOLS.update(database, "EM 6", {"coating": "AlCrN"})  # an edit keeps the number
    assert numbers(database) == {"EM 6": 3, "EM 10": 1}
    TOOLS.delete(database, "EM 10")
    TOOLS.add(database, tool("EM 12"))  # a deleted tool's number is free again
    assert numbers(database)["EM 12"] == 1
    restored = TOOLS.restore(database, "EM 10")  # its number was taken meanwhile
    assert restored.tool_number == 2


def test_a_run_uses_the_library_numbers_unless_its_spec_says(database: Database) -> None:
    reference.load_reference_data(database, reference.starter_catalog())
    library = numbers(database)
    em6, em10, drill = "EM 6 mm 3F carbide", "EM 10 mm 4F carbide", "Drill 5 mm carbide"
    assert {em6, em10, drill} <= library.keys()
    TOOLS.update(database, drill, {"tool_number": 42})
    faces = {"faces": ["Face3"]}
    spec = parse_spec(
        {
            "operations": [
                {"name": "Pocket", "type": "pocket", "tool": em6, **faces},
                {
                    "name": "Outline",
                    "type": "profile",
                    "tool": em10,
                    "faces": [],
                    "side": "outside",
                },
                {"name": "Holes", "type": "drilling", "tool": drill, **faces},
            ],
            "tool_numbers": {em10: library[em6]},  # the spec's number wins for this run
        }
    )
    with database.read_session() as session:
        run = resolve(
            session,
            spec,
            machine=MACHINES.find(session, "VMC 850 (LinuxCNC)"),
            material=MATERIALS.find(session, "Aluminium 6061-T6"),
        )
    got = {t["name"]: t["number"] for t in run["tools"]}
    assert got[em10] == library[em6]
    assert got[drill] == 42
    assert got[em6] not in (library[em6], 42)  # its number went to EM 10 in this run only
    assert numbers(database)[em6] == library[em6]


@pytest.mark.parametrize("flavour", ["0.20", "1.0", "1.1"])
def test_freecad_round_trip_keeps_the_numbers(
    database: Database, tmp_path: Path, flavour: str
) -> None:
    import_tool_file(database, write_library(tmp_path / "in"))
    TOOLS.add(database, tool("AAA EM 8 mm"))
    before = numbers(database)
    exported = export_tool_file(database, tmp_path / "out", fmt="fctl", flavour=flavour)
    library = json.loads(Path(exported.path).read_text())
    bits = {
        json.loads((tmp_path / "out" / "Bit" / e["path"]).read_text())["name"]: e["nr"]
        for e in library["tools"]
    }
    assert bits == before
    for name in list(before):
        TOOLS.delete(database, name)
    report = import_tool_file(database, Path(exported.path))
    assert len(report.created) == len(before)
    assert numbers(database) == before


def test_a_bit_folder_import_after_a_library_import_keeps_numbers(
    database: Database, tmp_path: Path
) -> None:
    library = write_library(tmp_path)
    import_tool_file(database, library)
    before = numbers(database)
    report = import_tool_file(database, tmp_path / "Bit")  # no library: no nr at all
    assert (len(report.updated), len(report.unchanged)) == (0, len(BITS))
    assert numbers(database) == before
    with database.read_session() as session:
        updates = session.scalars(select(AuditLog).where(AuditLog.action == "update")).all()
    assert updates == []


def test_a_conflicting_number_is_refused_or_renumbered_and_said(
    database: Database, tmp_path: Path
) -> None:
    TOOLS.add(database, tool("EM 12", tool_number=3, diameter_mm="12"))
    library = write_library(tmp_path)  # nr 1..5; its third bit is the tap
    refused = import_tool_file(database, library)
    assert not refused.written
    (reason,) = [r.reason for r in refused.rejected]
    assert "T3 is 'EM 12' in the library" in reason and "375-16_Tap" in reason
    assert list(numbers(database)) == ["EM 12"]
    moved = import_tool_file(database, library, renumber=True)
    assert moved.written and not moved.rejected
    assert moved.notes == ["T3 is 'EM 12' in the library: '375-16_Tap' imported as T6"]
    assert numbers(database)["375-16_Tap"] == 6 and numbers(database)["EM 12"] == 3
    again = import_tool_file(database, library, renumber=True)  # keeps T6, says so
    assert again.notes == ["T3 is 'EM 12' in the library: '375-16_Tap' keeps T6"]
    assert len(again.unchanged) == len(BITS)


def test_a_number_twice_in_one_library_is_refused_naming_both_bits(
    database: Database, tmp_path: Path
) -> None:
    library = write_library(tmp_path)
    content = json.loads(library.read_text())
    content["tools"][1]["nr"] = 1
    library.write_text(json.dumps(content))
    report = import_tool_file(database, library)
    assert not report.written and len(report.rejected) == 2
    for outcome in report.rejected:
        assert "nr 1 is given to both '5mm_Endmill.fctb' and '6mm_Bullnose.fctb'" in str(
            outcome.reason
        )


def test_two_tools_can_swap_numbers_in_one_import(database: Database, tmp_path: Path) -> None:
    TOOLS.add(database, tool("A", tool_number=1))
    TOOLS.add(database, tool("B", tool_number=2))
    path = tmp_path / "swap.json"
    path.write_text(json.dumps({"tools": [tool("A", tool_number=2), tool("B", tool_number=1)]}))
    report = import_tool_file(database, path)
    assert len(report.updated) == 2, report
    assert numbers(database) == {"A": 2, "B": 1}
    with database.read_session() as session:
        moves = [
            (entry.before["tool_number"], entry.after["tool_number"])
            for entry in session.scalars(
                select(AuditLog).where(AuditLog.action == "update").order_by(AuditLog.id)
            )
        ]
    assert moves == [(1, 2), (2, 1)]


def test_cli_number_option_and_listing(db_url: str, tmp_path: Path) -> None:
    add = ["--db", db_url, "tools", "add", "--tool-type", "drill", "--tool-material", "hss"]
    first = run_projem(*add, "--name", "Drill 5", "--diameter-mm", "5", "--number", "12")
    assert first.returncode == 0, first.stderr
    second = run_projem(*add, "--name", "Drill 6", "--diameter-mm", "6")
    assert second.returncode == 0, second.stderr
    clash = run_projem("--db", db_url, "tools", "update", "Drill 6", "--number", "12")
    assert clash.returncode == 1 and "T12 is 'Drill 5' in the library" in clash.stderr
    listed = run_projem("--db", db_url, "tools", "list")
    header, *rows = listed.stdout.splitlines()
    assert header.split()[:3] == ["id", "tool_number", "name"]
    assert rows[0].split()[:3] == ["1", "12", "Drill"]
    assert rows[1].split()[:3] == ["2", "1", "Drill"]
    shown = run_projem("--db", db_url, "tools", "show", "Drill 5")
    assert any(line.split() == ["tool_number", "12"] for line in shown.stdout.splitlines())


def test_a_csv_without_numbers_keeps_them(database: Database, tmp_path: Path) -> None:
    TOOLS.add(database, tool("EM 6", tool_number=7))
    path = tmp_path / "tools.csv"
    path.write_text(
        "name,tool_type,tool_material,tool_number,diameter_mm\n"
        "EM 6,flat_endmill,carbide,,6.5\n"
        "EM 8,flat_endmill,carbide,,8\n"
    )
    report = import_tool_file(database, path)
    assert (len(report.updated), len(report.created)) == (1, 1), report
    assert numbers(database) == {"EM 6": 7, "EM 8": 1}


def test_a_catalogue_number_that_is_taken_is_moved_and_said(database: Database) -> None:
    TOOLS.add(database, tool("Shop EM", tool_number=1))
    data = reference.ReferenceData.model_validate(
        {"tools": [tool("Catalogue EM", tool_number=1), tool("Catalogue EM 2", tool_number=9)]}
    )
    report = reference.load_reference_data(database, data)
    assert report.notes == ["T1 is 'Shop EM' in the library: 'Catalogue EM' loaded as T2"]
    assert numbers(database) == {"Shop EM": 1, "Catalogue EM": 2, "Catalogue EM 2": 9}


def test_a_library_number_kept_in_params_before_0006_is_not_shown_removed(
    database: Database, tmp_path: Path
) -> None:
    library = write_library(tmp_path)
    import_tool_file(database, library)
    for record in TOOLS.list(database):  # as the importer before migration 0006 stored them
        legacy = {**record.params["freecad"], "nr": record.tool_number}
        TOOLS.update(database, record.name, {"params": {"freecad": legacy}})
    with database.read_session() as session:
        last = session.scalars(select(AuditLog.id).order_by(AuditLog.id.desc())).first()
    for source in (tmp_path / "Bit", library):
        report = import_tool_file(database, source)
        assert len(report.unchanged) == len(BITS), report
    with database.read_session() as session:
        later = session.scalars(
            select(AuditLog.action).where(AuditLog.id > last, AuditLog.action == "update")
        ).all()
    assert later == []
