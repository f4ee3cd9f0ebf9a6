# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem artefacts gc|fsck``: keep the blob store consistent with the database."""

from __future__ import annotations

import argparse
import datetime as dt
import math

from projem_workbench.cli.store_option import add_store_option, workspace
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.services import artefacts


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    group_parser = subparsers.add_parser("artefacts", help="the store of files Projem keeps")
    add_store_option(group_parser)
    group = group_parser.add_subparsers(dest="artefacts_command", metavar="COMMAND", required=True)
    fsck = group.add_parser(
        "fsck", help="report missing, corrupt and orphaned blobs, and unfinished writes"
    )
    fsck.set_defaults(handler=_fsck)
    gc = group.add_parser(
        "gc",
        help="remove blobs nothing refers to, after a grace period, and the files of writes "
        f"abandoned for {_hours(artefacts.INCOMING_ABANDONED_AFTER)} hour(s)",
    )
    gc.add_argument(
        "--grace-hours",
        type=float,
        default=artefacts.DEFAULT_GC_GRACE.total_seconds() / 3600,
        help="keep unreferenced blobs younger than this (default 24: a save in progress "
        "writes its blob before its rows commit)",
    )
    gc.add_argument("--dry-run", action="store_true", help="say what would go, remove nothing")
    gc.set_defaults(handler=_gc)


# Longer than any blob could be kept waiting for its rows: a larger value is a typing error.
MAX_GRACE_HOURS = 10 * 365 * 24


def _fsck(args: argparse.Namespace, database: Database) -> int:
    opened = workspace(args, database)
    store = opened.store
    report = artefacts.fsck(opened)
    for label, shas in (
        ("missing", report.missing),
        ("corrupt", report.corrupt),
        ("orphaned", report.orphaned),
    ):
        for sha256 in shas:
            print(f"  {label:<9} {sha256}")
    for item in report.incoming:
        state = "abandoned" if item.abandoned else "maybe in progress"
        print(
            f"  incoming  {item.name}  {item.size_bytes} bytes, last written "
            f"{_age(item.age_s)} ago ({state})"
        )
    print(
        f"{store.root}: {report.checked} blobs checked, {len(report.missing)} missing, "
        f"{len(report.corrupt)} corrupt, {len(report.orphaned)} orphaned, "
        f"{len(report.incoming)} unfinished write(s) holding {report.incoming_bytes} bytes"
    )
    if not report.audited:
        print("(not recorded in the audit trail: the database is read-only)")
    return 0 if report.ok else 4


def _gc(args: argparse.Namespace, database: Database) -> int:
    if not (math.isfinite(args.grace_hours) and 0 <= args.grace_hours <= MAX_GRACE_HOURS):
        raise ValidationError(
            f"--grace-hours must be 0 to {MAX_GRACE_HOURS} hours, got {args.grace_hours}",
            field="grace_hours",
        )
    opened = workspace(args, database)
    store = opened.store
    report = artefacts.gc(opened, grace=dt.timedelta(hours=args.grace_hours), dry_run=args.dry_run)
    verb = "would remove" if args.dry_run else "removed"
    print(
        f"{store.root}: {verb} {len(report.removed)} unreferenced blob(s), "
        f"{report.freed_bytes} bytes; kept {len(report.kept_young)} younger than the grace period"
    )
    print(
        f"{store.root}: {verb} {len(report.removed_incoming)} abandoned unfinished write(s), "
        f"{report.incoming_bytes} bytes; kept {len(report.kept_incoming)} written to in the "
        f"last {_hours(artefacts.INCOMING_ABANDONED_AFTER)} hour(s)"
    )
    return 0


def _hours(span: dt.timedelta) -> str:
    return f"{span.total_seconds() / 3600:g}"


def _age(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
