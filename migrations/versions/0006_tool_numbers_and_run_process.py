# SPDX-License-Identifier: LGPL-2.1-or-later
"""Persistent tool numbers, and the process that runs a CAM run.

``tools.tool_number`` is the T number a tool keeps for life: unique among live tools, kept
through imports, exports and edits, and read by runs, tool tables and FreeCAD libraries
alike. Existing live tools are numbered in id order, each keeping the number its FreeCAD
library gave it (``params.freecad.nr``) where that number is positive and still free, the
others taking the next free number.

``cam_runs.worker_host`` and ``worker_pid`` record which process on which host runs a CAM
run, so that a later command can mark a run failed whose process is gone (killed, or the
machine restarted) instead of leaving it ``running`` for ever.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

LIVE_ROWS = sa.text("deleted_at IS NULL")


def _library_number(params: object) -> int | None:
    if isinstance(params, str):
        params = json.loads(params)
    number = ((params or {}).get("freecad") or {}).get("nr") if isinstance(params, dict) else None
    if isinstance(number, int) and not isinstance(number, bool) and number > 0:
        return number
    return None


def _number_live_tools() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, params FROM tools WHERE deleted_at IS NULL ORDER BY id")
    ).all()
    wanted = {row.id: _library_number(row.params) for row in rows}
    taken: set[int] = set()
    numbers: dict[int, int] = {}
    for row in rows:
        number = wanted[row.id]
        if number is not None and number not in taken:
            numbers[row.id] = number
            taken.add(number)
    free = 1
    for row in rows:
        if row.id in numbers:
            continue
        while free in taken:
            free += 1
        numbers[row.id] = free
        taken.add(free)
    for tool_id, number in numbers.items():
        bind.execute(
            sa.text("UPDATE tools SET tool_number = :number WHERE id = :id"),
            {"number": number, "id": tool_id},
        )


def upgrade() -> None:
    with op.batch_alter_table("tools") as batch:
        batch.add_column(sa.Column("tool_number", sa.Integer()))
        batch.create_check_constraint(
            op.f("ck_tools_tool_number_positive"), "tool_number IS NULL OR tool_number > 0"
        )
    _number_live_tools()
    op.create_index(
        "uq_tools_tool_number_live",
        "tools",
        ["tool_number"],
        unique=True,
        sqlite_where=LIVE_ROWS,
        postgresql_where=LIVE_ROWS,
    )
    with op.batch_alter_table("cam_runs") as batch:
        batch.add_column(sa.Column("worker_host", sa.String(255)))
        batch.add_column(sa.Column("worker_pid", sa.Integer()))


def downgrade() -> None:
    with op.batch_alter_table("cam_runs") as batch:
        batch.drop_column("worker_pid")
        batch.drop_column("worker_host")
    op.drop_index("uq_tools_tool_number_live", table_name="tools")
    with op.batch_alter_table("tools") as batch:
        batch.drop_constraint(op.f("ck_tools_tool_number_positive"), type_="check")
        batch.drop_column("tool_number")
