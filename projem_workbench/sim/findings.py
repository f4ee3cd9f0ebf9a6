# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the simulator finds wrong with a program: ONE table of kinds (severity and meaning),
the :class:`Finding` it reports, and a collector that keeps one finding per move and kind and
caps each kind so that a broken program does not bury the first faults under a million more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class FindingKind:
    severity: str
    meaning: str


KINDS: dict[str, FindingKind] = {
    "rapid_into_material": FindingKind(
        ERROR, "a rapid (G0) moves the cutter, shank or holder through material not yet removed"
    ),
    "gouge": FindingKind(
        ERROR, "the tool cuts below the part's surface by more than the tolerance"
    ),
    "holder_collision": FindingKind(
        ERROR, "the shank or holder touches material above the cutting length during a cut"
    ),
    "overtravel": FindingKind(ERROR, "the tool tip goes outside the machine's travel"),
    "below_stock_bottom": FindingKind(
        ERROR,
        "the tool tip goes below the stock's bottom by more than the through-cut allowance: "
        "into the vise, fixture or table",
    ),
    "spindle_off_cut": FindingKind(ERROR, "material is removed with the spindle stopped"),
    "feed_missing": FindingKind(ERROR, "a feed move has no positive feed rate (F)"),
    "spindle_out_of_range": FindingKind(
        ERROR, "the spindle speed (S) is outside the machine's range"
    ),
    "feed_over_max": FindingKind(ERROR, "the feed rate is above the machine's maximum"),
    "unknown_tool": FindingKind(ERROR, "a tool number that is not in the tool list"),
    "material_left": FindingKind(WARNING, "material is left above the part's surface"),
    "shank_rub": FindingKind(
        WARNING,
        "the tool cuts deeper than its flutes: its shank, as wide as the cutter, rubs the wall "
        "the flutes cut",
    ),
    "plunge_non_center_cutting": FindingKind(
        WARNING,
        "a tool that does not cut at its centre plunges (down steeper than 45°) into material",
    ),
}

# Findings kept per kind; the last one kept says how many more there were.
MAX_PER_KIND = 200


@dataclass
class Finding:
    kind: str
    severity: str
    line: int | None
    message: str
    x: float | None = None
    y: float | None = None
    z: float | None = None
    tool: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "x": self.x,
            "y": self.y,
            "z": self.z,
            "tool": self.tool,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


class FindingCollector:
    """Findings as they are made: one per (kind, line), at most :data:`MAX_PER_KIND` a kind."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, int | None]] = set()
        self._kept: list[Finding] = []
        self._counts: dict[str, int] = {}
        self._last: dict[str, Finding] = {}

    def has(self, kind: str, line: int | None) -> bool:
        return (kind, line) in self._seen

    def add(
        self,
        kind: str,
        line: int | None,
        message: str,
        *,
        x: float | None = None,
        y: float | None = None,
        z: float | None = None,
        tool: int | None = None,
    ) -> Finding | None:
        """The finding made (None: one of its kind and line exists, or the kind's cap)."""
        if (kind, line) in self._seen:
            return None
        self._seen.add((kind, line))
        count = self._counts.get(kind, 0) + 1
        self._counts[kind] = count
        if count > MAX_PER_KIND:
            return None
        # The line is a field of its own: printed beside the message, never inside it.
        finding = Finding(
            kind, KINDS[kind].severity, line, message, _round(x), _round(y), _round(z)
        )
        finding.tool = tool
        self._kept.append(finding)
        self._last[kind] = finding
        return finding

    def findings(self) -> list[Finding]:
        """The findings in program order (then by kind), the cap noted on the last kept."""
        for kind, count in self._counts.items():
            if count > MAX_PER_KIND:
                last = self._last[kind]
                more = count - MAX_PER_KIND
                if "more like this" not in last.message:
                    last.message += f" (and {more} more like this, not listed)"
        order = {kind: n for n, kind in enumerate(KINDS)}
        return sorted(
            self._kept,
            key=lambda f: (f.line if f.line is not None else 1 << 60, order[f.kind]),
        )
