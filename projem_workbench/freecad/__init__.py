# SPDX-License-Identifier: LGPL-2.1-or-later
"""FreeCAD documents as files (plain Python) and, where FreeCAD can be found, as geometry."""
