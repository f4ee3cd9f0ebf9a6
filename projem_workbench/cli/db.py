# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem db upgrade | downgrade REV | current | check``: the schema, explicitly."""

from __future__ import annotations

import argparse

from projem_workbench.db import migrate
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    db = subparsers.add_parser("db", help="database schema: upgrade, downgrade, current, check")
    commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)

    upgrade = commands.add_parser("upgrade", help="upgrade the schema (default: to the newest)")
    upgrade.add_argument("revision", nargs="?", default="head")
    upgrade.set_defaults(handler=upgrade_command, needs_schema=False)

    downgrade = commands.add_parser(
        "downgrade",
        help="downgrade the schema to REV (or 'base': drops every table); says what it undoes "
        "and needs --yes",
    )
    downgrade.add_argument("revision")
    downgrade.add_argument(
        "--yes", action="store_true", help="do it: without --yes, only say what would be undone"
    )
    downgrade.set_defaults(handler=downgrade_command, needs_schema=False)

    current = commands.add_parser("current", help="show the database's schema revision")
    current.set_defaults(handler=current_command, needs_schema=False)

    check = commands.add_parser(
        "check", help="exit non-zero unless the database is at head and matches the models"
    )
    check.set_defaults(handler=check_command, needs_schema=False)


def upgrade_command(args: argparse.Namespace, database: Database) -> int:
    before = migrate.refuse_untouchable(database.engine)
    if args.revision == "head":
        migrate.ensure_current(database.engine)
    else:
        if before.status is migrate.SchemaStatus.BEHIND:
            migrate.backup_sqlite(database.engine)
        migrate.upgrade(database.engine, args.revision)
    after = migrate.schema_state(database.engine)
    print(f"{database.describe()}: schema {before.current or 'empty'} -> {after.current}")
    return 0


def downgrade_command(args: argparse.Namespace, database: Database) -> int:
    before = migrate.refuse_untouchable(database.engine)
    plan = migrate.downgrade_plan(database.engine, before.current, args.revision)
    for revision, description in plan.steps:
        print(f"undo {revision}: {description}")
    if plan.dropped_tables:
        rows = sum(count for _, count in plan.dropped_tables)
        listed = ", ".join(f"{name} ({count})" for name, count in plan.dropped_tables)
        print(f"drop {len(plan.dropped_tables)} tables and the {rows} rows in them: {listed}")
    if plan.steps and not args.yes:
        raise ValidationError(
            f"downgrading {database.describe()} to {args.revision} loses what the steps above "
            "hold; nothing was changed. Run it again with --yes to go ahead (a SQLite file is "
            "backed up first)",
            field="yes",
        )
    migrate.backup_sqlite(database.engine)
    migrate.downgrade(database.engine, args.revision)
    after = migrate.schema_state(database.engine)
    print(f"{database.describe()}: schema {before.current or 'empty'} -> {after.current or 'base'}")
    return 0


def current_command(args: argparse.Namespace, database: Database) -> int:
    state = migrate.schema_state(database.engine)
    labels = {
        migrate.SchemaStatus.EMPTY: "empty (no Projem schema yet)",
        migrate.SchemaStatus.CURRENT: f"{state.current} (head, up to date)",
        migrate.SchemaStatus.BEHIND: f"{state.current} (behind head {state.head})",
        migrate.SchemaStatus.AHEAD: f"{state.current} (unknown here: written by a newer Projem)",
        migrate.SchemaStatus.FOREIGN: "not a Projem database (tables without Projem history)",
    }
    print(f"{database.describe()}: {labels[state.status]}")
    return 0


def check_command(args: argparse.Namespace, database: Database) -> int:
    state = migrate.schema_state(database.engine)
    if state.status is not migrate.SchemaStatus.CURRENT:
        print(f"{database.describe()}: schema is {state.status.value}, not at head {state.head}")
        return 1
    differences = migrate.model_differences(database.engine)
    if differences:
        print(f"{database.describe()}: the models and the migrations differ:")
        for difference in differences:
            print(f"  {difference}")
        return 1
    print(f"{database.describe()}: at head {state.head}; models and migrations agree")
    return 0
