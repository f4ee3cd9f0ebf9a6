# SPDX-License-Identifier: LGPL-2.1-or-later
"""The ``projem`` command line (also ``python -m projem_workbench``).

Each module of this package that defines ``register(subparsers)`` adds the command group named
as the module; its handlers are ``handler(args, database) -> exit code``. Only the module of
the command being run is imported (a command line starts faster without every other
command's services); help without a command imports them all. Commands work on the migrated schema
(an out-of-date database is backed up and upgraded first) unless they set
``needs_schema=False``, as the ``db`` commands do.

A SQLite file is created only by the commands in :data:`CREATING_ACTIONS`; a file this process
may not write is opened read-only, so the commands that read still work on it (see
:func:`open_database`).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import itertools
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from projem_workbench import __version__
from projem_workbench.freecad import runner

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from projem_workbench.db.session import Database

# The last command words of the commands that may start a new SQLite file: those that put
# something new into it. Any other command on a file that is not there is an error naming it,
# so a mistyped --db is not answered by a new, empty database ("(0 found)").
CREATING_ACTIONS = frozenset({"add", "import", "load", "demo", "upgrade"})
# Commands that change the schema: refused up front on a file this process cannot write.
SCHEMA_ACTIONS = frozenset({"upgrade", "downgrade"})
EXIT_BROKEN_PIPE = 141  # what a shell reports for a command killed by SIGPIPE (128 + 13)


def command_modules() -> list[str]:
    """The modules of this package (those with ``register`` add the command of their name).
    Listed from the folder: ``pkgutil`` would cost more to import than the listing takes."""
    return sorted(path.stem for path in Path(__file__).parent.glob("[!_]*.py"))


def _command_word(argv: Sequence[str]) -> str | None:
    """The command of a command line: its first word that is not an option or an option's
    value (``--db`` is the only top-level option taking one)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser, with only the command ``argv`` names when it names one."""
    parser = argparse.ArgumentParser(
        prog="projem",
        description="Projem: models, tools, CAM runs and a verifiable audit trail for CNC shops.",
    )
    parser.add_argument("--version", action="version", version=f"projem {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL or SQLite file path (default: $PROJEM_DATABASE_URL, the FreeCAD "
        "preference, then projem.sqlite3 in the user data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    names = command_modules()
    named = _command_word(argv)
    chosen = [_commands(named)] if named in names else []
    if not any(hasattr(module, "register") for module in chosen):  # no command named: all
        chosen = [_commands(name) for name in names]
    for commands in chosen:
        register = getattr(commands, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def _commands(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


def command_words(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[str, ...]:
    """The command a parsed command line runs, as its words: ``("tools", "list")``."""
    words: list[str] = []
    current = parser
    while True:
        subparsers = next(
            (a for a in current._actions if isinstance(a, argparse._SubParsersAction)), None
        )
        word = getattr(args, subparsers.dest, None) if subparsers is not None else None
        if subparsers is None or word is None:
            return tuple(words)
        words.append(word)
        current = subparsers.choices[word]


def open_database(
    url: str | None, *, needs_schema: bool = True, words: Sequence[str] = ()
) -> Database:
    """The database for ``url``; brought to the current schema when ``needs_schema``.

    For a SQLite file, what the command ``words`` may do with it: a missing folder is an
    error for every command; a missing file is created only by :data:`CREATING_ACTIONS` (any
    other command fails naming it, when it first reads); a file this process cannot write is
    opened read-only and never upgraded (an out-of-date one is an error saying so).
    """
    from projem_workbench.cli.process import settle_process
    from projem_workbench.db import migrate
    from projem_workbench.db.engine import resolve_database_url
    from projem_workbench.db.session import Database

    resolved = resolve_database_url(url)
    read_only = _opened_read_only(resolved, words[-1] if words else None)
    database = Database(resolved, read_only=read_only)
    settle_process()
    gc.enable()
    if needs_schema and read_only:
        _check_read_only_schema(database)
    elif needs_schema:
        state = migrate.ensure_current(database.engine)
        if state.status is migrate.SchemaStatus.BEHIND:
            print(
                f"projem: upgraded {database.describe()} from schema {state.current} "
                f"to {state.head}",
                file=sys.stderr,
            )
    return database


def _opened_read_only(url: URL, action: str | None) -> bool:
    """Whether the command ``action`` opens the SQLite file of ``url`` read-only; an error
    when it may not use the file at all (see :func:`open_database`)."""
    from projem_workbench.db.engine import SqliteAccess, sqlite_access, sqlite_path
    from projem_workbench.errors import DatabaseReadOnlyError, DatabaseUnavailableError

    path = sqlite_path(url)
    if path is None:
        return False  # PostgreSQL: what the role may do is the server's business
    access = sqlite_access(path)
    if access is SqliteAccess.NO_FOLDER:
        raise DatabaseUnavailableError(
            f"cannot use the database file {path}: the folder {path.parent} does not exist"
        )
    if path.is_dir():
        raise DatabaseUnavailableError(f"{path} is a folder, not a database file")
    if access is SqliteAccess.READ_ONLY and action in SCHEMA_ACTIONS:
        raise DatabaseReadOnlyError(
            f"the database {path} is read-only (the file or its folder cannot be written): "
            "its schema cannot be changed. Nothing was changed."
        )
    if access is SqliteAccess.NO_FILE:
        # Opened read-only, the first read fails naming the missing file.
        return action not in CREATING_ACTIONS
    return access is SqliteAccess.READ_ONLY


def _check_read_only_schema(database: Database) -> None:
    """A database opened read-only is used as it is: refused unless at the current schema."""
    from projem_workbench.db import migrate
    from projem_workbench.errors import DatabaseReadOnlyError

    state = migrate.refuse_untouchable(database.engine)
    if state.status is migrate.SchemaStatus.CURRENT:
        return
    held = f"schema {state.current}" if state.current else "no Projem schema"
    raise DatabaseReadOnlyError(
        f"the database {database.describe()} holds {held}, this Projem needs {state.head}, "
        "and it is read-only (the file or its folder cannot be written), so it cannot be "
        "upgraded: run 'projem db upgrade' on it with write access, or use a copy"
    )


def _freecad_actions(argv: Sequence[str]) -> tuple[str, ...]:
    """The FreeCAD work a command line will need: a plan reads the part's faces then has
    FreeCAD check it, a run without a spec plans first, and storing a model measures it."""
    words = [word for word in argv if not word.startswith("-")]
    for first, second in itertools.pairwise(words):
        if first == "cam" and second == "plan":
            return ("features", "check")
        if first == "cam" and second == "run":
            return ("run",) if "--spec" in argv else ("features", "check", "run")
        if first == "model" and second == "add":
            return ("measure",)
    return ()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    # Start-up allocates much and frees little, so the collector would only cost time (about
    # 50 ms of a command's imports); open_database turns it back on once start-up is settled.
    gc.disable()
    for action in _freecad_actions(arguments):
        # FreeCAD starts now and loads while the imports below and the database work run.
        runner.prestart(action)
    from sqlalchemy.exc import SQLAlchemyError

    from projem_workbench.db import errors as db_errors
    from projem_workbench.errors import ProjemError

    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    database: Database | None = None
    try:
        database = open_database(
            args.db,
            needs_schema=getattr(args, "needs_schema", True),
            words=command_words(parser, args),
        )
        code = int(args.handler(args, database))
        sys.stdout.flush()  # a closed pipe is met here, not in Python's flush at exit
        return code
    except BrokenPipeError:
        # The reader went away (``projem tools list | head -1``): stop quietly, as a command
        # killed by SIGPIPE would. Python's own flush at exit would meet the closed pipe again,
        # so stdout is pointed at /dev/null first (the recipe of Python's signal docs).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except ProjemError as exc:
        print(f"projem: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except SQLAlchemyError as exc:
        url = database.url if database is not None else None
        print(f"projem: error: {db_errors.translate(exc, url)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("projem: interrupted", file=sys.stderr)
        return 130
    finally:
        if database is not None:
            database.dispose()


def run() -> None:
    """The ``projem`` executable (and ``python -m projem_workbench``): :func:`main`, then exit.

    Everything the command made is finished with by then. Python's last garbage collection
    would still walk every object SQLAlchemy, pydantic and the models built (about 0.1 s of
    a CAM run's wall time); frozen objects are skipped by it. Nothing of Projem's relies on
    that collection: files, connections and temporary folders are closed explicitly.
    """
    code = main()
    gc.freeze()
    sys.exit(code)
