# SPDX-License-Identifier: LGPL-2.1-or-later
"""Helpers for audit tests: build a chain through the services, and tamper with it as an admin."""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from sqlalchemy import Connection, Engine

from projem_workbench.db.enums import ToolMaterial, ToolType
from projem_workbench.db.migrate import MIGRATIONS_DIR
from projem_workbench.db.models import Tool
from projem_workbench.db.session import Database
from projem_workbench.services import audited

# The triggers revision 0002 installs on SQLite, recreated after an admin rewrite.
SQLITE_TRIGGERS = runpy.run_path(str(next((MIGRATIONS_DIR / "versions").glob("0002_*.py"))))[
    "SQLITE_UP"
]


def build_chain(database: Database, tools: int = 6) -> None:
    """``tools`` audited creates plus an update and a soft delete of the first tool."""
    with database.unit_of_work() as session:
        created = [
            audited.create(
                session,
                Tool(
                    name=f"EM {n} mm",
                    tool_type=ToolType.FLAT_ENDMILL,
                    tool_material=ToolMaterial.CARBIDE,
                    diameter_mm=Decimal(n),
                    flutes=3,
                    params={"note": f"şişe ölçüsü {n}", "emoji": "\U0001f527"},
                ),
            )
            for n in range(2, 2 + tools)
        ]
    with database.unit_of_work() as session:
        first = session.get(Tool, created[0].id)
        audited.update(session, first, {"quantity_on_hand": 7, "location": "A/2"})
        audited.soft_delete(session, first)


@contextmanager
def as_admin(engine: Engine) -> Iterator[Connection]:
    """A transaction in which the append-only rule is lifted, the documented way."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            yield conn
        else:
            conn.exec_driver_sql("DROP TRIGGER audit_logs_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_logs_no_delete")
            yield conn
            for statement in SQLITE_TRIGGERS:
                conn.exec_driver_sql(statement)


def write_audited_changes(url: str, worker: int, count: int) -> None:
    """One writer process: ``count`` audited creates, each in its own transaction."""
    database = Database(url)
    try:
        write_changes(database, worker, count)
    finally:
        database.dispose()


def write_changes(database: Database, worker: int, count: int) -> None:
    """``count`` audited creates through ``database``, each in its own transaction."""
    for n in range(count):
        with database.unit_of_work() as session:
            audited.create(session, writer_tool(f"writer {worker} tool {n}"))


def writer_tool(name: str) -> Tool:
    return Tool(
        name=name,
        tool_type=ToolType.FLAT_ENDMILL,
        tool_material=ToolMaterial.CARBIDE,
        diameter_mm=Decimal("6"),
        flutes=3,
    )
