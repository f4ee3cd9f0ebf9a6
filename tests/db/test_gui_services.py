# SPDX-License-Identifier: LGPL-2.1-or-later
"""The read services the workbench's panels use, on both backends: the audit log viewer's
filters, model thumbnails, the preferences page's connection check, and validation errors
that name every refused field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from projem_workbench.db.session import Database
from projem_workbench.errors import DatabaseUnavailableError, NotFoundError, ValidationError
from projem_workbench.services import audit_log, model_library
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.overview import check_connection
from projem_workbench.services.tools import TOOLS
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import BlobStore
from tests.db.audit_support import as_admin
from tests.db.test_reference_services import MACHINE, tool
from tests.support.documents import synthetic_fcstd

pytestmark = pytest.mark.usefixtures("no_freecad")


def test_audit_entries_filter_by_type_action_id_and_time(database: Database) -> None:
    start = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    created = TOOLS.add(database, tool("EM 6"))
    TOOLS.add(database, tool("EM 8", diameter_mm="8"))
    TOOLS.update(database, "EM 6", {"flutes": 4})
    MACHINES.add(database, MACHINE)

    everything = audit_log.list_entries(database)
    assert [e.id for e in everything] == sorted((e.id for e in everything), reverse=True)
    assert audit_log.entry_count(database) == len(everything) == 4
    assert audit_log.entity_types(database) == ["machines", "tools"]

    updates = audit_log.list_entries(database, entity_type="tools", action="update")
    assert len(updates) == 1 and updates[0].before["flutes"] == 3
    assert updates[0].after["flutes"] == 4
    one_tool = audit_log.list_entries(database, entity_id=str(created.id), entity_type="tools")
    assert [e.action.value for e in one_tool] == ["update", "create"]
    assert audit_log.list_entries(database, since=start, until=start + dt.timedelta(hours=1))
    assert audit_log.list_entries(database, until=start) == []
    newest = everything[0].id
    assert [e.id for e in audit_log.list_entries(database, before_id=newest, limit=2)] == [
        newest - 1,
        newest - 2,
    ]
    with pytest.raises(ValidationError) as refused:
        audit_log.list_entries(database, action="rename")
    assert refused.value.field == "action"
    with pytest.raises(ValidationError):
        audit_log.list_entries(database, since=dt.datetime(2026, 1, 1))  # naive


def test_verify_trail_reports_intact_then_the_tampered_entry(database: Database) -> None:
    TOOLS.add(database, tool("EM 6"))
    TOOLS.add(database, tool("EM 8", diameter_mm="8"))
    result = audit_log.verify_trail(database)
    assert result.ok and result.checked == 2
    second = audit_log.list_entries(database)[0].id
    with as_admin(database.engine) as connection:
        connection.execute(
            text("UPDATE audit_logs SET entity_id = '999' WHERE id = :id"), {"id": second}
        )
    broken = audit_log.verify_trail(database)
    assert (broken.ok, broken.broken_id, str(broken.reason)) == (False, second, "hash_mismatch")


def test_thumbnail_of_a_version_comes_back_verified(database: Database, tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "store")
    png = b"\x89PNG\r\n\x1a\n" + b"pixels"
    parts = {"Box": "Part::Box"}
    first = synthetic_fcstd(tmp_path / "a.FCStd", parts, thumbnail=png)
    second = synthetic_fcstd(tmp_path / "b.FCStd", parts, seed=b"2")
    model_library.save_model_version(Workspace(database, store), path=first, name="bracket")
    model_library.save_model_version(Workspace(database, store), path=second, name="bracket")
    assert model_library.thumbnail_png(Workspace(database, store), "bracket", 1) == png
    assert model_library.thumbnail_png(Workspace(database, store), "bracket", 2) is None
    model_library.delete_version(database, "bracket", 1)
    assert model_library.thumbnail_png(Workspace(database, store), "bracket", 1) == png
    with pytest.raises(NotFoundError):
        model_library.thumbnail_png(Workspace(database, store), "bracket", 3)


def test_connection_check_reads_the_schema_state(db_url: str, empty_db_url: str) -> None:
    current = check_connection(db_url)
    assert (current.schema_status, current.schema_revision) == ("current", current.head_revision)
    assert "newest schema" in current.message()
    empty = check_connection(empty_db_url)
    assert empty.schema_status == "empty" and "create its tables" in empty.message()


def test_connection_check_of_a_new_sqlite_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new" / "projem.sqlite3"
    assert check_connection(str(path)).schema_status == "empty"
    assert not path.exists() and not path.parent.exists()


def test_connection_check_says_why_it_failed(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailableError):
        check_connection("postgresql://projem@127.0.0.1:1/projem", timeout_s=2)
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_text("not SQLite")
    with pytest.raises(Exception, match="damaged or is not a SQLite database"):
        check_connection(str(not_a_database))


def test_validation_error_names_every_refused_field(database: Database) -> None:
    bad = tool("EM", diameter_mm="-1", flutes="many", flute_length_mm="20", overall_length_mm="10")
    with pytest.raises(ValidationError) as refused:
        TOOLS.add(database, bad)
    assert set(refused.value.problems) == {"diameter_mm", "flutes", "overall_length_mm"}
    assert "flute_length_mm" in refused.value.problems["overall_length_mm"]


def test_model_list_filters_by_name_and_can_include_deleted_models(
    database: Database, tmp_path: Path
) -> None:
    store = BlobStore(tmp_path / "store")
    for name, seed in (("Bracket", b"1"), ("bracket_100%", b"2"), ("Plate", b"3")):
        path = synthetic_fcstd(tmp_path / f"{seed!r}.FCStd", {"B": "Part::Box"}, seed=seed)
        model_library.save_model_version(Workspace(database, store), path=path, name=name)
    path = synthetic_fcstd(tmp_path / "p2.FCStd", {"B": "Part::Box"}, seed=b"4")
    model_library.save_model_version(Workspace(database, store), path=path, name="Plate")
    names = sorted(m.name for m in model_library.list_models(database, text="BRACK"))
    assert names == ["Bracket", "bracket_100%"]
    assert [m.name for m in model_library.list_models(database, text="100%")] == ["bracket_100%"]
    assert [m.name for m in model_library.list_models(database, text="_1")] == ["bracket_100%"]
    model_library.delete_version(database, "Bracket", 1)
    model_library.delete_version(database, "Plate", 2)
    live = sorted((m.name, m.version) for m in model_library.list_models(database))
    assert live == [("Plate", 1), ("bracket_100%", 1)]
    listed = model_library.list_models(database, include_deleted=True)
    assert sorted((m.name, m.version, m.is_deleted) for m in listed) == [
        ("Bracket", 1, True),
        ("Plate", 1, False),
        ("bracket_100%", 1, False),
    ]
