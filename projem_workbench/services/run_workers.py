# SPDX-License-Identifier: LGPL-2.1-or-later
"""The process running a CAM run, and runs whose process ended without finishing them.

A run records the host and process id that run it (``cam_runs.worker_host``/``worker_pid``)
in the transaction that marks it ``running``. A process killed (``kill -9``, a crash, a
power cut of FreeCAD's GUI) leaves its run ``running`` for ever; :func:`fail_abandoned_runs`,
called by every listing and look-up of runs and by each new run, marks such a run ``failed``
(audited) when it was run on this host and its process is gone. A process id the system
gave again to a later process counts as gone: on Linux the process's start time
(``/proc/<pid>/stat``, against the boot time in ``/proc/stat``) must not be after the run's
start. Runs of other hosts are left alone: only their own host can tell; so are runs on
systems that are not POSIX (no harmless way to probe a process there).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from pathlib import Path

from sqlalchemy import select

from projem_workbench.db.base import utcnow
from projem_workbench.db.enums import RunStatus
from projem_workbench.db.models import CamRun
from projem_workbench.db.session import Database
from projem_workbench.services import audited

# The kernel's boot time is given in whole seconds and a start time in clock ticks: a process
# that started this long after the run did cannot be the one that started the run.
START_SLACK_S = 2.0
UNFINISHED = (RunStatus.PENDING, RunStatus.RUNNING)


def this_worker() -> dict[str, str | int]:
    """The columns that say which process runs a run: this one."""
    return {"worker_host": socket.gethostname()[:255], "worker_pid": os.getpid()}


def _started_at(pid: int) -> dt.datetime | None:
    """When process ``pid`` started (Linux), or None when the system does not say."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
    except (OSError, StopIteration, ValueError):
        return None
    # Fields after the command's closing parenthesis (the command may hold spaces); the
    # start time is field 22 of the whole line, in clock ticks since boot.
    ticks = int(stat.rsplit(")", 1)[1].split()[19])
    seconds = boot + ticks / os.sysconf("SC_CLK_TCK")
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def process_gone(pid: int, since: dt.datetime | None) -> bool:
    """Whether process ``pid`` of this host has ended (or its id now names a process that
    started after ``since``, the run's start). Only POSIX systems can tell: elsewhere a run
    is never taken as abandoned (``os.kill`` on Windows would end the process, not probe it)."""
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # it exists, run by another user
    started = _started_at(pid)
    if started is None or since is None:
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return started.timestamp() > since.timestamp() + START_SLACK_S


def fail_abandoned_runs(database: Database, *, user_id: int | None = None) -> list[int]:
    """Mark failed (audited) every unfinished run of this host whose process is gone; the ids
    marked."""
    host = socket.gethostname()[:255]
    with database.read_session() as session:
        candidates = [
            (run.id, run.worker_pid, run.started_at or run.created_at)
            for run in session.scalars(
                select(CamRun).where(
                    CamRun.status.in_(UNFINISHED),
                    CamRun.worker_host == host,
                    CamRun.worker_pid.is_not(None),
                )
            )
        ]
    failed = []
    for run_id, pid, since in candidates:
        if pid == os.getpid() or not process_gone(pid, since):
            continue
        with database.unit_of_work() as session:
            run = session.get(CamRun, run_id, with_for_update=True)
            if run is None or run.status not in UNFINISHED or run.worker_pid != pid:
                continue  # finished, or taken over, since it was read
            audited.update(
                session,
                run,
                {
                    "status": RunStatus.FAILED,
                    "error": f"process {pid} on host {host} ended without finishing the run",
                    "finished_at": utcnow(),
                },
                user_id=user_id,
            )
            failed.append(run_id)
    return failed
