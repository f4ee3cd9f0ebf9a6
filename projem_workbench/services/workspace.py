# SPDX-License-Identifier: LGPL-2.1-or-later
"""A shop's data as one object: its database and its artefact store.

Every service that reads or writes blobs (models, G-code, meshes, pictures) takes a
:class:`Workspace`, made once by its caller (a command, the workbench) and passed down a
whole run — plan, CAM, simulation — so no step looks the store up again on its own.

The store is ``$PROJEM_ARTEFACT_STORE``, else the FreeCAD preference ``ArtefactStore``, else
next to a SQLite file (``<name>.artefacts/``), else (PostgreSQL) ``artefacts/`` in the user data
folder — a team on PostgreSQL points the setting at shared storage.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from projem_workbench.db.engine import sqlite_path
from projem_workbench.db.session import Database
from projem_workbench.freecad_env import get_preference
from projem_workbench.store.blobs import BlobStore

STORE_ENV = "PROJEM_ARTEFACT_STORE"


def store_root(database: Database, override: str | Path | None = None) -> Path:
    """Where the artefact store of ``database`` is (``override`` first, see the module)."""
    configured = override or os.environ.get(STORE_ENV) or get_preference("ArtefactStore")
    if configured:
        return Path(configured).expanduser()
    path = sqlite_path(database.url) if database.backend == "sqlite" else None
    if path is not None:
        return path.with_name(f"{path.name}.artefacts")
    return Path(platformdirs.user_data_dir("Projem", appauthor=False)) / "artefacts"


@dataclass(frozen=True)
class Workspace:
    """The database and the artefact store its rows point into."""

    database: Database
    store: BlobStore

    @classmethod
    def open(cls, database: Database, store: str | Path | None = None) -> Workspace:
        """``database`` with its store: at ``store`` when given, else where :func:`store_root`
        says."""
        return cls(database, BlobStore(store_root(database, store)))
