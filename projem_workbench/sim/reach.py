# SPDX-License-Identifier: LGPL-2.1-or-later
"""A tool cutting deeper than its flutes: the shank above them rubs the wall they cut.

A height field does not see it by itself: the flutes leave the wall at exactly the cutter's
radius, and a shank of that radius then stands just clear of it. On the machine it rubs (a
shank is not ground to cut, and a wall deeper than the flutes is as wide as the cutter only
if the tool does not deflect at all). So after each cut, a tool whose shank is not narrower
than its cutter looks for material standing above the top of its flutes within one cell
outside the cutter's radius: that is wall beside the shank. A shank wider than the cutter
meets that wall as a ``holder_collision`` already; a relieved (narrower) shank clears it.

One ``shank_rub`` warning per tool load, at the first move that rubs, with how many more did
and the deepest rub.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from projem_workbench.gcode.reader import Program
from projem_workbench.sim.cutting import EPS_MM, Cutter, move_segments
from projem_workbench.sim.findings import Finding, FindingCollector
from projem_workbench.sim.pieces import clip_segments
from projem_workbench.sim.tools import ToolShape


@dataclass
class _Load:
    finding: Finding | None
    moves: int
    deepest_mm: float


class ShankRubs:
    """Watches the cuts of one simulation for shanks against walls."""

    def __init__(self, cutter: Cutter, program: Program, findings: FindingCollector) -> None:
        self.cutter, self.findings = cutter, findings
        self.changes = sorted(change.line for change in program.tool_changes)
        self.loads: dict[int, _Load] = {}

    def check(
        self,
        tool: ToolShape,
        indices: Sequence[int],
        columns: Any,
        arcs: Mapping[int, np.ndarray],
    ) -> None:
        """Look at the moves ``indices`` of ``tool`` just cut (against the field they left)."""
        if tool.shank_diameter_mm < tool.diameter_mm - 1e-6:
            return  # a relieved shank stands clear of the wall the flutes cut
        grid = self.cutter.grid
        s = grid.stock
        radius = tool.radius_mm + grid.res
        # Only moves whose flutes end below the stock's top can have wall beside the shank.
        index = np.asarray(indices, dtype=np.int64)
        low = np.minimum(columns.start[index, 2], columns.end[index, 2])
        if arcs:  # an arc out of the XY plane may dip below its ends
            for k, n in enumerate(indices):
                if n in arcs:
                    low[k] = min(low[k], float(arcs[n][:, 2].min()))
        deep = index[low + tool.flute_length_mm < s.z1 - EPS_MM].tolist()
        for n in deep:
            segments = move_segments(columns, arcs, n)
            z = float(min(segments[:, 2].min(), segments[:, 5].min()))
            shank = z + tool.flute_length_mm
            flat = clip_segments(segments, (s.x0 - radius, s.y0 - radius, s.x1 + radius,
                                            s.y1 + radius))  # fmt: skip
            if not len(flat):
                continue
            flat = flat.copy()
            flat[:, 2] = flat[:, 5] = z
            highest = self.cutter.highest_within(flat, radius)
            if highest <= shank + EPS_MM:
                continue
            move = self.cutter.moves[n]
            if self.findings.has("holder_collision", move.line):
                continue  # reported as the collision it is
            self._record(tool, n, z, shank, highest)

    def _record(self, tool: ToolShape, n: int, z: float, shank: float, highest: float) -> None:
        move = self.cutter.moves[n]
        load = bisect_right(self.changes, move.line)
        rub = highest - shank
        seen = self.loads.get(load)
        if seen is not None:
            seen.moves += 1
            seen.deepest_mm = max(seen.deepest_mm, rub)
            return
        x, y, _ = move.end
        finding = self.findings.add(
            "shank_rub",
            move.line,
            f"{tool.label} cuts at Z{z:.3f}, deeper than its {tool.flute_length_mm:g} mm "
            f"flutes reach: material stands to Z{highest:.3f} beside it, so its shank rubs "
            f"the wall for {rub:.3f} mm above the flutes (to Z{shank:.3f}); use a tool with "
            "longer flutes or a relieved neck, or machine the rest from the other side",
            x=x,
            y=y,
            z=z,
            tool=tool.number,
        )
        self.loads[load] = _Load(finding, 1, rub)

    def finish(self) -> None:
        """Say on each warning how many more moves of its tool load rubbed, and how deep."""
        for load in self.loads.values():
            if load.finding is not None and load.moves > 1:
                load.finding.message += (
                    f" (and {load.moves - 1} more moves of this tool like this, rubbing up to "
                    f"{load.deepest_mm:.3f} mm)"
                )
