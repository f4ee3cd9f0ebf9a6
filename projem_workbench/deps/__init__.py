# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem's own Python packages, for FreeCAD's Python: checked, installed and downloaded.

FreeCAD's Addon Manager installs only the packages on FreeCAD's allow-list, and none of
Projem's is on it, so Projem installs them itself, where the Addon Manager would: the
``AdditionalPythonPackages/py<major><minor>`` folder of the user's FreeCAD data folder, with the
Python that belongs to that FreeCAD. Everything in this package is standard library only: it
runs before any of the packages it installs is there (``python3 -m projem_workbench deps``).
"""
