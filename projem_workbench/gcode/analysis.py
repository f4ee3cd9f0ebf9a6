# SPDX-License-Identifier: LGPL-2.1-or-later
"""Measures the G-code a run produced: moves, lengths, estimated time, tools, per-operation
segments, and the refusal of a feed move without a feed.

It reads the program with :func:`projem_workbench.gcode.reader.read_program` (the one G-code
interpreter Projem has) and adds up its moves. Every feed move must have a positive feed: a
program that would feed at F0 (FreeCAD's default tool controller writes one) is refused with
the line that does it, so no such program is ever stored. (The reader itself accepts it; the
simulator reports it as a finding.)

The time estimate is feed moves at their feed plus rapids at the machine's rapid rate, dwells
and tool changes, with no acceleration (the simulation works that out).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from projem_workbench.gcode import arcs
from projem_workbench.gcode.reader import (
    RAPID,
    GcodeError,
    Move,
    Program,
    move_length,
    operation_starts,
    read_program,
)

__all__ = ["Envelope", "GcodeError", "GcodeStats", "Segment", "analyse"]

# Projem's G-code header names the post: "(machine: ..., controller linuxcnc, post grbl)"
POST = re.compile(r"^\(machine: .*\bpost (linuxcnc|grbl|fanuc)\)\s*$", re.MULTILINE)


@dataclass
class Envelope:
    x_min: float = math.inf
    x_max: float = -math.inf
    y_min: float = math.inf
    y_max: float = -math.inf
    z_min: float = math.inf
    z_max: float = -math.inf

    def add(self, x: float, y: float, z: float) -> None:
        self.x_min, self.x_max = min(self.x_min, x), max(self.x_max, x)
        self.y_min, self.y_max = min(self.y_min, y), max(self.y_max, y)
        self.z_min, self.z_max = min(self.z_min, z), max(self.z_max, z)

    def as_dict(self) -> dict[str, float] | None:
        if self.x_min == math.inf:
            return None
        return {k: round(v, 4) for k, v in vars(self).items()}


@dataclass
class Segment:
    """What one operation (between ``begin operation`` comments) did."""

    name: str
    cut_length_mm: float = 0.0
    rapid_length_mm: float = 0.0
    feed_moves: int = 0
    time_s: float = 0.0
    cut_envelope: Envelope = field(default_factory=Envelope)


@dataclass
class GcodeStats:
    move_count: int = 0
    cut_length_mm: float = 0.0
    rapid_length_mm: float = 0.0
    cycle_time_s: float = 0.0
    tool_changes: list[int] = field(default_factory=list)
    spindle_speeds: set[float] = field(default_factory=set)
    feeds: set[float] = field(default_factory=set)
    cut_envelope: Envelope = field(default_factory=Envelope)
    segments: list[Segment] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        return {
            "move_count": self.move_count,
            "cut_length_mm": round(self.cut_length_mm, 3),
            "rapid_length_mm": round(self.rapid_length_mm, 3),
            "cycle_time_s": round(self.cycle_time_s, 2),
            "tool_changes": self.tool_changes,
            "spindle_speeds": sorted(self.spindle_speeds),
            "feeds_mm_min": sorted(self.feeds),
            "cut_envelope": self.cut_envelope.as_dict(),
        }


def analyse(
    gcode: str,
    *,
    rapid_mm_min: float,
    tool_change_s: float = 0.0,
    dialect: str | None = None,
    home_z: float | None = None,
) -> GcodeStats:
    """Read ``gcode`` and measure it; raises :class:`GcodeError` for a feed move at no feed.

    ``dialect`` is the reader's ("linuxcnc", "grbl", "fanuc"); by default the post named in
    Projem's G-code header, else "linuxcnc". ``home_z`` goes to the reader (fanuc's G28).
    """
    if rapid_mm_min <= 0:
        raise ValueError("rapid_mm_min must be positive")
    if dialect is None:
        named = POST.search(gcode[:4000])
        dialect = named.group(1) if named else "linuxcnc"
    program = read_program(gcode, dialect=dialect, home_z=home_z)
    stats = GcodeStats()
    starts = operation_starts(program)
    lines = [line for line, _ in starts]
    segments = [Segment(name) for _, name in starts]
    stats.segments = segments

    def segment_of(line: int) -> Segment | None:
        index = bisect.bisect_right(lines, line) - 1
        return segments[index] if index >= 0 else None

    last_line = 0
    for move in program.moves:
        if move.line != last_line:  # a canned cycle's moves count as its line's one move
            stats.move_count += 1
            last_line = move.line
        _measure(move, program, stats, segment_of(move.line), rapid_mm_min)
    for dwell in program.dwells:
        stats.cycle_time_s += dwell.seconds
        segment = segment_of(dwell.line)
        if segment is not None:
            segment.time_s += dwell.seconds
    for change in program.tool_changes:
        stats.tool_changes.append(change.tool)
        stats.cycle_time_s += tool_change_s
    return stats


def _measure(
    move: Move, program: Program, stats: GcodeStats, segment: Segment | None, rapid: float
) -> None:
    length = move_length(move)
    if move.spindle != "off" and move.spindle_rpm > 0:
        stats.spindle_speeds.add(move.spindle_rpm)
    if move.kind == RAPID:
        seconds = 60 * length / rapid
        stats.rapid_length_mm += length
        stats.cycle_time_s += seconds
        if segment is not None:
            segment.rapid_length_mm += length
            segment.time_s += seconds
        return
    feed = move.feed_mm_min
    if feed <= 0:
        raise GcodeError(
            f"line {move.line}: feed move with no feed rate (F{feed:g}): "
            f"{program.lines[move.line - 1].strip()}",
            line=move.line,
        )
    seconds = 60 * length / feed
    stats.cut_length_mm += length
    stats.cycle_time_s += seconds
    stats.feeds.add(feed)
    points = _extent(move)
    for point in points:
        stats.cut_envelope.add(*point)
    if segment is not None:
        segment.cut_length_mm += length
        segment.feed_moves += 1
        segment.time_s += seconds
        for point in points:
            segment.cut_envelope.add(*point)


def _extent(move: Move) -> list[tuple[float, float, float]]:
    """The points that bound a move: its ends, and for an arc the quadrant points it passes."""
    points = [move.start, move.end]
    if move.center is None:
        return points
    ia, ib, inormal = arcs.AXES[move.plane]
    start_angle, swept, radius, rise = arcs.sweep(move)
    c = move.center
    for quadrant in range(4):
        angle = quadrant * math.pi / 2
        offset = (angle - start_angle) % (2 * math.pi)
        if swept < 0:
            offset = (start_angle - angle) % (2 * math.pi)
        if offset <= abs(swept):
            point = [0.0, 0.0, 0.0]
            point[ia] = c[ia] + radius * math.cos(angle)
            point[ib] = c[ib] + radius * math.sin(angle)
            point[inormal] = move.start[inormal] + rise * offset / abs(swept)
            points.append((point[0], point[1], point[2]))
    return points
