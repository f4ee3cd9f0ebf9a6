# SPDX-License-Identifier: LGPL-2.1-or-later
"""``python -m projem_workbench``: the command line. ``deps`` needs only the standard
library, so it works before Projem's packages are installed."""

from projem_workbench.deps.cli import projem

projem()
