# SPDX-License-Identifier: LGPL-2.1-or-later
"""What a simulation needs from the database and the artefact store: the stock box, the
machine's limits placed around it, the tools as the run recorded them, and the part's top
surface — rasterized once per model version, object, resolution and stock grid, and kept as
a ``heightfield`` artefact beside the part's mesh (an ``stl`` artefact FreeCAD made).

Where the part sits on the machine is not in the G-code: a machine's ``meta.work_zero_mm``
(``[x, y, z]``, the work zero's position in a travel box that runs from 0 to ``travel_*_mm``
on each axis, Z from the lowest tool-tip position up) says it; without it the stock is taken
as clamped in the middle of the X and Y travel with its bottom at the lowest Z a tool tip can
reach (less the through-cut allowance), the most forgiving placement there is — an overtravel
finding then cannot be argued away.
"""

from __future__ import annotations

import io
import math
import os
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from projem_workbench.db.enums import ArtefactKind
from projem_workbench.db.models import Artefact, CadModel, Machine, Tool
from projem_workbench.errors import ValidationError
from projem_workbench.services import artefacts
from projem_workbench.services.workspace import Workspace
from projem_workbench.sim.machine import THROUGH_CUT_ALLOWANCE_MM, Box, MachineLimits
from projem_workbench.sim.surface import (
    PartSurface,
    from_npz,
    rasterize,
    read_stl,
    to_npz,
)
from projem_workbench.sim.tools import ToolShape
from projem_workbench.store.blobs import BlobStore, StoredBlob

STL_MIME = "model/stl"
NPZ_MIME = "application/x-npz"
DEFAULT_TOOL_CHANGE_S = 6.0
TOOL_COLUMNS = (
    "name",
    "tool_type",
    "diameter_mm",
    "flute_length_mm",
    "overall_length_mm",
    "shank_diameter_mm",
    "corner_radius_mm",
    "tip_angle_deg",
    "params",
)


def parse_box(text: str) -> Box:
    """``X0,Y0,Z0,X1,Y1,Z1`` (mm) as a box; refused with a message naming what is wrong."""
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 6 or not all(math.isfinite(v) for v in values):
        raise ValidationError(f"--stock wants X0,Y0,Z0,X1,Y1,Z1 in mm, not {text!r}", field="stock")
    try:
        return Box(*values)
    except ValueError as exc:
        raise ValidationError(f"--stock {text}: {exc}", field="stock") from exc


def run_stock(operations: Mapping[str, Any], geometry: Mapping[str, Any] | None) -> Box:
    """The stock of a CAM run: as FreeCAD built it, else from the spec and the model's box."""
    if operations.get("stock_box_mm"):
        return Box(*operations["stock_box_mm"])
    stock = operations.get("spec", {}).get("stock", {})
    if stock.get("extents_mm"):
        e = stock["extents_mm"]
        return Box(e["x_min"], e["y_min"], e["z_min"], e["x_max"], e["y_max"], e["z_max"])
    offsets, box = stock.get("offsets_mm"), (geometry or {}).get("bounding_box_mm")
    if offsets and box:
        return Box(
            box[0] - offsets["x_neg"], box[1] - offsets["y_neg"], box[2] - offsets["z_neg"],
            box[3] + offsets["x_pos"], box[4] + offsets["y_pos"], box[5] + offsets["z_pos"],
        )  # fmt: skip
    raise ValidationError("the run records no stock and its model has no measured box")


def machine_limits(
    machine: Machine, stock: Box, *, allowance_mm: float = THROUGH_CUT_ALLOWANCE_MM
) -> MachineLimits:
    """The machine's limits around ``stock``; placed without ``meta.work_zero_mm``, the
    lowest tool-tip position is the through-cut allowance (``allowance_mm``) below the
    stock's bottom, so a cut that the allowance permits is no overtravel."""
    meta = machine.meta or {}
    travel = (float(machine.travel_x_mm), float(machine.travel_y_mm), float(machine.travel_z_mm))
    zero = meta.get("work_zero_mm")
    if zero is not None:
        lows = [-float(zero[axis]) for axis in range(3)]
    else:
        lows = [
            (stock.x0 + stock.x1) / 2 - travel[0] / 2,
            (stock.y0 + stock.y1) / 2 - travel[1] / 2,
            stock.z0 - allowance_mm,
        ]
    return MachineLimits(
        name=machine.name,
        travel=Box(
            lows[0], lows[1], lows[2], *(low + t for low, t in zip(lows, travel, strict=True))
        ),
        max_spindle_rpm=float(machine.max_spindle_rpm),
        min_spindle_rpm=float(meta.get("min_spindle_rpm", 0.0)),
        max_feed_mm_min=float(machine.max_feed_mm_min),
        rapid_mm_min=float(machine.rapid_mm_min),
        acceleration_mm_s2=float(machine.acceleration_mm_s2 or 1000.0),
        tool_change_s=float(meta.get("tool_change_s", DEFAULT_TOOL_CHANGE_S)),
    )


def _record(tool: Tool) -> dict[str, Any]:
    return {
        column: getattr(getattr(tool, column), "value", getattr(tool, column))
        for column in TOOL_COLUMNS
    }


def run_tools(session: Session, recorded: list[Mapping[str, Any]]) -> dict[int, ToolShape]:
    """The run's tools by number, with the geometry the run recorded (older runs recorded only
    the diameter: the library's row, deleted or not, gives the rest)."""
    shapes = {}
    for tool in recorded:
        record = dict(tool)
        if "flute_length_mm" not in record:
            row = session.get(Tool, tool["id"])
            if row is not None:
                record = {**_record(row), **record}
        shapes[int(tool["number"])] = ToolShape.from_record(record, number=int(tool["number"]))
    return shapes


def table_tools(session: Session, table: list[Mapping[str, Any]]) -> dict[int, ToolShape]:
    """Tools of a LinuxCNC tool table: a live library tool named as the entry's comment (or as
    the comment without Projem's ``(tool_type)`` suffix) gives the whole geometry, else the
    entry is a flat end mill of its diameter with the defaults of :class:`ToolShape`."""
    live = {tool.name: tool for tool in session.scalars(select(Tool).where(~Tool.is_deleted))}
    shapes = {}
    for entry in table:
        comment = entry["comment"]
        base = comment.rsplit(" (", 1)[0] if comment.endswith(")") else comment
        row = live.get(comment) or live.get(base)
        if row is not None:
            record = {**_record(row), "diameter_mm": entry["diameter_mm"]}
        else:
            record = {
                "name": comment or f"T{entry['number']}",
                "tool_type": "flat_endmill",
                "diameter_mm": entry["diameter_mm"],
            }
        shapes[entry["number"]] = ToolShape.from_record(record, number=entry["number"])
    return shapes


def grid_of(stock: Box, resolution_mm: float) -> dict[str, Any]:
    """The stock's cells as the engine lays them out (cell centres half a cell in)."""
    return {
        "x0": stock.x0,
        "y0": stock.y0,
        "nx": max(1, math.ceil((stock.x1 - stock.x0) / resolution_mm - 1e-9)),
        "ny": max(1, math.ceil((stock.y1 - stock.y0) / resolution_mm - 1e-9)),
        "resolution_mm": resolution_mm,
    }


def _model_artefacts(session: Session, model_id: int, kind: ArtefactKind) -> list[Artefact]:
    query = select(Artefact).where(Artefact.model_id == model_id, Artefact.kind == kind)
    return list(session.scalars(query.order_by(Artefact.id.desc())))


def part_surface(
    workspace: Workspace,
    *,
    model_id: int,
    object_name: str | None,
    grid: Mapping[str, Any],
    stl: bytes | None = None,
    user_id: int | None = None,
) -> tuple[PartSurface | None, str | None]:
    """The part's top surface on ``grid``, and a note when there is none to check against.

    Looked up in the store (height field, else mesh), else made by FreeCAD from the stored
    model version; ``stl`` is a mesh FreeCAD just made (a CAM run makes one as it runs).
    """
    key = {"object": object_name, **{k: grid[k] for k in ("x0", "y0", "nx", "ny")}}
    key["resolution_mm"] = grid["resolution_mm"]
    database, store = workspace.database, workspace.store
    with database.read_session() as session:
        cached = next(
            (
                a.sha256
                for a in _model_artefacts(session, model_id, ArtefactKind.HEIGHTFIELD)
                if a.meta == key
            ),
            None,
        )
        meshes = [
            a.sha256
            for a in _model_artefacts(session, model_id, ArtefactKind.STL)
            if a.meta.get("object") == object_name
        ]
        model = session.get(CadModel, model_id)
        assert model is not None
        model_name, model_version, model_sha = model.name, model.version, model.content_sha256
    if cached is not None:
        return from_npz(artefacts.read_verified(workspace, cached)), None
    if stl is None and meshes:
        stl = artefacts.read_verified(workspace, meshes[0])
    new_mesh = stl is not None and not meshes
    if stl is None:
        stl = _mesh_from_freecad(workspace, model_sha, object_name)
        if stl is None:
            return None, (
                "no mesh of the part is stored and FreeCAD cannot make one here (run `projem "
                "sim run` where FreeCAD is installed): no gouge or left-over check"
            )
        new_mesh = True
    vertices, triangles = read_stl(stl)
    surface = rasterize(
        vertices, triangles, x0=grid["x0"], y0=grid["y0"], nx=grid["nx"], ny=grid["ny"],
        resolution_mm=grid["resolution_mm"],
    )  # fmt: skip
    stem = f"{model_name}-v{model_version}"
    with database.unit_of_work() as session:
        if new_mesh:
            artefacts.new_artefact(
                session, _put(store, stl), kind=ArtefactKind.STL, mime_type=STL_MIME,
                original_name=f"{stem}.stl", user_id=user_id, model_id=model_id,
                meta={"object": object_name},
            )  # fmt: skip
        artefacts.new_artefact(
            session, _put(store, to_npz(surface)), kind=ArtefactKind.HEIGHTFIELD,
            mime_type=NPZ_MIME, original_name=f"{stem}-{grid['resolution_mm']:g}mm.npz",
            user_id=user_id, model_id=model_id, meta=key,
        )  # fmt: skip
    return surface, None


def _put(store: BlobStore, data: bytes) -> StoredBlob:
    return store.put_stream(io.BytesIO(data))


def _mesh_from_freecad(
    workspace: Workspace, model_sha: str, object_name: str | None
) -> bytes | None:
    from projem_workbench.freecad.runner import (
        find_freecadcmd,
        inside_freecad_application,
        run_in_freecad,
    )

    if os.environ.get("PROJEM_NO_FREECAD") == "1" or (
        not inside_freecad_application() and find_freecadcmd() is None
    ):
        return None
    if inside_freecad_application() and threading.current_thread() is not threading.main_thread():
        # FreeCAD's document code is not thread-safe, and in FreeCAD the worker would run in
        # this (a panel's worker) thread. Runs made since Projem simulates store their mesh
        # as they run, so only older runs get here.
        return None
    with tempfile.TemporaryDirectory(prefix="projem-sim-") as folder:
        document, mesh = Path(folder) / "model.FCStd", Path(folder) / "part.stl"
        artefacts.export_artefact(workspace, model_sha, document)
        run_in_freecad(
            "surface", {"document": str(document), "object": object_name, "path": str(mesh)}
        )
        return mesh.read_bytes()
