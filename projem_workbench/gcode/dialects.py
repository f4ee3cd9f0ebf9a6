# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the G-code reader accepts, per dialect: the G and M codes it knows (by modal group),
the reasons it gives for the ones it refuses, and how linuxcnc, grbl and fanuc differ."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# modal groups of the G codes read (index into a per-line list)
MOTION, PLANE, UNITS, DISTANCE, ARC_DISTANCE, RETRACT, COMP, LENGTH, FRAME, PATH, RATE, DWELL = (
    range(12)
)
LATHE, HOME = 12, 13
GROUPS = 14
# G number * 10 -> (group, value)
G_CODES: dict[int, tuple[int, int]] = {
    **{n * 10: (MOTION, n) for n in (0, 1, 2, 3, 73, 80, 81, 82, 83, 85)},
    **{n * 10: (PLANE, n) for n in (17, 18, 19)},
    200: (UNITS, 20), 210: (UNITS, 21), 900: (DISTANCE, 90), 910: (DISTANCE, 91),
    901: (ARC_DISTANCE, 90), 911: (ARC_DISTANCE, 91), 980: (RETRACT, 98), 990: (RETRACT, 99),
    400: (COMP, 40), 430: (LENGTH, 43), 490: (LENGTH, 49),
    **{n: (FRAME, n) for n in (540, 550, 560, 570, 580, 590, 591, 592, 593)},
    610: (PATH, 61), 611: (PATH, 61), 640: (PATH, 64), 940: (RATE, 94), 40: (DWELL, 4),
    80: (LATHE, 8),  # lathe radius mode: LinuxCNC's default, X stays a radius
    280: (HOME, 28),  # fanuc only, as G28 G91 Z0: see read_program's home_z
}  # fmt: skip
REFUSED_G = {
    **dict.fromkeys((410, 411, 420, 421), "cutter radius compensation is not supported (the "
                    "path would depend on the controller's tool diameters)"),
    930: "inverse-time feed (G93) is not supported", 950: "feed per revolution (G95) is not "
    "supported",
    **dict.fromkeys((920, 921, 922, 923), "G92 offsets are not supported (positions would "
                    "leave the work frame)"),
    **dict.fromkeys((280, 281, 300, 301), "return to a home position is not supported (the "
                    "machine's home is not known in work coordinates)"),
    530: "G53 (machine coordinates) is not supported", 100: "G10 (setting offsets or tools) "
    "is not supported",
    **dict.fromkeys((330, 331, 740, 760, 840, 860, 870, 880, 890), "this canned cycle is not "
                    "supported (only G73, G81, G82, G83 and G85)"),
    **dict.fromkeys((382, 383, 384, 385), "probing is not supported"),
    70: "lathe diameter mode (G7) is not supported",
}  # fmt: skip
NO_G: list[int | None] = [None] * GROUPS  # a line without G codes (never written to)
NO_M: list[object] = [None] * 4
# M number -> (group, value); groups: 0 stop, 1 spindle, 2 tool change, 3 coolant
M_CODES = {0: (0, 0), 1: (0, 1), 2: (0, 2), 30: (0, 30), 3: (1, "cw"), 4: (1, "ccw"),
           5: (1, "off"), 6: (2, 6), 7: (3, "mist"), 8: (3, "flood"), 9: (3, "off")}  # fmt: skip
LETTER_REASONS = {
    **dict.fromkeys("ABCUVW", "rotary and extra axes are not supported (X, Y and Z only)"),
    "D": "cutter radius compensation (D word) is not supported",
    "O": "O-word subroutines and flow control are not supported",
    "H": "H words are not part of this dialect",
    "Q": "Q words are not part of this dialect",
}


@dataclass(frozen=True)
class Dialect:
    """What one controller family accepts, as far as the reader tells them apart."""

    letters: str  # word letters besides G, M and N
    g_codes: frozenset[int]  # keys of G_CODES this dialect knows
    feed_in_old_units: bool  # an F beside G20/G21 is read in the units before the switch
    off_plane_offsets: bool  # an arc's offset along the plane's normal (K0 in G17) is ignored
    default_motion: int | None  # the motion mode at start-up
    percent_after_comments: bool  # the opening % may follow comment lines (Projem's header)
    # a whole line (spaces removed) read as "take on the loaded tool's length, no motion"
    tool_length_idiom: str | None = None
    # a comment that announces a manual tool change, its tool number the first group
    manual_tool_change: re.Pattern[str] | None = None
    g_cache: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)


ALL_G = frozenset(G_CODES)
DIALECTS = {
    "linuxcnc": Dialect("FSTXYZIJKRPQLH", ALL_G - {280}, True, False, None, False),
    # FreeCAD's grbl post writes K0 on XY arcs, which GRBL ignores; GRBL starts in G0 and
    # knows no G43 H (only G43.1). Canned cycles are read as LinuxCNC runs them: the post
    # writes them unless told --translate_drill. GRBL has no M6 (it refuses one): the post
    # writes a tool change as the comment "( M6 T2 )" for the operator, who changes the tool
    # by hand with the spindle stopped.
    "grbl": Dialect(
        "FSTXYZIJKRPQL",
        ALL_G - {430, 80, 280},
        False,
        True,
        0,
        False,
        manual_tool_change=re.compile(r"\(\s*M0?6\s*T\s*(\d+)\s*\)", re.IGNORECASE),
    ),
    # FreeCAD's fanuc post opens its program with %, after the comments Projem puts first.
    # FreeCAD 1.x's changes tools with "G28 G91 Z0", "M6 Tn", then this line: an incremental
    # move down by the new tool's length (parameter #[2000+#4120]) as G43 takes that length
    # on, so the spindle does not move and the tip stays at the Z home.
    "fanuc": Dialect(
        "FSTXYZIJKRPQLH",
        ALL_G - {901, 911, 611, 80},
        False,
        False,
        None,
        True,
        "G91G0G43G54Z-[#[2000+#4120]]H#4120",
    ),
}
