# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem machines``: the shop's CNC machines."""

from __future__ import annotations

import argparse

from projem_workbench.cli.record_commands import add_record_commands
from projem_workbench.db.enums import MachineType
from projem_workbench.db.session import Database
from projem_workbench.services.machines import MACHINES, MachineRecord, search_machines

COLUMNS = ("id", "name", "machine_type", "controller", "post_processor", "max_spindle_rpm")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    machines = subparsers.add_parser("machines", help="CNC machines and their limits")
    group = machines.add_subparsers(dest="machines_command", metavar="COMMAND", required=True)
    add_record_commands(group, MACHINES, columns=COLUMNS, lister=_list, add_filters=_filters)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--search", metavar="TEXT", help="text in name, controller or notes")
    parser.add_argument("--type", dest="machine_type", choices=[t.value for t in MachineType])
    parser.add_argument("--controller", help="e.g. linuxcnc, grbl, fanuc")
    parser.add_argument("--active", action="store_true", help="only machines in service")


def _list(args: argparse.Namespace, database: Database) -> list[MachineRecord]:
    return search_machines(
        database,
        text=args.search,
        machine_type=args.machine_type,
        controller=args.controller,
        active_only=args.active,
        deleted=args.deleted,
    )
