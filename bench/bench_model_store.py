# SPDX-License-Identifier: LGPL-2.1-or-later
"""Model store benchmark: prints figures, asserts nothing.

  .venv/bin/python bench/bench_model_store.py [--megabytes 50]

Saves a document of ``--megabytes`` (incompressible content, so the size is real) as a new
model version — read, hashed, written to the blob store with fsync, rows committed — and
copies the same file with ``shutil.copyfile`` (plus an fsync, as the store does), in one run.
Geometry measurement is switched off (PROJEM_NO_FREECAD=1): it depends on the part, not on the
store.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from projem_workbench.services.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from projem_workbench.db import migrate
from projem_workbench.db.session import Database
from projem_workbench.services import model_library
from projem_workbench.store.blobs import BlobStore
from tests.support.documents import synthetic_fcstd


def plain_copy(source: Path, target: Path) -> float:
    start = time.perf_counter()
    shutil.copyfile(source, target)
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=50)
    args = parser.parse_args()
    os.environ["PROJEM_NO_FREECAD"] = "1"
    with tempfile.TemporaryDirectory(prefix="projem-bench-") as folder:
        root = Path(folder)
        database = Database(f"sqlite:///{root / 'projem.sqlite3'}")
        migrate.upgrade(database.engine, "head")
        document = synthetic_fcstd(
            root / "part.FCStd", {"Box": "Part::Box"}, payload_mb=args.megabytes
        )
        size_mb = document.stat().st_size / 2**20
        copy_s = plain_copy(document, root / "copy.FCStd")
        start = time.perf_counter()
        model_library.save_model_version(
            Workspace(database, BlobStore(root / "store")), path=document, name="bench"
        )
        save_s = time.perf_counter() - start
        database.dispose()
    print(f"model save, {size_mb:.1f} MiB document:")
    print(f"  plain copy + fsync   {size_mb / copy_s:8.1f} MiB/s  ({copy_s:.3f} s)")
    print(f"  Projem save          {size_mb / save_s:8.1f} MiB/s  ({save_s:.3f} s)")
    print(f"  save / copy time     {save_s / copy_s:8.2f}")


if __name__ == "__main__":
    main()
