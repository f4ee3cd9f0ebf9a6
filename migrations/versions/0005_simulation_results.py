# SPDX-License-Identifier: LGPL-2.1-or-later
"""Simulation results: what a simulation run measured, bound to the G-code it checked, and
the artefact kind ``heightfield`` (a part's top surface at one resolution, kept per model
version so a second simulation does not rasterize the part again).

``sim_runs`` gains the G-code's SHA-256 (the gate releases a run's G-code only with a clean
simulation of exactly those bytes), the remaining and left-over volumes, the feed-only cycle
time beside the one with acceleration, the error and warning counts, the time the
simulation took and the image of the material left. PostgreSQL adds the label to the native
``artefact_kind`` enum; SQLite rebuilds ``artefacts`` with the wider CHECK. Downgrading
refuses while height-field artefacts exist.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from projem_workbench.errors import MigrationError

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

OLD_KINDS = ("fcstd", "gcode", "step", "stl", "report", "image", "log", "toolpath")
NEW_KIND = "heightfield"
# As projem_workbench.db.models.checks.sha256_hex writes it (a migration keeps its own copy).
SHA256_OR_NULL = (
    "gcode_sha256 IS NULL OR (length(gcode_sha256) = 64 AND "
    "ltrim(gcode_sha256, '0123456789abcdef') = '')"
)
CHECKS = (
    ("gcode_sha256_hex", SHA256_OR_NULL),
    ("error_count_non_negative", "error_count >= 0"),
    ("warning_count_non_negative", "warning_count >= 0"),
    (
        "remaining_volume_non_negative",
        "remaining_volume_mm3 IS NULL OR remaining_volume_mm3 >= 0",
    ),
    ("left_volume_non_negative", "left_volume_mm3 IS NULL OR left_volume_mm3 >= 0"),
)


def _kinds(labels: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*labels, name="artefact_kind", create_constraint=True)


COLUMNS = (
    ("gcode_sha256", sa.String(64)),
    ("error_count", sa.Integer()),
    ("warning_count", sa.Integer()),
    ("remaining_volume_mm3", sa.Numeric(16, 3)),
    ("left_volume_mm3", sa.Numeric(16, 3)),
    ("feed_only_cycle_s", sa.Numeric(12, 2)),
    ("elapsed_s", sa.Numeric(10, 3)),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TYPE artefact_kind ADD VALUE IF NOT EXISTS '{NEW_KIND}'")
    else:
        with op.batch_alter_table("artefacts", recreate="always") as batch:
            batch.alter_column(
                "kind", existing_type=_kinds(OLD_KINDS), type_=_kinds((*OLD_KINDS, NEW_KIND))
            )
    with op.batch_alter_table("sim_runs") as batch:
        for name, type_ in COLUMNS:
            counted = name.endswith("_count")
            batch.add_column(
                sa.Column(
                    name,
                    type_,
                    nullable=not counted,
                    server_default="0" if counted else None,
                )
            )
        batch.add_column(
            sa.Column(
                "left_image_artefact_id",
                sa.Integer(),
                sa.ForeignKey(
                    "artefacts.id",
                    ondelete="SET NULL",
                    name=op.f("fk_sim_runs_left_image_artefact_id_artefacts"),
                ),
            )
        )
        batch.create_index(op.f("ix_sim_runs_gcode_sha256"), ["gcode_sha256"])
        for name, rule in CHECKS:
            batch.create_check_constraint(op.f(f"ck_sim_runs_{name}"), rule)


def downgrade() -> None:
    bind = op.get_bind()
    in_use = bind.execute(
        sa.text("SELECT count(*) FROM artefacts WHERE kind = :kind"), {"kind": NEW_KIND}
    ).scalar_one()
    if in_use:
        raise MigrationError(
            f"cannot downgrade below 0005: {in_use} height-field artefact(s) exist (part "
            "surfaces kept by simulations), and a migration does not delete audited rows"
        )
    with op.batch_alter_table("sim_runs") as batch:
        for name, _rule in CHECKS:
            batch.drop_constraint(op.f(f"ck_sim_runs_{name}"), type_="check")
        batch.drop_index(op.f("ix_sim_runs_gcode_sha256"))
        batch.drop_constraint(
            op.f("fk_sim_runs_left_image_artefact_id_artefacts"), type_="foreignkey"
        )
        batch.drop_column("left_image_artefact_id")
        for name, _type in reversed(COLUMNS):
            batch.drop_column(name)
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TYPE artefact_kind RENAME TO artefact_kind_0005")
        labels = ", ".join(f"'{label}'" for label in OLD_KINDS)
        op.execute(f"CREATE TYPE artefact_kind AS ENUM ({labels})")
        op.execute(
            "ALTER TABLE artefacts ALTER COLUMN kind TYPE artefact_kind "
            "USING kind::text::artefact_kind"
        )
        op.execute("DROP TYPE artefact_kind_0005")
        return
    with op.batch_alter_table("artefacts", recreate="always") as batch:
        batch.alter_column(
            "kind", existing_type=_kinds((*OLD_KINDS, NEW_KIND)), type_=_kinds(OLD_KINDS)
        )
