# SPDX-License-Identifier: LGPL-2.1-or-later
"""The workbench's database and artefact store: opened (and the database brought to the current
schema) on a worker thread; a change of either preference opens them again.

Commands ask :func:`workbench_database` for the shared :class:`DatabaseState`; it stays
*opening* for the moment migration takes, then *ready* (commands become active) or *failed*
(the reason is shown in a dialog, never as a traceback).
"""

from __future__ import annotations

import enum
import traceback
from typing import Any

from projem_workbench.gui import freecad_gui, worker
from projem_workbench.gui.dependencies import failed_import, install_instructions
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.qt import QtCore, Signal


class Status(enum.Enum):
    CLOSED = "closed"
    OPENING = "opening"
    READY = "ready"
    FAILED = "failed"


def open_and_migrate(url: str | None = None) -> Any:
    """Open the configured database, upgrade it like ``projem db upgrade``, and pair it with
    the configured artefact store: the workspace every panel works on (worker thread)."""
    from projem_workbench.db import migrate
    from projem_workbench.db.session import Database
    from projem_workbench.services.workspace import Workspace

    database = Database(url)
    try:
        migrate.ensure_current(database.engine)
    except BaseException:
        database.dispose()
        raise
    return Workspace.open(database)


def describe_failure(exc: BaseException) -> str:
    """A message a CAM engineer can act on, for any exception the opening raised."""
    from_package = failed_import(exc)
    if from_package is not None:
        return install_instructions([from_package])
    if type(exc).__module__.startswith("projem_workbench"):  # a ProjemError says it all
        return translate("Projem", "Projem cannot use its database:\n\n{reason}").format(
            reason=str(exc)
        )
    freecad_gui.log_error("".join(traceback.format_exception(exc)))
    return translate(
        "Projem",
        "Projem could not open its database because of an unexpected error:\n\n{reason}\n\n"
        "The details are in FreeCAD's report view.",
    ).format(reason=f"{type(exc).__name__}: {exc}")


class DatabaseState(QtCore.QObject):
    """One database for the whole workbench; ``changed`` fires on every status change."""

    changed = Signal()
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.status = Status.CLOSED
        self.workspace: Any = None
        self.error = ""

    @property
    def database(self) -> Any:
        return self.workspace.database if self.workspace is not None else None

    @property
    def ready(self) -> bool:
        return self.status is Status.READY

    def open(self, url: str | None = None) -> None:
        """Start opening (no-op while opening or open); returns at once."""
        if self.status in (Status.OPENING, Status.READY):
            return
        self.status = Status.OPENING
        self.changed.emit()
        worker.run_in_thread(lambda: open_and_migrate(url), self._opened, self._failed)

    def _opened(self, workspace: Any) -> None:
        self.workspace = workspace
        self.status = Status.READY
        self.error = ""
        freecad_gui.log(
            f"Projem: database {workspace.database.describe()} ready, "
            f"artefact store {workspace.store.root}"
        )
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status = Status.FAILED
        self.error = describe_failure(exc)
        freecad_gui.log_error(f"Projem: {self.error}")
        self.changed.emit()
        self.failed.emit(self.error)

    def close(self) -> None:
        """Forget the database (e.g. after its URL changed); the next open() reconnects."""
        if self.workspace is not None:
            self.workspace.database.dispose()
        self.workspace = None
        self.status = Status.CLOSED
        self.changed.emit()


_state: DatabaseState | None = None


def workbench_database() -> DatabaseState:
    global _state
    if _state is None:
        _state = DatabaseState()
    return _state
