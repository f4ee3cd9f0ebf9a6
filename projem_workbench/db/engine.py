# SPDX-License-Identifier: LGPL-2.1-or-later
"""Where the database is, and an engine configured for it.

Resolution order of the URL: an explicit argument (``--db``), ``PROJEM_DATABASE_URL``, the
FreeCAD preference ``DatabaseUrl``, then ``projem.sqlite3`` in the platformdirs user data
directory of "Projem".
"""

from __future__ import annotations

import enum
import importlib.util
import os
import time
import urllib.parse
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.pool import NullPool

from projem_workbench import freecad_env
from projem_workbench.db.canonical import canonical_json_of_json_value
from projem_workbench.errors import ConfigurationError, ValidationError

ENV_VAR = "PROJEM_DATABASE_URL"
PREFERENCE_NAME = "DatabaseUrl"
DEFAULT_FILENAME = "projem.sqlite3"
# The one PostgreSQL driver Projem ships and tests (deps/requirements.py: psycopg2-binary).
POSTGRESQL_DRIVER = "psycopg2"
# How long a SQLite writer waits for another writer before giving up (ms). CAM runs and
# imports hold the write lock for a while, so this is generous.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# A pooled PostgreSQL connection idle for longer than this is pinged before use.
PING_AFTER_IDLE_S = 2.0
_RETURNED_AT = "projem_returned_at"  # key in a pooled connection's info


def default_data_dir() -> Path:
    """Projem's per-user data directory (created on first use)."""
    return Path(platformdirs.user_data_dir("Projem", appauthor=False))


def default_sqlite_url() -> URL:
    return URL.create("sqlite", database=str(default_data_dir() / DEFAULT_FILENAME))


def resolve_database_url(explicit: str | None = None) -> URL:
    """The database URL to use, normalised (see the module docstring for the order)."""
    for raw in (explicit, os.environ.get(ENV_VAR), freecad_env.get_preference(PREFERENCE_NAME)):
        if raw and raw.strip():
            return normalise_url(raw.strip())
    return default_sqlite_url()


def normalise_url(raw: str) -> URL:
    """Parse a URL as users write it; a bare path means a SQLite file.

    ``postgresql://user@host/db`` gets psycopg2, the driver Projem ships and tests; SQLAlchemy
    2.1 itself would pick psycopg 3, which no test lane covers, so any other driver is refused.
    """
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser().resolve()))
    try:
        url = make_url(raw)
        url.port  # noqa: B018  (a non-numeric port only fails when read)
    except (ArgumentError, ValueError) as exc:
        raise ConfigurationError(f"'{raw}' is not a database URL ({exc})") from None
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername=f"postgresql+{POSTGRESQL_DRIVER}")
    elif url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigurationError(
            f"unsupported database '{url.get_backend_name()}': use a SQLite file or PostgreSQL"
        )
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        url = url.set(database=str(Path(url.database).expanduser()))
    return url


def _require_psycopg2(url: URL) -> None:
    if url.get_driver_name() != POSTGRESQL_DRIVER:
        raise ConfigurationError(
            f"unsupported PostgreSQL driver '{url.get_driver_name()}': Projem uses psycopg2; "
            f"write the URL as postgresql://... or postgresql+psycopg2://..."
        )
    if importlib.util.find_spec(POSTGRESQL_DRIVER) is None:
        raise ConfigurationError(
            "the PostgreSQL driver psycopg2 is not installed: install it into the Python that "
            "runs Projem (pip install psycopg2-binary)"
        )


def describe_url(url: URL) -> str:
    """The URL for messages: the password hidden, a SQLite file shown as its path."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for PostgreSQL and in-memory databases."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


class SqliteAccess(enum.StrEnum):
    """What this process may do with a SQLite file (see :func:`sqlite_access`)."""

    WRITABLE = "writable"  # the file and its folder can be written (or the file created)
    READ_ONLY = "read_only"  # the file exists but it, or its folder, cannot be written
    NO_FILE = "no_file"  # the folder exists, the file does not
    NO_FOLDER = "no_folder"  # the folder does not exist


def sqlite_access(path: Path) -> SqliteAccess:
    """Whether a SQLite file can be used read-write, read-only, created, or not at all.

    SQLite writes beside the file (the WAL and its index), so a writable file in a read-only
    folder is read-only too.
    """
    if not path.parent.is_dir():
        return SqliteAccess.NO_FOLDER
    if not path.exists():
        return SqliteAccess.NO_FILE
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return SqliteAccess.WRITABLE
    return SqliteAccess.READ_ONLY


def make_engine(url: URL | str, *, read_only: bool = False, **overrides: Any) -> Engine:
    """An engine with Projem's per-backend settings.

    SQLite: WAL, foreign keys and a busy timeout on every connection, and transactions begun
    by Projem itself so a writer can ask for ``BEGIN IMMEDIATE`` (see ``session.py``). The
    file's folder is created (the workbench's chosen location; the command line refuses a
    missing folder before it gets here). ``read_only`` opens the file read-only (see
    ``_open_read_only``) and creates nothing.
    PostgreSQL: idle connections pinged before use (see ``_ping_idle_connections``) and a
    small pool (one FreeCAD is one user).
    """
    url = normalise_url(url) if isinstance(url, str) else url
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None and not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        options: dict[str, Any] = {"poolclass": NullPool} if path is None else {}
        # JSON is stored as its canonical text, as audit entries store their snapshots: what
        # SQLite holds is one spelling of each value, the one that is hashed.
        options["json_serializer"] = _canonical_json_text
        options.update(overrides)
        engine = create_engine(url, **options)
        if read_only and path is not None:
            _open_read_only(engine, path)
        _configure_sqlite(engine, read_only=read_only)
        return engine
    _require_psycopg2(url)
    options = {"pool_size": 5, "max_overflow": 5, "pool_recycle": 1800}
    options.update(overrides)
    engine = create_engine(url, **options)
    if not options.get("pool_pre_ping"):
        _ping_idle_connections(engine)
    return engine


def _ping_idle_connections(engine: Engine) -> None:
    """Check a pooled connection is alive before use if it has been idle for a while.

    A shared server restarts under long-lived workbench sessions, so a connection that sat
    in the pool may be dead. SQLAlchemy's pre-ping checks on every checkout, at the cost of a
    round trip per transaction; a connection used within the last ``PING_AFTER_IDLE_S`` is
    taken as alive instead (if the server went away in that window, the one transaction fails
    with a clear error and the pool reconnects).
    """

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get(_RETURNED_AT)
        if returned is None or time.monotonic() - returned <= PING_AFTER_IDLE_S:
            return  # new, or used a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            # The pool discards this connection and checks out (or opens) another.
            raise DisconnectionError(f"pooled connection is gone: {exc}") from exc


def _canonical_json_text(value: Any) -> str:
    return canonical_json_of_json_value(value).decode("utf-8")


def _open_read_only(engine: Engine, path: Path) -> None:
    """Connect to ``path`` as a read-only SQLite URI instead of the plain file name.

    Read-only, SQLite still makes the WAL index (``-shm``) and WAL files beside a WAL database
    to read it, and cannot in a folder this process may not write; where it can, it leaves
    them behind with the database's read-only mode, in the way of its owner's next write. So
    the file is opened ``immutable`` (nothing made, no locks), unless a WAL file with content
    is beside it: ``immutable`` would miss the changes it holds, so then the plain read-only
    open reads it.
    """
    wal = path.with_name(f"{path.name}-wal")
    immutable = not (wal.exists() and wal.stat().st_size)
    uri = f"file:{urllib.parse.quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")

    @event.listens_for(engine, "do_connect")
    def _connect_read_only(_dialect: Any, _record: Any, cargs: list[Any], cparams: Any) -> None:
        cargs[:] = [uri]
        cparams["uri"] = True


def _configure_sqlite(engine: Engine, *, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from pysqlite so BEGIN IMMEDIATE can be issued.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if engine.url.database not in (None, "", ":memory:") and not read_only:
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> None:
        # sqlite3 refuses an integer beyond 64 bits while binding it, with an OverflowError
        # SQLAlchemy does not wrap (``tools show 99999999999999999999``).
        error = context.original_exception
        if isinstance(error, OverflowError):
            raise ValidationError(
                f"a number is too large for the database: SQLite keeps integers within "
                f"±{2**63 - 1:,} ({error})"
            ) from error

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")
