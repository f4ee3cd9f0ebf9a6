# SPDX-License-Identifier: LGPL-2.1-or-later
"""Importing and exporting the tool library as files: FreeCAD ToolBit libraries, CSV, JSON
and (export only) LinuxCNC tool tables. One transaction per import, audited."""

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
    freecad_toolbits,
    read_json_records,
    tables,
    write_text_atomically,
)
from projem_workbench.services.records import ImportReport
from projem_workbench.services.tools import TOOLS


class ToolFileFormat(enum.StrEnum):
    FCTL = "fctl"  # a FreeCAD library, a single .fctb or a folder of them
    CSV = "csv"
    JSON = "json"
    TBL = "tbl"  # LinuxCNC tool table (export only)


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
    user_id: int | None = None,
) -> ImportReport:
    """Create or update tools by name from ``path``; see RecordService.import_items."""
    kind = ToolFileFormat(fmt) if fmt else guess_format(path)
    if kind is ToolFileFormat.FCTL:
        parsed = freecad_toolbits.read_library(
            path, default_tool_material=ToolMaterial(default_tool_material)
        )
    elif kind is ToolFileFormat.CSV:
        parsed = tables.read_csv(path)
    elif kind is ToolFileFormat.JSON:
        parsed = ParsedTools(items=read_json_records(path, key="tools"))
    else:
        raise ValidationError("LinuxCNC tool tables are exported, not imported", field="format")
    source = path.name if path.is_dir() else f"{path.name} sha256:{_sha256(path)[:16]}"
    return TOOLS.import_items(
        database,
        parsed.items,
        source=source,
        skip_invalid=skip_invalid,
        user_id=user_id,
        rejected=parsed.rejected,
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
    """Write every live tool to ``path`` (for FreeCAD: a folder that gets Library/ and Bit/)."""
    kind = ToolFileFormat(fmt) if fmt else guess_format(path)
    tools = TOOLS.list(database)
    notes: list[str] = []
    if kind is ToolFileFormat.FCTL:
        root = path
        if path.suffix.lower() == ".fctl":  # a library file named: its Tools folder holds it
            library_name = path.stem
            root = path.parent.parent if path.parent.name == "Library" else path.parent
        written, notes = freecad_toolbits.write_library(
            tools, root, flavour=flavour, library_name=library_name
        )
    elif kind is ToolFileFormat.CSV:
        tables.write_csv(tools, path)
        written = path
    elif kind is ToolFileFormat.TBL:
        tables.write_linuxcnc_table(tools, path, freecad_toolbits.tool_numbers(tools))
        written = path
    else:
        records = [t.model_dump(mode="json", include=set(TOOLS.schema.model_fields)) for t in tools]
        write_text_atomically(path, json.dumps({"tools": records}, indent=2) + "\n")
        written = path
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
