# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem's panels: plain QWidgets built on a Database and the services, hosted in docks (or
FreeCAD's preferences dialog) by the commands, and driven directly by the panel tests."""
