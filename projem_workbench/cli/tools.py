# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem tools``: the shop's tool library, its inventory and its files."""

from __future__ import annotations

import argparse

from projem_workbench.cli.record_commands import add_record_commands
from projem_workbench.cli.tool_files import add_tool_file_commands
from projem_workbench.db.enums import ToolMaterial, ToolType
from projem_workbench.db.session import Database
from projem_workbench.services.tools import TOOLS, ToolRecord, adjust_stock, search_tools

COLUMNS = (
    "id",
    "tool_number",
    "name",
    "tool_type",
    "tool_material",
    "diameter_mm",
    "flutes",
    "quantity_on_hand",
    "min_stock",
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    tools = subparsers.add_parser("tools", help="the cutting-tool library and its inventory")
    group = tools.add_subparsers(dest="tools_command", metavar="COMMAND", required=True)
    add_record_commands(
        group, TOOLS, columns=COLUMNS, lister=_list, add_filters=_filters, json_files=False
    )
    add_tool_file_commands(group)

    stock = group.add_parser("stock", help="change how many of a tool are on hand (audited)")
    stock.add_argument("ref", metavar="NAME", help="tool name or id")
    how = stock.add_mutually_exclusive_group(required=True)
    how.add_argument("--add", type=_count, metavar="N", help="put N more on the shelf")
    how.add_argument("--take", type=_count, metavar="N", help="take N off the shelf")
    how.add_argument("--set", type=_count, metavar="N", help="set the count to N (after a count)")
    stock.set_defaults(handler=_stock)

    low = group.add_parser("low-stock", help="tools with fewer on hand than their minimum")
    low.set_defaults(handler=_low_stock)


def _count(text: str) -> int:
    """A number of tools: a whole number of 0 or more (``--take 3``, never ``--add -5``)."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if count < 0:
        raise argparse.ArgumentTypeError(
            f"a number of tools is 0 or more, got {count} (use --take to take tools out)"
        )
    return count


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--search", metavar="TEXT", help="text in name, maker or part number")
    parser.add_argument(
        "--type",
        dest="tool_types",
        action="append",
        default=[],
        choices=[t.value for t in ToolType],
    )
    parser.add_argument(
        "--tool-material",
        dest="tool_materials",
        action="append",
        default=[],
        choices=[m.value for m in ToolMaterial],
    )
    parser.add_argument("--min-diameter", metavar="MM", help="smallest diameter (inclusive)")
    parser.add_argument("--max-diameter", metavar="MM", help="largest diameter (inclusive)")
    parser.add_argument("--low-stock", action="store_true", help="only tools below min stock")


def _list(args: argparse.Namespace, database: Database) -> list[ToolRecord]:
    return search_tools(
        database,
        text=args.search,
        tool_types=args.tool_types,
        tool_materials=args.tool_materials,
        diameter_min=args.min_diameter,
        diameter_max=args.max_diameter,
        low_stock=args.low_stock,
        deleted=args.deleted,
    )


def _stock(args: argparse.Namespace, database: Database) -> int:
    tool = adjust_stock(database, args.ref, add=args.add, take=args.take, set_to=args.set)
    low = " (below minimum)" if tool.quantity_on_hand < tool.min_stock else ""
    print(f"{tool.name}: {tool.quantity_on_hand} on hand, minimum {tool.min_stock}{low}")
    return 0


def _low_stock(args: argparse.Namespace, database: Database) -> int:
    tools = search_tools(database, low_stock=True)
    for tool in tools:
        short = tool.min_stock - tool.quantity_on_hand
        where = f" at {tool.location}" if tool.location else ""
        print(
            f"{tool.name}: {tool.quantity_on_hand} on hand, minimum {tool.min_stock} "
            f"(order {short}){where}"
        )
    print(f"({len(tools)} below minimum stock)")
    return 0
