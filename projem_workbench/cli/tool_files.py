# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem tools import|export``: FreeCAD ToolBit libraries, LinuxCNC tool tables, CSV, JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from projem_workbench.cli.record_commands import print_import_report
from projem_workbench.db.enums import ToolMaterial
from projem_workbench.db.session import Database
from projem_workbench.interchange.freecad_toolbits import FLAVOURS
from projem_workbench.services.tool_files import (
    ToolFileFormat,
    export_tool_file,
    import_tool_file,
)


def add_tool_file_commands(group: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    importing = group.add_parser(
        "import",
        help="create or update tools by name from a FreeCAD library (.fctl, .fctb or a Bit "
        "folder), a LinuxCNC tool table (.tbl), CSV or JSON; one transaction",
    )
    importing.add_argument("file", type=Path)
    importing.add_argument("--format", choices=[f.value for f in ToolFileFormat])
    importing.add_argument(
        "--default-tool-material",
        default=ToolMaterial.CARBIDE.value,
        choices=[m.value for m in ToolMaterial],
        help="for tools whose file does not say what they are made of (default: carbide)",
    )
    importing.add_argument(
        "--renumber",
        action="store_true",
        help="give a tool whose number another tool holds the next free number (reported) "
        "instead of refusing it",
    )
    importing.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid tools even when others are rejected (default: all or nothing)",
    )
    importing.set_defaults(handler=_import)

    exporting = group.add_parser(
        "export", help="write every live tool as a FreeCAD library, CSV, JSON or LinuxCNC table"
    )
    exporting.add_argument(
        "path",
        type=Path,
        help="the file to write; for FreeCAD a folder (gets Library/ and Bit/) or "
        "…/Library/NAME.fctl (bits go to the Bit folder beside Library)",
    )
    exporting.add_argument(
        "--format",
        choices=[f.value for f in ToolFileFormat],
        help="default: from the file name (.csv, .json, .tbl; .fctl or a folder for FreeCAD)",
    )
    exporting.add_argument(
        "--freecad-version",
        default="1.1",
        choices=FLAVOURS,
        help="FreeCAD version the library is for (0.20 also covers 0.21; default 1.1)",
    )
    exporting.add_argument("--library-name", default="Projem")
    exporting.set_defaults(handler=_export)


def _import(args: argparse.Namespace, database: Database) -> int:
    report = import_tool_file(
        database,
        args.file,
        fmt=args.format,
        default_tool_material=args.default_tool_material,
        skip_invalid=args.skip_invalid,
        renumber=args.renumber,
    )
    code = print_import_report(report, source=str(args.file))
    if any(outcome.number_taken for outcome in report.rejected):
        print("  (give --renumber to import them under the next free numbers)")
    return code


def _export(args: argparse.Namespace, database: Database) -> int:
    report = export_tool_file(
        database,
        args.path,
        fmt=args.format,
        flavour=args.freecad_version,
        library_name=args.library_name,
    )
    for note in report.notes:
        print(f"  note: {note}")
    print(f"wrote {report.count} tools to {report.path}")
    return 0
