# SPDX-License-Identifier: LGPL-2.1-or-later
"""Tool types for the FreeCAD ToolBit shapes that had none: dovetail, corner rounding,
tapered ball end mill and probe, so FreeCAD's own tool libraries import without losses.

PostgreSQL adds the labels to the native ``tool_type`` enum; SQLite rebuilds ``tools`` with the
wider CHECK. Downgrading refuses while live or deleted tools still use a new type, because
dropping a label would have to change or delete those rows.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from projem_workbench.errors import MigrationError

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD_TYPES = (
    "flat_endmill",
    "ball_endmill",
    "bull_endmill",
    "drill",
    "center_drill",
    "chamfer",
    "v_bit",
    "face_mill",
    "slot_cutter",
    "thread_mill",
    "tap",
    "reamer",
    "engraver",
)
NEW_TYPES = ("dovetail", "corner_rounding", "tapered_ball_endmill", "probe")


def _enum(labels: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*labels, name="tool_type", create_constraint=True)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for label in NEW_TYPES:
            op.execute(f"ALTER TYPE tool_type ADD VALUE IF NOT EXISTS '{label}'")
        return
    with op.batch_alter_table("tools", recreate="always") as batch:
        batch.alter_column(
            "tool_type", existing_type=_enum(OLD_TYPES), type_=_enum(OLD_TYPES + NEW_TYPES)
        )


def downgrade() -> None:
    bind = op.get_bind()
    in_use = bind.execute(
        sa.text("SELECT count(*) FROM tools WHERE tool_type IN :labels").bindparams(
            sa.bindparam("labels", expanding=True)
        ),
        {"labels": list(NEW_TYPES)},
    ).scalar_one()
    if in_use:
        raise MigrationError(
            f"cannot downgrade below 0003: {in_use} tool(s) use a type added by it "
            f"({', '.join(NEW_TYPES)}); change or remove them first"
        )
    if bind.dialect.name == "postgresql":
        # PostgreSQL cannot drop enum labels: build the old type and move the column over.
        op.execute("ALTER TYPE tool_type RENAME TO tool_type_0003")
        op.execute(f"CREATE TYPE tool_type AS ENUM ({', '.join(repr(t) for t in OLD_TYPES)})")
        op.execute(
            "ALTER TABLE tools ALTER COLUMN tool_type TYPE tool_type "
            "USING tool_type::text::tool_type"
        )
        op.execute("DROP TYPE tool_type_0003")
        return
    with op.batch_alter_table("tools", recreate="always") as batch:
        batch.alter_column(
            "tool_type", existing_type=_enum(OLD_TYPES + NEW_TYPES), type_=_enum(OLD_TYPES)
        )
