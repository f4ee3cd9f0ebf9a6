# SPDX-License-Identifier: LGPL-2.1-or-later
"""Audit-chain benchmark: prints figures, asserts nothing (targets are in the issue, not here).

  .venv/bin/python bench/bench_audit.py [--entries 1000000] [--pg URL]

1. Append cost: N audited inserts (change + chained entry) against the same N inserts of the
   change alone, on SQLite, in one run: the ratio is the chain's overhead.
2. Verification rate over ``--entries`` chained entries on SQLite, with peak Python memory at
   a tenth and at all of them (flat memory means streaming works).
3. Total rate of 8 concurrent writer processes on PostgreSQL (a private durable cluster on
   loopback unless --pg names one).
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, insert, text

from projem_workbench.audit.chain import GENESIS, HASHED_COLUMNS, chain_hash
from projem_workbench.audit.verify import verify_chain
from projem_workbench.db import migrate
from projem_workbench.db.base import utcnow
from projem_workbench.db.engine import normalise_url
from projem_workbench.db.models import AuditLog, Tool
from projem_workbench.db.session import Database
from tests.db.audit_support import write_audited_changes
from tests.support.pgcluster import PostgresCluster


def fresh_sqlite(folder: Path, name: str) -> Database:
    database = Database(f"sqlite:///{folder / name}")
    migrate.upgrade(database.engine, "head")
    return database


def tool_values(n: int) -> dict[str, object]:
    return {
        "name": f"bench tool {n}",
        "tool_type": "flat_endmill",
        "tool_material": "carbide",
        "diameter_mm": 6,
        "flutes": 3,
    }


def append_overhead(folder: Path, count: int) -> None:
    from projem_workbench.services import audited

    plain = fresh_sqlite(folder, "plain.sqlite3")
    start = time.perf_counter()
    for n in range(count):
        with plain.unit_of_work() as session:
            session.add(Tool(**tool_values(n)))
    plain_s = time.perf_counter() - start

    chained = fresh_sqlite(folder, "chained.sqlite3")
    start = time.perf_counter()
    for n in range(count):
        with chained.unit_of_work() as session:
            audited.create(session, Tool(**tool_values(n)))
    chained_s = time.perf_counter() - start
    print(f"append, SQLite, {count} changes, one transaction each:")
    print(f"  plain inserts     {count / plain_s:9.0f} changes/s")
    print(f"  with audit chain  {count / chained_s:9.0f} changes/s")
    print(f"  chain overhead    {100 * (chained_s / plain_s - 1):9.1f} % of plain insert time")


def fill_chain(database: Database, count: int) -> None:
    """Append ``count`` valid entries quickly (bulk inserts, hashes computed as usual)."""
    prev = GENESIS
    batch: list[dict[str, object]] = []
    table = AuditLog.__table__
    with database.engine.begin() as conn:
        for n in range(count):
            entry = {
                "user_id": None,
                "session_id": None,
                "action": "update",
                "entity_type": "tools",
                "entity_id": str(n % 500),
                "before": {"quantity_on_hand": n},
                "after": {"quantity_on_hand": n + 1},
                "ip_address": None,
                "user_agent": "bench",
                "created_at": utcnow(),
                "prev_chain_hash": prev,
            }
            entry["chain_hash"] = prev = chain_hash(prev, {c: entry[c] for c in HASHED_COLUMNS})
            batch.append(entry)
            if len(batch) == 10_000:
                conn.execute(insert(table), batch)
                batch = []
        if batch:
            conn.execute(insert(table), batch)


def _verify_in_child(url: str, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Verify in a fresh process, so its peak resident memory is the verifier's alone."""
    database = Database(url)
    start = time.perf_counter()
    with database.read_session() as session:
        result = verify_chain(session)
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.put((result.checked, seconds, peak_mib, result.ok))


def verification_rate(folder: Path, count: int) -> None:
    """Verify chains of a tenth and all of ``count`` entries: rate and peak memory of each."""
    print("verify, SQLite (each in a fresh process):")
    context = multiprocessing.get_context("spawn")
    for size in (count // 10, count):
        database = fresh_sqlite(folder, f"verify-{size}.sqlite3")
        fill_chain(database, size)
        database.dispose()
        results = context.Queue()
        child = context.Process(target=_verify_in_child, args=(str(database.url), results))
        child.start()
        checked, seconds, peak_mib, ok = results.get()
        child.join()
        print(
            f"  {checked:8d} entries: {checked / seconds:9.0f} entries/s, "
            f"peak RSS {peak_mib:6.1f} MiB, intact={ok}"
        )


def _writer(url, worker, changes, ready, go):  # type: ignore[no-untyped-def]
    Database(url).dispose()  # connect once so start-up cost is outside the timed part
    ready.wait()
    go.wait()
    write_audited_changes(url, worker, changes)


def concurrent_postgresql(url: str | None, writers: int, changes: int) -> None:
    cluster = None
    if url is None:
        cluster = PostgresCluster(durable=True)
        url = cluster.start()
    try:
        admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS projem_bench"))
            conn.execute(text("CREATE DATABASE projem_bench"))
        admin.dispose()
        bench_url = url.rsplit("/", 1)[0] + "/projem_bench"
        database = Database(bench_url)
        migrate.upgrade(database.engine, "head")
        database.dispose()
        context = multiprocessing.get_context("spawn")
        ready, go = context.Barrier(writers + 1), context.Event()
        processes = [
            context.Process(target=_writer, args=(bench_url, w, changes, ready, go))
            for w in range(writers)
        ]
        for process in processes:
            process.start()
        ready.wait()  # every writer has imported everything and connected: time the writes only
        start = time.perf_counter()
        go.set()
        for process in processes:
            process.join()
        seconds = time.perf_counter() - start
        database = Database(bench_url)
        with database.read_session() as session:
            result = verify_chain(session)
        database.dispose()
        total = writers * changes
        print(
            f"PostgreSQL {'(private durable cluster) ' if cluster else ''}{writers} writers x "
            f"{changes} audited changes: {total / seconds:.0f} changes/s total "
            f"({seconds:.1f} s), chain intact={result.ok}, entries={result.checked}"
        )
    finally:
        if cluster is not None:
            cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--appends", type=int, default=2_000)
    parser.add_argument("--pg", help="PostgreSQL maintenance URL (default: a private cluster)")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--changes", type=int, default=250)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="projem-bench-") as folder:
        append_overhead(Path(folder), args.appends)
        verification_rate(Path(folder), args.entries)
    concurrent_postgresql(args.pg, args.writers, args.changes)


if __name__ == "__main__":
    main()
