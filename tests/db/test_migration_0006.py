# SPDX-License-Identifier: LGPL-2.1-or-later
"""Migration 0006 numbers the live tools of an existing library, keeping FreeCAD's numbers."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from projem_workbench.db import migrate
from projem_workbench.db.engine import make_engine

TOOL = (
    "INSERT INTO tools (name, tool_type, tool_material, diameter_mm, params, deleted_at, "
    "created_at, updated_at) VALUES (:name, 'flat_endmill', 'carbide', 6, :params, :deleted, "
    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)


def _library(nr: object) -> str:
    return json.dumps({"freecad": {"nr": nr}})


def test_live_tools_are_numbered_keeping_free_library_numbers(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        migrate.upgrade(engine, "0005")
        rows = [
            ("EM 6", _library(5), None),  # keeps 5
            ("EM 8", _library(5), None),  # 5 is taken: next free, 1
            ("Ball 8", "{}", None),  # no library number: 2
            ("Drill 5", _library(-3), None),  # not a valid number: 3
            ("Bin", _library(4), "2026-01-01 00:00:00"),  # deleted: not numbered
            ("Chamfer", _library(4), None),  # 4 stays free for it
            ("Tap", _library("7"), None),  # text is not a number: 6
        ]
        with engine.begin() as conn:
            for name, params, deleted in rows:
                conn.execute(text(TOOL), {"name": name, "params": params, "deleted": deleted})
        migrate.upgrade(engine)
        with engine.connect() as conn:
            numbers = dict(conn.execute(text("SELECT name, tool_number FROM tools")).all())
        assert numbers == {
            "EM 6": 5,
            "EM 8": 1,
            "Ball 8": 2,
            "Drill 5": 3,
            "Bin": None,
            "Chamfer": 4,
            "Tap": 6,
        }
        # Unique among live tools only: a deleted tool may hold a live tool's number.
        with engine.begin() as conn:
            conn.execute(text("UPDATE tools SET tool_number = 5 WHERE name = 'Bin'"))
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("UPDATE tools SET tool_number = 5 WHERE name = 'Tap'"))
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("UPDATE tools SET tool_number = 0 WHERE name = 'Tap'"))

        migrate.downgrade(engine, "0005")
        with engine.connect() as conn:
            columns = conn.execute(text("SELECT * FROM tools")).keys()
            run_columns = conn.execute(text("SELECT * FROM cam_runs")).keys()
        assert "tool_number" not in columns
        assert "worker_pid" not in run_columns
    finally:
        engine.dispose()
