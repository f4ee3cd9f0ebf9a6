# SPDX-License-Identifier: LGPL-2.1-or-later
"""Flat tool files: CSV (import and export) and LinuxCNC tool tables (written here; read by
:mod:`projem_workbench.interchange.linuxcnc_table`).

The CSV header is the tool record's fields in a fixed order (``CSV_COLUMNS``); ``params`` is a
JSON object in its cell. A column may be left out (an import then keeps the stored value); an
unknown or repeated column refuses the whole file, naming it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from projem_workbench.errors import ValidationError
from projem_workbench.interchange import (
    ParsedTools,
    assumed_fields,
    checked_file,
    write_text_atomically,
)
from projem_workbench.interchange.linuxcnc_table import parse_line, table_lines
from projem_workbench.schemas.inputs import ToolInput

CSV_COLUMNS = tuple(ToolInput.model_fields)
REQUIRED_COLUMNS = tuple(
    name for name, info in ToolInput.model_fields.items() if info.is_required()
)


def read_csv(path: Path) -> ParsedTools:
    """The tools of a CSV file; rows that cannot be read are refused with their line number."""
    checked_file(path, "a tool CSV")
    result = ParsedTools()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ValidationError(f"{path}: not a tool CSV ({exc})") from None
        _check_header(path, header)
        seen: set[str] = set()
        try:
            for line_number, row in enumerate(reader, start=2):
                name = (row.get("name") or "").strip() or f"line {line_number}"
                try:
                    item = _row_to_item(row, line_number)
                    if item["name"] in seen:
                        raise ValidationError(f"line {line_number}: {name!r} appears twice")
                    seen.add(item["name"])
                    result.items.append(item)
                    result.origins.append(f"line {line_number}")
                except ValidationError as exc:
                    result.rejected.append((name, str(exc)))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ValidationError(
                f"{path}: unreadable after line {reader.line_num} ({exc})"
            ) from None
    return result


def _check_header(path: Path, header: list[str]) -> None:
    columns = [column.strip() for column in header]
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if unknown or repeated or missing:
        problems = []
        if unknown:
            problems.append("unknown column(s) " + ", ".join(repr(c[:40]) for c in unknown[:5]))
        if repeated:
            problems.append("repeated column(s) " + ", ".join(repeated))
        if missing:
            problems.append("missing column(s) " + ", ".join(missing))
        raise ValidationError(
            f"{path}: wrong CSV header: {'; '.join(problems)}. Expected columns: "
            + ",".join(CSV_COLUMNS)
        )


def _row_to_item(row: dict[str, Any], line_number: int) -> dict[str, Any]:
    if None in row:  # more cells than header columns
        raise ValidationError(f"line {line_number}: more cells than the header has columns")
    item: dict[str, Any] = {}
    for column, cell in row.items():
        column = column.strip()
        text = (cell or "").strip()
        if column == "params":
            try:
                item["params"] = json.loads(text) if text else {}
            except json.JSONDecodeError as exc:
                raise ValidationError(
                    f"line {line_number}: params is not JSON ({exc.msg}), got {text[:60]!r}",
                    field="params",
                ) from None
        elif text:
            item[column] = text
        elif not ToolInput.model_fields[column].is_required():
            default = ToolInput.model_fields[column].get_default(call_default_factory=True)
            item[column] = default
    return item


def write_csv(tools: Iterable[Any], path: Path) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for tool in tools:
        row = []
        for column in CSV_COLUMNS:
            value = getattr(tool, column)
            if column == "params":
                row.append(json.dumps(value or {}, sort_keys=True, ensure_ascii=False))
            else:
                row.append("" if value is None else str(getattr(value, "value", value)))
        writer.writerow(row)
        count += 1
    write_text_atomically(path, buffer.getvalue())
    return count


class TableTool(NamedTuple):
    """What a LinuxCNC tool table line says of a tool: a library tool under its own number, or
    a CAM run's under the number its G-code calls it by."""

    number: int
    name: str
    tool_type: str
    diameter_mm: float | Decimal  # a record's Decimal is written as it is, rounded its way
    params: Mapping[str, Any]

    @classmethod
    def of(cls, tool: Any) -> TableTool:
        """A library tool (a record or its input) under its own ``tool_number``."""
        kind = getattr(tool.tool_type, "value", tool.tool_type)
        return cls(tool.tool_number, tool.name, kind, tool.diameter_mm, tool.params or {})


def write_linuxcnc_table(tools: Iterable[TableTool], path: Path) -> int:
    """A LinuxCNC tool table: ``T<n> P<pocket> D<diameter> Z<length offset> ;<comment>``, in
    number order.

    Diameters are mm (the table's units are the machine's: use it on a metric machine). A
    length offset (and pocket) a table import kept in ``params.linuxcnc`` is written back;
    others are written as zero, to be touched off.
    """
    lines = [";Projem tool table: diameters in mm; Z offsets to be measured on the machine"]
    for tool in sorted(tools, key=lambda tool: tool.number):
        kind = f" ({tool.tool_type})"
        if "tool_type" in assumed_fields(tool.params):  # a guess is not passed on as fact
            kind = ""
        comment = " ".join(f"{tool.name}{kind}".split())
        kept = tool.params.get("linuxcnc") or {}
        pocket = kept.get("pocket", tool.number)
        z_offset = float(kept.get("z_offset_mm", 0.0))
        lines.append(
            f"T{tool.number} P{pocket} D{tool.diameter_mm:.3f} Z{z_offset:+.3f} "
            f";{comment.replace(';', ',')}"
        )
    write_text_atomically(path, "\n".join(lines) + "\n")
    return len(lines) - 1


def read_linuxcnc_table(path: Path) -> list[dict[str, Any]]:
    """The tools of a LinuxCNC tool table for simulating its G-code: ``number``,
    ``diameter_mm``, ``z_offset_mm`` and the ``comment`` (Projem writes ``name (tool_type)``
    there). Diameters are taken as mm; the first line that cannot be read refuses the table."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ValidationError(f"cannot read tool table {path}: {exc.strerror}") from exc
    tools: list[dict[str, Any]] = []
    for line_number, code, comment in table_lines(text):
        try:
            words = parse_line(code, line_number)
        except ValidationError as exc:
            raise ValidationError(f"{path}, {exc}") from None
        if words.get("D", Decimal(0)) <= 0:
            raise ValidationError(f"{path}, line {line_number}: T{words['T']} has no diameter (D)")
        tools.append(
            {
                "number": int(words["T"]),
                "diameter_mm": float(words["D"]),
                "z_offset_mm": float(words.get("Z", 0)),
                "comment": comment,
            }
        )
    if not tools:
        raise ValidationError(f"tool table {path} holds no tools")
    return tools
