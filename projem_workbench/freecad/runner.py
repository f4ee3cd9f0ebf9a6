# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs a :mod:`projem_workbench.freecad.worker` action in FreeCAD, wherever FreeCAD is.

Inside FreeCAD (its GUI, or ``freecadcmd``) the action runs in this process. Anywhere else
(the ``projem`` command in its own Python, a server) it runs under ``freecadcmd`` — the one
found by :func:`find_freecadcmd` — with only Projem's folder added to that Python's path, and
the answer comes back through a file. FreeCAD's CAM module needs a running FreeCAD
application: importing FreeCAD as a plain module leaves its CAM setup undone (1.1 cannot even
make a tool controller), so a plain import is never used for CAM work.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, NamedTuple

from projem_workbench.errors import CamError, FreeCADUnavailableError, ProjemError

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
# Where FreeCAD's installers put freecadcmd, after PATH.
KNOWN_LOCATIONS = (
    "/usr/bin/freecadcmd",
    "/usr/local/bin/freecadcmd",
    "/usr/bin/FreeCADCmd",
    "/Applications/FreeCAD.app/Contents/Resources/bin/FreeCADCmd",
    r"C:\Program Files\FreeCAD 1.1\bin\FreeCADCmd.exe",
    r"C:\Program Files\FreeCAD 1.0\bin\FreeCADCmd.exe",
)
NOT_FOUND = (
    "this needs FreeCAD, and none was found: install FreeCAD (1.1 recommended; 0.20 or newer), "
    "or set PROJEM_FREECADCMD to its freecadcmd (FreeCADCmd.exe on Windows), or run Projem "
    "from FreeCAD itself"
)


def inside_freecad_application() -> bool:
    """True in FreeCAD's GUI and under ``freecadcmd``; False in a plain Python, even one that
    has imported FreeCAD as a module."""
    app = sys.modules.get("FreeCAD")
    return app is not None and bool(app.ConfigGet("RunMode"))


def find_freecadcmd() -> str | None:
    """``$PROJEM_FREECADCMD``, else ``freecadcmd``/``FreeCADCmd`` on PATH, else a usual place."""
    configured = os.environ.get("PROJEM_FREECADCMD")
    if configured:
        return configured
    for name in ("freecadcmd", "FreeCADCmd"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in KNOWN_LOCATIONS if Path(p).is_file()), None)


class _Started(NamedTuple):
    process: subprocess.Popen[bytes]
    folder: tempfile.TemporaryDirectory[str]


# freecadcmd processes started ahead of their request, by action.
_STARTED: dict[str, _Started] = {}


def prestart(action: str) -> None:
    """Start ``freecadcmd`` for ``action`` now, so FreeCAD loads itself and its CAM modules
    while Projem still prepares the request (on two cores the two overlap: 0.31 s of a 1.3 s
    ``projem cam run`` of the sample plate, bench/bench_cam.py); the next
    :func:`run_in_freecad` of that action sends it the request, one message on its standard
    input. A no-op inside FreeCAD or without FreeCAD; a process nobody uses is stopped when
    Projem exits."""
    command = find_freecadcmd()
    if inside_freecad_application() or command is None or action in _STARTED:
        return
    if shutil.which(command) is None:  # the run itself says why ($PROJEM_FREECADCMD wrong)
        return
    folder = tempfile.TemporaryDirectory(prefix="projem-freecad-")
    environment = {**os.environ, "PROJEM_WORKER_PRELOAD": action,
                   "PROJEM_WORKER_RESPONSE": str(Path(folder.name, "response.json"))}  # fmt: skip
    with open(Path(folder.name, "output.txt"), "wb") as output:
        process = subprocess.Popen(
            [command, "-c", bootstrap_line()], stdin=subprocess.PIPE, stdout=output,
            stderr=subprocess.STDOUT, env=environment,
        )  # fmt: skip
    _STARTED[action] = _Started(process, folder)
    atexit.register(_discard, action)


def _discard(action: str) -> None:
    started = _STARTED.pop(action, None)
    if started is not None:
        if started.process.poll() is None:
            started.process.kill()
            started.process.wait()
        started.folder.cleanup()


def _hand_over(started: _Started, action: str, request: dict[str, Any], timeout: float) -> str:
    """Send a prestarted worker its one message (the action and the whole request) and close
    its input; the text of its answer file ("" if none)."""
    assert started.process.stdin is not None
    with contextlib.suppress(BrokenPipeError):  # it ended early: its answer or output says why
        started.process.stdin.write(json.dumps({"action": action, "request": request}).encode())
        started.process.stdin.close()
    _wait(started.process, timeout)
    response = Path(started.folder.name, "response.json")
    return response.read_text("utf-8") if response.exists() else ""


def _wait(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait for ``process`` to end, killing it after ``timeout`` seconds.

    ``Popen.wait(timeout)`` polls, sleeping up to 50 ms between looks, which adds about
    25 ms to every run; a blocking wait with a timer that kills the process does not.
    """
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        process.kill()

    timer = threading.Timer(timeout, expire)
    timer.start()
    try:
        process.wait()
    finally:
        timer.cancel()
    if expired.is_set():
        raise CamError(f"FreeCAD did not finish within {timeout:.0f} s")


def freecad_available() -> None:
    """Raise :class:`FreeCADUnavailableError` (saying how to fix it) unless FreeCAD can run."""
    if inside_freecad_application():
        return
    command = find_freecadcmd()
    if command is None:
        raise FreeCADUnavailableError(NOT_FOUND)
    # $PROJEM_FREECADCMD is taken as given: check it runs, so a CAM run is refused before
    # anything is recorded rather than recorded as failed when the command is missing.
    if shutil.which(command) is None:
        raise FreeCADUnavailableError(f"{command} cannot be run: {NOT_FOUND}")


def bootstrap_line() -> str:
    """The one line ``freecadcmd -c`` runs (FreeCAD 1.1's ``-c`` fails on several lines)."""
    return (
        f"import sys; sys.path.insert(0, {str(PACKAGE_ROOT)!r}); "
        "from projem_workbench.freecad.worker import main; main()"
    )


def run_in_freecad(
    action: str, request: dict[str, Any], *, timeout: float = 3600
) -> dict[str, Any]:
    """The answer of worker ``action`` for ``request``; raises :class:`CamError` (or the
    domain error the worker raised) with FreeCAD's reason when the work fails."""
    if inside_freecad_application():
        from projem_workbench.freecad import worker

        return worker.handle(action, request)
    freecad_available()
    command = find_freecadcmd()
    assert command is not None
    started = _STARTED.get(action)
    if started is not None and started.process.poll() is None:
        try:
            text = _hand_over(started, action, request, timeout)
            if not text:
                said = Path(started.folder.name, "output.txt").read_text("utf-8", "replace")
                raise CamError(
                    f"FreeCAD ({command}) stopped without an answer (exit code "
                    f"{started.process.returncode}): {said.strip()[-800:] or 'no output'}"
                )
            return _answer(json.loads(text))
        finally:
            _discard(action)
    with tempfile.TemporaryDirectory(prefix="projem-freecad-") as folder:
        request_file, response_file = Path(folder, "request.json"), Path(folder, "response.json")
        request_file.write_text(json.dumps({"action": action, "request": request}), "utf-8")
        environment = {
            **os.environ,
            "PROJEM_WORKER_REQUEST": str(request_file),
            "PROJEM_WORKER_RESPONSE": str(response_file),
        }
        try:
            finished = subprocess.run(
                [command, "-c", bootstrap_line()],
                env=environment,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except FileNotFoundError:
            raise FreeCADUnavailableError(f"{command} cannot be run: {NOT_FOUND}") from None
        except subprocess.TimeoutExpired:
            raise CamError(f"FreeCAD did not finish within {timeout:.0f} s") from None
        if not response_file.exists():
            said = (finished.stderr.strip() or finished.stdout.strip())[-800:]
            raise CamError(
                f"FreeCAD ({command}) stopped without an answer (exit code "
                f"{finished.returncode}): {said or 'no output'}"
            )
        answer = json.loads(response_file.read_text("utf-8"))
    return _answer(answer)


def _answer(answer: dict[str, Any]) -> dict[str, Any]:
    if "error" in answer:
        if answer.get("cam") or not answer.get("expected"):
            detail = "" if answer.get("expected") else f"\n{answer.get('traceback', '')}"
            raise CamError(f"{answer['error']}{detail}")
        raise ProjemError(answer["error"])
    return answer["result"]
