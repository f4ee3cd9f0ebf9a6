# SPDX-License-Identifier: LGPL-2.1-or-later
"""Audit-chain benchmark: prints figures, asserts nothing (targets are in the issue, not here).

  .venv/bin/python bench/bench_audit.py [--entries 1000000] [--pg URL]

1. Append cost, on SQLite, one writer, in one run: N audited creates (``audited.create``: the
   change and its chained entry) against the same two inserts without the chain (the entry
   with its snapshot, but no lock, no head lookup, no hash: the chain's own overhead), and
   against the change alone (the row added and flushed as audited.create does, no entry: the
   whole audit's overhead). All paths are warmed up first and timed in rotating rounds, so
   none pays the start-up nor a change of the machine's load alone.
2. The audit's share of a user's action, on SQLite: saving a model version and importing a
   1,000-tool library, timed whole and inside the audit (the snapshots and the appends).
3. Verification rate over ``--entries`` chained entries on SQLite, with peak Python memory at
   a tenth and at all of them (flat memory means streaming works).
4. Total rate of 8 concurrent writer processes on PostgreSQL (a private durable cluster on
   loopback unless --pg names one; its fsync and synchronous_commit are printed). Each writer
   connects and warms up with one rolled-back change before the clock starts. In the same
   run, the same writers and server run the reference the issue names: a plain advisory-lock
   chain on the driver (insert a row; lock, read the head, insert the link; commit), no
   Projem code. For both, the CPU time per change of the writers and (private cluster only)
   of the server's backends is printed: on a small machine they share the cores, and the
   rate follows their sum.
   ``--also-non-durable`` adds a run on a cluster with fsync and synchronous_commit off, for
   comparison only.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import multiprocessing
import queue
import resource
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from projem_workbench.services.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Text, bindparam, create_engine, insert, text
from sqlalchemy.orm import Session

from bench.bench_import import write_csv
from projem_workbench.audit import chain
from projem_workbench.audit.chain import ENTRY_FIELDS, GENESIS, chain_hash
from projem_workbench.audit.verify import verify_chain
from projem_workbench.cli.process import settle_process
from projem_workbench.db import migrate
from projem_workbench.db.base import utcnow
from projem_workbench.db.canonical import canonical_json
from projem_workbench.db.engine import normalise_url
from projem_workbench.db.models import AuditLog, Tool
from projem_workbench.db.session import Database
from projem_workbench.services import audited, model_library, tool_files
from projem_workbench.store.blobs import BlobStore
from tests.db.audit_support import write_changes, writer_tool
from tests.support.documents import synthetic_fcstd
from tests.support.pgcluster import PostgresCluster

ROUNDS = 12  # rotating plain/unchained/chained rounds of the append benchmark
WARM_UP = 50  # untimed changes per path before the append benchmark
# How long the PostgreSQL part waits for writers to start and to finish before it gives up
# and says so (rather than waiting for ever on a writer that died).
START_TIMEOUT_S = 120
RUN_TIMEOUT_S = 900


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


def plain_create(session: Session, obj: Tool) -> Tool:
    """``audited.create`` without its audit entry: the row added and flushed, nothing else."""
    session.add(obj)
    session.flush()
    return obj


# The entry's insert as chain.append_audit_entry makes it (the snapshots bound as text).
_UNCHAINED_INSERT = (
    insert(AuditLog.__table__)
    .values(before=bindparam("before_text", type_=Text), after=bindparam("after_text", type_=Text))
    .inline()
)


def unchained_create(session: Session, obj: Tool) -> Tool:
    """The same two inserts as ``audited.create``, made the same way (the entry's snapshot as
    canonical text, a Core insert), but no chain: no lock, no head lookup, no hash over the
    previous entry (a random value fills the unique ``chain_hash``)."""
    plain_create(session, obj)
    entry = {
        "user_id": None, "session_id": None, "action": "create", "entity_type": "tools",
        "entity_id": str(obj.id), "before_text": "null", "ip_address": None, "user_agent": None,
        "after_text": canonical_json(audited.snapshot(obj)).decode(), "created_at": utcnow(),
        "prev_chain_hash": GENESIS, "chain_hash": secrets.token_hex(32),
    }  # fmt: skip
    session.execute(_UNCHAINED_INSERT, entry)
    return obj


def _create_many(
    database: Database, create: Callable[[Session, Tool], object], names: range
) -> float:
    """Seconds for one create per transaction, for each number in ``names``."""
    start = time.perf_counter()
    for n in names:
        with database.unit_of_work() as session:
            create(session, Tool(**tool_values(n)))
    return time.perf_counter() - start


def append_overhead(folder: Path, count: int) -> None:
    plain = fresh_sqlite(folder, "plain.sqlite3")
    unchained = fresh_sqlite(folder, "unchained.sqlite3")
    chained = fresh_sqlite(folder, "chained.sqlite3")
    sides = {
        "plain": (plain, plain_create),
        "unchained": (unchained, unchained_create),
        "chained": (chained, audited.create),
    }
    for database, create in sides.values():
        _create_many(database, create, range(-WARM_UP, 0))
    seconds = dict.fromkeys(sides, 0.0)
    per_round = count // ROUNDS
    for round_ in range(ROUNDS):
        names = range(round_ * per_round, (round_ + 1) * per_round)
        # Rotate which side goes first, so none always runs on the warmer cache.
        order = list(sides)[round_ % 3 :] + list(sides)[: round_ % 3]
        for side in order:
            seconds[side] += _create_many(*sides[side], names)
    done = per_round * ROUNDS
    plain_s, unchained_s, chained_s = seconds["plain"], seconds["unchained"], seconds["chained"]
    print(f"append, SQLite, {done} changes, one transaction each ({ROUNDS} rotating rounds):")
    print(f"  plain creates        {done / plain_s:9.0f} changes/s  (the row alone, no entry)")
    print(f"  entries, no chain    {done / unchained_s:9.0f} changes/s  (the same two inserts)")
    print(f"  with audit chain     {done / chained_s:9.0f} changes/s  (audited.create)")
    chain = 100 * (chained_s / unchained_s - 1)
    print(f"  chain overhead       {chain:9.1f} % of the same inserts without the chain")
    print(f"  audit overhead       {100 * (chained_s / plain_s - 1):9.1f} % of the change alone")
    sys.stdout.flush()


class _AuditClock:
    """Time spent in the audit: every snapshot and every append, wherever a service calls them
    (each module that imported them by name gets the timed version while the clock runs; not
    chain itself, whose functions call each other and would be counted twice)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._patched: list[tuple[Any, str, Any]] = []

    def _timed(self, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return timed

    def __enter__(self) -> _AuditClock:
        originals = {chain.append_audit_entry, chain.append_audit_entries, audited.snapshot}
        for module in list(sys.modules.values()):
            module_name = getattr(module, "__name__", "")
            if not module_name.startswith("projem_workbench") or module is chain:
                continue
            for name in ("append_audit_entry", "append_audit_entries", "snapshot", "_snapshot"):
                value = getattr(module, name, None)
                is_import_snapshot = name == "_snapshot" and module_name.endswith("import")
                if value in originals or (is_import_snapshot and callable(value)):
                    self._patched.append((module, name, value))
                    setattr(module, name, self._timed(value))
        return self

    def __exit__(self, *_exc: object) -> None:
        for module, name, value in self._patched:
            setattr(module, name, value)


def audit_share_of_actions(folder: Path, tools: int = 1_000, saves: int = 20) -> None:
    """How much of saving a model and importing a tool library is the audit's."""
    database = fresh_sqlite(folder, "actions.sqlite3")
    store = BlobStore(folder / "store")
    documents = [
        synthetic_fcstd(folder / f"plate-{n}.FCStd", {"Body": "PartDesign::Body"}, seed=bytes([n]))
        for n in range(saves + 1)
    ]
    model_library.save_model_version(Workspace(database, store), path=documents[-1], name="warm-up")
    library = folder / "library.csv"
    write_csv(library, tools)
    print("the audit's share of a user's action, SQLite:")

    def save_models() -> None:
        for document in documents[:saves]:
            model_library.save_model_version(
                Workspace(database, store), path=document, name="plate"
            )

    import_audit_s = 0.0
    for label, action in (
        (f"saving a model version ({saves} times)", save_models),
        (
            f"importing a {tools}-tool library",
            lambda: tool_files.import_tool_file(database, library),
        ),
    ):
        with _AuditClock() as clock:
            start = time.perf_counter()
            action()
            whole = time.perf_counter() - start
        print(
            f"  {label:<38} {1000 * whole:8.1f} ms, audit {100 * clock.seconds / whole:5.1f} %",
            flush=True,
        )
        import_audit_s = clock.seconds
    command_s = _import_command_seconds(folder, library)
    print(
        f"  {'the same import as a user runs it':<38} {1000 * command_s:8.1f} ms, audit "
        f"{100 * import_audit_s / command_s:5.1f} % (`projem tools import`, one process, "
        "best of 3; the audit's time is the one above)",
        flush=True,
    )
    database.dispose()


def _import_command_seconds(folder: Path, library: Path, runs: int = 3) -> float:
    """Wall time of ``projem tools import`` into a new database, start to exit, best of runs."""
    best = float("inf")
    for run in range(runs):
        name = f"command-{run}.sqlite3"
        fresh_sqlite(folder, name).dispose()
        url = f"sqlite:///{folder / name}"
        command = [sys.executable, "-m", "projem_workbench", "--db", url, "tools", "import"]
        start = time.perf_counter()
        subprocess.run([*command, str(library)], check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


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
            entry["chain_hash"] = prev = chain_hash(prev, {c: entry[c] for c in ENTRY_FIELDS})
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
        try:
            checked, seconds, peak_mib, ok = results.get(timeout=RUN_TIMEOUT_S)
        except queue.Empty:  # the verifier died (its traceback is above): say so, go on
            child.join()
            print(f"  {size:8d} entries: no result (verifier exit code {child.exitcode})")
            continue
        child.join()
        print(
            f"  {checked:8d} entries: {checked / seconds:9.0f} entries/s, "
            f"peak RSS {peak_mib:6.1f} MiB, intact={ok}",
            flush=True,
        )


class _WarmUpDone(Exception):
    """Raised inside the warm-up's unit of work so that it rolls back."""


def _writer(url, worker, changes, ready, go, cpu):  # type: ignore[no-untyped-def]
    database = Database(url)
    try:
        # One audited change, rolled back: connects, initialises the dialect and compiles
        # every statement of the timed path, and leaves neither a tool nor an entry behind.
        try:
            with database.unit_of_work() as session:
                audited.create(session, writer_tool(f"warm-up {worker}"))
                raise _WarmUpDone
        except _WarmUpDone:
            pass
        settle_process()  # as every projem command does before its work
        ready.wait(START_TIMEOUT_S)
        go.wait(START_TIMEOUT_S)
        start = time.process_time()
        write_changes(database, worker, changes)
        cpu.put(time.process_time() - start)
    finally:
        database.dispose()


PLAIN_TABLES = (
    "CREATE TABLE plain_items (id bigserial PRIMARY KEY, name text NOT NULL, params jsonb)",
    "CREATE TABLE plain_chain (id bigserial PRIMARY KEY, entry jsonb NOT NULL, "
    "prev_chain_hash text NOT NULL, chain_hash text NOT NULL UNIQUE)",
)


def _plain_writer(url, worker, changes, ready, go, cpu):  # type: ignore[no-untyped-def]
    """The reference: a plain advisory-lock chain on the driver, in the same round trips as
    Projem's append (the lock and the head in one)."""
    import psycopg2

    connection = psycopg2.connect(url)
    cursor = connection.cursor()
    # This process imported the benchmark's modules (SQLAlchemy and Projem's too); settled
    # as the Projem writers are, the collector does not walk them in the timed loop.
    settle_process()
    ready.wait(START_TIMEOUT_S)
    go.wait(START_TIMEOUT_S)
    start = time.process_time()
    for n in range(changes):
        name = f"writer {worker} item {n}"
        cursor.execute(
            "INSERT INTO plain_items (name, params) VALUES (%s, '{}') RETURNING id", (name,)
        )
        entry = json.dumps({"id": cursor.fetchone()[0], "name": name}, sort_keys=True)
        cursor.execute(
            "SELECT pg_advisory_xact_lock(1); "
            "SELECT chain_hash FROM plain_chain ORDER BY id DESC LIMIT 1"
        )
        row = cursor.fetchone()
        prev = row[0] if row else GENESIS
        link = hashlib.sha256(prev.encode() + entry.encode()).hexdigest()
        cursor.execute(
            "INSERT INTO plain_chain (entry, prev_chain_hash, chain_hash) VALUES (%s, %s, %s)",
            (entry, prev, link),
        )
        connection.commit()
    cpu.put(time.process_time() - start)
    connection.close()


class _Run(NamedTuple):
    seconds: float
    writers_cpu_s: float
    server_cpu_s: float | None
    failed: list[int | None]


def _run_writers(
    target: Callable[..., None], url: str, writers: int, changes: int, cluster: Any
) -> _Run | None:
    """Start ``writers`` processes of ``target``, time them from one signal to the last
    one's end; None (and why) if they did not all start."""
    context = multiprocessing.get_context("spawn")
    ready, go, cpu = context.Barrier(writers + 1), context.Event(), context.Queue()
    processes = [
        context.Process(target=target, args=(url, w, changes, ready, go, cpu))
        for w in range(writers)
    ]
    for process in processes:
        process.start()
    try:
        ready.wait(START_TIMEOUT_S)  # every writer connected and warmed up: time the writes
    except threading.BrokenBarrierError:
        for process in processes:
            process.terminate()
        codes = [p.exitcode for p in processes]
        print(f"PostgreSQL: the writers did not all start (exit codes {codes})", flush=True)
        return None
    server_before = cluster.backends_cpu_seconds() if cluster else 0.0
    start = time.perf_counter()
    go.set()
    for process in processes:
        process.join(RUN_TIMEOUT_S)
    seconds = time.perf_counter() - start
    failed = [p.exitcode for p in processes if p.exitcode != 0]
    writers_cpu = sum(cpu.get(timeout=10) for _ in range(writers - len(failed)))
    server_cpu = None
    if cluster:
        _wait_for_backends_to_end(cluster.url, normalise_url(url).database)
        server_cpu = cluster.backends_cpu_seconds() - server_before
    return _Run(seconds, writers_cpu, server_cpu, failed)


def _wait_for_backends_to_end(maintenance_url: str, database: str | None) -> None:
    """Until the writers' backends have gone (their CPU time counts once they end)."""
    engine = create_engine(normalise_url(maintenance_url))
    query = text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name")
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                if conn.execute(query, {"name": database}).scalar() == 0:
                    break
            time.sleep(0.05)
        time.sleep(0.2)  # the postmaster collects an ended backend's times when it reaps it
    finally:
        engine.dispose()


def _cpu_per_change(run: _Run, total: int) -> str:
    server = "n/a" if run.server_cpu_s is None else f"{1000 * run.server_cpu_s / total:.2f} ms"
    return f"CPU per change: writers {1000 * run.writers_cpu_s / total:.2f} ms, server {server}"


def _server_settings(url: str) -> str:
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return ", ".join(
                f"{name}={conn.exec_driver_sql(f'SHOW {name}').scalar()}"
                for name in ("fsync", "synchronous_commit", "full_page_writes")
            )
    finally:
        engine.dispose()


def concurrent_postgresql(
    url: str | None, writers: int, changes: int, durable: bool = True
) -> None:
    cluster = None
    if url is None:
        cluster = PostgresCluster(durable=durable)
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
        settings = _server_settings(bench_url)
        total = writers * changes
        where = "private cluster" if cluster else "server"
        run = _run_writers(_writer, bench_url, writers, changes, cluster)
        if run is None:
            return
        database = Database(bench_url)
        with database.read_session() as session:
            result = verify_chain(session)
        database.dispose()
        print(
            f"PostgreSQL ({where}: {settings}) {writers} writers x {changes} audited changes: "
            f"{total / run.seconds:.0f} changes/s total ({run.seconds:.1f} s), chain "
            f"intact={result.ok}, entries={result.checked}"
            + (f", FAILED writers (exit codes {run.failed})" if run.failed else ""),
            flush=True,
        )
        print(f"  {_cpu_per_change(run, total)}", flush=True)
        plain_url = (
            normalise_url(bench_url)
            .set(drivername="postgresql")
            .render_as_string(hide_password=False)
        )
        admin = create_engine(normalise_url(bench_url))
        with admin.begin() as conn:
            for statement in PLAIN_TABLES:
                conn.exec_driver_sql(statement)
        admin.dispose()
        plain = _run_writers(_plain_writer, plain_url, writers, changes, cluster)
        if plain is not None:
            print(
                f"  reference, a plain advisory-lock chain on the driver (same writers and "
                f"server): {total / plain.seconds:.0f} changes/s; {_cpu_per_change(plain, total)}"
                + (f", FAILED writers (exit codes {plain.failed})" if plain.failed else ""),
                flush=True,
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
    parser.add_argument(
        "--also-non-durable",
        action="store_true",
        help="also run the writers on a private cluster with fsync and synchronous_commit off",
    )
    args = parser.parse_args()
    settle_process()  # this process writes too, as a projem command would
    with tempfile.TemporaryDirectory(prefix="projem-bench-") as folder:
        append_overhead(Path(folder), args.appends)
        audit_share_of_actions(Path(folder))
        verification_rate(Path(folder), args.entries)
    concurrent_postgresql(args.pg, args.writers, args.changes)
    if args.also_non_durable and args.pg is None:
        print("for comparison only, NOT durable:", flush=True)
        concurrent_postgresql(None, args.writers, args.changes, durable=False)


if __name__ == "__main__":
    main()
