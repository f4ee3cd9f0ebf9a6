# SPDX-License-Identifier: LGPL-2.1-or-later
"""Schema migrations: where the database stands, upgrading it safely, and checking the models.

Every upgrade or downgrade runs in one transaction, so a failing step leaves the database as
it was (PostgreSQL and SQLite both have transactional DDL). A SQLite file that is about to be
upgraded is first copied to a timestamped backup beside it. A database written by a newer
Projem is refused before anything is written to it.
"""

from __future__ import annotations

import datetime as dt
import enum
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from projem_workbench.db import errors as db_errors
from projem_workbench.db.engine import describe_url, sqlite_path
from projem_workbench.errors import (
    DatabaseNotProjemError,
    DatabaseTooNewError,
    MigrationError,
    ProjemError,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# Alembic is imported only where a migration runs or the history is read: it costs a command
# about a tenth of a second, and a database already at KNOWN_HEAD needs none of it.
# KNOWN_HEAD is the newest revision in migrations/versions (a test keeps the two equal).
KNOWN_HEAD = "0006"

# The repository layout keeps migrations/ beside the package (FreeCAD's Mod folder holds a
# clone of the repository; the command line uses an editable install of the same tree).
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


class SchemaStatus(enum.StrEnum):
    EMPTY = "empty"  # no tables at all: a new database
    CURRENT = "current"  # at the newest revision this code knows
    BEHIND = "behind"  # an older revision: upgrade needed
    AHEAD = "ahead"  # a revision this code does not know: written by a newer Projem
    FOREIGN = "foreign"  # tables, but no Projem revision: not a Projem database


@dataclass(frozen=True)
class SchemaState:
    status: SchemaStatus
    current: str | None
    head: str


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for Projem's migrations (optionally bound to a connection)."""
    from alembic.config import Config

    if not (MIGRATIONS_DIR / "env.py").is_file():
        raise MigrationError(f"Projem's migrations folder is missing: {MIGRATIONS_DIR}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    if head is None:
        raise MigrationError("Projem's migrations folder holds no revision")
    return head


def schema_state(engine: Engine) -> SchemaState:
    """Where the database stands relative to this code's migrations (reads only)."""
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            revisions = (
                connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
                if "alembic_version" in tables
                else []
            )
    except SQLAlchemyError as exc:
        raise db_errors.translate(exc, engine.url) from exc
    if revisions == [KNOWN_HEAD]:
        return SchemaState(status=SchemaStatus.CURRENT, current=KNOWN_HEAD, head=KNOWN_HEAD)
    if len(revisions) > 1:
        raise MigrationError(
            f"the database {describe_url(engine.url)} records several schema revisions "
            f"({', '.join(revisions)}); Projem's history has one line. Nothing was changed."
        )
    current = revisions[0] if revisions else None
    head = head_revision()
    if current is None:
        status = SchemaStatus.FOREIGN if tables - {"alembic_version"} else SchemaStatus.EMPTY
    elif current == head:
        status = SchemaStatus.CURRENT
    elif _known_revision(current):
        status = SchemaStatus.BEHIND
    else:
        status = SchemaStatus.AHEAD
    return SchemaState(status=status, current=current, head=head)


def _known_revision(revision: str) -> bool:
    try:
        return script_directory().get_revision(revision) is not None
    except Exception:  # alembic raises several types for unknown or partial ids
        return False


def refuse_untouchable(engine: Engine) -> SchemaState:
    """The schema state, or an error when the database is newer than this code or not Projem's."""
    state = schema_state(engine)
    if state.status is SchemaStatus.AHEAD:
        raise DatabaseTooNewError(
            f"the database {describe_url(engine.url)} is at schema revision {state.current}, "
            f"newer than this Projem knows (its newest is {state.head}): it was written by a "
            "newer Projem. Update Projem; the database was not changed."
        )
    if state.status is SchemaStatus.FOREIGN:
        raise DatabaseNotProjemError(
            f"the database {describe_url(engine.url)} holds tables but no Projem schema "
            "history; point Projem at an empty database or a Projem one. Nothing was changed."
        )
    return state


def ensure_current(engine: Engine, *, backup_dir: Path | None = None) -> SchemaState:
    """Bring the database to the newest revision; refuse databases this code must not touch.

    Returns the state *before* any upgrade. A SQLite file that holds data is backed up first.
    """
    state = refuse_untouchable(engine)
    if state.status is SchemaStatus.BEHIND:
        backup_sqlite(engine, backup_dir=backup_dir)
    if state.status is not SchemaStatus.CURRENT:
        upgrade(engine, "head")
    return state


def backup_sqlite(engine: Engine, *, backup_dir: Path | None = None) -> Path | None:
    """Copy a SQLite database to ``<name>.<UTC timestamp>.bak`` (None for PostgreSQL).

    Uses SQLite's online backup, which includes what is still in the WAL file.
    """
    path = sqlite_path(engine.url)
    if path is None or not path.exists():
        return None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = (backup_dir or path.parent) / f"{path.name}.{stamp}.bak"
    source = sqlite3.connect(path)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    except sqlite3.Error as exc:
        raise MigrationError(
            f"could not back up {path} to {target} ({exc}); nothing was changed"
        ) from exc
    finally:
        copy.close()
        source.close()
    return target


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade to ``target`` in one transaction."""
    from alembic import command

    _run(engine, lambda config: command.upgrade(config, target), f"upgrade to {target}")


def downgrade(engine: Engine, target: str) -> None:
    """Downgrade to ``target`` (a revision id, or ``base``) in one transaction."""
    from alembic import command

    _run(engine, lambda config: command.downgrade(config, target), f"downgrade to {target}")


@dataclass(frozen=True)
class DowngradePlan:
    """What ``downgrade(target)`` would undo: the revisions, newest first, and for ``base``
    every table the database holds (all dropped, with their rows)."""

    steps: list[tuple[str, str]]  # (revision, first paragraph of its description)
    dropped_tables: list[tuple[str, int]]  # (table, rows in it)


def downgrade_plan(engine: Engine, current: str | None, target: str) -> DowngradePlan:
    """What downgrading from ``current`` to ``target`` undoes (reads only)."""
    if current is None:
        return DowngradePlan(steps=[], dropped_tables=[])
    try:
        revisions = list(script_directory().iterate_revisions(current, target))
    except Exception as exc:  # alembic raises several types for unknown or partial ids
        raise MigrationError(f"cannot downgrade to '{target}': {exc}") from None
    if target != "base" and revisions and revisions[-1].revision == target:
        revisions = revisions[:-1]  # the target itself stays
    steps = [
        (r.revision, " ".join((r.doc or "").strip().split("\n\n")[0].split())) for r in revisions
    ]
    tables: list[tuple[str, int]] = []
    if target == "base":
        with engine.connect() as connection:
            names = sorted(set(inspect(connection).get_table_names()) - {"alembic_version"})
            for name in names:
                quoted = connection.dialect.identifier_preparer.quote(name)
                rows = connection.exec_driver_sql(f"SELECT count(*) FROM {quoted}").scalar_one()
                tables.append((name, int(rows)))
    return DowngradePlan(steps=steps, dropped_tables=tables)


def _run(engine: Engine, step: Any, what: str) -> None:
    from alembic.util import CommandError

    try:
        with _migration_connection(engine) as connection:
            step(alembic_config(connection))
    except ProjemError:
        raise
    except CommandError as exc:  # e.g. a revision that does not exist: nothing was run
        raise MigrationError(f"cannot {what}: {exc}; nothing was changed") from None
    except SQLAlchemyError as exc:
        error = db_errors.translate(exc, engine.url)
        raise MigrationError(f"{what} failed and was rolled back: {error}") from exc


@contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction; on SQLite with foreign keys off while tables are rebuilt.

    Batch mode rebuilds a SQLite table by dropping it, and a DROP with foreign keys on would
    run every ON DELETE CASCADE of its children. Keys are checked before commit instead.
    """
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise MigrationError(
                            f"the migration left {len(broken)} rows with dangling references "
                            f"(first: {tuple(broken[0])}); it was rolled back"
                        )
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")


def model_differences(engine: Engine) -> list[Any]:
    """What Alembic's autogenerate finds between the models and the database (empty = same)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    import projem_workbench.db.models  # noqa: F401  (the complete metadata)
    from projem_workbench.db.base import Base

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        differences = list(compare_metadata(context, Base.metadata))
    if engine.dialect.name == "sqlite":
        differences = _without_unreflected_desc(differences)
    return differences


def _without_unreflected_desc(differences: list[Any]) -> list[Any]:
    """Drop the remove/add pair SQLite reports for every DESC index.

    SQLite's index reflection does not report sort order, so a ``created_at DESC`` index
    always looks different; PostgreSQL compares it properly.
    """

    def index_of(difference: Any) -> Any:
        is_index = isinstance(difference, tuple) and difference[0] in ("add_index", "remove_index")
        return difference[1] if is_index else None

    def is_desc(index: Any) -> bool:
        return any("DESC" in str(expression) for expression in index.expressions)

    added = {
        i.name
        for d in differences
        if (i := index_of(d)) is not None and d[0] == "add_index" and is_desc(i)
    }
    removed = {
        i.name for d in differences if (i := index_of(d)) is not None and d[0] == "remove_index"
    }
    noise = added & removed
    return [d for d in differences if (i := index_of(d)) is None or i.name not in noise]
