# SPDX-License-Identifier: LGPL-2.1-or-later
"""A shop's database for the tests that machine parts: the migrated template, copied, with the
starter catalogue loaded."""

from __future__ import annotations

from pathlib import Path

from projem_workbench.db.session import Database
from projem_workbench.services import reference


def shop_database(template: Path, folder: Path) -> Database:
    """A shop's database in ``folder``: a copy of the migrated ``template`` (the
    ``sqlite_template`` fixture) with the starter catalogue loaded."""
    path = folder / "projem.sqlite3"
    path.write_bytes(template.read_bytes())
    database = Database(f"sqlite:///{path}")
    reference.load_reference_data(database, reference.starter_catalog())
    return database
