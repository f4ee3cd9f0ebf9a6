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

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

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


def freecad_available() -> None:
    """Raise :class:`FreeCADUnavailableError` (saying how to fix it) unless FreeCAD can run."""
    if not inside_freecad_application() and find_freecadcmd() is None:
        raise FreeCADUnavailableError(NOT_FOUND)


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
    if "error" in answer:
        if answer.get("cam") or not answer.get("expected"):
            detail = "" if answer.get("expected") else f"\n{answer.get('traceback', '')}"
            raise CamError(f"{answer['error']}{detail}")
        raise ProjemError(answer["error"])
    return answer["result"]
