# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the G-code reader gives: a program's moves, tool changes and dwells, each with its
source line, and the error that names the line a program breaks a rule on."""

from __future__ import annotations

from dataclasses import dataclass, field

from projem_workbench.errors import ValidationError

RAPID, FEED, ARC = "rapid", "feed", "arc"


class GcodeError(ValidationError):
    """The program breaks a rule Projem holds every program to; names the line."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(slots=True)
class Move:
    """One straight or circular move of the tool tip, in mm and work coordinates."""

    line: int
    kind: str
    start: tuple[float, float, float]
    end: tuple[float, float, float]
    feed_mm_min: float
    tool: int | None
    spindle_rpm: float
    spindle: str
    coolant: str
    operation: str
    plane: int = 17
    clockwise: bool = False
    center: tuple[float, float, float] | None = None
    turns: int = 1
    cycle: int | None = None


@dataclass(slots=True)
class ToolChange:
    line: int
    tool: int


@dataclass(slots=True)
class Dwell:
    line: int
    seconds: float


@dataclass
class Program:
    moves: list[Move] = field(default_factory=list)
    tool_changes: list[ToolChange] = field(default_factory=list)
    dwells: list[Dwell] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def fail(number: int, message: str) -> GcodeError:
    return GcodeError(f"line {number}: {message}", line=number)
