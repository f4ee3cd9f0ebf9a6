# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem feeds``: spindle speed, feeds and depths for a tool, a material and a machine."""

from __future__ import annotations

import argparse

from projem_workbench.db.session import Database
from projem_workbench.services.feeds import Operation, feeds_for


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    feeds = subparsers.add_parser(
        "feeds", help="feeds and speeds for a tool in a material on a machine"
    )
    feeds.add_argument("--tool", required=True, help="tool name or id")
    feeds.add_argument("--material", required=True, help="material name or id")
    feeds.add_argument("--machine", required=True, help="machine name or id")
    feeds.add_argument(
        "--operation",
        choices=[op.value for op in Operation],
        help="default: drilling for hole tools, roughing for the rest",
    )
    feeds.add_argument("--json", action="store_true", help="print JSON")
    feeds.set_defaults(handler=_feeds)


def _feeds(args: argparse.Namespace, database: Database) -> int:
    result = feeds_for(
        database,
        tool=args.tool,
        material=args.material,
        machine=args.machine,
        operation=args.operation,
    )
    if args.json:
        print(result.model_dump_json(indent=2))
        return 0
    print(f"{result.tool} in {result.material} on {result.machine} ({result.operation.value})")
    print(
        f"  cutting data     {result.tool_material_data.value}: vc {result.vc_m_min} m/min, "
        f"{result.chip_load_mm} mm {result.chip_load_basis}, "
        f"at {result.effective_diameter_mm} mm"
    )
    print(f"  spindle          {result.spindle_rpm} rpm")
    print(f"  feed             {result.feed_mm_min:.0f} mm/min")
    print(f"  plunge           {result.plunge_mm_min:.0f} mm/min")
    if result.stepdown_mm is not None:
        print(f"  stepdown         {result.stepdown_mm} mm")
        print(f"  stepover         {result.stepover_mm} mm")
    for clamp in result.clamps:
        print(
            f"  CLAMPED {clamp.quantity}: {clamp.requested:g} -> {clamp.applied:g} ({clamp.reason})"
        )
    for warning in result.warnings:
        print(f"  WARNING: {warning}")
    for note in result.notes:
        print(f"  note: {note}")
    return 0
