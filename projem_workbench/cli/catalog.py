# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem catalog``: the starter catalogue of machines, materials and tools."""

from __future__ import annotations

import argparse
from pathlib import Path

import pydantic

from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.services import reference
from projem_workbench.services.records import validation_error


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    catalog = subparsers.add_parser("catalog", help="the starter catalogue")
    group = catalog.add_subparsers(dest="catalog_command", metavar="COMMAND", required=True)
    load = group.add_parser(
        "load", help="add the catalogue's records whose names are new (safe to run again)"
    )
    load.add_argument("--file", type=Path, help="a catalogue of your own in the same format")
    load.set_defaults(handler=_load)
    show = group.add_parser("show", help="list what the catalogue holds, without loading it")
    show.add_argument("--file", type=Path, help="a catalogue of your own in the same format")
    show.set_defaults(handler=_show, needs_schema=False)


def _catalog(path: Path | None) -> reference.ReferenceData:
    if path is None:
        return reference.starter_catalog()
    if not path.is_file():
        raise ValidationError(f"{path}: no such file")
    try:
        return reference.ReferenceData.model_validate_json(path.read_bytes())
    except pydantic.ValidationError as exc:
        raise validation_error(exc, what=f"catalogue {path}") from exc


def _load(args: argparse.Namespace, database: Database) -> int:
    report = reference.load_reference_data(database, _catalog(args.file))
    print(f"catalogue: {report.created} created, {report.unchanged} already there")
    for note in report.notes:  # e.g. a tool number another tool holds, moved
        print(f"  note: {note}")
    return 0


def _show(args: argparse.Namespace, database: Database) -> int:
    catalog = _catalog(args.file)
    for heading, records in (
        ("Machines", catalog.machines),
        ("Materials", catalog.materials),
        ("Tools", catalog.tools),
    ):
        print(f"{heading} ({len(records)}):")
        for record in records:
            print(f"  - {record.name}")
    return 0
