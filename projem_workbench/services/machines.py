# SPDX-License-Identifier: LGPL-2.1-or-later
"""CNC machines: their travels, spindle and feed limits, controller and post-processor."""

from __future__ import annotations

from pydantic import ConfigDict
from sqlalchemy import func, select

from projem_workbench.db.enums import MachineType
from projem_workbench.db.models import Machine
from projem_workbench.db.session import Database
from projem_workbench.schemas.inputs import MachineInput
from projem_workbench.services.records import (
    RecordService,
    RecordState,
    enum_member,
    text_filter,
)


class MachineRecord(RecordState, MachineInput):
    model_config = ConfigDict(from_attributes=True, extra="ignore")


MACHINES: RecordService[MachineInput, MachineRecord] = RecordService(
    label="machine", model=Machine, schema=MachineInput, view=MachineRecord
)


def search_machines(
    database: Database,
    *,
    text: str | None = None,
    machine_type: MachineType | str | None = None,
    controller: str | None = None,
    active_only: bool = False,
    deleted: bool = False,
) -> list[MachineRecord]:
    """Machines matching every filter given (text looks in name, controller and notes)."""
    query = select(Machine)
    condition = text_filter((Machine.name, Machine.controller, Machine.notes), text)
    if condition is not None:
        query = query.where(condition)
    if machine_type is not None:
        query = query.where(
            Machine.machine_type == enum_member(MachineType, machine_type, "machine_type")
        )
    if controller:
        query = query.where(func.lower(Machine.controller) == controller.lower())
    if active_only:
        query = query.where(Machine.is_active.is_(True))
    return MACHINES.list(database, query=query, deleted=deleted)
