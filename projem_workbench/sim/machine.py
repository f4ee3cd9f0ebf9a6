# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the simulator knows of the stock and the machine: boxes and limits, in the program's
work coordinates and mm."""

from __future__ import annotations

from dataclasses import dataclass

# How far below the stock's bottom a through cut may go (mm): enough to cut a profile or a
# hole clean through into a spoil board or a sacrificial plate, not enough to reach the vise
# jaws or the table. A spec's ``through_cut_allowance_mm`` overrides it.
THROUGH_CUT_ALLOWANCE_MM = 1.0


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    z0: float
    x1: float
    y1: float
    z1: float

    def __post_init__(self) -> None:
        for axis in "xyz":
            if not getattr(self, f"{axis}1") > getattr(self, f"{axis}0"):
                raise ValueError(f"{axis}1 must be greater than {axis}0")

    @property
    def volume(self) -> float:
        return (self.x1 - self.x0) * (self.y1 - self.y0) * (self.z1 - self.z0)


@dataclass(frozen=True)
class MachineLimits:
    name: str
    travel: Box
    max_spindle_rpm: float
    max_feed_mm_min: float
    rapid_mm_min: float
    acceleration_mm_s2: float
    min_spindle_rpm: float = 0.0
    tool_change_s: float = 6.0
