# SPDX-License-Identifier: LGPL-2.1-or-later
"""Tool files the shop already uses: FreeCAD ToolBit libraries, LinuxCNC tool tables, CSV.

Plain Python: FreeCAD's file formats are read and written here without importing FreeCAD.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from projem_workbench.errors import ValidationError

# Real tool files are kilobytes (a 10,000-tool CSV is about 2 MB): anything far larger is
# the wrong file, and is refused before it is read into memory.
MAX_TOOL_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class ParsedTools:
    """What a file holds: tool records (dicts for ToolInput) and the rows that were refused."""

    items: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (row name, reason)
    origins: list[str] = field(default_factory=list)  # where each item is ("line 7"), if known
    notes: list[str] = field(default_factory=list)  # what the reader assumed, one line each


def checked_file(path: Path, what: str) -> Path:
    """``path`` if it is a readable file of plausible size for ``what``, else a clear error."""
    if not path.is_file():
        raise ValidationError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_TOOL_FILE_BYTES:
        raise ValidationError(
            f"{path}: {size / 2**20:.1f} MiB is far too large for {what} "
            f"(limit {MAX_TOOL_FILE_BYTES // 2**20} MiB); is it the right file?"
        )
    return path


def read_json_records(path: Path, *, key: str) -> list[dict[str, Any]]:
    """The records of a JSON file: a list of objects, or an object holding one under ``key``."""
    if not path.is_file():
        raise ValidationError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_TOOL_FILE_BYTES:
        raise ValidationError(
            f"{path}: {size / 2**20:.1f} MiB is too large for a list of {key} "
            f"(limit {MAX_TOOL_FILE_BYTES // 2**20} MiB); is it the right file?"
        )
    try:
        data = json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path}: not valid JSON ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get(key), list):
        data = data[key]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValidationError(
            f"{path}: expected a JSON list of {key} (objects) or {{{key!r}: [...]}}"
        )
    return data


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader sees the old file or the whole new one.

    The file gets the mode a plain ``open(path, "w")`` would give it: an existing file keeps
    its own, a new one gets 0666 less the umask (0644 under umask 022). The temporary file
    is new each time (``O_EXCL``, a random name), so the kernel applies the umask to it and
    no left-over or concurrent temporary lends it another mode.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    if not path.parent.is_dir():
        raise ValidationError(f"cannot write {path}: the folder {path.parent} does not exist")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.partial")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ValidationError(f"cannot write {path}: {exc.strerror}") from exc


def assumed_fields(params: dict[str, Any]) -> list[str]:
    """The fields ``params["assumed"]`` lists: values Projem filled in because the file it
    read gave none (a ToolBit without Flutes); an export does not write them back."""
    value = params.get("assumed")
    return [str(name) for name in value] if isinstance(value, list) else []
