# SPDX-License-Identifier: LGPL-2.1-or-later
"""The simulator: material removal on a height field of the stock, the checks a machinist
needs before a program reaches a machine, and the cycle time. Plain Python with numpy."""
