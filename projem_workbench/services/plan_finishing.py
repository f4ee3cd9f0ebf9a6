# SPDX-License-Identifier: LGPL-2.1-or-later
"""Finishing passes where the part's tolerance needs them.

A roughing pass at full engagement holds about ±0.1 mm (the tool deflects under load and the
stepover leaves its marks): for a tighter tolerance each roughing operation of a floor, a
through opening or the outline leaves an allowance on its walls (FreeCAD's ExtraOffset /
OffsetExtra) and on its floor (a final depth that much higher), and a finishing pass right
after it — same tool, finishing engagement, one light cut — takes it to size. Holes are
drilled to size whatever the tolerance (a tighter one needs a reamer or a boring bar: said
in the notes).
"""

from __future__ import annotations

from projem_workbench.services.cam_spec import OperationSpec

ROUGHING_HOLDS_MM = 0.1  # what a roughing pass holds: tighter tolerances get a finishing pass
FINISH_ALLOWANCE_MM = 0.2  # left on walls and floors for it: one light finishing cut
NAME_LENGTH = 80  # OperationSpec.name's limit


def _mm(value: float) -> str:
    return f"{value:g}"


def _roughs(op: OperationSpec, top: float) -> bool:
    """A roughing operation that cuts the part's walls or floors to size: a floor's pocket
    or clearing (not the top's facing, not a rest pocket or a corner pass), a through
    opening's pocket, the outline."""
    if op.finishing or op.rest_after_mm is not None:
        return False
    if op.type == "pocket":
        return True
    if op.type == "facing":
        return op.final_depth_mm is not None and op.final_depth_mm < top - 1e-9
    return op.type == "profile" and op.side == "outside" and not op.faces


def with_finishing(
    operations: list[OperationSpec], *, tolerance_mm: float | None, top: float, bottom: float
) -> tuple[list[OperationSpec], list[str]]:
    """``operations`` with a finishing pass after each roughing one when ``tolerance_mm`` is
    tighter than roughing holds, and the notes that say so."""
    if tolerance_mm is None:
        return operations, []
    if tolerance_mm >= ROUGHING_HOLDS_MM:
        return operations, [
            f"tolerance ±{_mm(tolerance_mm)} mm: roughing holds it (±{_mm(ROUGHING_HOLDS_MM)} "
            "mm); no finishing passes"
        ]
    allowance = FINISH_ALLOWANCE_MM
    planned: list[OperationSpec] = []
    for op in operations:
        if not _roughs(op, top):
            planned.append(op)
            continue
        final = float(op.final_depth_mm if op.final_depth_mm is not None else bottom)
        through = final <= bottom + 1e-9  # an outline or through opening has no floor to leave
        walls = op.type in ("pocket", "profile")
        rough_final = final if through else round(final + allowance, 4)
        left = " and ".join(what for what, yes in (("walls", walls), ("floor", not through)) if yes)
        planned.append(
            op.model_copy(
                update={
                    "final_depth_mm": rough_final,
                    "stock_to_leave_mm": allowance if walls else None,
                    "why": f"{op.why}; leaves {_mm(allowance)} mm on its {left} for the "
                    "finishing pass after it",
                }
            )
        )
        planned.append(
            op.model_copy(
                update={
                    "name": f"Finish {op.name}"[:NAME_LENGTH],
                    "finishing": True,
                    "start_depth_mm": op.start_depth_mm if through else rough_final,
                    "final_depth_mm": final,
                    "stock_to_leave_mm": None,
                    "stepdown_mm": None,
                    "stepover_percent": None,
                    "why": f"tolerance ±{_mm(tolerance_mm)} mm, tighter than roughing holds "
                    f"(±{_mm(ROUGHING_HOLDS_MM)} mm): {op.tool} takes the last "
                    f"{_mm(allowance)} mm of the {left} of {op.name} to size",
                }
            )
        )
    notes = [
        f"tolerance ±{_mm(tolerance_mm)} mm: floors, through openings and the outline are "
        f"roughed leaving {_mm(allowance)} mm and finished to size; holes are drilled to size "
        "(ream or bore those that need the tolerance)"
    ]
    return planned, notes
