# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem audit verify [--rows] | head``: check the tamper-evident trail (and that the tables
still hold what it recorded), or note its head."""

from __future__ import annotations

import argparse
import re

from projem_workbench.audit.chain import head_hash
from projem_workbench.audit.verify import verify_and_record
from projem_workbench.audit.verify_rows import RowsResult, verify_rows_and_record
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError

EXIT_BROKEN = 3
SHOWN_MISMATCHES = 50  # differences printed one per line; the count covers all


def _hash(value: str) -> str:
    if not re.fullmatch(r"[0-9a-fA-F]{64}", value):
        raise argparse.ArgumentTypeError("expected 64 hexadecimal characters")
    return value.lower()


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = subparsers.add_parser("audit", help="verify the audit trail or print its head hash")
    commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = commands.add_parser("verify", help="recompute every hash of the chain")
    verify.add_argument(
        "--from",
        dest="from_id",
        type=int,
        metavar="ID",
        help="start at entry ID (trusting the entries before it)",
    )
    verify.add_argument(
        "--expect-head",
        type=_hash,
        metavar="HASH",
        help="the head hash written down earlier: detects a truncated tail",
    )
    verify.add_argument(
        "--rows",
        action="store_true",
        help="also compare every audited row with its newest snapshot in the trail "
        "(finds changes made beside Projem, e.g. by SQL)",
    )
    verify.set_defaults(handler=verify_command)
    head = commands.add_parser("head", help="print the newest entry's hash, to keep out of band")
    head.set_defaults(handler=head_command)


def verify_command(args: argparse.Namespace, database: Database) -> int:
    if args.from_id is not None and args.from_id < 1:
        raise ValidationError("--from must be an entry id of 1 or more", field="from")
    result = verify_and_record(database, from_id=args.from_id, expect_head=args.expect_head)
    if not result.ok:
        where = f"entry {result.broken_id}" if result.broken_id is not None else "the chain's end"
        print(
            f"audit chain BROKEN at {where}: {result.reason} — {result.detail} "
            f"({result.checked} entries verified before it; {_recorded(result.recorded)})"
        )
        return EXIT_BROKEN  # rows are not compared with a trail that cannot be trusted
    print(f"audit chain intact: {result.checked} entries verified, head {result.head}")
    if not args.rows:
        return 0
    rows = verify_rows_and_record(database)
    _print_rows(rows)
    return 0 if rows.ok else EXIT_BROKEN


def _recorded(recorded: bool) -> str:
    if recorded:
        return "recorded as a security event"
    return "NOT recorded as a security event: the database is read-only"


def _print_rows(rows: RowsResult) -> None:
    if rows.ok:
        print(f"rows match the trail: {rows.checked} rows in {rows.tables} tables compared")
        return
    for mismatch in rows.mismatches[:SHOWN_MISMATCHES]:
        print(f"  {mismatch.describe()}")
    if rows.mismatch_count > SHOWN_MISMATCHES:
        print(f"  … and {rows.mismatch_count - SHOWN_MISMATCHES} more")
    print(
        f"rows DIFFER from the trail: {rows.mismatch_count} difference(s) in {rows.checked} "
        f"rows of {rows.tables} tables ({_recorded(rows.recorded)})"
    )


def head_command(args: argparse.Namespace, database: Database) -> int:
    with database.read_session() as session:
        print(head_hash(session))
    return 0
