# SPDX-License-Identifier: LGPL-2.1-or-later
"""The ``--store`` option of the commands that read or write blobs, and the workspace it opens."""

from __future__ import annotations

import argparse

from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.services.workspace import Workspace


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", metavar="DIR", help="the artefact store (default: see docs)")


def workspace(args: argparse.Namespace, database: Database) -> Workspace:
    """The command's database with the store ``--store`` names (else the configured one)."""
    opened = Workspace.open(database, args.store)
    root = opened.store.root
    if root.exists() and not root.is_dir():
        raise ValidationError(f"the artefact store {root} is not a folder", field="store")
    return opened
