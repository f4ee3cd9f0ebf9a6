# SPDX-License-Identifier: LGPL-2.1-or-later
"""LinuxCNC tool tables (``.tbl``) as LinuxCNC reads them, and as tool records.

A line is words separated by spaces, each a letter and a number with nothing between
(``T1 P1 D6.0 Z+12.3 ;comment``), in any order, upper or lower case; ``;`` starts the
comment, which runs to the end of the line. The letters are T (tool number), P (pocket),
the offsets X Y Z A B C U V W, D (diameter), I and J (front and back angle) and Q
(orientation). A table says nothing of a tool's type, material or flutes: the comment is read
for them ("drill", "ball", "end mill", "HSS", "3F"…), and what it does not say is assumed
(flat end mill, the default tool material, 2 flutes), marked in ``params.assumed`` and said in
the import's notes. Lengths are taken as mm: the table of a metric machine.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from projem_workbench.db.enums import ToolMaterial, ToolType
from projem_workbench.errors import ValidationError
from projem_workbench.interchange import ParsedTools, checked_file

WORD_LETTERS = "TPXYZABCUVWDIJQ"
OFFSET_LETTERS = "XYZABCUVW"
_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)$")
# What a comment may say about the tool, most specific first ("centre drill" before "drill").
TYPE_WORDS: tuple[tuple[str, ToolType], ...] = (
    (r"cent(?:er|re)[ -]?drill|spot(?:ting)?[ -]?drill|\bspot\b", ToolType.CENTER_DRILL),
    (r"thread[ -]?mill", ToolType.THREAD_MILL),
    (r"tapered[ -]?ball", ToolType.TAPERED_BALL_ENDMILL),
    (r"\bball", ToolType.BALL_ENDMILL),
    (r"bull[ -]?nose|\bbull\b|corner[ -]?radius|torus", ToolType.BULL_ENDMILL),
    (r"chamfer", ToolType.CHAMFER),
    (r"v[ -]?bit|v[ -]?cutter|v[ -]?groove", ToolType.V_BIT),
    (r"engrav", ToolType.ENGRAVER),
    (r"face[ -]?mill|shell[ -]?mill|fly[ -]?cut", ToolType.FACE_MILL),
    (r"slot(?:ting)?[ -]?cutter|slitting|\bsaw\b", ToolType.SLOT_CUTTER),
    (r"dovetail", ToolType.DOVETAIL),
    (r"corner[ -]?round|radius[ -]?cutter|fillet", ToolType.CORNER_ROUNDING),
    (r"\breamer|\bream\b", ToolType.REAMER),
    (r"\btap\b|\btaps\b|\bm\d+(?:[.,]\d+)?\s*x\s*\d", ToolType.TAP),
    (r"\bdrill|\bbohrer|matkap", ToolType.DRILL),
    (r"\bprobe", ToolType.PROBE),
    (r"end[ -]?mill|\bflat\b|\bem\b|\bslot\b|\bfreze", ToolType.FLAT_ENDMILL),
)
MATERIAL_WORDS: tuple[tuple[str, ToolMaterial], ...] = (
    (r"hss[ -]?co|cobalt|\bhss-?e\b", ToolMaterial.HSS_COBALT),
    (r"\bhss\b", ToolMaterial.HSS),
    (r"carbide|\bvhm\b|\bkarbür", ToolMaterial.CARBIDE),
    (r"ceramic", ToolMaterial.CERAMIC),
    (r"\bcbn\b", ToolMaterial.CBN),
    (r"\bpcd\b|diamond", ToolMaterial.PCD),
)
_FLUTES = re.compile(r"\b(\d{1,2})\s*(?:f|fl|flt|flutes?)\b", re.IGNORECASE)
# What Projem itself writes in the comment: "<name> (<tool_type>)".
_OWN_COMMENT = re.compile(r"^(?P<name>.*\S)\s+\((?P<type>[a-z_]+)\)$")


def parse_line(code: str, line_number: int) -> dict[str, Decimal]:
    """The words of one line's code part (before ``;``), or a ValidationError naming the
    line and the word."""
    words: dict[str, Decimal] = {}
    for token in code.split():
        letter, value = token[0].upper(), token[1:]
        if letter not in WORD_LETTERS:
            raise ValidationError(
                f"line {line_number}: {token!r} is not a tool table word "
                f"(a letter of {' '.join(WORD_LETTERS)} and a number)"
            )
        if not _NUMBER.match(value):
            raise ValidationError(f"line {line_number}: {letter} needs a number, got {token!r}")
        if letter in words:
            raise ValidationError(f"line {line_number}: {letter} is given twice ({token!r})")
        try:
            words[letter] = Decimal(value)
        except InvalidOperation:
            raise ValidationError(f"line {line_number}: cannot read {token!r}") from None
    if "T" not in words:
        raise ValidationError(f"line {line_number}: no tool number (T) in {code.strip()!r}")
    number = words["T"]
    if number != number.to_integral_value() or number <= 0:
        raise ValidationError(
            f"line {line_number}: the tool number must be a whole number above 0 "
            f"(T0 is the empty spindle), got T{number}",
            field="tool_number",
        )
    return words


def table_lines(text: str) -> list[tuple[int, str, str]]:
    """(line number, code, comment) of every line that holds a word."""
    lines = []
    for line_number, raw in enumerate(text.splitlines(), start=1):
        code, _, comment = raw.partition(";")
        if code.strip():
            lines.append((line_number, code, comment.strip()))
    return lines


def read_table_tools(path: Path, *, default_tool_material: ToolMaterial) -> ParsedTools:
    """The tools of a LinuxCNC tool table as tool records; a line that cannot be read is
    refused with its number and what is wrong, and two lines with one T number both are."""
    checked_file(path, "a LinuxCNC tool table")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValidationError(f"{path}: not a LinuxCNC tool table (not UTF-8 text)") from None
    result = ParsedTools()
    parsed: list[tuple[int, dict[str, Decimal], str]] = []
    for line_number, code, comment in table_lines(text):
        try:
            parsed.append((line_number, parse_line(code, line_number), comment))
        except ValidationError as exc:
            result.rejected.append((comment or f"line {line_number}", str(exc)))
    lines_of: dict[int, list[int]] = {}
    for line_number, words, _ in parsed:
        lines_of.setdefault(int(words["T"]), []).append(line_number)
    for line_number, words, comment in parsed:
        number = int(words["T"])
        if len(lines_of[number]) > 1:
            others = ", ".join(str(n) for n in lines_of[number])
            result.rejected.append(
                (comment or f"T{number}", f"line {line_number}: T{number} is on lines {others}")
            )
            continue
        if "D" not in words:
            result.rejected.append(
                (comment or f"T{number}", f"line {line_number}: T{number} has no diameter (D)")
            )
            continue
        item, notes = table_tool(words, comment, default_tool_material=default_tool_material)
        result.items.append(item)
        result.origins.append(f"line {line_number}")
        result.notes.extend(f"line {line_number}: T{number} {item['name']!r}: {n}" for n in notes)
    if not result.items and not result.rejected:
        raise ValidationError(f"{path}: the tool table holds no tools")
    return result


def table_tool(
    words: dict[str, Decimal], comment: str, *, default_tool_material: ToolMaterial
) -> tuple[dict[str, Any], list[str]]:
    """A tool record from one table line's words and comment, and notes on what was assumed."""
    number = int(words["T"])
    notes: list[str] = []
    assumed: list[str] = []
    name, tool_type = comment, None
    own = _OWN_COMMENT.match(comment)
    if own and own["type"] in {t.value for t in ToolType}:
        name, tool_type = own["name"], ToolType(own["type"])
    if not name:
        name = f"T{number}"
        notes.append(f"no comment to name it: named {name!r}")
    lowered = comment.lower()
    if tool_type is None:
        tool_type = next((t for p, t in TYPE_WORDS if re.search(p, lowered)), None)
    if tool_type is None:
        tool_type = ToolType.FLAT_ENDMILL
        assumed.append("tool_type")
    material = next((m for p, m in MATERIAL_WORDS if re.search(p, lowered)), None)
    if material is None:
        material = default_tool_material
        assumed.append("tool_material")
    flutes_said = _FLUTES.search(comment)
    flutes = int(flutes_said.group(1)) if flutes_said else (0 if tool_type is ToolType.PROBE else 2)
    if not flutes_said and tool_type is not ToolType.PROBE:
        assumed.append("flutes")
    linuxcnc: dict[str, Any] = {}
    for letter, value in words.items():
        if letter in OFFSET_LETTERS:
            linuxcnc[f"{letter.lower()}_offset_mm"] = float(value)
        elif letter in _OTHER_WORDS:
            linuxcnc[_OTHER_WORDS[letter]] = int(value) if letter in "PQ" else float(value)
    params: dict[str, Any] = {"linuxcnc": linuxcnc}
    if assumed:
        params["assumed"] = assumed
        shown = {"tool_type": tool_type.value, "tool_material": material.value}
        said = ", ".join(f"{f} {shown.get(f, flutes)}" for f in assumed)
        notes.append(f"the comment does not say it: assumed {said}")
    item: dict[str, Any] = {
        "name": name,
        "tool_number": number,
        "diameter_mm": words["D"],
        "tool_type": tool_type.value,
        "tool_material": material.value,
        "flutes": flutes,
        "params": params,
    }
    return item, notes


# The words other than T, D and the offsets, under the names params.linuxcnc keeps them by.
_OTHER_WORDS = {"P": "pocket", "I": "front_angle_deg", "J": "back_angle_deg", "Q": "orientation"}
