# SPDX-License-Identifier: LGPL-2.1-or-later
"""Tool import benchmark: prints figures, asserts nothing.

  .venv/bin/python bench/bench_import.py [--rows 10000] [--pg URL | --pg private]

Writes a CSV of ``--rows`` distinct tools (every column filled, params included), imports it
into a fresh database (every row created, each with its audit entry), imports it again
unchanged (nothing written but the import's own audit entry), then once more with one row in
ten changed. For each it prints the whole import's time and how long the write transaction
was open (on SQLite: how long the database's write lock was held, blocking every other
writer). SQLite always; PostgreSQL too when ``--pg`` gives a maintenance URL (a database
``projem_bench_import`` is created on it and dropped), or ``private`` for a throw-away
cluster.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from projem_workbench.db import migrate
from projem_workbench.db.engine import normalise_url
from projem_workbench.db.session import Database
from projem_workbench.interchange.tables import CSV_COLUMNS
from projem_workbench.services.tool_files import import_tool_file
from tests.support.pgcluster import PostgresCluster

TYPES = ("flat_endmill", "ball_endmill", "bull_endmill", "drill", "chamfer")
MATERIALS = ("carbide", "hss", "hss_cobalt")


def tool_row(n: int, *, changed: bool = False) -> dict[str, Any]:
    diameter = 1 + (n % 250) / 10
    return {
        "name": f"Tool {n:05d} {TYPES[n % len(TYPES)]} {diameter:g} mm",
        "tool_type": TYPES[n % len(TYPES)],
        "tool_material": MATERIALS[n % len(MATERIALS)],
        "tool_number": n + 1,
        "diameter_mm": f"{diameter:g}",
        "flutes": 2 + n % 3,
        "flute_length_mm": f"{diameter * 3:g}",
        "overall_length_mm": f"{diameter * 3 + 40:g}",
        "shank_diameter_mm": f"{max(diameter, 3):g}",
        "corner_radius_mm": "",
        "tip_angle_deg": "118" if TYPES[n % len(TYPES)] == "drill" else "",
        "coating": "AlTiN" if n % 2 else "",
        "manufacturer": "Bench Tools",
        "part_number": f"BT-{n:05d}",
        "quantity_on_hand": n % 7 + (5 if changed else 0),
        "min_stock": n % 4,
        "location": f"Rack {n % 40}",
        "freecad_shape": "",
        "params": json.dumps({"helix_deg": 30 + n % 15, "supplier_ref": f"S{n}"}),
    }


def write_csv(path: Path, rows: int, *, changed_every: int = 0) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for n in range(rows):
            writer.writerow(tool_row(n, changed=bool(changed_every) and n % changed_every == 0))


@contextmanager
def timed_write_transactions(database: Database, spans: list[float]) -> Iterator[None]:
    """Record how long each unit of work of ``database`` stays open."""
    original = database.unit_of_work

    @contextmanager
    def timed() -> Iterator[Session]:
        start = time.perf_counter()
        try:
            with original() as session:
                yield session
        finally:
            spans.append(time.perf_counter() - start)

    database.unit_of_work = timed  # type: ignore[method-assign]
    try:
        yield
    finally:
        database.unit_of_work = original  # type: ignore[method-assign]


def run(label: str, url: str, folder: Path, rows: int) -> None:
    database = Database(url)
    migrate.upgrade(database.engine, "head")
    first, changed = folder / "tools.csv", folder / "tools-changed.csv"
    write_csv(first, rows)
    write_csv(changed, rows, changed_every=10)
    print(f"{label}, {rows} tools:", flush=True)
    for what, path in (
        ("first import", first),
        ("re-import, unchanged", first),
        ("re-import, 1 in 10 changed", changed),
    ):
        spans: list[float] = []
        with timed_write_transactions(database, spans):
            start = time.perf_counter()
            report = import_tool_file(database, path)
            seconds = time.perf_counter() - start
        print(
            f"  {what:<28} {seconds:6.2f} s  (write transaction {sum(spans):5.2f} s)  "
            f"{report.summary()}",
            flush=True,
        )
    database.dispose()


def postgresql(url: str, folder: Path, rows: int) -> None:
    cluster = None
    if url == "private":
        cluster = PostgresCluster(durable=True)
        url = cluster.start()
    try:
        admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS projem_bench_import"))
            conn.execute(text("CREATE DATABASE projem_bench_import"))
        try:
            run("PostgreSQL", url.rsplit("/", 1)[0] + "/projem_bench_import", folder, rows)
        finally:
            with admin.connect() as conn:
                conn.execute(text("DROP DATABASE IF EXISTS projem_bench_import"))
            admin.dispose()
    finally:
        if cluster is not None:
            cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--pg", help="PostgreSQL maintenance URL, or 'private' for a cluster")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="projem-bench-") as folder:
        root = Path(folder)
        run("SQLite", f"sqlite:///{root / 'projem.sqlite3'}", root, args.rows)
        if args.pg:
            postgresql(args.pg, root, args.rows)


if __name__ == "__main__":
    main()
