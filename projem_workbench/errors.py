# SPDX-License-Identifier: LGPL-2.1-or-later
"""Domain errors: what went wrong, said so that a CAM engineer can act on it.

Everything Projem raises on purpose derives from :class:`ProjemError`; the command line and the
workbench show ``str(error)`` and nothing else (no traceback).
"""

from __future__ import annotations


class ProjemError(Exception):
    """Base of every error Projem reports to a user."""

    exit_code = 1


class ConfigurationError(ProjemError):
    """A setting (database URL, store folder, ...) is malformed."""


class DatabaseUnavailableError(ProjemError):
    """The database cannot be reached or opened (server down, bad credentials, no permission)."""


class DatabaseCorruptError(ProjemError):
    """The SQLite file is not a database, or is damaged."""


class DatabaseReadOnlyError(ProjemError):
    """The database refuses writes (read-only file or folder, read-only role)."""


class DatabaseTooNewError(ProjemError):
    """The database was written by a newer Projem; this version refuses to touch it."""


class DatabaseNotProjemError(ProjemError):
    """The database holds tables but none of Projem's migration history."""


class MigrationError(ProjemError):
    """A schema migration failed; the database was left as it was before it."""


class NotFoundError(ProjemError):
    """The record asked for does not exist (or is deleted)."""


class DuplicateError(ProjemError):
    """A record with the same unique value already exists."""


class ValidationError(ProjemError):
    """Input was refused; the message names the field and the rule.

    ``problems`` maps every refused field to its own message, so a form can show each one on
    its field; it holds at least ``field`` when a field is named.
    """

    def __init__(
        self, message: str, *, field: str | None = None, problems: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.problems = dict(problems or {})
        if field is not None and field not in self.problems:
            self.problems[field] = message


class IntegrityViolationError(ProjemError):
    """The database refused a change because it breaks one of its rules."""


class FreeCADUnavailableError(ProjemError):
    """The work needs FreeCAD, and none was found to run it."""


class CamError(ProjemError):
    """FreeCAD's CAM module could not make the toolpaths or the G-code; the message says what
    and where (which operation, which tool)."""
