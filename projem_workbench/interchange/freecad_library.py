# SPDX-License-Identifier: LGPL-2.1-or-later
"""FreeCAD tool libraries (``.fctl``): the list of bits with their tool numbers (``nr``).

FreeCAD keeps a library in ``Tools/Library`` and its bits in the sibling ``Tools/Bit``; a
library's ``path`` entries are looked up next to it, then in that ``Bit`` folder, as FreeCAD
does. A bit's ``nr`` is the tool's number in the library (``tools.tool_number``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from projem_workbench.db.enums import ToolMaterial
from projem_workbench.errors import ValidationError
from projem_workbench.interchange import ParsedTools, checked_file, write_text_atomically
from projem_workbench.interchange.freecad_toolbits import FLAVOURS, bit_to_tool, tool_to_bit


def read_json(path: Path, what: str) -> Any:
    checked_file(path, what)
    try:
        return json.loads(path.read_bytes())
    except UnicodeDecodeError:
        raise ValidationError(f"{path}: not {what} (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{path}: not {what}: invalid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})"
        ) from None


def read_library(path: Path, *, default_tool_material: ToolMaterial) -> ParsedTools:
    """Every bit a ``.fctl`` lists (or one ``.fctb``, or each ``.fctb`` of a folder)."""
    result = ParsedTools()
    if path.is_dir():
        entries: Iterable[tuple[int | str | None, Path]] = [
            (None, p) for p in sorted(path.glob("*.fctb"))
        ]
        if not entries:
            raise ValidationError(f"{path}: no .fctb files in this folder")
    elif path.suffix.lower() == ".fctb":
        entries = [(None, path)]
    else:
        entries = _library_entries(path, read_json(path, "a FreeCAD tool library"))
    seen: set[str] = set()
    for number, bit_path in entries:
        label = bit_path.name
        try:
            if isinstance(number, str):  # the library's entry was refused
                raise ValidationError(number, field="tool_number")
            tool = bit_to_tool(
                read_json(bit_path, "a FreeCAD ToolBit"),
                default_tool_material=default_tool_material,
                number=number,
                file_name=bit_path.name,
            )
            label = tool["name"]
            if label in seen:
                raise ValidationError(f"a bit named {label!r} appears twice in {path.name}")
            seen.add(label)
            result.items.append(tool)
        except ValidationError as exc:
            result.rejected.append((label, f"{bit_path.name}: {exc}"))
    return result


def _library_entries(path: Path, data: Any) -> list[tuple[int | str | None, Path]]:
    """(number, bit file) per entry; the number is a refusal's text when it is unusable or
    given to two bits."""
    tools = data.get("tools") if isinstance(data, dict) else None
    if not isinstance(tools, list):
        raise ValidationError(f'{path}: not a FreeCAD tool library (no "tools" list)')
    entries = []
    for index, entry in enumerate(tools, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise ValidationError(f'{path}: tools[{index}] has no "path"')
        number = entry.get("nr")
        relative = Path(entry["path"])
        if relative.is_absolute() or ".." in relative.parts:
            raise ValidationError(
                f"{path}: tools[{index}] path {entry['path']!r} leaves the library"
            )
        candidates = [path.parent / relative, path.parent.parent / "Bit" / relative.name]
        bit = next((c for c in candidates if c.is_file()), candidates[-1])
        entries.append((_entry_number(number, index), bit))
    owners: dict[Any, list[int]] = {}
    for index, (number, _) in enumerate(entries):
        if isinstance(number, int):
            owners.setdefault(number, []).append(index)
    for number, indexes in owners.items():
        if len(indexes) > 1:
            bits = " and ".join(repr(entries[i][1].name) for i in indexes)
            for i in indexes:
                entries[i] = (f"nr {number} is given to both {bits} in {path.name}", entries[i][1])
    return entries


def _entry_number(number: Any, index: int) -> int | str | None:
    if number is None:
        return None
    if isinstance(number, str) and number.strip().isdigit():
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int) or number <= 0:
        return f"tools[{index}] nr must be a positive whole number, got {number!r}"
    return number


def write_library(
    tools: Iterable[Any], target: Path, *, flavour: str, label: str | None = None
) -> tuple[Path, list[str]]:
    """``target`` (``…/Library/<name>.fctl``) and its bits in the sibling ``…/Bit`` folder,
    FreeCAD's layout, for ``flavour``. Each bit's ``nr`` is the tool's number."""
    if flavour not in FLAVOURS:
        raise ValidationError(
            f"unknown FreeCAD version {flavour!r} (one of {', '.join(FLAVOURS)}; 0.21 is 0.20)",
            field="flavour",
        )
    bits = target.parent.parent / "Bit"
    bits.mkdir(parents=True, exist_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    tools = sorted(tools, key=lambda tool: tool.tool_number)
    used: set[str] = set()
    entries, notes = [], []
    for tool in tools:
        kept = (tool.params or {}).get("freecad") or {}
        stem = safe_stem(Path(str(kept.get("file", ""))).stem) or safe_stem(tool.name) or "tool"
        while stem.lower() in used:
            stem = f"{stem}-{tool.tool_number}"
        used.add(stem.lower())
        bit, bit_notes = tool_to_bit(tool, flavour=flavour, file_stem=stem)
        notes.extend(bit_notes)
        write_text_atomically(bits / f"{stem}.fctb", _json_text(bit))
        entries.append({"nr": tool.tool_number, "path": f"{stem}.fctb"})
    content: dict[str, Any] = {"tools": entries, "version": 1}
    if flavour == "1.1":
        content["label"] = label or target.stem
    write_text_atomically(target, _json_text(content))
    return target, notes


def safe_stem(name: str) -> str:
    """A file name stem from ``name``: no separators, no leading dots, nothing odd."""
    stem = re.sub(r"[^\w.+-]+", "_", name, flags=re.UNICODE).strip("._")
    return stem[:100]


def _json_text(content: dict[str, Any]) -> str:
    return json.dumps(content, indent=2, ensure_ascii=False) + "\n"
