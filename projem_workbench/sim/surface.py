# SPDX-License-Identifier: LGPL-2.1-or-later
"""The part's top surface as a height field, made from a triangle mesh of the part."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class PartSurface:
    """Heights (float32, rows along Y) of the part's highest point above each cell centre;
    ``-inf`` where no part lies below it."""

    x0: float
    y0: float
    resolution_mm: float
    heights: np.ndarray
