# SPDX-License-Identifier: LGPL-2.1-or-later
"""How a ``projem`` command's process is set up before its work: a process policy, so it is the
command line's (and the benchmarks' writers'), not the database layer's."""

from __future__ import annotations

import gc

from sqlalchemy.orm import configure_mappers


def settle_process() -> None:
    """Call once in a process that goes on to write to the database (a ``projem`` command, a
    writer): maps the models now and moves everything start-up made out of the garbage
    collector's view.

    Each unit of work allocates enough for Python's collector to run often, and its full
    collections walked the hundreds of thousands of objects SQLAlchemy, pydantic and the
    models leave behind: 8 audited writers on PostgreSQL went from about 620 to 820 changes/s
    (bench/bench_audit.py). Not for FreeCAD's GUI, whose documents come and go: a frozen
    object is never collected, even once it is garbage.
    """
    import projem_workbench.db.models  # noqa: F401  (every model, so every mapper is there)

    configure_mappers()
    gc.freeze()
