# SPDX-License-Identifier: LGPL-2.1-or-later
"""The tools a plan may use, and how far each reaches.

Two lengths decide whether a tool can cut at a depth: its flutes must cover the wall it cuts
(the depth below the material left by the operations before: what the flutes cut at one
level), and its stick-out (the length out of the holder) the whole depth below the part's top,
so that the holder stays above every part of the stock. The stick-out is the simulator's
(:meth:`projem_workbench.sim.tools.ToolShape.fill_defaults`: the record's ``params.stickout_mm``,
else the overall length less the grip in an ER collet), so plan and simulation agree.
"""

from __future__ import annotations

from collections.abc import Callable

from projem_workbench.db.enums import ToolType
from projem_workbench.services.tools import ToolRecord
from projem_workbench.sim.tools import ToolShape

_SLACK = 1e-6


def shape_of(tool: ToolRecord) -> ToolShape:
    """``tool`` as the simulator sees it (its stick-out, its point)."""
    return ToolShape.from_record(tool.model_dump(mode="json"), number=tool.tool_number or 1)


def stickout_mm(tool: ToolRecord) -> float:
    """How far ``tool`` reaches below its holder, as the simulator takes it."""
    return shape_of(tool).stickout_mm


class PlanLibrary:
    """The tools usable in this material on this machine, by kind, largest first."""

    def __init__(self, tools: list[ToolRecord], usable: Callable[[ToolRecord], bool]) -> None:
        live = [t for t in tools if usable(t)]
        self.end_mills = sorted(
            (t for t in live if t.tool_type is ToolType.FLAT_ENDMILL),
            key=lambda t: (-t.diameter_mm, t.flute_length_mm or 0, t.name),
        )
        self.face_mills = sorted(
            (t for t in live if t.tool_type is ToolType.FACE_MILL),
            key=lambda t: (-t.diameter_mm, t.name),
        )
        self.drills = [t for t in live if t.tool_type is ToolType.DRILL]
        self._shapes = {t.name: shape_of(t) for t in live}

    def stickout(self, tool: ToolRecord) -> float:
        return self._shapes[tool.name].stickout_mm

    def point(self, tool: ToolRecord) -> float:
        """The length of a drill's point (its cone): how far it goes past a through hole's
        bottom before the hole is its full diameter there."""
        return self._shapes[tool.name].cone_height_mm

    @staticmethod
    def flutes_cover(tool: ToolRecord, wall: float) -> bool:
        return tool.flute_length_mm is None or float(tool.flute_length_mm) >= wall - _SLACK

    def reaches(self, tool: ToolRecord, wall: float, depth: float | None = None) -> bool:
        """Flutes over ``wall`` and the holder clear of the stock ``depth`` below its top."""
        return self.flutes_cover(tool, wall) and self.stickout(tool) >= (depth or wall) - _SLACK

    def largest_end_mill(
        self,
        *,
        fits: list[float] | None = None,
        wall: float = 0.0,
        depth: float | None = None,
        max_radius: float | None = None,
        flutes: bool = True,
    ) -> ToolRecord | None:
        """The largest end mill that fits (``fits``: diameters that fit, ``max_radius``) and
        reaches: its flutes over ``wall`` (unless ``flutes`` is False: then only its stick-out
        counts, the shank rubbing the wall above the flutes) and its stick-out over ``depth``.
        Of two of one diameter, the shorter one (stiffer) that reaches; without ``flutes``,
        the longer one (its shank rubs the least)."""
        order = (
            self.end_mills
            if flutes
            else sorted(
                self.end_mills, key=lambda t: (-t.diameter_mm, -(t.flute_length_mm or 0), t.name)
            )
        )
        for tool in order:
            d = float(tool.diameter_mm)
            if fits is not None and d not in fits:
                continue
            if max_radius is not None and d / 2 > max_radius + _SLACK:
                continue
            if flutes and not self.flutes_cover(tool, wall):
                continue
            if self.stickout(tool) >= max(wall, depth or 0.0) - _SLACK:
                return tool
        return None
