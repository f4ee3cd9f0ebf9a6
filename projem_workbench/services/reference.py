# SPDX-License-Identifier: LGPL-2.1-or-later
"""Machines, materials and tools: the shop's reference data, validated and audited.

Loading is idempotent by name: a record whose live name already exists is left as it is, so
``projem demo`` (and a shop's own starter files) can run any number of times.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from projem_workbench.db.models import Machine, Material, Tool
from projem_workbench.db.session import Database
from projem_workbench.schemas.inputs import MachineInput, MaterialInput, ToolInput
from projem_workbench.services import audited
from projem_workbench.services.record_import import name_key
from projem_workbench.services.tool_numbers import holder_message, live_numbers, lowest_free

CATALOG_RESOURCE = "data/catalog.json"


class ReferenceData(BaseModel):
    machines: list[MachineInput] = Field(default_factory=list)
    materials: list[MaterialInput] = Field(default_factory=list)
    tools: list[ToolInput] = Field(default_factory=list)


class LoadReport(BaseModel):
    created: int = 0
    unchanged: int = 0
    notes: list[str] = Field(default_factory=list)  # a tool number taken: the one it got


def _live_name_keys(session: Session, model: Any) -> set[str]:
    query = select(model.name)
    if hasattr(model, "is_deleted"):
        query = query.where(model.is_deleted.is_(False))
    return {name_key(name) for name in session.scalars(query)}


def load_reference_data(database: Database, data: ReferenceData) -> LoadReport:
    """Create every record whose name is not taken yet, in one audited transaction."""
    report = LoadReport()
    with database.unit_of_work() as session:
        for model, items in (
            (Machine, data.machines),
            (Material, data.materials),
            (Tool, data.tools),
        ):
            existing = _live_name_keys(session, model)
            for item in items:
                if name_key(item.name) in existing:
                    report.unchanged += 1
                    continue
                existing.add(name_key(item.name))
                values = item.model_dump()
                if model is Tool:  # the number asked for when free, else the lowest free one
                    taken = live_numbers(session)
                    wanted = values["tool_number"]
                    if wanted is None or wanted in taken:
                        values["tool_number"] = lowest_free(taken)
                    if wanted in taken:
                        report.notes.append(
                            f"{holder_message(wanted, taken[wanted])}: {item.name!r} loaded "
                            f"as T{values['tool_number']}"
                        )
                audited.create(session, model(**values))
                report.created += 1
    return report


def starter_catalog() -> ReferenceData:
    """The catalogue shipped with Projem (machines, materials with cited cutting data, tools)."""
    text = resources.files("projem_workbench").joinpath(CATALOG_RESOURCE).read_text("utf-8")
    return ReferenceData.model_validate_json(text)
