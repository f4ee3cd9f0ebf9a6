# SPDX-License-Identifier: LGPL-2.1-or-later
"""The checks of a program that need no height field — machine travel, depth below the
stock's bottom, feed, spindle speed, tool numbers — over the whole program at once (numpy
over the moves), and the moves' columns the engine works from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from projem_workbench.gcode.reader import ARC, FEED, RAPID, Program
from projem_workbench.sim.findings import FindingCollector
from projem_workbench.sim.machine import MachineLimits
from projem_workbench.sim.tools import ToolShape

_SLACK = 1e-6  # mm and mm/min: what the G-code's three decimals cannot tell apart
_WORDS = {RAPID: "G0", FEED: "G1", ARC: "G2/G3"}
NO_TOOL = -1


@dataclass
class MoveColumns:
    """The moves as arrays: one row per move."""

    start: np.ndarray  # (n, 3)
    end: np.ndarray  # (n, 3)
    rapid: np.ndarray  # bool
    arc: np.ndarray  # bool
    tool: np.ndarray  # int, NO_TOOL before any M6
    feed: np.ndarray
    rpm: np.ndarray
    spindle_on: np.ndarray  # bool: direction set and S > 0
    line: np.ndarray

    @classmethod
    def of(cls, program: Program, top: float) -> MoveColumns:
        moves = program.moves
        n = len(moves)
        start = np.array([m.start for m in moves], dtype=np.float64).reshape(n, 3)
        end = np.array([m.end for m in moves], dtype=np.float64).reshape(n, 3)
        if n:
            # rs274 starts at 0, 0, 0, which is no place a machine is at: the tool comes from
            # above the stock, and only where the first move goes counts.
            start[0, 2] = max(start[0, 2], end[0, 2], top)
        kind = [m.kind for m in moves]
        spindle = [m.spindle for m in moves]
        rpm = np.array([m.spindle_rpm for m in moves], dtype=np.float64)
        return cls(
            start=start,
            end=end,
            rapid=np.array([k == RAPID for k in kind], dtype=bool),
            arc=np.array([k == ARC for k in kind], dtype=bool),
            tool=np.array([NO_TOOL if m.tool is None else m.tool for m in moves], dtype=np.int64),
            feed=np.array([m.feed_mm_min for m in moves], dtype=np.float64),
            rpm=rpm,
            spindle_on=np.array([s != "off" for s in spindle], dtype=bool) & (rpm > 0),
            line=np.array([m.line for m in moves], dtype=np.int64),
        )


def check_program(
    program: Program,
    columns: MoveColumns,
    arc_points: Mapping[int, np.ndarray],
    *,
    findings: FindingCollector,
    machine: MachineLimits,
    tools: Mapping[int, ToolShape],
) -> None:
    """Every check that needs no stock, findings in ``findings``."""
    moves, c, m = program.moves, columns, machine
    reported: set[int] = set()
    for change in program.tool_changes:
        if change.tool not in tools:
            reported.add(change.tool)
            findings.add(
                "unknown_tool",
                change.line,
                f"M6 T{change.tool}: tool {change.tool} is not in this run's tool list",
                tool=change.tool,
            )
    if not moves:
        return
    # Travel: every move's end (each start is the previous end) and the chords of arcs.
    t = m.travel
    low = np.array([t.x0, t.y0, t.z0]) - _SLACK
    high = np.array([t.x1, t.y1, t.z1]) + _SLACK
    outside = np.any((c.end < low) | (c.end > high), axis=1)
    for n, points in arc_points.items():
        if np.any((points < low) | (points > high)):
            outside[n] = True
    for n in np.flatnonzero(outside).tolist():
        points = arc_points.get(n, c.end[n : n + 1])
        bad = np.any((points < low) | (points > high), axis=1)
        x, y, z = points[int(np.argmax(bad))].tolist()
        beyond = ", ".join(
            f"{axis} by {max(lo - v, v - hi):.3f} mm"
            for axis, v, lo, hi in zip("XYZ", (x, y, z), low + _SLACK, high - _SLACK, strict=True)
            if v < lo - _SLACK or v > hi + _SLACK
        )
        findings.add(
            "overtravel",
            moves[n].line,
            f"{_WORDS[moves[n].kind]} takes the tool tip to X{x:.3f} Y{y:.3f} Z{z:.3f}, "
            f"outside {m.name}'s travel (X {t.x0:g}..{t.x1:g}, Y {t.y0:g}..{t.y1:g}, "
            f"Z {t.z0:g}..{t.z1:g}): beyond {beyond}",
            x=x,
            y=y,
            z=z,
            tool=moves[n].tool,
        )
    cutting = ~c.rapid
    for n in np.flatnonzero(cutting & ~(c.feed > 0)).tolist():
        x, y, z = c.end[n].tolist()
        findings.add(
            "feed_missing",
            moves[n].line,
            f"{_WORDS[moves[n].kind]} to X{x:.3f} Y{y:.3f} Z{z:.3f} has no feed rate "
            f"(F{c.feed[n]:g}); set F before the first cutting move",
            x=x,
            y=y,
            z=z,
            tool=moves[n].tool,
        )
    for n in np.flatnonzero(cutting & (c.feed > m.max_feed_mm_min + _SLACK)).tolist():
        x, y, z = c.end[n].tolist()
        findings.add(
            "feed_over_max",
            moves[n].line,
            f"F{c.feed[n]:g} mm/min is above {m.name}'s maximum feed of "
            f"{m.max_feed_mm_min:g} mm/min",
            x=x,
            y=y,
            z=z,
            tool=moves[n].tool,
        )
    # Spindle: at the first move of each stretch run at a speed the machine cannot give.
    on = np.array([mv.spindle != "off" for mv in moves], dtype=bool)
    over = c.rpm > m.max_spindle_rpm + _SLACK
    under = on & (c.rpm > 0) & (c.rpm < m.min_spindle_rpm - _SLACK)
    changed = np.ones(len(moves), dtype=bool)
    changed[1:] = (c.rpm[1:] != c.rpm[:-1]) | (on[1:] != on[:-1])
    for n in np.flatnonzero((over | under) & changed).tolist():
        rpm = c.rpm[n]
        if over[n]:
            why = f"above {m.name}'s maximum of {m.max_spindle_rpm:g} rpm"
        else:
            why = f"below {m.name}'s minimum of {m.min_spindle_rpm:g} rpm"
        findings.add(
            "spindle_out_of_range",
            moves[n].line,
            f"spindle speed S{rpm:g} is {why} (first move run at that speed)",
            tool=moves[n].tool,
        )
    # Tools: a cutting move with no tool in the spindle (the first; it can only happen before
    # the first M6), a number not in the list (once, unless its M6 was reported).
    none = c.tool == NO_TOOL
    loose = np.flatnonzero(none & cutting)
    if len(loose):
        n = int(loose[0])
        findings.add(
            "unknown_tool",
            moves[n].line,
            f"{_WORDS[moves[n].kind]} with no tool in the spindle (no M6 before it)",
        )
    for number in np.unique(c.tool[~none]).tolist():
        if number not in tools and number not in reported:
            n = int(np.argmax(c.tool == number))
            findings.add(
                "unknown_tool",
                moves[n].line,
                f"T{number} is not in this run's tool list",
                tool=number,
            )


def check_depth(
    program: Program,
    columns: MoveColumns,
    arc_points: Mapping[int, np.ndarray],
    *,
    findings: FindingCollector,
    bottom: float,
    allowance: float,
) -> None:
    """A ``below_stock_bottom`` finding for every move whose tool tip goes below ``bottom``
    (the stock's) by more than ``allowance`` (a through cut's): what is there is what holds
    the stock."""
    moves, floor = program.moves, bottom - allowance - _SLACK
    if not moves:
        return
    lowest = columns.end[:, 2].copy()
    for n, points in arc_points.items():
        lowest[n] = min(lowest[n], float(points[:, 2].min()))
    for n in np.flatnonzero(lowest < floor).tolist():
        points = arc_points.get(n, columns.end[n : n + 1])
        x, y, z = points[int(np.argmin(points[:, 2]))].tolist()
        findings.add(
            "below_stock_bottom",
            moves[n].line,
            f"{_WORDS[moves[n].kind]} takes the tool tip to Z{z:.3f} at X{x:.3f} Y{y:.3f}, "
            f"{bottom - z:.3f} mm below the stock's bottom (Z{bottom:g}): more than the "
            f"{allowance:g} mm through-cut allowance, into the vise, fixture or table",
            x=x,
            y=y,
            z=z,
            tool=moves[n].tool,
        )
