# SPDX-License-Identifier: LGPL-2.1-or-later
"""The starter catalogue in a database, on both backends: every record once, a second load
changes nothing, and the tools are numbered in the file's order."""

from __future__ import annotations

from projem_workbench.db.session import Database
from projem_workbench.services import reference
from projem_workbench.services.tools import TOOLS


def test_the_starter_catalogue_loads_once_and_numbers_its_tools_in_order(
    database: Database,
) -> None:
    catalog = reference.starter_catalog()
    records = len(catalog.machines) + len(catalog.materials) + len(catalog.tools)
    first = reference.load_reference_data(database, catalog)
    assert (first.created, first.unchanged, first.notes) == (records, 0, [])
    again = reference.load_reference_data(database, reference.starter_catalog())
    assert (again.created, again.unchanged, again.notes) == (0, records, [])
    numbers = {tool.name: tool.tool_number for tool in TOOLS.list(database)}
    assert numbers == {tool.name: n for n, tool in enumerate(catalog.tools, start=1)}
    assert numbers["Reamer 8 mm H7 carbide"] == 21  # the first 21 keep their numbers
    assert numbers["Drill 10 mm long HSS-Co (DIN 340)"] == len(catalog.tools)
