# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem materials``: workpiece materials and their cutting data."""

from __future__ import annotations

import argparse

from projem_workbench.cli.record_commands import add_record_commands
from projem_workbench.db.enums import MaterialCategory
from projem_workbench.db.session import Database
from projem_workbench.services.materials import MATERIALS, MaterialRecord, search_materials

COLUMNS = ("id", "name", "category", "iso_group", "hardness", "machinability")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    materials = subparsers.add_parser("materials", help="workpiece materials and cutting data")
    group = materials.add_subparsers(dest="materials_command", metavar="COMMAND", required=True)
    add_record_commands(group, MATERIALS, columns=COLUMNS, lister=_list, add_filters=_filters)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--search", metavar="TEXT", help="text in name, hardness or notes")
    parser.add_argument("--category", choices=[c.value for c in MaterialCategory])
    parser.add_argument("--iso-group", choices=list("PMKNSH"))


def _list(args: argparse.Namespace, database: Database) -> list[MaterialRecord]:
    return search_materials(
        database,
        text=args.search,
        category=args.category,
        iso_group=args.iso_group,
        deleted=args.deleted,
    )
