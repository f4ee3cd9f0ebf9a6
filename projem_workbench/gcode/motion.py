# SPDX-License-Identifier: LGPL-2.1-or-later
"""The reader's interpreter state and the moves it makes: straight moves, arcs, the G28 of
fanuc's tool change and the switch of units, each appended to the program as LinuxCNC's
interpreter would make it (the reader decides which to run, line by line)."""

from __future__ import annotations

from projem_workbench.gcode import arcs
from projem_workbench.gcode.dialects import Dialect
from projem_workbench.gcode.program import ARC, FEED, RAPID, Dwell, Move, Program, fail

INCH = 25.4


class State:
    """The interpreter's modal state; positions in the program's current units, like LinuxCNC."""

    __slots__ = ("absolute", "changes", "coolant", "cycle", "cycle_il", "cycle_p", "cycle_q",
                 "cycle_r", "cycle_z", "dwells", "feed", "flood", "home_z", "ijk_absolute",
                 "line", "mist", "motion", "moves", "operation", "plane", "pos", "retract_r",
                 "rpm", "scale", "selected", "spindle", "tool", "x", "y", "z")  # fmt: skip

    def __init__(self, program: Program, motion: int | None) -> None:
        self.x = self.y = self.z = 0.0
        self.pos = (0.0, 0.0, 0.0)  # the same point in mm
        self.scale = 1.0
        self.absolute, self.ijk_absolute, self.retract_r = True, False, True
        self.plane, self.motion = 17, motion
        self.feed = self.rpm = 0.0
        self.spindle, self.coolant, self.mist, self.flood = "off", "off", False, False
        self.tool: int | None = None
        self.selected: int | None = None
        self.operation = ""
        self.cycle_il: float | None = None  # Z where the current run of cycles began
        self.cycle_r = self.cycle_z = self.cycle_q = self.cycle_p = 0.0
        self.moves, self.dwells = program.moves, program.dwells
        self.changes = program.tool_changes
        self.line, self.cycle = 0, None  # the line and cycle being expanded

    def _emit(self, kind: str, x: float, y: float, z: float) -> None:
        s = self.scale
        end = (x, y, z) if s == 1.0 else (x * s, y * s, z * s)
        self.moves.append(Move(self.line, kind, self.pos, end, self.feed, self.tool, self.rpm,
                               self.spindle, self.coolant, self.operation, 17, False, None, 1,
                               self.cycle))  # fmt: skip
        self.pos, self.x, self.y, self.z = end, x, y, z

    def traverse(self, x: float, y: float, z: float) -> None:
        """A rapid of a canned cycle to (x, y, z) in program units."""
        self._emit(RAPID, x, y, z)

    def feed_to(self, x: float, y: float, z: float) -> None:
        """A feed move of a canned cycle to (x, y, z) in program units."""
        self._emit(FEED, x, y, z)

    def dwell(self, seconds: float) -> None:
        self.dwells.append(Dwell(self.line, seconds))


def home(state: State, values: dict[str, float], number: int) -> None:
    """``G28 G91 Z0``: straight up to the machine's Z home (fanuc, with ``home_z`` known)."""
    if state.home_z is None:
        raise fail(number, "G28: the machine's Z home is not known in work coordinates (read "
                   "the program with the machine's home_z)")  # fmt: skip
    if "X" in values or "Y" in values or values.get("Z") != 0.0 or state.absolute:
        raise fail(number, "G28: only G28 G91 Z0 (straight up to the Z home) is read")
    for letter in values:
        if letter not in "ZFST":
            raise fail(number, f"{letter}{values[letter]:g} with nothing on the line to use it")
    state.line, state.cycle = number, None
    state.traverse(state.x, state.y, state.home_z / state.scale)


def set_units(state: State, units: int) -> None:
    scale = INCH if units == 20 else 1.0
    if scale == state.scale:
        return
    factor = state.scale / scale  # LinuxCNC converts the current position and cycle values
    state.x, state.y, state.z = state.x * factor, state.y * factor, state.z * factor
    if state.cycle_il is not None:
        state.cycle_il *= factor
    state.cycle_r *= factor
    state.cycle_z *= factor
    state.cycle_q *= factor
    state.scale = scale


def straight(state: State, values: dict[str, float], number: int, mode: int) -> None:
    x, y, z = state.x, state.y, state.z
    if state.absolute:
        x = values.get("X", x)
        y = values.get("Y", y)
        z = values.get("Z", z)
    else:
        x += values.get("X", 0.0)
        y += values.get("Y", 0.0)
        z += values.get("Z", 0.0)
    s = state.scale
    end = (x, y, z) if s == 1.0 else (x * s, y * s, z * s)
    state.moves.append(Move(number, FEED if mode else RAPID, state.pos, end, state.feed,
                            state.tool, state.rpm, state.spindle, state.coolant,
                            state.operation))  # fmt: skip
    state.pos, state.x, state.y, state.z = end, x, y, z


def arc(
    state: State, rules: Dialect, values: dict[str, float], number: int, mode: int, axes: bool
) -> str:
    """One G2/G3; returns the letters it used."""
    plane = state.plane
    ia, ib, inormal = arcs.AXES[plane]
    la, lb, ln = arcs.OFFSETS[plane]
    # no end point: a full circle from where the tool is (LinuxCNC reads it so)
    if ln in values and not rules.off_plane_offsets:
        raise fail(number, f"{ln} word in a G{plane} arc (its plane has no {ln} offset)")
    start = [state.x, state.y, state.z]
    end = list(start)
    for index, letter in enumerate("XYZ"):
        if letter in values:
            end[index] = values[letter] if state.absolute else start[index] + values[letter]
    turns = 1
    if "P" in values:
        turns_value = values["P"]
        if turns_value < 1 or not turns_value.is_integer():
            raise fail(
                number, f"P{turns_value:g}: the turns of an arc are a whole number, 1 or more"
            )
        turns = int(turns_value)
    inch = state.scale != 1.0
    clockwise = mode == 2
    a0, b0, a1, b1 = start[ia], start[ib], end[ia], end[ib]
    try:
        if "R" in values:
            if la in values or lb in values:
                raise fail(number, f"G{mode} with both R and {la}/{lb} words")
            ca, cb = arcs.center_from_radius(a0, b0, a1, b1, values["R"], clockwise, inch)
        else:
            if la not in values and lb not in values:
                raise fail(number, f"G{mode} without R or {la}/{lb} words for its centre")
            oa, ob = values.get(la, 0.0), values.get(lb, 0.0)
            ca, cb = (oa, ob) if state.ijk_absolute else (a0 + oa, b0 + ob)
            arcs.check_center(a0, b0, a1, b1, ca, cb, inch)
    except arcs.ArcError as exc:
        raise fail(number, f"G{mode}: {exc}") from None
    center = [0.0, 0.0, 0.0]
    center[ia], center[ib], center[inormal] = ca, cb, start[inormal]
    state.x, state.y, state.z = end
    s = state.scale
    if s != 1.0:
        end = [c * s for c in end]
        center = [c * s for c in center]
    end_t = (end[0], end[1], end[2])
    state.moves.append(Move(number, ARC, state.pos, end_t, state.feed, state.tool, state.rpm,
                            state.spindle, state.coolant, state.operation, plane, clockwise,
                            (center[0], center[1], center[2]), turns))  # fmt: skip
    state.pos = end_t
    return f"{la}{lb}{ln}RP"
