# SPDX-License-Identifier: LGPL-2.1-or-later
"""``audit verify --rows`` benchmark: prints figures, asserts nothing.

  .venv/bin/python bench/bench_audit_rows.py [--rows 10000] [--pg URL]

Adds ``--rows`` tools through the audited service (a third of them updated once more, so the
newest entry is not always the create), then times ``verify_rows`` (one query per table, one
for the newest entries) on SQLite and on PostgreSQL (a private cluster unless --pg names
one). Each timing is the best of three runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from projem_workbench.audit.verify_rows import verify_rows
from projem_workbench.cli.process import settle_process
from projem_workbench.db import migrate
from projem_workbench.db.engine import normalise_url
from projem_workbench.db.session import Database
from projem_workbench.services.tools import TOOLS
from tests.support.pgcluster import PostgresCluster


def fill(database: Database, count: int) -> None:
    for number in range(count):
        record = TOOLS.add(
            database,
            {
                "name": f"EM {number}",
                "tool_type": "flat_endmill",
                "tool_material": "carbide",
                "diameter_mm": 1 + number % 20,
                "params": {"holder": "ER16", "stick_out_mm": 20.5},
            },
        )
        if number % 3 == 0:
            TOOLS.update(database, record.id, {"quantity_on_hand": 5})


def timed(database: Database) -> tuple[float, int]:
    best, checked = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        with database.read_session() as session:
            result = verify_rows(session)
        best = min(best, time.perf_counter() - started)
        checked = result.checked
        assert result.ok, result.mismatches[:3]
    return best, checked


def run(label: str, url: str, count: int) -> None:
    database = Database(url)
    try:
        migrate.upgrade(database.engine, "head")
        started = time.perf_counter()
        fill(database, count)
        filled = time.perf_counter() - started
        seconds, checked = timed(database)
        print(
            f"{label}: {checked} rows compared in {seconds:.3f} s "
            f"({checked / seconds:,.0f} rows/s); filling took {filled:.1f} s"
        )
    finally:
        database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--pg", metavar="URL", help="a PostgreSQL server (default: a private one)")
    args = parser.parse_args()
    settle_process()
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{folder}/bench.sqlite3", args.rows)
    cluster = None
    url = args.pg
    if url is None:
        cluster = PostgresCluster()
        url = cluster.start()
    try:
        admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS projem_bench_rows"))
            connection.execute(text("CREATE DATABASE projem_bench_rows"))
        admin.dispose()
        run("PostgreSQL", url.rsplit("/", 1)[0] + "/projem_bench_rows", args.rows)
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
