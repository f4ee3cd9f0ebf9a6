# SPDX-License-Identifier: LGPL-2.1-or-later
"""The commands machines, materials and tools share: list, show, add, update, delete, restore,
and JSON import/export.

``add`` and ``update`` take one option per field of the record's input schema
(``--diameter-mm 6``), so the command line accepts exactly what the service validates.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.interchange import read_json_records, write_text_atomically
from projem_workbench.services.records import ImportReport, RecordService

Lister = Callable[[argparse.Namespace, Database], Sequence[BaseModel]]


def add_record_commands(
    group: argparse._SubParsersAction,  # type: ignore[type-arg]
    service: RecordService[Any, Any],
    *,
    columns: Sequence[str],
    lister: Lister,
    add_filters: Callable[[argparse.ArgumentParser], None],
    json_files: bool = True,
) -> None:
    """Add the shared sub-commands for ``service`` to a command group."""
    label = service.label
    listing = group.add_parser("list", help=f"list {label}s (filters combine)")
    add_filters(listing)
    listing.add_argument("--deleted", action="store_true", help=f"list deleted {label}s")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=lambda args, db: _print_list(lister(args, db), columns, args))

    show = group.add_parser("show", help=f"show every field of one {label}")
    show.add_argument("ref", metavar="NAME", help=f"{label} name or id")
    show.add_argument("--deleted", action="store_true", help=f"look among deleted {label}s")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(
        handler=lambda args, db: _print_record(
            service.get(db, args.ref, deleted=args.deleted), args
        )
    )

    add = group.add_parser("add", help=f"add a {label}")
    _field_options(add, service.schema)
    add.set_defaults(handler=lambda args, db: _print_record(service.add(db, _fields(args)), args))

    update = group.add_parser("update", help=f"change fields of a {label}")
    update.add_argument("ref", metavar="NAME", help=f"{label} name or id")
    _field_options(update, service.schema)
    update.set_defaults(
        handler=lambda args, db: _print_record(service.update(db, args.ref, _fields(args)), args)
    )

    for verb, action in (("delete", service.delete), ("restore", service.restore)):
        command = group.add_parser(
            verb, help=f"{verb} a {label} (deleted records stay for history)"
        )
        command.add_argument("ref", metavar="NAME", help=f"{label} name or id")
        command.set_defaults(handler=_status_handler(action, verb))

    if json_files:
        add_json_file_commands(group, service)


def add_json_file_commands(
    group: argparse._SubParsersAction,  # type: ignore[type-arg]
    service: RecordService[Any, Any],
) -> None:
    """``import FILE.json`` and ``export FILE.json`` for one kind of record."""
    plural = f"{service.label}s"
    importing = group.add_parser(
        "import", help=f"create or update {plural} by name from a JSON file (one transaction)"
    )
    importing.add_argument(
        "file", type=Path, help=f"a JSON list of {plural}, or {{{plural!r}: [...]}}"
    )
    importing.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid records even when others are rejected (default: all or nothing)",
    )
    importing.set_defaults(handler=lambda args, db: _import_json(service, args, db))

    exporting = group.add_parser("export", help=f"write every live {service.label} to JSON")
    exporting.add_argument("file", type=Path, help="the JSON file to write")
    exporting.set_defaults(handler=lambda args, db: _export_json(service, args, db))


def print_import_report(report: ImportReport, *, source: str) -> int:
    """Print what an import did; exit code 1 when anything was rejected."""
    for heading, outcomes in (
        ("created", report.created),
        ("updated", report.updated),
        ("rejected", report.rejected),
    ):
        for outcome in outcomes:
            reason = f": {outcome.reason}" if outcome.reason else ""
            print(f"  {heading:<9} {outcome.name}{reason}")
    for note in report.notes:
        print(f"  note      {note}")
    state = "" if report.written else " — nothing was written"
    print(f"{source}: {report.summary()}{state}")
    return 1 if report.rejected else 0


# Shorter spellings a field's option also answers to.
OPTION_ALIASES = {"tool_number": ("--number",)}
FIELD_HELP = {
    "tool_number": "the tool's T number, kept for life (default on add: the lowest free one)",
    "params": "JSON object; on update its keys replace the stored ones, a key set to null "
    "is removed, the others are kept",
}


def _field_options(parser: argparse.ArgumentParser, schema: type[BaseModel]) -> None:
    fields = parser.add_argument_group("fields (validated as the service does)")
    for name, info in schema.model_fields.items():
        wants_json = info.annotation is not None and "dict" in str(info.annotation)
        fields.add_argument(
            f"--{name.replace('_', '-')}",
            *OPTION_ALIASES.get(name, ()),
            dest=f"field_{name}",
            metavar="JSON" if wants_json else "VALUE",
            type=_json_object if wants_json else str,
            help=FIELD_HELP.get(name, info.description),
        )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _json_object(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise argparse.ArgumentTypeError(f"not valid JSON: {exc}") from None


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    values = {
        key.removeprefix("field_"): value
        for key, value in vars(args).items()
        if key.startswith("field_") and value is not None
    }
    if not values:
        raise ValidationError("give at least one field, e.g. --name")
    return values


def _print_list(records: Sequence[BaseModel], columns: Sequence[str], args: Any) -> int:
    if args.json:
        print(json.dumps([record.model_dump(mode="json") for record in records], indent=2))
        return 0
    rows = [[_cell(getattr(record, column)) for column in columns] for record in records]
    widths = [
        max([len(column), *(len(row[i]) for row in rows)]) for i, column in enumerate(columns)
    ]
    print("  ".join(column.ljust(width) for column, width in zip(columns, widths, strict=True)))
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"({len(rows)} found)")
    return 0


def _print_record(record: BaseModel, args: argparse.Namespace) -> int:
    data = record.model_dump(mode="json")
    if getattr(args, "json", False):
        print(json.dumps(data, indent=2))
        return 0
    params = data.get("params")
    assumed = params.get("assumed") if isinstance(params, dict) else None
    width = max(len(key) for key in data)
    for key, value in data.items():
        shown = json.dumps(value) if isinstance(value, dict | list) else value
        guessed = "  (assumed: the file it came from did not say)" if key in (assumed or ()) else ""
        print(f"{key:<{width}}  {'' if shown is None else shown}{guessed}")
    return 0


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def _status_handler(action: Callable[..., BaseModel], verb: str) -> Callable[..., int]:
    def handler(args: argparse.Namespace, database: Database) -> int:
        record: Any = action(database, args.ref)
        number = getattr(record, "tool_number", None)
        shown = f", T{number}" if number is not None and verb == "restore" else ""
        print(f"{verb}d {record.name} (id {record.id}{shown})")
        return 0

    return handler


def _import_json(
    service: RecordService[Any, Any], args: argparse.Namespace, database: Database
) -> int:
    items = read_json_records(args.file, key=f"{service.label}s")
    report = service.import_items(
        database, items, source=args.file.name, skip_invalid=args.skip_invalid
    )
    return print_import_report(report, source=str(args.file))


def _export_json(
    service: RecordService[Any, Any], args: argparse.Namespace, database: Database
) -> int:
    fields = list(service.schema.model_fields)
    records = [
        record.model_dump(mode="json", include=set(fields)) for record in service.list(database)
    ]
    write_text_atomically(args.file, json.dumps({f"{service.label}s": records}, indent=2) + "\n")
    print(f"wrote {len(records)} {service.label}s to {args.file}")
    return 0
