# SPDX-License-Identifier: LGPL-2.1-or-later
"""Security event ``artefact_corrupt``: a stored file no longer matches its SHA-256.

PostgreSQL adds the label to ``security_event_type``; SQLite rebuilds ``security_events`` with
the wider CHECK. Downgrading refuses while events of that type exist (they are evidence).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from projem_workbench.errors import MigrationError

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD_TYPES = (
    "login_success",
    "login_failure",
    "account_locked",
    "password_changed",
    "token_reused",
    "token_revoked",
    "permission_denied",
    "audit_chain_broken",
    "license_violation",
)
NEW_TYPE = "artefact_corrupt"


def _enum(labels: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*labels, name="security_event_type", create_constraint=True)


def _rebuild_sqlite_table(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    with op.batch_alter_table("security_events", recreate="always") as batch:
        batch.alter_column("event_type", existing_type=_enum(old), type_=_enum(new))
    # SQLite does not report an index's DESC, so the rebuilt table lost it: put it back.
    op.drop_index("ix_security_events_created_at_desc", table_name="security_events")
    op.create_index(
        "ix_security_events_created_at_desc", "security_events", [sa.text("created_at DESC")]
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TYPE security_event_type ADD VALUE IF NOT EXISTS '{NEW_TYPE}'")
        return
    _rebuild_sqlite_table(OLD_TYPES, (*OLD_TYPES, NEW_TYPE))


def downgrade() -> None:
    bind = op.get_bind()
    in_use = bind.execute(
        sa.text("SELECT count(*) FROM security_events WHERE event_type = :label"),
        {"label": NEW_TYPE},
    ).scalar_one()
    if in_use:
        raise MigrationError(
            f"cannot downgrade below 0004: {in_use} security event(s) of type {NEW_TYPE}; "
            "they are evidence and are not removed by a migration"
        )
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TYPE security_event_type RENAME TO security_event_type_0004")
        labels = ", ".join(f"'{label}'" for label in OLD_TYPES)
        op.execute(f"CREATE TYPE security_event_type AS ENUM ({labels})")
        op.execute(
            "ALTER TABLE security_events ALTER COLUMN event_type TYPE security_event_type "
            "USING event_type::text::security_event_type"
        )
        op.execute("DROP TYPE security_event_type_0004")
        return
    _rebuild_sqlite_table((*OLD_TYPES, NEW_TYPE), OLD_TYPES)
