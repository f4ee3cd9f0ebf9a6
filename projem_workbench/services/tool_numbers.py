# SPDX-License-Identifier: LGPL-2.1-or-later
"""Tool numbers: the T number each live tool keeps for life (``tools.tool_number``).

A new tool takes the number it is given when that is free, else the lowest free positive
number. Runs, LinuxCNC tool tables and FreeCAD libraries all read the number from here, so
adding a tool never renumbers the others.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from projem_workbench.db.models import Tool
from projem_workbench.services.record_import import ImportOutcome, ImportPlan, ImportReport, Planned


def live_numbers(session: Session, *, other_than: int | None = None) -> dict[int, str]:
    """Number -> name of every live tool that has one (``other_than``: a tool id left out)."""
    query = select(Tool.tool_number, Tool.name).where(
        Tool.is_deleted.is_(False), Tool.tool_number.is_not(None)
    )
    if other_than is not None:
        query = query.where(Tool.id != other_than)
    return {number: name for number, name in session.execute(query)}


def lowest_free(taken: Collection[int]) -> int:
    """The lowest positive integer not in ``taken``."""
    number = 1
    while number in taken:
        number += 1
    return number


def holder_message(number: int, holder: str) -> str:
    return f"T{number} is {holder!r} in the library"


def settle_import_numbers(plan: ImportPlan, report: ImportReport, *, renumber: bool) -> None:
    """Give every tool an import creates or changes a number no other live tool holds.

    A file's number that another live tool keeps (or an earlier tool of the same file takes)
    refuses the tool, naming the holder; with ``renumber`` a new tool takes the lowest free
    number instead and an existing one keeps its own, each said in ``report.notes``. Tools
    with no number in the file keep theirs, or (new ones) take the lowest free number.
    """
    kept_back: dict[int, str] = {}  # existing tools refused a move -> who holds the number
    while True:
        outcome = _assign(plan, kept_back, renumber=renumber)
        if isinstance(outcome, _Assignment):
            break
    refused = dict(outcome.refused)
    for entry in plan.updates:
        if entry.record_id in kept_back:
            taken = kept_back[entry.record_id]
            own = plan.current[entry.record_id]["tool_number"]
            if renumber:
                outcome.notes.append(f"{taken}: {entry.label} keeps T{own}")
                entry.values.pop("tool_number")
            else:
                refused[id(entry)] = _refusal(taken, entry)
    for entry in plan.writes:
        if id(entry) in refused:
            report.rejected.append(
                ImportOutcome(name=entry.name, reason=refused[id(entry)], number_taken=True)
            )
        elif id(entry) in outcome.numbers:
            entry.values["tool_number"] = outcome.numbers[id(entry)]
    report.notes.extend(outcome.notes)
    plan.writes = [entry for entry in plan.writes if id(entry) not in refused]


@dataclass
class _Assignment:
    numbers: dict[int, int] = field(default_factory=dict)  # id(entry) -> its number
    refused: dict[int, str] = field(default_factory=dict)  # id(entry) -> why
    notes: list[str] = field(default_factory=list)


class _FreeNumbers:
    """The lowest free numbers, in order, as numbers get taken (never looks back)."""

    def __init__(self, used: set[int]) -> None:
        self.used, self.candidate = used, 1

    def take(self) -> int:
        while self.candidate in self.used:
            self.candidate += 1
        self.used.add(self.candidate)
        return self.candidate


def _assign(plan: ImportPlan, kept_back: dict[int, str], *, renumber: bool) -> _Assignment | None:
    """One pass in file order; None when an existing tool was refused its move (it keeps
    its number, which an earlier tool of the pass may have taken): then pass again."""
    moving = {e.record_id for e in plan.updates if "tool_number" in e.values} - kept_back.keys()
    held: dict[int, str] = {
        values["tool_number"]: f"{values['name']!r} in the library"
        for record_id, values in plan.current.items()
        if values["tool_number"] is not None and record_id not in moving
    }
    wanted = {e.values["tool_number"] for e in plan.writes if e.values.get("tool_number")}
    free = _FreeNumbers(set(held) | wanted)
    result = _Assignment()
    for entry in plan.writes:
        number = entry.values.get("tool_number")
        if number is None or entry.record_id in kept_back:
            continue
        if number not in held:
            held[number] = f"{entry.name!r} in this file"
            result.numbers[id(entry)] = number
            continue
        taken = f"T{number} is {held[number]}"
        if entry.record_id is not None:
            kept_back[entry.record_id] = taken
            return None
        if not renumber:
            result.refused[id(entry)] = _refusal(taken, entry)
            continue
        result.numbers[id(entry)] = new = free.take()
        held[new] = f"{entry.name!r} in this file"
        result.notes.append(f"{taken}: {entry.label} imported as T{new}")
    for entry in plan.creates:
        if entry.values.get("tool_number") is None:
            result.numbers[id(entry)] = new = free.take()
            held[new] = f"{entry.name!r} in this file"
    return result


def _refusal(taken: str, entry: Planned) -> str:
    where = f"{entry.origin}: " if entry.origin else ""
    return f"{where}{taken}; {entry.name!r} not imported (renumbering gives it the next free one)"
