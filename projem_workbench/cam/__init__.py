# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem's side of FreeCAD's CAM module: runs inside FreeCAD (its GUI or ``freecadcmd``).

:mod:`.freecad_cam` is the only module in Projem that imports FreeCAD's CAM code; it hides the
differences between FreeCAD 0.20/0.21 (``PathScripts``), 1.0 and 1.1 (``Path.*``).
:mod:`.features` finds what a part needs machined, :mod:`.job_builder` turns a resolved run
specification into a CAM job and G-code. Nothing here touches the database: requests and
answers are plain JSON-able dicts (see :mod:`projem_workbench.freecad.worker`).
:mod:`.operations`, the table of operation types, runs outside FreeCAD too (the spec and the
GUI read it), so this ``__init__`` imports nothing.
"""
