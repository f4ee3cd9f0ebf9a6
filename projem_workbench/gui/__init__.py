# SPDX-License-Identifier: LGPL-2.1-or-later
"""The FreeCAD user interface of Projem: the only package that imports Qt and FreeCADGui."""
