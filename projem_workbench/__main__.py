# SPDX-License-Identifier: LGPL-2.1-or-later
"""``python -m projem_workbench``: the command line."""

from projem_workbench.cli import run

run()
