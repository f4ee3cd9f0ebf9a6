# SPDX-License-Identifier: LGPL-2.1-or-later
"""The G-code reader: a program's text in, its moves in work coordinates out, each with the
source line it came from and the modal state (tool, feed, spindle, coolant) it ran under.

Plain Python: no FreeCAD, no Qt. An unsupported or malformed word is a :class:`GcodeError`
naming the line, never a silent skip.

It reads the dialects of FreeCAD's linuxcnc, grbl and fanuc posts the way LinuxCNC 2.9's
interpreter does (checked move for move against its ``rs274 -g`` in the tests): G0/G1/G2/G3
(I/J/K or R, full circles, helices, P turns) in G17/G18/G19, G20/G21 (everything comes out in
mm and mm/min), G90/G91, G90.1/G91.1, G54-G59.3 (one work frame: the offsets live in the
controller), G43 H/G49 (positions are tool-tip positions), G40, G61/G61.1/G64, G94, G4 P,
the canned cycles G73/G81/G82/G83/G85 with G98/G99, sticky R/Z/Q/P and L repeats in G90 and
G91 (expanded in :mod:`projem_workbench.gcode.cycles`), G80, F, S, T, M0/M1/M2/M30 (reading
stops at M2/M30 or a second ``%``), M3/M4/M5, M6, M7/M8/M9, comments ``( )`` and ``;`` and
N words, G8 (lathe radius mode, LinuxCNC's default). ``(begin operation: NAME)`` comments name
the operation of the moves after them. Dialects (:mod:`projem_workbench.gcode.dialects`): grbl
starts in G0, ignores an arc's out-of-plane offset (FreeCAD's grbl post writes K0) and knows no
G43 H; fanuc reads FreeCAD 1.x's tool change (``G28 G91 Z0`` up to a ``home_z`` the caller
gives, and its ``#[2000+#4120]`` tool-length line). Refused, naming the line and the word:
cutter compensation (G41/G42, D), G92, G28/G30 elsewhere, G53, G10, G93/G95, probing,
threading and the other cycles, O-words, parameters and expressions, A/B/C/U/V/W, unknown
letters and codes, two codes of one modal group, arcs LinuxCNC would refuse (radius mismatch
beyond its tolerance, R too small, R full circles, missing or out-of-plane offsets).

The tokenizer is two precompiled regular expressions (one checks the whole line, one splits
it into words). The maintained Python G-code libraries were considered and none fits: pygcode
builds an object per word and last shipped in 2018, PythonicGcodeMachine needs PLY and YAML,
NCParse tokenizes without validating; Projem must run on FreeCAD's own Python with no extra
package and read 100,000 lines in well under a second.

Quirks kept from LinuxCNC, on purpose: an F on the same line as a G20/G21 is read in the
units before the switch (LinuxCNC sets the feed first; grbl and fanuc read it in the new
units); an arc is refused when its end radius differs from its start radius by more than
LinuxCNC's tolerance; the default retract mode is G99 (rs274's start-up state).
"""

from __future__ import annotations

import re

from projem_workbench.gcode import cycles
from projem_workbench.gcode.arcs import arc_points, move_length
from projem_workbench.gcode.dialects import (
    ARC_DISTANCE,
    DIALECTS,
    DISTANCE,
    DWELL,
    G_CODES,
    GROUPS,
    HOME,
    LENGTH,
    LETTER_REASONS,
    M_CODES,
    MOTION,
    NO_G,
    NO_M,
    PATH,
    PLANE,
    REFUSED_G,
    RETRACT,
    UNITS,
    Dialect,
)
from projem_workbench.gcode.motion import INCH, State, arc, home, set_units, straight
from projem_workbench.gcode.program import (
    ARC,
    FEED,
    RAPID,
    Dwell,
    GcodeError,
    Move,
    Program,
    ToolChange,
    fail,
)

__all__ = [
    "ARC",
    "FEED",
    "RAPID",
    "Dwell",
    "GcodeError",
    "Move",
    "Program",
    "ToolChange",
    "arc_points",
    "move_length",
    "operation_starts",
    "read_program",
]

NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)"
WORD = re.compile(rf"([A-Z])({NUMBER})")
LINE = re.compile(rf"(?:[A-Z]{NUMBER})*")
BAD = re.compile(r"[A-Z]?[^A-Z]*")
OPERATION = re.compile(r"\s*begin operation:\s*(.*?)\s*$", re.IGNORECASE)


def read_program(text: str, *, dialect: str = "linuxcnc", home_z: float | None = None) -> Program:
    """Read ``text`` as ``dialect`` ("linuxcnc", "grbl" or "fanuc") into its moves.

    Raises :class:`GcodeError` naming the line for a malformed or unsupported word. A feed move
    with no feed set is read with ``feed_mm_min`` 0.0 (the simulator reports it).

    ``home_z`` (mm, work coordinates: the top of the machine's Z travel for the tool tip) lets
    the fanuc dialect read ``G28 G91 Z0``, FreeCAD 1.x's retract before a tool change, as a
    rapid straight up to it; without it that line is refused.
    """
    rules = DIALECTS.get(dialect)
    if rules is None:
        raise ValueError(f"unknown G-code dialect {dialect!r}: one of {', '.join(DIALECTS)}")
    lines = text.splitlines()
    program = Program(lines=lines)
    state = State(program, rules.default_motion)
    state.home_z = home_z
    started = percent = False
    for number, raw in enumerate(lines, 1):
        if "(" in raw or ";" in raw:
            code, name = _comments(raw, number)
            if name is not None:
                state.operation = name
            manual = rules.manual_tool_change and rules.manual_tool_change.search(raw)
            if manual:
                state.tool = state.selected = int(manual.group(1))
                state.spindle = "off"
                state.changes.append(ToolChange(number, state.tool))
        else:
            code = raw
        code = "".join(code.split()).upper()
        if not code:
            # after a comment line % may no longer open the program (LinuxCNC's rule)
            started = started or (bool(raw.strip()) and not rules.percent_after_comments)
            continue
        if code == "%":
            if started and not percent:
                raise fail(number, "'%' is only allowed on the first line and the last")
            if percent:
                break  # the second % ends the program
            started = percent = True
            continue
        started = True
        if code == rules.tool_length_idiom:
            state.absolute, state.motion, state.cycle_il = False, 0, None  # its G91 and G0
            continue
        if not LINE.fullmatch(code):
            raise _unreadable(code, number, raw)
        if _block(state, rules, WORD.findall(code), number):
            break
    return program


def operation_starts(program: Program) -> list[tuple[int, str]]:
    """The line and name of every ``(begin operation: NAME)`` comment, in order."""
    found = []
    for number, raw in enumerate(program.lines, 1):
        if "operation" in raw.lower():
            try:
                _, name = _comments(raw, number)
            except GcodeError:  # only after the end of the program: never read
                continue
            if name is not None:
                found.append((number, name))
    return found


def _comments(raw: str, number: int) -> tuple[str, str | None]:
    """The line without its comments, and the operation a ``begin operation`` one names."""
    parts, start, name = [], 0, None
    while True:
        paren, semi = raw.find("(", start), raw.find(";", start)
        if semi != -1 and (paren == -1 or semi < paren):
            parts.append(raw[start:semi])
            comment = raw[semi + 1 :]
            end = len(raw)
        elif paren == -1:
            parts.append(raw[start:])
            break
        else:
            end = raw.find(")", paren)
            if end == -1:
                raise fail(number, f"unclosed comment: {raw.strip()!r}")
            comment = raw[paren + 1 : end]
            if "(" in comment:
                raise fail(number, f"nested comment: {raw.strip()!r}")
            parts.append(raw[start:paren])
        mark = OPERATION.match(comment)
        if mark:
            name = mark.group(1)
        start = end + 1
        if end >= len(raw):
            break
    code = "".join(parts)
    if ")" in code:
        raise fail(number, f"')' without '(': {raw.strip()!r}")
    return code, name


def _unreadable(code: str, number: int, raw: str) -> GcodeError:
    position = 0
    for match in WORD.finditer(code):
        if match.start() != position:
            break
        position = match.end()
    rest = code[position:]
    bad = BAD.match(rest).group(0) or rest[:1]
    if code[:1] == "O":
        why = ": O-word subroutines and flow control are not supported"
    elif "#" in bad or "[" in bad:
        why = ": parameters and expressions are not supported"
    elif rest[:1] == "/":
        why = ": block delete depends on the operator's switch and is not supported"
    else:
        why = ""
    return fail(number, f"cannot read {bad!r} in {raw.strip()!r}{why}")


def _g_entry(rules: Dialect, text: str, number: int) -> tuple[int, int]:
    tenth = float(text) * 10
    key = round(tenth)
    entry = G_CODES.get(key) if key in rules.g_codes and abs(tenth - key) < 1e-6 else None
    if entry is None:
        raise fail(number, f"G{text}: {REFUSED_G.get(key, 'unsupported G code')}")
    rules.g_cache[text] = entry
    return entry


def _block(state: State, rules: Dialect, words: list[tuple[str, str]], number: int) -> bool:
    """Run one line's words in LinuxCNC's order; True when the program stops here."""
    values: dict[str, float] = {}
    modal: list[int | None] | None = None
    m_modal: list[object] | None = None
    letters, first = rules.letters, True
    for letter, text in words:
        if letter == "G":
            entry = rules.g_cache.get(text) or _g_entry(rules, text, number)
            if modal is None:
                modal = [None] * GROUPS
            if modal[entry[0]] is not None:
                raise fail(number, f"G{text}: two G codes of one modal group on one line")
            modal[entry[0]] = entry[1]
        elif letter == "M":
            value = float(text)
            m_entry = M_CODES.get(int(value)) if value.is_integer() else None
            if m_entry is None:
                raise fail(number, f"M{text}: unsupported M code")
            if m_modal is None:
                m_modal = [None] * 4
            if m_modal[m_entry[0]] is not None:
                raise fail(number, f"M{text}: two M codes of one modal group on one line")
            m_modal[m_entry[0]] = m_entry[1]
        elif letter == "N":
            if not first:
                raise fail(number, f"N{text}: a line number must start the line")
        elif letter in values:
            raise fail(number, f"two {letter} words on one line")
        elif letter in letters:
            values[letter] = float(text)
        else:
            reason = LETTER_REASONS.get(letter, "unknown word letter")
            raise fail(number, f"{letter}{text}: {reason}")
        first = False
    if modal is None:
        modal = NO_G
    if m_modal is None:
        m_modal = NO_M
    allowed = ""
    units = modal[UNITS]
    if "F" in values:
        feed = values["F"]
        if feed < 0:
            raise fail(number, f"negative feed F{feed:g}")
        if units is None or rules.feed_in_old_units:
            state.feed = feed * state.scale
        else:
            state.feed = feed * (INCH if units == 20 else 1.0)
    if "S" in values:
        if values["S"] < 0:
            raise fail(number, f"negative spindle speed S{values['S']:g}")
        state.rpm = values["S"]
    if "T" in values:
        tool = values["T"]
        if tool < 0 or not tool.is_integer():
            raise fail(number, f"T{tool:g}: a tool number is a whole number, 0 or more")
        state.selected = int(tool)
    if m_modal[2] is not None:  # M6: the selected tool goes in; LinuxCNC stops the spindle
        state.tool = state.selected if state.selected is not None else 0
        state.spindle = "off"
        state.changes.append(ToolChange(number, state.tool))
    if m_modal[1] is not None:
        state.spindle = m_modal[1]  # type: ignore[assignment]
    if m_modal[3] is not None:
        coolant = m_modal[3]
        if coolant == "off":
            state.mist = state.flood = False
        elif coolant == "mist":
            state.mist = True
        else:
            state.flood = True
        state.coolant = ("mist+flood" if state.flood else "mist") if state.mist else (
            "flood" if state.flood else "off")  # fmt: skip
    axes = "X" in values or "Y" in values or "Z" in values
    if modal[DWELL] is not None:
        if "P" not in values:
            raise fail(number, "G4 without a P word (the dwell in seconds)")
        if values["P"] < 0:
            raise fail(number, f"negative dwell G4 P{values['P']:g}")
        if axes and modal[MOTION] is None:
            raise fail(number, "axis words with G4 and no motion code to use them")
        state.dwells.append(Dwell(number, values["P"]))
        allowed += "P"
    if modal[PLANE] is not None:
        state.plane = modal[PLANE]  # type: ignore[assignment]
    if units is not None:
        set_units(state, units)
    if modal[LENGTH] == 43:
        if "H" in values and (values["H"] < 0 or not values["H"].is_integer()):
            raise fail(number, f"H{values['H']:g}: a tool offset number is a whole number")
        allowed += "H"
    if modal[PATH] == 64:
        allowed += "PQ"  # the blending tolerances: the path itself does not change
    if modal[DISTANCE] is not None:
        state.absolute = modal[DISTANCE] == 90
    if modal[ARC_DISTANCE] is not None:
        state.ijk_absolute = modal[ARC_DISTANCE] == 90
    if modal[RETRACT] is not None:
        state.retract_r = modal[RETRACT] == 99
    if modal[HOME] is not None:
        if modal[MOTION] is not None:
            raise fail(number, "G28 with a motion code on the same line")
        home(state, values, number)
        return m_modal[0] in (2, 30)
    motion = modal[MOTION]
    before = state.motion
    if motion is not None:
        if motion == 80 and axes:
            raise fail(number, "axis words with G80 (cycle cancel)")
        state.motion = None if motion == 80 else motion
        if motion < 73 or motion == 80:
            state.cycle_il = None
    mode = state.motion
    if axes or (motion is not None and motion != 80):
        if mode is None:
            raise fail(number, "axis words without a motion mode (G0, G1, G2, G3 or a cycle)")
        if mode < 2:
            straight(state, values, number, mode)
        elif mode < 4:
            allowed += arc(state, rules, values, number, mode, axes)
        else:
            if state.plane != 17:
                raise fail(number, f"G{mode} outside the XY plane (G17) is not supported")
            state.line, state.cycle = number, mode
            try:
                allowed += cycles.run(state, mode, values, same=before == mode)
            except cycles.CycleError as exc:
                raise fail(number, str(exc)) from None
    for letter in values:
        if letter not in "XYZFST" and letter not in allowed:
            raise fail(number, f"{letter}{values[letter]:g} with nothing on the line to use it")
    stop = m_modal[0]
    return stop == 2 or stop == 30
