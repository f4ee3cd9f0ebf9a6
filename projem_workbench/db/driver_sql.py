# SPDX-License-Identifier: LGPL-2.1-or-later
"""Running statements SQLAlchemy compiled once on the driver's cursor of a session's connection.

Every audited change takes this path twice (its row and its audit entry), and SQLAlchemy's
per-statement work (cache key, execution context, result set-up) cost several times what the
database's own did. Statements run this way stay in the caller's transaction, and their errors
come out as the ``DBAPIError`` SQLAlchemy would have raised, so units of work translate them as
usual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Column
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError


def execute(connection: Connection, cursor: Any, statement: str, parameters: Any) -> None:
    """Run one statement on the driver's cursor; its errors come out as SQLAlchemy's."""
    dbapi_error = connection.dialect.loaded_dbapi.Error
    try:
        if parameters is None:
            cursor.execute(statement)
        else:
            cursor.execute(statement, parameters)
    except dbapi_error as exc:
        raise DBAPIError.instance(
            statement, parameters, exc, dbapi_error, dialect=connection.dialect
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
