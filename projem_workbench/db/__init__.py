# SPDX-License-Identifier: LGPL-2.1-or-later
"""Database layer: engine, sessions, typed models, canonical JSON and the migration runner
(no FreeCAD, no Qt)."""
