# SPDX-License-Identifier: LGPL-2.1-or-later
"""One move at a time with every check that needs the stock: rapid into material (cutter,
shank or holder), shank or holder collision, cut with the spindle stopped, plunge of a tool
that does not cut at its centre, gouge; and the machinist's messages for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from projem_workbench.gcode.reader import RAPID, Move
from projem_workbench.sim.heightfield import Grid, Kernel
from projem_workbench.sim.pieces import PIECE_DIAMETERS, clip_segments, split_pieces
from projem_workbench.sim.tools import FLAT, ToolShape

if TYPE_CHECKING:
    from projem_workbench.sim.cutting import Cutter

# Material thinner than this is not material (float32 heights, chords, table steps).
EPS_MM = 0.005


@dataclass
class _Worst:
    """The deepest cell of one kind of trouble in a move."""

    depth: float = 0.0
    at: tuple[float, float] | None = None  # the cell
    tip: tuple[float, float, float] = (0.0, 0.0, 0.0)  # the tool tip nearest to it

    @property
    def where(self) -> str:
        assert self.at is not None
        x, y = self.at
        tx, ty, tz = self.tip
        return f"X{x:.3f} Y{y:.3f} (tool tip at X{tx:.3f} Y{ty:.3f} Z{tz:.3f})"


def precise(
    cutter: Cutter,
    move: Move,
    tool: ToolShape,
    segments: np.ndarray,
    *,
    spindle: bool,
    descending: bool,
) -> None:
    """Cut one move piece by piece with every check, and report what it meets."""
    g = cutter.grid
    s = g.stock
    edge, body = cutter.kernels(tool)
    reach = max(tool.body_radius_mm, tool.radius_mm)
    segments = clip_segments(segments, (s.x0 - reach, s.y0 - reach, s.x1 + reach, s.y1 + reach))
    if not len(segments):
        return
    pieces = split_pieces(
        segments,
        flat=tool.kind == FLAT,
        max_length=max(tool.diameter_mm * PIECE_DIAMETERS, 4 * g.res),
    )
    rapid = move.kind == RAPID
    plunge_check = descending and not tool.center_cutting
    centre = Kernel(edge.table, edge.inverse_step, max(tool.radius_mm / 2, g.res), True)
    hit, body_hit, removed, plunged, gouge = _Worst(), _Worst(), _Worst(), _Worst(), _Worst()
    floor = np.float32(s.z0)
    for piece in pieces:
        z = min(piece[2], piece[5])
        # Shank and holder first, against the material before this piece cuts.
        if z + tool.flute_length_mm < s.z1:
            win = g.piece_window(piece, body.radius)
            if win is not None and g.data[win[0] : win[1], win[2] : win[3]].max() > (
                z + tool.flute_length_mm + EPS_MM
            ):
                got = g.sweep_one(_flat_z(piece, tool), body)
                if got is not None:
                    vals, w = got
                    over = g.data[w[0] : w[1], w[2] : w[3]] - np.maximum(vals, floor)
                    _offer(g, body_hit, over, w, piece)
        got = g.sweep_one(piece, edge)
        if got is None:
            continue
        vals, w = got
        np.maximum(vals, floor, out=vals)
        hs = g.data[w[0] : w[1], w[2] : w[3]]
        diff = np.maximum(hs - vals, 0)
        if rapid:
            _offer(g, hit, diff, w, piece)
        if not spindle:
            _offer(g, removed, diff, w, piece)
        if plunge_check:
            cw = g.sweep_one(piece, centre)
            if cw is not None:
                inside = np.isfinite(cw[0])
                sub = diff[cw[1][0] - w[0] : cw[1][1] - w[0], cw[1][2] - w[2] : cw[1][3] - w[2]]
                _offer(g, plunged, np.where(inside, sub, 0), cw[1], piece)
        np.minimum(hs, vals, out=hs)
        if cutter.part is not None:
            eroded = cutter.part.eroded[w[0] : w[1], w[2] : w[3]]  # type: ignore[attr-defined]
            with np.errstate(invalid="ignore"):  # -inf - -inf in the border
                below = np.where(diff > 0, eroded - hs, 0)
            _offer(g, gouge, below, w, piece, threshold=cutter.tolerance)
    _report(cutter, move, tool, hit, body_hit, removed, plunged, gouge)


def _report(cutter: Cutter, move, tool, hit, body_hit, removed, plunged, gouge) -> None:
    line, label = move.line, tool.label
    if hit.at is not None:
        _add(
            cutter,
            "rapid_into_material",
            line,
            tool,
            hit,
            f"{label}: rapid G0 through material at {hit.where}: {hit.depth:.3f} mm of "
            "material in the cutter's way",
        )
    if body_hit.at is not None:
        what = "shank or holder"
        if move.kind == RAPID:
            _add(
                cutter,
                "rapid_into_material",
                line,
                tool,
                body_hit,
                f"{label}: rapid G0 drives the {what} into material at {body_hit.where}: "
                f"{body_hit.depth:.3f} mm deep",
            )
        else:
            _add(
                cutter,
                "holder_collision",
                line,
                tool,
                body_hit,
                f"{label}: the {what} meets material at {body_hit.where}, "
                f"{body_hit.depth:.3f} mm into it, above the {tool.flute_length_mm:g} mm "
                f"cutting length (stick-out {tool.stickout_mm:g} mm)",
            )
    if removed.at is not None:
        _add(
            cutter,
            "spindle_off_cut",
            line,
            tool,
            removed,
            f"{label} cuts {removed.depth:.3f} mm of material at {removed.where} with the "
            f"spindle stopped (S{move.spindle_rpm:g}, {move.spindle})",
        )
    if plunged.at is not None:
        _add(
            cutter,
            "plunge_non_center_cutting",
            line,
            tool,
            plunged,
            f"{label} does not cut at its centre but plunges {plunged.depth:.3f} mm into "
            f"material at {plunged.where}; ramp in or pre-drill",
        )
    if gouge.at is not None:
        _add(
            cutter,
            "gouge",
            line,
            tool,
            gouge,
            f"{label} gouges the part {gouge.depth:.3f} mm deep at {gouge.where}; "
            f"tolerance {cutter.tolerance:g} mm",
        )


def _add(
    cutter: Cutter, kind: str, line: int, tool: ToolShape, worst: _Worst, message: str
) -> None:
    x, y, z = worst.tip
    cutter.findings.add(kind, line, message, x=x, y=y, z=z, tool=tool.number)


def _flat_z(piece: np.ndarray, tool: ToolShape) -> np.ndarray:
    """The piece at its lowest Z: the body kernel is not flat, so it sweeps at constant Z
    (the shank's bottom is lowest there; conservative for a ramp)."""
    if piece[2] == piece[5]:
        return piece
    out = piece.copy()
    out[2] = out[5] = min(piece[2], piece[5])
    return out


def _offer(
    g: Grid,
    worst: _Worst,
    depth: np.ndarray,
    w: tuple[int, int, int, int],
    piece: np.ndarray,
    *,
    threshold: float = EPS_MM,
) -> None:
    """Keep the deepest cell of ``depth`` (over window ``w``) if deeper than the threshold
    and than what ``worst`` has, with the tool tip on ``piece`` nearest to it."""
    if depth.size == 0:
        return
    k = int(np.argmax(depth))
    value = float(depth.flat[k])
    if value > threshold and value > worst.depth:
        i, j = divmod(k, depth.shape[1])
        x, y = g.centre(w[0] + i, w[2] + j)
        ax, ay, az, bx, by, bz = piece.tolist()
        ex, ey = bx - ax, by - ay
        length2 = ex * ex + ey * ey
        t = min(max(((x - ax) * ex + (y - ay) * ey) / length2, 0.0), 1.0) if length2 else 1.0
        worst.depth, worst.at = value, (x, y)
        worst.tip = (ax + t * ex, ay + t * ey, az + t * (bz - az))
