# SPDX-License-Identifier: LGPL-2.1-or-later
"""Where the CAM planner's modules still look for the cutting-data format, now defined in
:mod:`projem_workbench.schemas.cutting_data` (below the services, for the material schema).
Remove once ``cam_resolve`` and ``cam_plan`` import it from there."""

from __future__ import annotations

from projem_workbench.schemas.cutting_data import CuttingData

__all__ = ["CuttingData"]
