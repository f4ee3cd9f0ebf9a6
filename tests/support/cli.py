# SPDX-License-Identifier: LGPL-2.1-or-later
"""Run the real ``projem`` command line in a child process, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence


def run_projem(
    *args: str, env: dict[str, str] | None = None, user: Sequence[str] = ()
) -> subprocess.CompletedProcess[str]:
    """``python -m projem_workbench ARGS``; ``user`` prefixes e.g. a setpriv call."""
    environment = dict(os.environ)
    environment.pop("PROJEM_DATABASE_URL", None)
    environment.update(env or {})
    return subprocess.run(
        [*user, sys.executable, "-m", "projem_workbench", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
