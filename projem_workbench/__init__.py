# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem: a FreeCAD workbench for CNC production shops.

This package imports neither FreeCAD nor Qt at the top level: the database layer, the services
and the command line run in a plain Python. FreeCAD is reached only through
``projem_workbench.freecad_env`` and Qt only from ``projem_workbench.gui``.
"""

__version__ = "0.1.0"
