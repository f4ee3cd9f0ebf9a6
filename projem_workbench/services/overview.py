# SPDX-License-Identifier: LGPL-2.1-or-later
"""What a database holds, in one read: for `projem demo`, `projem status` and the workbench."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from projem_workbench.db import migrate
from projem_workbench.db.base import Base
from projem_workbench.db.session import Database


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
