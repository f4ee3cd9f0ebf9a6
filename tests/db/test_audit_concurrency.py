# SPDX-License-Identifier: LGPL-2.1-or-later
"""Many writers at once still make one chain: 8 processes × 250 audited changes."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import func, select

from projem_workbench.audit.verify import verify_chain
from projem_workbench.db.models import AuditLog, Tool
from projem_workbench.db.session import Database
from tests.db.audit_support import write_audited_changes

WRITERS = 8
CHANGES = 250


def test_concurrent_writers_make_one_chain(database: Database, db_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=write_audited_changes, args=(db_url, worker, CHANGES))
        for worker in range(WRITERS)
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=600)
    assert [p.exitcode for p in workers] == [0] * WRITERS

    with database.read_session() as session:
        entries = session.execute(select(func.count()).select_from(AuditLog)).scalar()
        parents = session.execute(
            select(func.count(func.distinct(AuditLog.prev_chain_hash)))
        ).scalar()
        tools = session.execute(select(func.count()).select_from(Tool)).scalar()
        result = verify_chain(session)
    assert entries == tools == WRITERS * CHANGES
    assert parents == entries  # no two entries share a parent: no fork
    assert result.ok, result
    assert result.checked == entries  # every entry is on the one chain: no gap
