# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem model``: versioned FreeCAD documents in the library."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from projem_workbench.cli.output_files import refuse_to_replace
from projem_workbench.cli.store_option import add_store_option, workspace
from projem_workbench.db.session import Database
from projem_workbench.services import model_library


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("model", help="versioned FreeCAD documents")
    add_store_option(parser)
    group = parser.add_subparsers(dest="model_command", metavar="COMMAND", required=True)

    add = group.add_parser("add", help="save a .FCStd as the next version of model NAME")
    add.add_argument("file", type=Path)
    add.add_argument("--name", required=True)
    add.add_argument("--description")
    add.set_defaults(handler=_add)

    group.add_parser("list", help="the newest version of every model").set_defaults(handler=_list)

    show = group.add_parser("show", help="a model's versions, or one version's metadata")
    show.add_argument("name")
    show.add_argument("--version", type=int)
    show.set_defaults(handler=_show)

    get = group.add_parser("get", help="write a version's document to a file (verified)")
    get.add_argument("name")
    get.add_argument("--version", type=int, required=True)
    get.add_argument("-o", "--output", type=Path, required=True)
    get.add_argument(
        "--overwrite", action="store_true", help="replace the output file if it exists"
    )
    get.set_defaults(handler=_get)

    diff = group.add_parser("diff", help="what changed between two versions")
    diff.add_argument("name")
    diff.add_argument("a", type=int)
    diff.add_argument("b", type=int)
    diff.set_defaults(handler=_diff)

    for verb in ("delete", "restore"):
        command = group.add_parser(verb, help=f"{verb} one version (deleted ones stay for history)")
        command.add_argument("name")
        command.add_argument("--version", type=int, required=True)
        command.set_defaults(handler=_delete if verb == "delete" else _restore)


def _add(args: argparse.Namespace, database: Database) -> int:
    result = model_library.save_model_version(
        workspace(args, database),
        path=args.file,
        name=args.name,
        description=args.description,
    )
    print(result.message())
    note = result.version.doc_metadata.get("note")
    if note:
        print(f"note: {note}")
    return 0


def _list(args: argparse.Namespace, database: Database) -> int:
    models = model_library.list_models(database)
    for m in models:
        volume = (m.doc_metadata.get("geometry") or {}).get("volume_mm3")
        shown = f"{volume:.1f} mm³" if volume is not None else "not measured"
        print(f"{m.name:<30} v{m.version:<4} {m.size_bytes:>10} bytes  {shown}")
    print(f"({len(models)} models)")
    return 0


def _show(args: argparse.Namespace, database: Database) -> int:
    if args.version is None:
        for v in model_library.versions(database, args.name):
            state = " (deleted)" if v.is_deleted else ""
            print(f"v{v.version}  {v.created_at:%Y-%m-%d %H:%M}  {v.content_sha256[:12]}  "
                  f"{v.size_bytes} bytes{state}")  # fmt: skip
        return 0
    version = model_library.get_version(database, args.name, args.version)
    print(json.dumps(version.model_dump(mode="json"), indent=2, ensure_ascii=False))
    return 0


def _get(args: argparse.Namespace, database: Database) -> int:
    refuse_to_replace(args.output, overwrite=args.overwrite)
    found = model_library.export_version(
        workspace(args, database), args.name, args.version, args.output
    )
    print(f"wrote {found.name} version {found.version} to {args.output}")
    return 0


def _diff(args: argparse.Namespace, database: Database) -> int:
    print(json.dumps(model_library.diff_versions(database, args.name, args.a, args.b), indent=2))
    return 0


def _delete(args: argparse.Namespace, database: Database) -> int:
    v = model_library.delete_version(database, args.name, args.version)
    print(f"deleted {v.name} version {v.version}")
    return 0


def _restore(args: argparse.Namespace, database: Database) -> int:
    v = model_library.restore_version(database, args.name, args.version)
    print(f"restored {v.name} version {v.version}")
    return 0
