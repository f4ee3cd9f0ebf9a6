# SPDX-License-Identifier: LGPL-2.1-or-later
"""A private, throw-away PostgreSQL cluster for tests and benchmarks.

Runs Debian's PostgreSQL server binaries on a free loopback port with its data in a temporary
folder. initdb refuses to run as root, so as root the cluster belongs to the ``postgres`` user.
``PROJEM_TEST_POSTGRES_URL`` (a maintenance URL, e.g. ``postgresql://postgres@127.0.0.1:5432/postgres``)
points the tests at an existing server instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

ENV_URL = "PROJEM_TEST_POSTGRES_URL"


def server_binaries() -> Path | None:
    """The newest ``/usr/lib/postgresql/N/bin`` that has initdb, or None."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return candidates[0].parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresCluster:
    """Start with :meth:`start`, stop (and delete) with :meth:`stop`."""

    def __init__(self, *, durable: bool = False) -> None:
        # Tests trade durability for speed; benchmarks keep PostgreSQL's defaults.
        self.durable = durable
        self.bin = server_binaries()
        self.datadir: Path | None = None
        self.port = 0
        self.version = ""

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _as_owner(self, *args: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *args]
        return list(args)

    def start(self) -> str:
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        root = Path(tempfile.mkdtemp(prefix="projem-pg-"))
        self.datadir = root / "data"
        self.datadir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
            shutil.chown(self.datadir, "postgres")
        subprocess.run(
            self._as_owner(
                str(self.bin / "initdb"),
                "-D",
                str(self.datadir),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
            ),
            check=True,
            capture_output=True,
        )
        self.port = _free_port()
        options = f"-p {self.port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=60"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            self._as_owner(
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-w",
                "-t",
                "60",
                "-l",
                str(root / "server.log"),
                "-o",
                options,
                "start",
            ),
            check=True,
            capture_output=True,
        )
        out = subprocess.run(
            [str(self.bin / "postgres"), "--version"], capture_output=True, text=True, check=True
        )
        self.version = out.stdout.strip().rsplit(" ", 1)[-1]
        return self.url

    def backends_cpu_seconds(self) -> float:
        """CPU seconds (user and system) of the server's processes that have ended, read from
        the postmaster's children times: a connection's backend counts once it disconnects."""
        assert self.datadir is not None
        postmaster = int((self.datadir / "postmaster.pid").read_text().split()[0])
        fields = Path(f"/proc/{postmaster}/stat").read_text().rsplit(")", 1)[1].split()
        children = int(fields[13]) + int(fields[14])  # cutime and cstime, in clock ticks
        return children / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.datadir is None:
            return
        subprocess.run(
            self._as_owner(
                str(self.bin / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"
            ),
            capture_output=True,
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)
        self.datadir = None
