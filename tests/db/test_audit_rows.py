# SPDX-License-Identifier: LGPL-2.1-or-later
"""``audit verify --rows``: every audited row against its newest snapshot in the trail, so a
change made beside Projem (SQL on the table) is found although the chain is intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from projem_workbench.audit.chain import append_audit_entry
from projem_workbench.audit.verify_rows import verify_rows, verify_rows_and_record
from projem_workbench.db.enums import AuditAction, SecurityEventType
from projem_workbench.db.models import SecurityEvent, Tool
from projem_workbench.db.session import Database
from projem_workbench.services import audited, model_library, reference
from projem_workbench.services.tools import TOOLS
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import BlobStore
from tests.db.rows import insert_row
from tests.support.cli import run_projem
from tests.support.documents import synthetic_fcstd

EM6 = "EM 6 mm 3F carbide"


pytestmark = pytest.mark.usefixtures("no_freecad")


@pytest.fixture
def shop(database: Database, tmp_path: Path) -> Database:
    """The starter catalogue, model versions with their artefacts, and tools changed every way
    the services change a row (update, delete, restore)."""
    reference.load_reference_data(database, reference.starter_catalog())
    store = BlobStore(tmp_path / "store")
    for seed in (b"1", b"2"):
        document = synthetic_fcstd(
            tmp_path / f"bracket{seed.decode()}.FCStd", {"Body": "PartDesign::Body"}, seed=seed
        )
        model_library.save_model_version(Workspace(database, store), path=document, name="bracket")
    model_library.delete_version(database, "bracket", 1)
    model_library.restore_version(database, "bracket", 1)
    model_library.delete_version(database, "bracket", 2)
    TOOLS.update(database, EM6, {"quantity_on_hand": 7, "location": "Drawer 3"})
    TOOLS.delete(database, EM6)
    TOOLS.restore(database, EM6)
    return database


def tool_id(database: Database, name: str) -> int:
    with database.read_session() as session:
        return session.scalars(select(Tool.id).where(Tool.name == name)).one()


def test_rows_written_by_the_services_match_the_trail(shop: Database) -> None:
    with shop.read_session() as session:
        result = verify_rows(session)
    assert result.mismatches == []
    assert result.ok
    tables = {"machines", "materials", "tools", "models", "artefacts"}
    with shop.read_session() as session:
        rows = sum(
            session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in tables
        )
    assert result.checked == rows > 20


def test_an_update_beside_projem_is_named_and_recorded(shop: Database, db_url: str) -> None:
    row = tool_id(shop, EM6)
    with shop.engine.begin() as connection:
        connection.execute(text("UPDATE tools SET diameter_mm = 16 WHERE id = :id"), {"id": row})

    chain_only = run_projem("--db", db_url, "audit", "verify")
    assert chain_only.returncode == 0, chain_only.stderr  # the chain alone cannot see it
    result = run_projem("--db", db_url, "audit", "verify", "--rows")
    assert result.returncode == 3, result.stdout + result.stderr
    assert f"tools id {row}: diameter_mm is '16.000' in the table but '6.000'" in result.stdout
    assert "1 difference(s)" in result.stdout
    assert "recorded as a security event" in result.stdout

    with shop.read_session() as session:
        event = session.scalars(select(SecurityEvent)).one()
        event_type, details = event.event_type, event.details
    assert event_type is SecurityEventType.AUDIT_CHAIN_BROKEN
    assert details["check"] == "rows"
    assert details["mismatches"] == [
        {
            "table": "tools",
            "id": str(row),
            "problem": "value",
            "column": "diameter_mm",
            "live": "'16.000'",
            "recorded": "'6.000'",
        }
    ]


def test_a_row_inserted_or_deleted_beside_projem_is_a_mismatch(shop: Database) -> None:
    gone = tool_id(shop, EM6)
    with shop.engine.begin() as connection:
        added = insert_row(connection, "machines")
        connection.execute(text("DELETE FROM tools WHERE id = :id"), {"id": gone})
    result = verify_rows_and_record(shop)
    found = {(m.table, m.row_id, m.problem) for m in result.mismatches}
    assert found == {("machines", str(added), "no_entry"), ("tools", str(gone), "row_missing")}
    assert result.recorded
    assert "added beside Projem" in result.mismatches[0].describe()


def test_a_column_newer_than_the_snapshot_is_not_compared(database: Database) -> None:
    """A row last changed before migration 0006 has a snapshot without tool_number."""
    with database.unit_of_work() as session:
        tool = Tool(name="Old drill", tool_type="drill", tool_material="hss", diameter_mm=5)
        session.add(tool)
        session.flush()
        before_0006 = audited.snapshot(tool)
        del before_0006["tool_number"]
        append_audit_entry(
            session,
            action=AuditAction.CREATE,
            entity_type="tools",
            entity_id=tool.id,
            after=before_0006,
        )
        tool.tool_number = 12  # what the migration's backfill gives it
    with database.read_session() as session:
        assert verify_rows(session).ok

    with database.engine.begin() as connection:
        connection.execute(text("UPDATE tools SET flutes = 4"))
    with database.read_session() as session:
        result = verify_rows(session)
    assert [(m.column, m.live, m.recorded) for m in result.mismatches] == [("flutes", 4, 2)]


def test_verifying_from_past_the_last_entry_is_an_error(shop: Database, db_url: str) -> None:
    with shop.read_session() as session:
        last = session.execute(text("SELECT max(id) FROM audit_logs")).scalar_one()
    result = run_projem("--db", db_url, "audit", "verify", "--from", "99999")
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"cannot verify from entry 99999: the last entry is {last}" in result.stderr
    inside = run_projem("--db", db_url, "audit", "verify", "--from", str(last))
    assert inside.returncode == 0, inside.stderr
    assert "intact: 1 entries" in inside.stdout


def test_a_cam_run_its_simulation_and_a_forced_export_match_the_trail(
    database: Database, tmp_path: Path
) -> None:
    from projem_workbench.services import cam_run_files
    from projem_workbench.services.sim_runs import simulate_run
    from tests.db.test_sim_runs import PART, RAPID_IN, stored_run

    reference.load_reference_data(database, reference.starter_catalog())
    store = BlobStore(tmp_path / "store")
    document = synthetic_fcstd(tmp_path / "block.FCStd", {"Block": "Part::Box"})
    model_library.save_model_version(Workspace(database, store), path=document, name="block")
    run_id = stored_run(database, store, RAPID_IN)  # a rapid into the stock: held
    simulate_run(Workspace(database, store), cam_run_id=run_id, surface_stl=PART)
    cam_run_files.export_gcode(
        Workspace(database, store), run_id, tmp_path / "held.ngc", force=True
    )
    with database.read_session() as session:
        result = verify_rows(session)
        runs = session.execute(text("SELECT count(*) FROM sim_runs")).scalar_one()
    assert result.mismatches == []
    assert runs == 1

    with database.engine.begin() as connection:
        connection.execute(text("UPDATE sim_runs SET collision_count = 0"))
    with database.read_session() as session:
        result = verify_rows(session)
    assert [(m.table, m.column, m.live) for m in result.mismatches] == [
        ("sim_runs", "collision_count", 0)
    ]
