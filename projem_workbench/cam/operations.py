# SPDX-License-Identifier: LGPL-2.1-or-later
"""The CAM operation types Projem makes, one entry each: what the spec accepts, the GUI
offers, the run lets each be done with and FreeCAD makes it with.

Standard library only: the spec and the run (pydantic, the database) and the GUI (Qt) all
read this table, and none of them may pull in the others' packages or FreeCAD. Each
entry says what FreeCAD's own ``Path/Op/Base.py`` says with feature flags: what the type
needs and takes, so that the code reading it names no types. A new type is an entry here
and, keyed by its name, the function that sets its FreeCAD properties
(:data:`.operation_setup.CONFIGURE`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OperationKind:
    name: str
    # FreeCAD's module that makes it: (1.0 and later, 0.20/0.21).
    freecad_modules: tuple[str, str]
    # db.enums.ToolType values of the tools it may be done with (strings: no database here).
    tool_types: frozenset[str]
    # Whether it works only on faces the spec names (no default region such as the top).
    needs_faces: bool = False
    # The feeds calculator's operation (services.feeds.Operation value) when fixed; None:
    # roughing, or finishing when the spec says so.
    feeds_operation: str | None = None
    # Whether it clears whole floors: FreeCAD's region is then the floor less its bosses,
    # over the openings in it (cam.pocket_regions).
    clears_floors: bool = False


_END_MILLS = frozenset({"flat_endmill", "bull_endmill"})

# In the order the GUI offers them.
OPERATIONS: dict[str, OperationKind] = {
    kind.name: kind
    for kind in (
        OperationKind(
            "facing",
            ("Path.Op.MillFace", "PathScripts.PathMillFace"),
            _END_MILLS | {"face_mill"},
        ),
        OperationKind(
            "profile",
            ("Path.Op.Profile", "PathScripts.PathProfile"),
            # Any cutter that mills sideways: a profile follows walls with the tool's own form
            # (a chamfer, a rounded or a dovetail edge).
            _END_MILLS
            | {
                "ball_endmill",
                "face_mill",
                "chamfer",
                "v_bit",
                "engraver",
                "slot_cutter",
                "thread_mill",
                "dovetail",
                "corner_rounding",
                "tapered_ball_endmill",
            },
        ),
        OperationKind(
            "pocket",
            ("Path.Op.PocketShape", "PathScripts.PathPocketShape"),
            _END_MILLS | {"ball_endmill"},
            needs_faces=True,
            clears_floors=True,
        ),
        OperationKind(
            "adaptive",
            ("Path.Op.Adaptive", "PathScripts.PathAdaptive"),
            _END_MILLS,
            needs_faces=True,
            clears_floors=True,
        ),
        OperationKind(
            "drilling",
            ("Path.Op.Drilling", "PathScripts.PathDrilling"),
            # The tools the feeds calculator feeds per revolution (services.feeds.HOLE_TOOLS).
            frozenset({"drill", "center_drill", "reamer", "tap"}),
            needs_faces=True,
            feeds_operation="drilling",
        ),
        OperationKind(
            "helix",
            ("Path.Op.Helix", "PathScripts.PathHelix"),
            _END_MILLS,
            needs_faces=True,
        ),
    )
}
