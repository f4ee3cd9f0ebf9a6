# SPDX-License-Identifier: LGPL-2.1-or-later
"""One install of Projem's packages, as a plan both the command line and the dialog run: the
pip command, where it installs, and the check that imports every package afterwards."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from projem_workbench.deps import locations, status
from projem_workbench.deps.pip_commands import Failure, explain_failure, install_command
from projem_workbench.deps.requirements import REQUIREMENTS, Requirement, running_python


@dataclass(frozen=True)
class InstallPlan:
    python: str
    python_version: tuple[int, int]
    target: Path
    requirements: tuple[Requirement, ...]
    wheels: Path | None

    @property
    def command(self) -> list[str]:
        return install_command(
            self.python,
            self.requirements,
            target=self.target,
            python_version=self.python_version,
            wheels=self.wheels,
        )

    @property
    def verify_command(self) -> list[str]:
        """A fresh Python importing every package from the target folder (and the system)."""
        modules = ", ".join(r.module for r in self.requirements)
        script = f"import sys; sys.path.append({str(self.target)!r}); import {modules}"
        return [self.python, "-c", script]


def plan(
    *,
    wheels: Path | None = None,
    target: Path | None = None,
    python: str | None = None,
    optional: bool = False,
) -> InstallPlan | None:
    """What to install for the running Python; None when nothing is missing."""
    if wheels is not None and not wheels.is_dir():
        raise locations.LocationError(f"the wheel folder {wheels} does not exist")
    chosen = [r for r in REQUIREMENTS if optional or not r.optional]
    needed = status.to_install(status.check(chosen), optional=optional)
    if not needed:
        return None
    return InstallPlan(
        python=python or locations.python_executable(),
        python_version=running_python(),
        target=target or locations.target_dir(),
        requirements=tuple(needed),
        wheels=wheels,
    )


@dataclass(frozen=True)
class Outcome:
    ok: bool
    output: str
    failure: Failure | None = None


def run(plan: InstallPlan, *, echo: Callable[[str], None] = print) -> Outcome:
    """Run ``plan`` with pip's output passed to ``echo`` line by line, then verify it."""
    plan.target.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    echo("$ " + " ".join(plan.command))
    with subprocess.Popen(
        plan.command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            echo(line.rstrip("\n"))
    output = "".join(lines)
    if process.returncode != 0:
        return Outcome(False, output, explain_failure(output, process.returncode))
    check = subprocess.run(plan.verify_command, capture_output=True, text=True, check=False)
    if check.returncode != 0:
        reason = (check.stderr.strip().splitlines() or ["no output"])[-1]
        return Outcome(
            False,
            output + check.stderr,
            Failure(
                f"pip finished, but the packages do not import: {reason}",
                "Remove the folder " + str(plan.target) + " and press Install again.",
            ),
        )
    locations.add_to_sys_path(plan.python_version)
    if str(plan.target) not in sys.path:
        sys.path.append(str(plan.target))
    return Outcome(True, output)
