# SPDX-License-Identifier: LGPL-2.1-or-later
"""Turn driver and SQLAlchemy errors into Projem's domain errors with readable messages."""

from __future__ import annotations

import re

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError

from projem_workbench.db.engine import describe_url, sqlite_path
from projem_workbench.errors import (
    DatabaseCorruptError,
    DatabaseReadOnlyError,
    DatabaseUnavailableError,
    DuplicateError,
    IntegrityViolationError,
    ProjemError,
    ValidationError,
)

_CONSTRAINT_PATTERNS = (
    re.compile(r'constraint "([^"]+)"'),  # PostgreSQL
    re.compile(r"CHECK constraint failed: (\S+)"),  # SQLite
    re.compile(r"UNIQUE constraint failed: ([\w., ]+)"),
    re.compile(r"NOT NULL constraint failed: ([\w.]+)"),
)


def driver_message(exc: BaseException) -> str:
    """The first line of the database's own message, without SQLAlchemy's decoration."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip()
    return text.splitlines()[0] if text else type(orig).__name__


def constraint_name(exc: IntegrityError) -> str | None:
    """The name of the constraint (or ``table.column``) an IntegrityError reports."""
    diag = getattr(getattr(exc, "orig", None), "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name:
        return str(name)
    message = str(getattr(exc, "orig", exc))
    for pattern in _CONSTRAINT_PATTERNS:
        match = pattern.search(message)
        if match:
            return match.group(1)
    return None


def translate(exc: BaseException, url: URL | None = None) -> ProjemError:
    """The domain error for a database failure (the original stays as ``__cause__``)."""
    if isinstance(exc, ProjemError):
        return exc
    if isinstance(exc, StatementError) and not isinstance(exc, DBAPIError):
        # Raised on our side while binding a value (e.g. a naive datetime): not the database's.
        return ValidationError(f"a value could not be stored: {exc.orig}")
    where = f" ({describe_url(url)})" if url is not None else ""
    message = driver_message(exc)
    lowered = message.lower()
    if isinstance(exc, IntegrityError):
        name = constraint_name(exc)
        if "unique" in lowered or "duplicate key" in lowered:
            return DuplicateError(f"a record with that value already exists ({name or message})")
        return IntegrityViolationError(f"the database refused the change: {name or message}")
    if "file is not a database" in lowered or "malformed" in lowered:
        return DatabaseCorruptError(
            f"the database file{where} is damaged or is not a SQLite database ({message}); "
            "it was left untouched — restore it from a backup or point Projem at another file"
        )
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return DatabaseReadOnlyError(
            f"the database{where} is read-only ({message}); Projem needs to write to it "
            "and to its folder"
        )
    if "unable to open database file" in lowered:
        path = sqlite_path(url) if url is not None else None
        if path is not None and not path.parent.is_dir():
            return DatabaseUnavailableError(
                f"cannot open the database file{where}: the folder {path.parent} does not exist"
            )
        if path is not None and not path.exists():
            return DatabaseUnavailableError(
                f"there is no database file {path}: check the path; only commands that add "
                "or import something (or 'projem db upgrade') create a new database"
            )
        return DatabaseUnavailableError(
            f"cannot open the database file{where}: check that the folder exists and is writable"
        )
    if "database is locked" in lowered:
        return DatabaseUnavailableError(
            f"the database{where} stayed locked by another writer; try again"
        )
    return DatabaseUnavailableError(f"cannot use the database{where}: {message}")
