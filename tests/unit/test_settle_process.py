# SPDX-License-Identifier: LGPL-2.1-or-later
"""``settle_process``: every mapper configured and start-up's objects frozen out of the
garbage collector's view (bench/bench_audit.py shows what that is worth). Run in a child
process: freezing the test session's own objects would keep them for its whole run."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import gc, json
from sqlalchemy import inspect
from projem_workbench.cli.process import settle_process
settle_process()
from projem_workbench.db.base import Base
mappers = list(Base.registry.mappers)
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "mappers": len(mappers),
    "configured": all(m.configured for m in mappers),
}))
"""


def test_settle_process_configures_every_mapper_and_freezes_start_up() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=True
    )
    state = json.loads(done.stdout)
    assert state["mappers"] >= 15  # every model module was imported
    assert state["configured"]
    assert state["frozen"] > 50_000  # SQLAlchemy, pydantic and the models, at the least
