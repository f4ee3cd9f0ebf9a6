# SPDX-License-Identifier: LGPL-2.1-or-later
"""Reads the G-code a run produced: moves, lengths, estimated time, tools, and refusals.

An interpreter for the subset FreeCAD's linuxcnc, grbl and fanuc posts write: G0/G1/G2/G3
(arcs in the XY plane by I/J or R, helical with Z), canned drilling cycles G73/G81/G82/G83
with G98/G99, G20/G21, G90/G91, F, S, T and M6, dwell. Every feed move must have a positive
feed: a program that would feed at F0 (FreeCAD's default tool controller writes one) is
refused with the line that does it, so no such program is ever stored.

The time estimate is feed moves at their feed plus rapids at the machine's rapid rate, with
no acceleration (the simulation works that out).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from projem_workbench.errors import ValidationError

WORD = re.compile(r"([A-Z])\s*([-+]?(?:\d+\.?\d*|\.\d+))")
COMMENT = re.compile(r"\(([^)]*)\)")
OPERATION_MARK = re.compile(r"^begin operation:\s*(.+)$", re.IGNORECASE)
MOTION = {0, 1, 2, 3, 73, 81, 82, 83}
CYCLES = {73, 81, 82, 83}
INCH = 25.4


class GcodeError(ValidationError):
    """The program breaks a rule Projem holds every program to; names the line."""


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


@dataclass
class _State:
    x: float = 0.0
    y: float = 0.0
    z: float = 0.0
    motion: int | None = None
    feed: float = 0.0
    scale: float = 1.0
    absolute: bool = True
    retract_to_r: bool = False  # G99
    tool: int | None = None
    # R, Z, Q and P of a canned cycle, kept for the next lines of the same cycle (LinuxCNC
    # and Fanuc repeat a cycle at a new X/Y with the others left out).
    cycle: dict[str, float] = field(default_factory=dict)


def analyse(gcode: str, *, rapid_mm_min: float, tool_change_s: float = 0.0) -> GcodeStats:
    """Walk ``gcode`` and measure it; raises :class:`GcodeError` for a feed move at no feed."""
    if rapid_mm_min <= 0:
        raise ValueError("rapid_mm_min must be positive")
    stats, state = GcodeStats(), _State()
    segment = Segment("program")
    for number, raw in enumerate(gcode.splitlines(), start=1):
        line = raw.strip().upper()
        for comment in COMMENT.findall(raw):
            mark = OPERATION_MARK.match(comment.strip())
            if mark:
                segment = Segment(mark.group(1).strip())
                stats.segments.append(segment)
        code = COMMENT.sub(" ", line).split(";", 1)[0].strip()
        if not code or code == "%":
            continue
        words = _words(code, number, raw)
        _modal(words, state, stats, tool_change_s, number)
        if "F" in words:
            state.feed = words["F"][-1] * state.scale
        motions = [int(g) for g in words.get("G", []) if int(g) in MOTION]
        if motions:
            state.motion = motions[-1]
        elif 80 in [int(g) for g in words.get("G", [])]:
            state.motion = None
        if state.motion not in CYCLES:
            state.cycle.clear()
        if not any(axis in words for axis in "XYZ") or state.motion is None:
            if "P" in words and 4 in [int(g) for g in words.get("G", [])]:
                seconds = words["P"][-1]
                stats.cycle_time_s += seconds
                segment.time_s += seconds
            continue
        if state.motion != 0 and state.feed <= 0:
            raise GcodeError(
                f"line {number}: feed move with no feed rate (F{state.feed:g}): {raw.strip()}"
            )
        stats.move_count += 1
        _move(words, state, stats, segment, rapid_mm_min)
    return stats


def _words(code: str, number: int, raw: str) -> dict[str, list[float]]:
    words: dict[str, list[float]] = {}
    position = 0
    for match in WORD.finditer(code):
        if code[position : match.start()].strip():
            raise GcodeError(f"line {number}: cannot read {raw.strip()!r}")
        words.setdefault(match.group(1), []).append(float(match.group(2)))
        position = match.end()
    if code[position:].strip():
        raise GcodeError(f"line {number}: cannot read {raw.strip()!r}")
    return words


def _modal(
    words: dict[str, list[float]], state: _State, stats: GcodeStats, change_s: float, number: int
) -> None:
    for g in words.get("G", []):
        if g == 20:
            state.scale = INCH
        elif g == 21:
            state.scale = 1.0
        elif g == 90:
            state.absolute = True
        elif g == 91:
            state.absolute = False
        elif g == 98:
            state.retract_to_r = False
        elif g == 99:
            state.retract_to_r = True
        elif g in (18, 19):
            raise GcodeError(
                f"line {number}: arcs outside the XY plane (G18/G19) are not supported"
            )
    if "T" in words:
        state.tool = int(words["T"][-1])
    if "S" in words:
        stats.spindle_speeds.add(words["S"][-1])
    if 6 in words.get("M", []):
        stats.tool_changes.append(state.tool if state.tool is not None else -1)
        stats.cycle_time_s += change_s


def _target(words: dict[str, list[float]], state: _State) -> tuple[float, float, float]:
    def axis(name: str, current: float) -> float:
        if name not in words:
            return current
        value = words[name][-1] * state.scale
        return value if state.absolute else current + value

    return axis("X", state.x), axis("Y", state.y), axis("Z", state.z)


def _move(
    words: dict[str, list[float]],
    state: _State,
    stats: GcodeStats,
    segment: Segment,
    rapid_mm_min: float,
) -> None:
    x, y, z = _target(words, state)
    if state.motion in CYCLES:
        _cycle(words, state, stats, segment, rapid_mm_min, x, y, z)
        return
    if state.motion in (2, 3):
        length = _arc_length(words, state, x, y, z)
    else:
        length = math.dist((state.x, state.y, state.z), (x, y, z))
    if state.motion == 0:
        _rapid(length, stats, segment, rapid_mm_min)
    else:
        _feed(length, state.feed, stats, segment)
        for point in ((state.x, state.y, state.z), (x, y, z)):
            stats.cut_envelope.add(*point)
            segment.cut_envelope.add(*point)
    state.x, state.y, state.z = x, y, z


def _rapid(length: float, stats: GcodeStats, segment: Segment, rapid_mm_min: float) -> None:
    stats.rapid_length_mm += length
    segment.rapid_length_mm += length
    seconds = 60 * length / rapid_mm_min
    stats.cycle_time_s += seconds
    segment.time_s += seconds


def _feed(length: float, feed: float, stats: GcodeStats, segment: Segment) -> None:
    stats.cut_length_mm += length
    segment.cut_length_mm += length
    segment.feed_moves += 1
    stats.feeds.add(feed)
    seconds = 60 * length / feed
    stats.cycle_time_s += seconds
    segment.time_s += seconds


def _arc_length(
    words: dict[str, list[float]], state: _State, x: float, y: float, z: float
) -> float:
    if "R" in words:
        radius = abs(words["R"][-1] * state.scale)
        chord = math.dist((state.x, state.y), (x, y))
        sweep = 2 * math.asin(min(1.0, chord / (2 * radius))) if radius else 0.0
        if words["R"][-1] < 0:  # a negative R is the arc longer than a half circle
            sweep = 2 * math.pi - sweep
    else:
        cx = state.x + words.get("I", [0.0])[-1] * state.scale
        cy = state.y + words.get("J", [0.0])[-1] * state.scale
        radius = math.dist((cx, cy), (state.x, state.y))
        start = math.atan2(state.y - cy, state.x - cx)
        end = math.atan2(y - cy, x - cx)
        sweep = (end - start) if state.motion == 3 else (start - end)
        sweep %= 2 * math.pi
        if sweep < 1e-9:  # same start and end point: a full circle
            sweep = 2 * math.pi
    return math.hypot(radius * sweep, z - state.z)


def _cycle(
    words: dict[str, list[float]],
    state: _State,
    stats: GcodeStats,
    segment: Segment,
    rapid_mm_min: float,
    x: float,
    y: float,
    z: float,
) -> None:
    """One hole of a canned cycle, as LinuxCNC runs it (absolute mode)."""
    sticky = state.cycle
    for letter in "RQP":
        if letter in words:
            sticky[letter] = words[letter][-1] * (1.0 if letter == "P" else state.scale)
    if "Z" in words:
        sticky["Z"] = z
    else:
        z = sticky.get("Z", z)
    r = sticky.get("R", state.z)
    start_z = state.z
    if start_z < r:
        _rapid(r - start_z, stats, segment, rapid_mm_min)
        start_z = r
    _rapid(math.dist((state.x, state.y), (x, y)), stats, segment, rapid_mm_min)
    _rapid(start_z - r, stats, segment, rapid_mm_min)
    depth = r - z
    peck = sticky.get("Q", 0.0) if state.motion in (73, 83) else 0.0
    if peck > 0 and state.motion == 83:  # back to R after every peck, and down again
        reached = 0.0
        while reached < depth - 1e-9:
            step = min(peck, depth - reached)
            _feed(step, state.feed, stats, segment)
            reached += step
            if reached < depth - 1e-9:
                _rapid(2 * reached, stats, segment, rapid_mm_min)
    else:
        _feed(depth, state.feed, stats, segment)
    for point in ((x, y, r), (x, y, z)):
        stats.cut_envelope.add(*point)
        segment.cut_envelope.add(*point)
    if state.motion == 82 and "P" in sticky:
        stats.cycle_time_s += sticky["P"]
        segment.time_s += sticky["P"]
    back = r if state.retract_to_r else max(start_z, r)
    _rapid(back - z, stats, segment, rapid_mm_min)
    state.x, state.y, state.z = x, y, back
