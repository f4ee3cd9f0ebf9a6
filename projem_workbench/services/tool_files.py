# SPDX-License-Identifier: LGPL-2.1-or-later
"""Importing and exporting the tool library as files: FreeCAD ToolBit libraries, LinuxCNC
tool tables, CSV and JSON. One transaction per import, audited; tools keep their numbers."""

from __future__ import annotations

import enum
import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, Field

from projem_workbench.audit.chain import append_audit_entry
from projem_workbench.db.enums import AuditAction, ToolMaterial
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.interchange import (
    ParsedTools,
    checked_file,
    freecad_library,
    linuxcnc_table,
    read_json_records,
    tables,
    write_text_atomically,
)
from projem_workbench.interchange.freecad_library import safe_stem
from projem_workbench.services.records import ImportReport
from projem_workbench.services.tools import TOOLS


class ToolFileFormat(enum.StrEnum):
    FCTL = "fctl"  # a FreeCAD library, a single .fctb or a folder of them
    CSV = "csv"
    JSON = "json"
    TBL = "tbl"  # LinuxCNC tool table


class ExportReport(BaseModel):
    path: str
    count: int
    notes: list[str] = Field(default_factory=list)


def guess_format(path: Path) -> ToolFileFormat:
    if path.is_dir() or path.suffix.lower() in (".fctl", ".fctb", ""):
        return ToolFileFormat.FCTL
    try:
        return ToolFileFormat(path.suffix.lower().lstrip("."))
    except ValueError:
        raise ValidationError(
            f"{path}: cannot tell the format from the name; give --format "
            f"({', '.join(f.value for f in ToolFileFormat)})",
            field="format",
        ) from None


def import_tool_file(
    database: Database,
    path: Path,
    *,
    fmt: ToolFileFormat | str | None = None,
    default_tool_material: ToolMaterial | str = ToolMaterial.CARBIDE,
    skip_invalid: bool = False,
    renumber: bool = False,
    user_id: int | None = None,
) -> ImportReport:
    """Create or update tools by name from ``path``; see RecordService.import_items.

    A tool whose number (``nr``, ``T``, ``tool_number``) another live tool holds is refused,
    or with ``renumber`` given the next free number; either way the report says so."""
    kind = ToolFileFormat(fmt) if fmt else guess_format(path)
    material = ToolMaterial(default_tool_material)
    if kind is ToolFileFormat.FCTL:
        parsed = freecad_library.read_library(path, default_tool_material=material)
    elif kind is ToolFileFormat.CSV:
        parsed = tables.read_csv(path)
    elif kind is ToolFileFormat.TBL:
        parsed = linuxcnc_table.read_table_tools(path, default_tool_material=material)
    else:
        parsed = ParsedTools(items=read_json_records(path, key="tools"))
    source = path.name if path.is_dir() else f"{path.name} sha256:{_sha256(path)[:16]}"
    return TOOLS.import_items(
        database,
        parsed.items,
        source=source,
        skip_invalid=skip_invalid,
        user_id=user_id,
        rejected=parsed.rejected,
        origins=parsed.origins or None,
        notes=parsed.notes,
        renumber=renumber,
    )


def freecad_library_path(path: Path, library_name: str) -> Path:
    """Where a FreeCAD library export writes its ``.fctl`` (its bits go to the sibling
    ``Bit`` folder, as FreeCAD looks for them).

    A folder gets ``Library/<library_name>.fctl`` and ``Bit/``. A ``.fctl`` is written exactly
    there when it is in a folder named ``Library``; anywhere else FreeCAD would not find its
    bits (it looks in ``../Bit``), so the export is refused, saying where to point it.
    """
    if path.suffix.lower() != ".fctl":
        return path / "Library" / f"{safe_stem(library_name) or 'Projem'}.fctl"
    if path.parent.name == "Library":
        return path
    raise ValidationError(
        f"{path}: FreeCAD reads a library's bits from the Bit folder beside its Library "
        f"folder, so a .fctl must be inside a folder named Library: give "
        f"{path.parent / 'Library' / path.name} (bits go to {path.parent / 'Bit'}) or the "
        f"folder {path.parent}",
        field="path",
    )


def export_tool_file(
    database: Database,
    path: Path,
    *,
    fmt: ToolFileFormat | str | None = None,
    flavour: str = "1.1",
    library_name: str = "Projem",
    user_id: int | None = None,
) -> ExportReport:
    """Write every live tool to ``path``, exactly there (for FreeCAD see
    :func:`freecad_library_path`); each tool under its own number."""
    kind = ToolFileFormat(fmt) if fmt else guess_format(path)
    tools = TOOLS.list(database)
    notes: list[str] = []
    written = path
    if kind is ToolFileFormat.FCTL:
        target = freecad_library_path(path, library_name)
        label = library_name if path.suffix.lower() != ".fctl" else None
        written, notes = freecad_library.write_library(tools, target, flavour=flavour, label=label)
    elif kind is ToolFileFormat.CSV:
        tables.write_csv(tools, path)
    elif kind is ToolFileFormat.TBL:
        tables.write_linuxcnc_table(map(tables.TableTool.of, tools), path)
    else:
        records = [t.model_dump(mode="json", include=set(TOOLS.schema.model_fields)) for t in tools]
        write_text_atomically(path, json.dumps({"tools": records}, indent=2) + "\n")
    with database.unit_of_work() as session:
        append_audit_entry(
            session,
            action=AuditAction.EXPORT,
            entity_type="tools",
            entity_id=None,
            after={"file": written.name, "format": kind.value, "count": len(tools)},
            user_id=user_id,
        )
    return ExportReport(path=str(written), count=len(tools), notes=notes)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with checked_file(path, "a tool file").open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
