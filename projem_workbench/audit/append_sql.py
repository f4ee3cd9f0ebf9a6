# SPDX-License-Identifier: LGPL-2.1-or-later
"""The statements that append an audit entry, compiled once per dialect and run on the driver.

Appending is on the path of every audited change: on SQLite the head lookup took about 80 µs
through the session and 1 µs on the driver's cursor. So the lock, the head lookup and the
insert are compiled by SQLAlchemy once per dialect and run on the driver's cursor of the
caller's connection, in the caller's transaction (see projem_workbench/db/driver_sql.py).

Appends are serialised per database (see docs/database/audit-chain.md), and the head must be
read under that lock by a statement that sees every entry committed before it:

- PostgreSQL: ``pg_advisory_xact_lock``, then the head in a later statement. In READ COMMITTED
  each statement takes a new snapshot, so that statement sees the entry of the writer that
  held the lock before. With psycopg2 both go in one round trip (a multi-statement query is
  still one statement after the other, each with its own snapshot), which shortens the time
  every other writer waits. Under REPEATABLE READ or SERIALIZABLE the head would be read from
  the transaction's first snapshot, taken before the lock, and two writers could append to
  one parent: the head query also returns the isolation level, and any other level than
  READ COMMITTED is refused.
- SQLite: the unit of work's ``BEGIN IMMEDIATE`` holds the database's write lock.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import insert
from sqlalchemy.engine import Connection, Dialect

from projem_workbench.db import driver_sql, prepared
from projem_workbench.db.models import AuditLog
from projem_workbench.errors import ConfigurationError

# Any constant works, as long as every writer of one database uses the same one.
ADVISORY_LOCK_KEY = 0x50524F4A454D  # "PROJEM"
_TABLE = AuditLog.__table__
_HEAD = "SELECT chain_hash FROM audit_logs ORDER BY id DESC LIMIT 1"
_PG_LOCK = f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_KEY})"
_PG_HEAD = f"SELECT ({_HEAD}), current_setting('transaction_isolation')"


class AppendStatements(NamedTuple):
    """An append's SQL as one driver takes it, and the bind conversions it needs."""

    # Run in order under the lock; the last returns the head hash (NULL for an empty chain)
    # and, on PostgreSQL, the transaction's isolation level.
    lock_and_head: tuple[str, ...]
    insert: str
    # Positional drivers take the values in ``order``; the others take a mapping.
    positional: bool
    order: tuple[str, ...]
    action: Callable[[Any], Any]
    created_at: Callable[[Any], Any]


_COMPILED: weakref.WeakKeyDictionary[Dialect, AppendStatements] = weakref.WeakKeyDictionary()


def statements_for(dialect: Dialect) -> AppendStatements:
    """The append statements for ``dialect`` (compiled on first use)."""
    statements = _COMPILED.get(dialect)
    if statements is None:
        statements = _COMPILED[dialect] = _compile(dialect)
    return statements


def _compile(dialect: Dialect) -> AppendStatements:
    if dialect.name == "postgresql":
        if dialect.driver == "psycopg2":  # psycopg2 sends a statement without parameters as is
            lock_and_head: tuple[str, ...] = (f"{_PG_LOCK}; {_PG_HEAD}",)
        else:
            lock_and_head = (_PG_LOCK, _PG_HEAD)
    else:
        lock_and_head = (_HEAD,)
    columns = [column.name for column in _TABLE.c if column.name != "id"]
    # inline(): no RETURNING of the new id, which no caller needs.
    compiled = insert(_TABLE).inline().compile(dialect=dialect, column_keys=columns)
    return AppendStatements(
        lock_and_head=lock_and_head,
        insert=compiled.string,
        positional=compiled.positional,
        order=tuple(compiled.positiontup or ()),
        action=driver_sql.bind_processor(_TABLE.c.action, dialect),
        created_at=driver_sql.bind_processor(_TABLE.c.created_at, dialect),
    )


def lock_and_read_head(connection: Connection, cursor: Any, statements: AppendStatements) -> str:
    """Take the chain's lock (PostgreSQL) and return the newest entry's hash, or ``""``."""
    if connection.dialect.name == "postgresql" and driver_sql.send_ahead(connection, _PG_LOCK):
        # A driver-managed transaction: the lock goes ahead of the (prepared) head lookup.
        driver_sql.execute(connection, cursor, prepared.form(connection, _PG_HEAD), None)
    else:
        for statement in statements.lock_and_head:
            driver_sql.execute(connection, cursor, statement, None)
    row = cursor.fetchone()
    if row is None:  # SQLite: no entry yet
        return ""
    if len(row) > 1 and row[1] != "read committed":
        raise ConfigurationError(
            f"audit entries are appended in READ COMMITTED transactions only, not {row[1]}: "
            "the newest entry could be read from before the chain was locked and the chain "
            "would fork"
        )
    return row[0] or ""


def insert_entry(
    connection: Connection, cursor: Any, statements: AppendStatements, values: dict[str, Any]
) -> None:
    """Insert one entry (``values`` are column → value, converted by ``statements``)."""
    values["action"] = statements.action(values["action"])
    values["created_at"] = statements.created_at(values["created_at"])
    parameters: Sequence[Any] | dict[str, Any] = values
    if statements.positional:
        parameters = [values[key] for key in statements.order]
    if connection.info.get(driver_sql.SENT_AHEAD) is not None:
        # A driver-managed transaction (psycopg2): the insert goes with the next statement
        # or the COMMIT, one round trip less while the chain is locked. psycopg2 renders the
        # literals exactly as it does when it sends the statement itself.
        rendered = cursor.mogrify(prepared.form(connection, statements.insert), parameters)
        encoding = connection.dialect.loaded_dbapi.extensions.encodings[cursor.connection.encoding]
        driver_sql.send_ahead(connection, rendered.decode(encoding))
        return
    driver_sql.execute(connection, cursor, statements.insert, parameters)
