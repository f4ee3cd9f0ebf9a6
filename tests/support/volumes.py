# SPDX-License-Identifier: LGPL-2.1-or-later
"""Volumes the tests expect the simulator to find, worked out by hand from the geometry."""

from __future__ import annotations

import math


def drill_point_ring_mm3(diameter: float, tip_angle_deg: float, breakout: float) -> float:
    """The material a drill's point leaves round the bottom of a through hole when the point
    goes ``breakout`` mm below it: the ring between the hole's wall and the cone, above the
    bottom (0 when the whole point breaks out)."""
    r = diameter / 2
    point = r / math.tan(math.radians(tip_angle_deg) / 2)
    if breakout >= point:
        return 0.0
    inner = r * breakout / point  # the cone's radius at the hole's bottom
    # Height of the cone over the bottom at radius p: (p - inner) * point / r, swept round.
    ring = 2 * math.pi * (r**3 / 3 - inner * r**2 / 2 + inner**3 / 6)
    return ring * point / r
