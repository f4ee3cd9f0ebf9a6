# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem audit verify | head``: check the tamper-evident trail, or note its head."""

from __future__ import annotations

import argparse
import re

from projem_workbench.audit.chain import head_hash
from projem_workbench.audit.verify import verify_and_record
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError

EXIT_BROKEN = 3


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
    verify.set_defaults(handler=verify_command)
    head = commands.add_parser("head", help="print the newest entry's hash, to keep out of band")
    head.set_defaults(handler=head_command)


def verify_command(args: argparse.Namespace, database: Database) -> int:
    if args.from_id is not None and args.from_id < 1:
        raise ValidationError("--from must be an entry id of 1 or more", field="from")
    result = verify_and_record(database, from_id=args.from_id, expect_head=args.expect_head)
    if result.ok:
        print(f"audit chain intact: {result.checked} entries verified, head {result.head}")
        return 0
    where = f"entry {result.broken_id}" if result.broken_id is not None else "the chain's end"
    print(
        f"audit chain BROKEN at {where}: {result.reason} — {result.detail} "
        f"({result.checked} entries verified before it; recorded as a security event)"
    )
    return EXIT_BROKEN


def head_command(args: argparse.Namespace, database: Database) -> int:
    with database.read_session() as session:
        print(head_hash(session))
    return 0
