# SPDX-License-Identifier: LGPL-2.1-or-later
"""Alembic environment for Projem.

Run through ``projem_workbench.db.migrate`` (the command line and the workbench), which passes
the open connection in ``config.attributes["connection"]``; no alembic.ini is needed.
"""

from __future__ import annotations

from alembic import context

import projem_workbench.db.models  # noqa: F401  (registers every table on Base.metadata)
from projem_workbench.db.base import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place: batch mode recreates the table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Projem's migrations run online only: use `projem db upgrade`")
run_migrations_online()
