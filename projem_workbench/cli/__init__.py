# SPDX-License-Identifier: LGPL-2.1-or-later
"""The ``projem`` command line (also ``python -m projem_workbench``).

Each module of this package that defines ``register(subparsers)`` adds one command group; its
handlers are ``handler(args, database) -> exit code``. Commands work on the migrated schema
(an out-of-date database is backed up and upgraded first) unless they set
``needs_schema=False``, as the ``db`` commands do.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import pkgutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from projem_workbench import __version__
from projem_workbench.freecad import runner

if TYPE_CHECKING:
    from projem_workbench.db.session import Database


def build_parser() -> argparse.ArgumentParser:
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
    for module in pkgutil.iter_modules(__path__):
        commands = importlib.import_module(f"{__name__}.{module.name}")
        register = getattr(commands, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def open_database(url: str | None, *, needs_schema: bool = True) -> Database:
    """The database for ``url``; brought to the current schema when ``needs_schema``."""
    from projem_workbench.db import migrate
    from projem_workbench.db.session import Database

    database = Database(url)
    if needs_schema:
        state = migrate.ensure_current(database.engine)
        if state.status is migrate.SchemaStatus.BEHIND:
            print(
                f"projem: upgraded {database.describe()} from schema {state.current} "
                f"to {state.head}",
                file=sys.stderr,
            )
    return database


def _freecad_actions(argv: Sequence[str]) -> tuple[str, ...]:
    """The FreeCAD work a command line will need (``cam run`` and ``cam plan``)."""
    words = [word for word in argv if not word.startswith("-")]
    for first, second in itertools.pairwise(words):
        if first == "cam" and second == "plan":
            return ("features",)
        if first == "cam" and second == "run":
            return ("run",) if "--spec" in argv else ("features", "run")
    return ()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    for action in _freecad_actions(arguments):
        # FreeCAD starts now and loads while the imports below and the database work run.
        runner.prestart(action)
    from sqlalchemy.exc import SQLAlchemyError

    from projem_workbench.db import errors as db_errors
    from projem_workbench.errors import ProjemError

    parser = build_parser()
    args = parser.parse_args(arguments)
    database: Database | None = None
    try:
        database = open_database(args.db, needs_schema=getattr(args, "needs_schema", True))
        return int(args.handler(args, database))
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
