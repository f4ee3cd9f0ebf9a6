# SPDX-License-Identifier: LGPL-2.1-or-later
"""Running statements SQLAlchemy compiled once on the driver's cursor of a session's connection.

Every audited change takes this path twice (its row and its audit entry), and SQLAlchemy's
per-statement work (cache key, execution context, result set-up) cost several times what the
database's own did. Statements run this way stay in the caller's transaction, and their errors
come out as the ``DBAPIError`` SQLAlchemy would have raised, so units of work translate them as
usual.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import Column, Engine
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError

# Key, in a connection's pool-record info, of the SQL text to send ahead of its next statement
# (see driver_transaction.py, which starts and ends such queues).
SENT_AHEAD = "projem_sent_ahead"
# Engines whose server connections lost a prepared statement (see prepared.py).
PREPARED_OFF: weakref.WeakSet[Engine] = weakref.WeakSet()
_UNDEFINED_PREPARED_STATEMENT = "26000"  # PostgreSQL's SQLSTATE invalid_sql_statement_name


def send_ahead(connection: Connection, sql: str) -> bool:
    """Queue ``sql`` (complete SQL text, literals included) to run before the next statement
    of ``connection``'s transaction or with its COMMIT; False, queuing nothing, when the
    connection is not in a driver-managed transaction."""
    queue = connection.info.get(SENT_AHEAD)
    if queue is None:
        return False
    queue.append(sql)
    return True


def with_sent_ahead(info: dict[str, Any], statement: str, has_parameters: bool) -> str:
    """``statement`` preceded by what is queued on its connection (the queue is emptied)."""
    queue = info.get(SENT_AHEAD)
    if not queue:
        return statement
    ahead = ";".join(queue) + ";"
    queue.clear()
    if has_parameters:  # psycopg2 %-formats the whole text when parameters are given
        ahead = ahead.replace("%", "%%")
    return ahead + statement


def execute(connection: Connection, cursor: Any, statement: str, parameters: Any) -> None:
    """Run one statement on the driver's cursor, after whatever was sent ahead of it; its
    errors come out as SQLAlchemy's."""
    statement = with_sent_ahead(connection.info, statement, parameters is not None)
    dbapi_error = connection.dialect.loaded_dbapi.Error
    try:
        if parameters is None:
            cursor.execute(statement)
        else:
            cursor.execute(statement, parameters)
    except dbapi_error as exc:
        if getattr(exc, "pgcode", None) == _UNDEFINED_PREPARED_STATEMENT:
            PREPARED_OFF.add(connection.engine)
        # As SQLAlchemy does for its own statements: a lost connection is invalidated, so the
        # rollback that follows does not fail on it and the pool opens a new one.
        lost = connection.dialect.is_disconnect(exc, connection.connection, cursor)
        if lost:
            connection.invalidate(exc)
        raise DBAPIError.instance(
            statement,
            parameters,
            exc,
            dbapi_error,
            connection_invalidated=lost,
            dialect=connection.dialect,
        ) from exc


def bind_processor(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """The conversion SQLAlchemy applies to ``column``'s values on their way to the driver
    (enum check, UTC datetime, JSON text...), so a row is stored exactly as a Core insert
    stores it."""
    processor = column.type.dialect_impl(dialect).bind_processor(dialect)
    return processor if processor is not None else unchanged


def result_processor(column: Column[Any], dialect: Dialect, type_code: Any) -> Callable[[Any], Any]:
    """The conversion SQLAlchemy applies to ``column``'s values read back (``type_code`` is the
    driver's, from ``cursor.description``)."""
    processor = column.type.dialect_impl(dialect).result_processor(dialect, type_code)
    return processor if processor is not None else unchanged


def unchanged(value: Any) -> Any:
    return value
