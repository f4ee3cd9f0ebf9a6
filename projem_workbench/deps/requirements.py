# SPDX-License-Identifier: LGPL-2.1-or-later
"""The one list of the Python packages Projem needs, and the versions known to work.

Each entry names the module Projem imports, the distribution pip installs, the lowest version
Projem works with (per Python where a newer Python needs a newer release, because the older
ones have no wheels for it and would need a compiler), the first version it does not support,
and the Debian package that carries it (empty when Debian has none).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Requirement:
    module: str
    distribution: str
    minimum: str
    below: str = ""
    debian: str = ""
    # Newer Pythons need newer releases: {(3, 14): "2.12"} means at least 2.12 on 3.14 and on.
    minimum_from_python: dict[tuple[int, int], str] = field(default_factory=dict)
    optional: bool = False
    why: str = ""

    def lowest(self, python: tuple[int, int]) -> str:
        """The lowest version known to work on ``python``."""
        lowest = self.minimum
        for version, minimum in sorted(self.minimum_from_python.items()):
            if python >= version:
                lowest = minimum
        return lowest

    def specifier(self, python: tuple[int, int]) -> str:
        """What pip is asked for: ``SQLAlchemy>=2.0.41,<2.2``."""
        text = f"{self.distribution}>={self.lowest(python)}"
        return f"{text},<{self.below}" if self.below else text


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "sqlalchemy",
        "SQLAlchemy",
        "2.0.14",
        below="2.2",
        debian="python3-sqlalchemy",
        minimum_from_python={(3, 13): "2.0.31", (3, 14): "2.0.41"},
        why="the database layer",
    ),
    Requirement(
        "alembic", "alembic", "1.8", debian="python3-alembic", why="database schema upgrades"
    ),
    Requirement(
        "pydantic",
        "pydantic",
        "2.0",
        below="3",
        debian="python3-pydantic",
        minimum_from_python={(3, 13): "2.8", (3, 14): "2.12"},
        why="checking what is entered",
    ),
    Requirement(
        "platformdirs",
        "platformdirs",
        "2.6",
        debian="python3-platformdirs",
        why="the default data folder",
    ),
    Requirement("rfc8785", "rfc8785", "0.1.2", why="the audit trail's canonical JSON"),
    Requirement(
        "stdnum", "python-stdnum", "1.17", debian="python3-stdnum", why="tax number checks"
    ),
    # On FreeCAD's allow-list and shipped with every FreeCAD: checked, rarely installed.
    Requirement("numpy", "numpy", "1.24", debian="python3-numpy", why="the simulator"),
    Requirement("PIL", "Pillow", "9.4", debian="python3-pil", why="simulation images"),
    Requirement(
        "psycopg2",
        "psycopg2-binary",
        "2.9",
        debian="python3-psycopg2",
        optional=True,
        why="a shared PostgreSQL database",
    ),
)

REQUIRED = tuple(r for r in REQUIREMENTS if not r.optional)


def running_python() -> tuple[int, int]:
    return (sys.version_info.major, sys.version_info.minor)


def by_distribution(name: str) -> Requirement:
    """The requirement whose pip name is ``name`` (case and ``-``/``_`` do not matter)."""
    wanted = name.lower().replace("_", "-")
    for requirement in REQUIREMENTS:
        if requirement.distribution.lower() == wanted:
            return requirement
    raise KeyError(name)
