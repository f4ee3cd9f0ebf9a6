# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem demo``: create the database, load the sample reference data, show what is there."""

from __future__ import annotations

import argparse

from projem_workbench.audit.verify import verify_and_record
from projem_workbench.db.session import Database
from projem_workbench.services import reference
from projem_workbench.services.overview import database_overview


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    demo = subparsers.add_parser("demo", help="load the starter catalogue, then show the database")
    demo.set_defaults(handler=demo_command)


def demo_command(args: argparse.Namespace, database: Database) -> int:
    report = reference.load_reference_data(database, reference.starter_catalog())
    overview = database_overview(database)
    print(f"Projem database: {overview.location} ({overview.backend})")
    print(f"Schema revision: {overview.schema_revision} ({overview.schema_status})")
    print(f"Reference data: {report.created} created, {report.unchanged} already there")
    for heading, names in (
        ("Machines", overview.machines),
        ("Materials", overview.materials),
        ("Tools", overview.tools),
    ):
        print(f"{heading} ({len(names)}):")
        for name in names:
            print(f"  - {name}")
    verification = verify_and_record(database)
    state = "intact" if verification.ok else f"BROKEN ({verification.reason})"
    print(f"Audit trail: {state}, {verification.checked} entries, head {verification.head}")
    print("Rows per table:")
    for table, count in overview.row_counts.items():
        print(f"  {table:<16} {count}")
    return 0 if verification.ok else 3
