# SPDX-License-Identifier: LGPL-2.1-or-later
"""G-code read without a controller: statistics, time estimates and the rules every stored
program must keep (plain Python)."""
