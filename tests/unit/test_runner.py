# SPDX-License-Identifier: LGPL-2.1-or-later
"""The runner's side of a prestarted worker, with a stand-in command (a shell script) in
place of ``freecadcmd``: what is tested is the runner's waiting, killing, error text and the
message it sends, which no real FreeCAD run can be made to show on demand. Real runs
(which go through all of it) are in the FreeCAD lanes."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from projem_workbench.errors import CamError
from projem_workbench.freecad import runner


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Installs a ``freecadcmd`` stand-in running the given shell script body."""
    monkeypatch.delitem(sys.modules, "FreeCAD", raising=False)  # not inside FreeCAD

    def install(body: str) -> Path:
        command = tmp_path / "freecadcmd"
        command.write_text(f"#!/bin/sh\n{body}\n")
        command.chmod(0o755)
        monkeypatch.setenv("PROJEM_FREECADCMD", str(command))
        return command

    yield install
    for action in list(runner._STARTED):
        runner._discard(action)


def test_a_hanging_worker_is_killed_at_the_timeout(stand_in) -> None:  # type: ignore[no-untyped-def]
    stand_in("exec sleep 60")
    runner.prestart("run")
    process = runner._STARTED["run"].process
    start = time.perf_counter()
    with pytest.raises(CamError, match="did not finish within 1 s"):
        runner.run_in_freecad("run", {"document": "x"}, timeout=1)
    assert time.perf_counter() - start < 10
    assert process.poll() is not None  # killed, not left running
    assert "run" not in runner._STARTED


def test_a_worker_that_dies_without_answering_says_so(stand_in) -> None:  # type: ignore[no-untyped-def]
    stand_in("cat >/dev/null; echo 'Segmentation fault in FreeCAD'; exit 139")
    runner.prestart("run")
    with pytest.raises(CamError, match=r"exit code 139\): Segmentation fault in FreeCAD"):
        runner.run_in_freecad("run", {"document": "x"}, timeout=30)


def test_an_answer_is_taken_as_soon_as_the_worker_ends(stand_in) -> None:  # type: ignore[no-untyped-def]
    stand_in('cat >/dev/null; printf \'{"result": {"ok": 1}}\' > "$PROJEM_WORKER_RESPONSE"')
    runner.prestart("run")
    assert runner.run_in_freecad("run", {"document": "x"}, timeout=30) == {"ok": 1}


def test_a_prestarted_worker_gets_the_whole_request_as_one_message(
    stand_in, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    received = tmp_path / "stdin.json"
    stand_in(f'cat > {received}; printf \'{{"result": {{}}}}\' > "$PROJEM_WORKER_RESPONSE"')
    runner.prestart("run")
    request = {"document": "model.FCStd", "wcs": "G55", "operations": [{"name": "Pocket"}]}
    assert runner.run_in_freecad("run", request, timeout=30) == {}
    assert json.loads(received.read_text()) == {"action": "run", "request": request}
