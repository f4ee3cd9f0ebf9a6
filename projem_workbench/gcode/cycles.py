# SPDX-License-Identifier: LGPL-2.1-or-later
"""Canned drilling cycles (G73, G81, G82, G83, G85 in G17) expanded into straight moves
exactly as LinuxCNC 2.9's interpreter makes them (checked against ``rs274 -g``):

* Before the first hole of a run of cycles, if the tool is below the R plane it rapids
  straight up to R. Every hole then rapids across in the XY plane at the current height, down
  to R (if not there), does its cycle, and rapids (G85: feeds to R, then rapids) back to the
  clearance height: R under G99, the height the run of cycles began at under G98 (or R if
  that was lower). The start height is remembered until a G0/G1/G2/G3/G80 ends the run.
* G73 feeds down by Q, rapids up 0.010 in (0.254 mm) to break the chip, and feeds on.
* G83 feeds down by Q, rapids out to R, rapids back down to 0.010 in (0.254 mm) above the
  depth reached, and feeds on; LinuxCNC's newer source retracts to the clearance height
  instead, 2.9's rs274 to R.
* G82 dwells P seconds at the bottom; G85 feeds back out to R.
* R, Z, Q and P stay in force for the next lines of the same cycle (a new cycle code needs
  them again). L repeats the hole; under G91, X and Y are increments per repeat, R is relative
  to the start height and Z to R.
All arithmetic is in the program's units, in LinuxCNC's order, so the points agree with
rs274's to the last digit.
"""

from __future__ import annotations

from typing import Protocol

CHIP_BREAK_IN = 0.010  # G73/G83 back-off, inches (LinuxCNC's G83_RAPID_DELTA)


class CycleError(ValueError):
    """A cycle that cannot run; the reader names the line."""


class Machine(Protocol):
    x: float
    y: float
    z: float
    scale: float
    absolute: bool
    retract_r: bool
    cycle_il: float | None
    cycle_r: float
    cycle_z: float
    cycle_q: float
    cycle_p: float

    def traverse(self, x: float, y: float, z: float) -> None: ...
    def feed_to(self, x: float, y: float, z: float) -> None: ...
    def dwell(self, seconds: float) -> None: ...


def run(state: Machine, code: int, values: dict[str, float], *, same: bool) -> str:
    """Run the cycle ``code`` for one line's ``values``; returns the letters it used."""
    if "R" in values:
        r_word = values["R"]
    elif same:
        r_word = state.cycle_r
    else:
        raise CycleError(f"G{code} without an R word (the retract plane)")
    repeats = 1
    if "L" in values:
        if values["L"] < 1 or not values["L"].is_integer():
            raise CycleError(f"L{values['L']:g}: the repeats are a whole number, 1 or more")
        repeats = int(values["L"])
    if "Z" in values:
        z_word = values["Z"]
    elif same:
        z_word = state.cycle_z
    else:
        raise CycleError(f"G{code} without a Z word (the bottom of the hole)")
    current = state.z
    if state.cycle_il is None:
        state.cycle_il = current
    old = state.cycle_il
    if state.absolute:
        step_x = step_y = 0.0
        r, bottom = r_word, z_word
        x, y = values.get("X", state.x), values.get("Y", state.y)
    else:
        step_x, step_y = values.get("X", 0.0), values.get("Y", 0.0)
        r = r_word + old
        bottom = r + z_word
        x, y = state.x, state.y
    if r < bottom:
        raise CycleError(f"G{code}: R ({r:g}) is below the bottom Z ({bottom:g})")
    used = "RLZ"
    peck = dwell = 0.0
    if code in (73, 83):
        if "Q" in values:
            peck = values["Q"]
        elif same:
            peck = state.cycle_q
        else:
            raise CycleError(f"G{code} without a Q word (the peck depth)")
        if peck <= 0:
            raise CycleError(f"G{code}: Q must be positive")
        used += "Q"
    elif code == 82:
        if "P" in values:
            dwell = values["P"]
        elif same:
            dwell = state.cycle_p
        else:
            raise CycleError("G82 without a P word (the dwell in seconds)")
        if dwell < 0:
            raise CycleError(f"G82: negative dwell P{dwell:g}")
        used += "P"
    if old < r:
        state.traverse(state.x, state.y, r)
        old = current = r
    clear = r if state.retract_r else old
    back_off = CHIP_BREAK_IN if state.scale != 1.0 else CHIP_BREAK_IN * 25.4
    for _ in range(repeats):
        x += step_x
        y += step_y
        state.traverse(x, y, current)
        if current != r:
            state.traverse(x, y, r)
        if code == 81:
            state.feed_to(x, y, bottom)
        elif code == 82:
            state.feed_to(x, y, bottom)
            state.dwell(dwell)
        elif code == 85:
            state.feed_to(x, y, bottom)
            state.feed_to(x, y, r)
        else:
            depth = r - peck
            while depth > bottom:
                state.feed_to(x, y, depth)
                if code == 83:
                    state.traverse(x, y, r)
                state.traverse(x, y, depth + back_off)
                depth -= peck
            state.feed_to(x, y, bottom)
        state.traverse(x, y, clear)
        current = clear
    state.cycle_r, state.cycle_z, state.cycle_q, state.cycle_p = r_word, z_word, peck, dwell
    return used
