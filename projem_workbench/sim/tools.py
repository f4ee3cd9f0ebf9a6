# SPDX-License-Identifier: LGPL-2.1-or-later
"""The tool as the simulator sees it: a cutter profile (the height of the cutter's lowest point
at each distance from its axis), a shank above the cutting length, and a holder above the
stick-out. Made from a row of the ``tools`` table with :meth:`ToolShape.from_record`.

Defaults where the record is silent (all documented on :meth:`ToolShape.fill_defaults`):
the holder is an ER collet chuck sized by the shank, the tool sits in it by two thirds of the
collet's length, and the stick-out is the overall length minus that grip.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np

FLAT, BALL, BULL, CONE = "flat", "ball", "bull", "cone"

# tool_type (db.enums.ToolType) -> profile kind. Tools whose real form a height field cannot
# hold (a slot cutter's undercut, a thread mill's teeth, a dovetail) are their envelope from
# below: a flat end of the full diameter, which is what they remove when moved straight.
KIND_BY_TYPE: dict[str, str] = {
    "flat_endmill": FLAT,
    "face_mill": FLAT,
    "slot_cutter": FLAT,
    "thread_mill": FLAT,
    "tap": FLAT,
    "reamer": FLAT,
    "dovetail": FLAT,
    "corner_rounding": FLAT,
    "probe": BALL,
    "ball_endmill": BALL,
    "tapered_ball_endmill": BALL,
    "bull_endmill": BULL,
    "drill": CONE,
    "center_drill": CONE,
    "chamfer": CONE,
    "v_bit": CONE,
    "engraver": CONE,
}
# Included tip angle when a cone tool's record has none.
DEFAULT_TIP_ANGLE: dict[str, float] = {
    "drill": 118.0,
    "center_drill": 90.0,
    "chamfer": 90.0,
    "v_bit": 60.0,
    "engraver": 30.0,
}
# Insert face mills, slot cutters and thread mills do not cut at their centre.
NOT_CENTER_CUTTING = frozenset({"face_mill", "slot_cutter", "thread_mill"})

# ER collets: (largest shank in mm, collet nut diameter, collet length), from the DIN 6499
# sizes. A shank above ER40's range is held in a shrink or Weldon holder 2.5 x its diameter.
ER_COLLETS: tuple[tuple[float, float, float], ...] = (
    (7.0, 19.0, 18.0),  # ER11
    (10.0, 28.0, 27.5),  # ER16
    (13.0, 34.0, 31.5),  # ER20
    (16.0, 42.0, 34.0),  # ER25
    (20.0, 50.0, 40.0),  # ER32
    (26.0, 63.0, 46.0),  # ER40
)
DEFAULT_HOLDER_LENGTH_MM = 50.0
# Steps of the radial profile tables: fine enough that a lookup is off by at most half a step
# sideways (R / 8192 for the cutter), and the table is still small enough to stay in cache.
PROFILE_STEPS = 4096


def _collet(shank_mm: float) -> tuple[float, float]:
    """(holder diameter, collet length) for a shank, from the ER table."""
    for largest, nut, length in ER_COLLETS:
        if shank_mm <= largest:
            return nut, length
    return 2.5 * shank_mm, 2.0 * shank_mm


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    result = float(value)
    return result if math.isfinite(result) else None


@dataclass(frozen=True)
class ToolShape:
    """A tool in the simulator's terms; lengths in mm, measured up from the tool tip."""

    number: int
    name: str
    kind: str
    diameter_mm: float
    flute_length_mm: float
    shank_diameter_mm: float
    stickout_mm: float
    holder_diameter_mm: float
    holder_length_mm: float
    corner_radius_mm: float = 0.0
    tip_angle_deg: float = 180.0
    tip_diameter_mm: float = 0.0
    center_cutting: bool = True

    def __post_init__(self) -> None:
        if self.kind not in (FLAT, BALL, BULL, CONE):
            raise ValueError(f"T{self.number}: unknown tool kind {self.kind!r}")
        if not self.diameter_mm > 0:
            raise ValueError(f"T{self.number}: diameter must be positive")

    @classmethod
    def from_record(cls, record: Mapping[str, Any], *, number: int) -> ToolShape:
        """The shape of the tool in a ``tools`` row (a mapping of its columns).

        ``params`` may carry ``holder_diameter_mm``, ``holder_length_mm``, ``stickout_mm``,
        ``center_cutting`` and ``tip_diameter_mm``; what is missing comes from
        :meth:`fill_defaults`.
        """
        params = record.get("params") or {}
        tool_type = str(record.get("tool_type") or "flat_endmill")
        kind = KIND_BY_TYPE.get(tool_type, FLAT)
        diameter = _number(record.get("diameter_mm"))
        if diameter is None or diameter <= 0:
            raise ValueError(f"T{number}: the tool record has no positive diameter_mm")
        corner = _number(record.get("corner_radius_mm")) or 0.0
        if kind == BULL and corner <= 0:
            kind = FLAT
        corner = min(corner, diameter / 2) if kind == BULL else 0.0
        angle = _number(record.get("tip_angle_deg"))
        if kind == CONE:
            angle = angle if angle and 0 < angle < 180 else DEFAULT_TIP_ANGLE.get(tool_type, 118)
        center = params.get("center_cutting")
        tip = _number(params.get("tip_diameter_mm")) or 0.0
        shape = cls(
            number=number,
            name=str(record.get("name") or f"T{number}"),
            kind=kind,
            diameter_mm=diameter,
            flute_length_mm=_number(record.get("flute_length_mm")) or 0.0,
            shank_diameter_mm=_number(record.get("shank_diameter_mm")) or 0.0,
            stickout_mm=_number(params.get("stickout_mm")) or 0.0,
            holder_diameter_mm=_number(params.get("holder_diameter_mm")) or 0.0,
            holder_length_mm=_number(params.get("holder_length_mm")) or 0.0,
            corner_radius_mm=corner,
            tip_angle_deg=float(angle) if kind == CONE and angle else 180.0,
            tip_diameter_mm=tip if kind == CONE else 0.0,
            center_cutting=(
                bool(center) if center is not None else tool_type not in NOT_CENTER_CUTTING
            ),
        )
        return shape.fill_defaults(overall_length_mm=_number(record.get("overall_length_mm")))

    def fill_defaults(self, *, overall_length_mm: float | None = None) -> ToolShape:
        """This shape with every zero length given a sensible value.

        - cutting length: the cone's height for cone tools (at least), else 3 x diameter;
        - shank: the cutter's diameter;
        - holder: the ER collet nut for the shank (ER11 Ø19 up to 7 mm, ER16 Ø28 to 10 mm,
          ER20 Ø34 to 13, ER25 Ø42 to 16, ER32 Ø50 to 20, ER40 Ø63 to 26, else 2.5 x shank),
          50 mm long;
        - stick-out: the overall length minus a grip of two thirds of the collet length (but
          at least 2 mm above the cutting length); without an overall length, the cutting
          length plus twice the shank diameter plus 10 mm.
        """
        flute = self.flute_length_mm
        if flute <= 0:
            flute = 3.0 * self.diameter_mm
        flute = max(flute, self.cone_height_mm)
        shank = self.shank_diameter_mm if self.shank_diameter_mm > 0 else self.diameter_mm
        nut, collet_length = _collet(shank)
        stickout = self.stickout_mm
        if stickout <= 0:
            if overall_length_mm and overall_length_mm > flute:
                stickout = max(overall_length_mm - collet_length * 2 / 3, flute + 2.0)
            else:
                stickout = flute + 2 * shank + 10.0
        return replace(
            self,
            flute_length_mm=flute,
            shank_diameter_mm=shank,
            stickout_mm=max(stickout, flute),
            holder_diameter_mm=self.holder_diameter_mm if self.holder_diameter_mm > 0 else nut,
            holder_length_mm=(
                self.holder_length_mm if self.holder_length_mm > 0 else DEFAULT_HOLDER_LENGTH_MM
            ),
        )

    @property
    def radius_mm(self) -> float:
        return self.diameter_mm / 2

    @property
    def cone_height_mm(self) -> float:
        """Height of a cone tool's tip (0 for the other kinds)."""
        if self.kind != CONE:
            return 0.0
        half = math.radians(self.tip_angle_deg / 2)
        return max(self.radius_mm - self.tip_diameter_mm / 2, 0.0) / math.tan(half)

    @property
    def body_radius_mm(self) -> float:
        """Radius of everything: cutter, shank and holder."""
        return max(self.radius_mm, self.shank_diameter_mm / 2, self.holder_diameter_mm / 2)

    def profile(self, r: np.ndarray) -> np.ndarray:
        """Height of the cutter's lowest point above the tip at radius ``r`` (inf outside)."""
        r = np.asarray(r, dtype=np.float64)
        radius = self.radius_mm
        inside = r <= radius * (1 + 1e-9)
        rc = np.minimum(r, radius)
        if self.kind == FLAT:
            z = np.zeros_like(rc)
        elif self.kind == BALL:
            z = radius - np.sqrt(np.maximum(radius * radius - rc * rc, 0.0))
        elif self.kind == BULL:
            c = self.corner_radius_mm
            u = np.maximum(rc - (radius - c), 0.0)
            z = c - np.sqrt(np.maximum(c * c - u * u, 0.0))
        else:
            half = math.radians(self.tip_angle_deg / 2)
            z = np.maximum(rc - self.tip_diameter_mm / 2, 0.0) / math.tan(half)
        return np.where(inside, z, np.inf)

    def body_profile(self, r: np.ndarray) -> np.ndarray:
        """Height of the lowest point of the parts that do not cut (shank above the cutting
        length, holder above the stick-out) at radius ``r``; inf beyond the holder."""
        r = np.asarray(r, dtype=np.float64)
        z = np.full(r.shape, np.inf)
        z = np.where(r <= self.holder_diameter_mm / 2, self.stickout_mm, z)
        return np.where(r <= self.shank_diameter_mm / 2, self.flute_length_mm, z)

    @cached_property
    def cutter_table(self) -> tuple[np.ndarray, float]:
        """(heights float32, inverse step): entry ``k`` is the profile at ``(k + 0.5) * step``
        (``step = R / PROFILE_STEPS``); entries past ``PROFILE_STEPS`` are inf."""
        return _table(self.profile, self.radius_mm)

    @cached_property
    def body_table(self) -> tuple[np.ndarray, float]:
        return _table(self.body_profile, self.body_radius_mm)

    @cached_property
    def full_table(self) -> tuple[np.ndarray, float]:
        """Cutter, shank and holder together: what a rapid must not meet."""

        def full(r: np.ndarray) -> np.ndarray:
            return np.minimum(self.profile(r), self.body_profile(r))

        return _table(full, self.body_radius_mm)

    @property
    def label(self) -> str:
        return f"T{self.number} ({self.name})"


def _table(function: Any, radius: float) -> tuple[np.ndarray, float]:
    # Entry k holds the profile at the middle of [k * step, (k + 1) * step), the range a
    # truncating lookup of r * inverse step sends there: off by at most half a step.
    # Entries run on (inf) to 8 radii, so that most sweeps need no clamp of the index.
    step = radius / PROFILE_STEPS
    r = (np.arange(8 * PROFILE_STEPS, dtype=np.float64) + 0.5) * step
    values = function(np.minimum(r, radius))
    values[PROFILE_STEPS + 1 :] = np.inf
    # Cutter profiles are nondecreasing outward; the body's is too once the cutter joins it.
    return values.astype(np.float32), 1.0 / step
