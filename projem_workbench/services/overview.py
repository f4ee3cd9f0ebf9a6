# SPDX-License-Identifier: LGPL-2.1-or-later
"""What a database holds, in one read: for `projem demo`, `projem status` and the workbench."""

from __future__ import annotations

import os

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from projem_workbench.db import migrate
from projem_workbench.db.base import Base
from projem_workbench.db.engine import (
    default_sqlite_url,
    describe_url,
    make_engine,
    normalise_url,
    sqlite_path,
)
from projem_workbench.db.session import Database
from projem_workbench.errors import DatabaseUnavailableError


class DatabaseOverview(BaseModel):
    location: str
    backend: str
    schema_revision: str | None
    schema_status: str
    row_counts: dict[str, int]
    machines: list[str]
    materials: list[str]
    tools: list[str]


def _live_names(session: Session, table_name: str) -> list[str]:
    table = Base.metadata.tables[table_name]
    query = select(table.c.name).order_by(table.c.name)
    if "is_deleted" in table.c:
        query = query.where(table.c.is_deleted.is_(False))
    return list(session.execute(query).scalars())


class ConnectionCheck(BaseModel):
    """What a database URL reaches, without changing anything there."""

    location: str
    backend: str
    schema_status: str
    schema_revision: str | None
    head_revision: str

    def message(self) -> str:
        what = {
            "empty": "empty: Projem will create its tables on first use",
            "current": "a Projem database at the newest schema",
            "behind": "a Projem database at an older schema: Projem will upgrade it "
            "(a SQLite file is backed up first)",
            "ahead": "written by a newer Projem: update Projem to use it",
            "foreign": "holds tables that are not Projem's: choose another database",
        }[self.schema_status]
        return f"{self.location} ({self.backend}): {what}"


def check_connection(url: str, *, timeout_s: int = 5) -> ConnectionCheck:
    """Connect to ``url`` and read its schema state (reads only; nothing is created).

    A SQLite file that does not exist yet is not created: its folder must be writable.
    Raises a ProjemError that says what is wrong (bad URL, server unreachable, no driver...).
    """
    parsed = normalise_url(url.strip()) if url.strip() else default_sqlite_url()
    path = sqlite_path(parsed)
    if path is not None and not path.exists():
        folder = next((p for p in path.parents if p.exists()), None)
        if folder is None or not os.access(folder, os.W_OK):
            raise DatabaseUnavailableError(f"cannot create {path}: {folder} is not writable")
        return ConnectionCheck(
            location=str(path),
            backend="sqlite",
            schema_status=migrate.SchemaStatus.EMPTY.value,
            schema_revision=None,
            head_revision=migrate.head_revision(),
        )
    options = {"connect_args": {"connect_timeout": timeout_s}} if path is None else {}
    engine = make_engine(parsed, **options)
    try:
        state = migrate.schema_state(engine)
    finally:
        engine.dispose()
    return ConnectionCheck(
        location=describe_url(parsed),
        backend=parsed.get_backend_name(),
        schema_status=state.status.value,
        schema_revision=state.current,
        head_revision=state.head,
    )


def database_overview(database: Database) -> DatabaseOverview:
    """Location, schema state, row count of every table and the reference-data names."""
    import projem_workbench.db.models  # noqa: F401  (complete metadata)

    state = migrate.schema_state(database.engine)
    with database.read_session() as session:
        counts = {
            name: int(session.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in sorted(Base.metadata.tables.items())
        }
        return DatabaseOverview(
            location=database.describe(),
            backend=database.backend,
            schema_revision=state.current,
            schema_status=state.status.value,
            row_counts=counts,
            machines=_live_names(session, "machines"),
            materials=_live_names(session, "materials"),
            tools=_live_names(session, "tools"),
        )
