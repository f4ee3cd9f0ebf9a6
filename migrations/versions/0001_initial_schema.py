# SPDX-License-Identifier: LGPL-2.1-or-later
"""Initial schema: the 17 tables, 24 enum types, constraints and indexes of the data model.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 02:52:55.202389
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# (column, owner table) of the artefact foreign keys created after both tables exist.
ARTEFACT_OWNERS = (("model_id", "models"), ("cam_run_id", "cam_runs"), ("sim_run_id", "sim_runs"))
# PostgreSQL keeps enum types after their tables are dropped.
ENUM_TYPES = (
    "user_role",
    "locale",
    "license_type",
    "license_status",
    "job_type",
    "job_status",
    "run_status",
    "model_type",
    "artefact_kind",
    "invoice_type",
    "invoice_status",
    "payment_status",
    "currency",
    "notification_type",
    "notification_severity",
    "audit_action",
    "security_event_type",
    "security_severity",
    "sync_direction",
    "sync_status",
    "machine_type",
    "tool_type",
    "tool_material",
    "material_category",
)


def upgrade() -> None:
    op.create_table(
        "erp_mes_sync",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "direction",
            sa.Enum("inbound", "outbound", name="sync_direction", create_constraint=True),
            nullable=False,
        ),
        sa.Column("system", sa.String(length=60), nullable=False),
        sa.Column("entity_type", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=120), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "in_progress",
                "succeeded",
                "failed",
                "skipped",
                name="sync_status",
                create_constraint=True,
            ),
            server_default="pending",
            nullable=False,
        ),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("payload_sha256", sa.String(length=64), nullable=True),
        sa.Column("idempotency_key", sa.String(length=120), nullable=False),
        sa.Column("external_id", sa.String(length=120), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_retry_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_erp_mes_sync_attempts_non_negative")),
        sa.CheckConstraint(
            "payload_sha256 IS NULL OR (length(payload_sha256) = 64 AND ltrim(payload_sha256, '0123456789abcdef') = '')",
            name=op.f("ck_erp_mes_sync_payload_sha256_hex"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erp_mes_sync")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_erp_mes_sync_idempotency_key")),
    )
    op.create_index(
        "ix_erp_mes_sync_entity", "erp_mes_sync", ["entity_type", "entity_id"], unique=False
    )
    op.create_index(
        "ix_erp_mes_sync_status_retry", "erp_mes_sync", ["status", "next_retry_at"], unique=False
    )
    op.create_table(
        "machines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "machine_type",
            sa.Enum(
                "mill_3axis",
                "mill_4axis",
                "mill_5axis",
                "router",
                "lathe",
                "laser",
                "plasma",
                name="machine_type",
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("controller", sa.String(length=40), nullable=False),
        sa.Column("post_processor", sa.String(length=60), nullable=False),
        sa.Column("travel_x_mm", sa.Numeric(precision=10, scale=3), nullable=False),
        sa.Column("travel_y_mm", sa.Numeric(precision=10, scale=3), nullable=False),
        sa.Column("travel_z_mm", sa.Numeric(precision=10, scale=3), nullable=False),
        sa.Column("max_spindle_rpm", sa.Integer(), nullable=False),
        sa.Column("max_feed_mm_min", sa.Numeric(precision=10, scale=3), nullable=False),
        sa.Column("rapid_mm_min", sa.Numeric(precision=10, scale=3), nullable=False),
        sa.Column("acceleration_mm_s2", sa.Numeric(precision=10, scale=3), nullable=True),
        sa.Column("tool_changer_slots", sa.Integer(), nullable=True),
        sa.Column("spindle_power_kw", sa.Numeric(precision=8, scale=3), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "meta",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("is_deleted", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "acceleration_mm_s2 IS NULL OR acceleration_mm_s2 > 0",
            name=op.f("ck_machines_acceleration_positive"),
        ),
        sa.CheckConstraint("max_feed_mm_min > 0", name=op.f("ck_machines_max_feed_positive")),
        sa.CheckConstraint(
            "max_spindle_rpm > 0", name=op.f("ck_machines_max_spindle_rpm_positive")
        ),
        sa.CheckConstraint("rapid_mm_min > 0", name=op.f("ck_machines_rapid_positive")),
        sa.CheckConstraint(
            "spindle_power_kw IS NULL OR spindle_power_kw > 0",
            name=op.f("ck_machines_spindle_power_positive"),
        ),
        sa.CheckConstraint(
            "tool_changer_slots IS NULL OR tool_changer_slots >= 0",
            name=op.f("ck_machines_slots_non_negative"),
        ),
        sa.CheckConstraint(
            "travel_x_mm > 0 AND travel_y_mm > 0 AND travel_z_mm > 0",
            name=op.f("ck_machines_travel_positive"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_machines")),
    )
    op.create_index(
        "uq_machines_name_live",
        "machines",
        ["name"],
        unique=True,
        sqlite_where=sa.text("NOT is_deleted"),
        postgresql_where=sa.text("NOT is_deleted"),
    )
    op.create_table(
        "materials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "aluminum",
                "steel",
                "stainless_steel",
                "cast_iron",
                "titanium",
                "copper_alloy",
                "plastic",
                "wood",
                "composite",
                "foam",
                name="material_category",
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("iso_group", sa.String(length=1), nullable=True),
        sa.Column("hardness", sa.String(length=40), nullable=True),
        sa.Column("density_g_cm3", sa.Numeric(precision=8, scale=4), nullable=True),
        sa.Column("machinability", sa.Integer(), nullable=True),
        sa.Column(
            "cutting_data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("is_deleted", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "iso_group IS NULL OR iso_group IN ('P', 'M', 'K', 'N', 'S', 'H')",
            name=op.f("ck_materials_iso_group"),
        ),
        sa.CheckConstraint(
            "density_g_cm3 IS NULL OR density_g_cm3 > 0", name=op.f("ck_materials_density_positive")
        ),
        sa.CheckConstraint(
            "machinability IS NULL OR machinability > 0",
            name=op.f("ck_materials_machinability_positive"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_materials")),
    )
    op.create_index(
        "uq_materials_name_live",
        "materials",
        ["name"],
        unique=True,
        sqlite_where=sa.text("NOT is_deleted"),
        postgresql_where=sa.text("NOT is_deleted"),
    )
    op.create_table(
        "tools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "tool_type",
            sa.Enum(
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
                name="tool_type",
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "tool_material",
            sa.Enum(
                "hss",
                "hss_cobalt",
                "carbide",
                "ceramic",
                "cbn",
                "pcd",
                name="tool_material",
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("diameter_mm", sa.Numeric(precision=10, scale=3), nullable=False),
        sa.Column("flutes", sa.Integer(), server_default="2", nullable=False),
        sa.Column("flute_length_mm", sa.Numeric(precision=10, scale=3), nullable=True),
        sa.Column("overall_length_mm", sa.Numeric(precision=10, scale=3), nullable=True),
        sa.Column("shank_diameter_mm", sa.Numeric(precision=10, scale=3), nullable=True),
        sa.Column("corner_radius_mm", sa.Numeric(precision=10, scale=3), nullable=True),
        sa.Column("tip_angle_deg", sa.Numeric(precision=6, scale=3), nullable=True),
        sa.Column("coating", sa.String(length=40), nullable=True),
        sa.Column("manufacturer", sa.String(length=120), nullable=True),
        sa.Column("part_number", sa.String(length=120), nullable=True),
        sa.Column("quantity_on_hand", sa.Integer(), server_default="0", nullable=False),
        sa.Column("min_stock", sa.Integer(), server_default="0", nullable=False),
        sa.Column("location", sa.String(length=120), nullable=True),
        sa.Column("freecad_shape", sa.String(length=60), nullable=True),
        sa.Column(
            "params",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("is_deleted", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "corner_radius_mm IS NULL OR (corner_radius_mm >= 0 AND corner_radius_mm <= diameter_mm / 2)",
            name=op.f("ck_tools_corner_radius_fits"),
        ),
        sa.CheckConstraint("diameter_mm > 0", name=op.f("ck_tools_diameter_positive")),
        sa.CheckConstraint(
            "flute_length_mm IS NULL OR flute_length_mm > 0",
            name=op.f("ck_tools_flute_length_positive"),
        ),
        sa.CheckConstraint(
            "flute_length_mm IS NULL OR overall_length_mm IS NULL OR flute_length_mm <= overall_length_mm",
            name=op.f("ck_tools_flute_within_overall_length"),
        ),
        sa.CheckConstraint("flutes >= 0", name=op.f("ck_tools_flutes_non_negative")),
        sa.CheckConstraint("min_stock >= 0", name=op.f("ck_tools_min_stock_non_negative")),
        sa.CheckConstraint(
            "overall_length_mm IS NULL OR overall_length_mm > 0",
            name=op.f("ck_tools_overall_length_positive"),
        ),
        sa.CheckConstraint("quantity_on_hand >= 0", name=op.f("ck_tools_quantity_non_negative")),
        sa.CheckConstraint(
            "shank_diameter_mm IS NULL OR shank_diameter_mm > 0",
            name=op.f("ck_tools_shank_positive"),
        ),
        sa.CheckConstraint(
            "tip_angle_deg IS NULL OR (tip_angle_deg > 0 AND tip_angle_deg < 180)",
            name=op.f("ck_tools_tip_angle_range"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tools")),
    )
    op.create_index("ix_tools_params", "tools", ["params"], unique=False, postgresql_using="gin")
    op.create_index("ix_tools_type_diameter", "tools", ["tool_type", "diameter_mm"], unique=False)
    op.create_index(
        "uq_tools_name_live",
        "tools",
        ["name"],
        unique=True,
        sqlite_where=sa.text("NOT is_deleted"),
        postgresql_where=sa.text("NOT is_deleted"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "manager",
                "engineer",
                "operator",
                "viewer",
                name="user_role",
                create_constraint=True,
            ),
            server_default="engineer",
            nullable=False,
        ),
        sa.Column(
            "locale",
            sa.Enum("tr", "en", name="locale", create_constraint=True),
            server_default="tr",
            nullable=False,
        ),
        sa.Column(
            "timezone", sa.String(length=64), server_default="Europe/Istanbul", nullable=False
        ),
        sa.Column("company_name", sa.String(length=200), nullable=True),
        sa.Column("tax_number", sa.String(length=10), nullable=True),
        sa.Column("national_id", sa.String(length=11), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("failed_login_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("is_deleted", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "phone IS NULL OR (substr(phone, 1, 1) = '+' AND length(phone) BETWEEN 8 AND 16 AND substr(phone, 2, 1) <> '0' AND ltrim(substr(phone, 2), '0123456789') = '')",
            name=op.f("ck_users_phone_e164"),
        ),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_users_email_lower_case")),
        sa.CheckConstraint(
            "failed_login_count >= 0", name=op.f("ck_users_failed_login_count_non_negative")
        ),
        sa.CheckConstraint(
            "national_id IS NULL OR ltrim(national_id, '0123456789') = ''",
            name=op.f("ck_users_tckn_digits"),
        ),
        sa.CheckConstraint(
            "national_id IS NULL OR length(national_id) = 11", name=op.f("ck_users_tckn_length")
        ),
        sa.CheckConstraint(
            "tax_number IS NULL OR ltrim(tax_number, '0123456789') = ''",
            name=op.f("ck_users_vkn_digits"),
        ),
        sa.CheckConstraint(
            "tax_number IS NULL OR length(tax_number) = 10", name=op.f("ck_users_vkn_length")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_index(
        "uq_users_email_live",
        "users",
        ["email"],
        unique=True,
        sqlite_where=sa.text("NOT is_deleted"),
        postgresql_where=sa.text("NOT is_deleted"),
    )
    op.create_index(
        "uq_users_phone_live",
        "users",
        ["phone"],
        unique=True,
        sqlite_where=sa.text("NOT is_deleted"),
        postgresql_where=sa.text("NOT is_deleted"),
    )
    op.create_table(
        "artefacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "fcstd",
                "gcode",
                "step",
                "stl",
                "report",
                "image",
                "log",
                "toolpath",
                name="artefact_kind",
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("mime_type", sa.String(length=120), nullable=False),
        sa.Column("storage_uri", sa.String(length=1024), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("model_id", sa.Integer(), nullable=True),
        sa.Column("cam_run_id", sa.Integer(), nullable=True),
        sa.Column("sim_run_id", sa.Integer(), nullable=True),
        sa.Column(
            "meta",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "length(sha256) = 64 AND ltrim(sha256, '0123456789abcdef') = ''",
            name=op.f("ck_artefacts_sha256_hex"),
        ),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_artefacts_size_non_negative")),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_artefacts_owner_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_artefacts")),
    )
    op.create_index(op.f("ix_artefacts_cam_run_id"), "artefacts", ["cam_run_id"], unique=False)
    op.create_index(op.f("ix_artefacts_model_id"), "artefacts", ["model_id"], unique=False)
    op.create_index(op.f("ix_artefacts_owner_id"), "artefacts", ["owner_id"], unique=False)
    op.create_index(op.f("ix_artefacts_sha256"), "artefacts", ["sha256"], unique=False)
    op.create_index(op.f("ix_artefacts_sim_run_id"), "artefacts", ["sim_run_id"], unique=False)
    op.create_table(
        "jobs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "job_type",
            sa.Enum(
                "cam",
                "simulate",
                "import_model",
                "export",
                "erp_sync",
                "report",
                "maintenance",
                name="job_type",
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "running",
                "succeeded",
                "failed",
                "cancelled",
                "dead",
                name="job_status",
                create_constraint=True,
            ),
            server_default="pending",
            nullable=False,
        ),
        sa.Column("priority", sa.Integer(), server_default="100", nullable=False),
        sa.Column("idempotency_key", sa.String(length=120), nullable=True),
        sa.Column(
            "params",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column(
            "result",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("max_attempts", sa.Integer(), server_default="3", nullable=False),
        sa.Column("run_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_by", sa.String(length=120), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("progress", sa.Integer(), server_default="0", nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_jobs_attempts_non_negative")),
        sa.CheckConstraint("max_attempts >= 1", name=op.f("ck_jobs_max_attempts_positive")),
        sa.CheckConstraint(
            "progress >= 0 AND progress <= 100", name=op.f("ck_jobs_progress_percent")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_jobs_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_jobs_idempotency_key")),
    )
    op.create_index(
        "ix_jobs_created_at_desc", "jobs", [sa.literal_column("created_at DESC")], unique=False
    )
    op.create_index(
        "ix_jobs_pending_queue",
        "jobs",
        ["priority", "run_after"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
        sqlite_where=sa.text("status = 'pending'"),
    )
    op.create_index(op.f("ix_jobs_user_id"), "jobs", ["user_id"], unique=False)
    op.create_table(
        "licenses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "license_type",
            sa.Enum(
                "trial",
                "standard",
                "professional",
                "enterprise",
                "site",
                name="license_type",
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "expired",
                "suspended",
                "revoked",
                name="license_status",
                create_constraint=True,
            ),
            server_default="active",
            nullable=False,
        ),
        sa.Column("seats", sa.Integer(), server_default="1", nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "features",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("license_key_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "ends_at IS NULL OR ends_at > starts_at", name=op.f("ck_licenses_ends_after_start")
        ),
        sa.CheckConstraint(
            "length(license_key_hash) = 64 AND ltrim(license_key_hash, '0123456789abcdef') = ''",
            name=op.f("ck_licenses_license_key_hash_sha256"),
        ),
        sa.CheckConstraint("seats > 0", name=op.f("ck_licenses_seats_positive")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_licenses_user_id_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licenses")),
        sa.UniqueConstraint("license_key_hash", name=op.f("uq_licenses_license_key_hash")),
    )
    op.create_index(op.f("ix_licenses_user_id"), "licenses", ["user_id"], unique=False)
    op.create_table(
        "notifications",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "notification_type",
            sa.Enum(
                "job_succeeded",
                "job_failed",
                "license_expiring",
                "invoice_due",
                "security_alert",
                "sync_failed",
                "system",
                name="notification_type",
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "severity",
            sa.Enum(
                "info",
                "warning",
                "error",
                "critical",
                name="notification_severity",
                create_constraint=True,
            ),
            server_default="info",
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_unread",
        "notifications",
        ["user_id"],
        unique=False,
        postgresql_where=sa.text("read_at IS NULL"),
        sqlite_where=sa.text("read_at IS NULL"),
    )
    op.create_index(op.f("ix_notifications_user_id"), "notifications", ["user_id"], unique=False)
    op.create_table(
        "security_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "event_type",
            sa.Enum(
                "login_success",
                "login_failure",
                "account_locked",
                "password_changed",
                "token_reused",
                "token_revoked",
                "permission_denied",
                "audit_chain_broken",
                "license_violation",
                name="security_event_type",
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "severity",
            sa.Enum(
                "low",
                "medium",
                "high",
                "critical",
                name="security_severity",
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("user_agent", sa.String(length=512), nullable=True),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_security_events_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_events")),
    )
    op.create_index(
        "ix_security_events_created_at_desc",
        "security_events",
        [sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_index(
        op.f("ix_security_events_user_id"), "security_events", ["user_id"], unique=False
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("refresh_token_hash", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("user_agent", sa.String(length=512), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint("expires_at > issued_at", name=op.f("ck_sessions_expires_after_issue")),
        sa.CheckConstraint(
            "length(refresh_token_hash) = 64 AND ltrim(refresh_token_hash, '0123456789abcdef') = ''",
            name=op.f("ck_sessions_refresh_token_hash_sha256"),
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["sessions.id"],
            name=op.f("fk_sessions_replaced_by_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sa.UniqueConstraint("refresh_token_hash", name=op.f("uq_sessions_refresh_token_hash")),
    )
    op.create_index(op.f("ix_sessions_user_id"), "sessions", ["user_id"], unique=False)
    op.create_table(
        "audit_logs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column(
            "action",
            sa.Enum(
                "create",
                "update",
                "delete",
                "restore",
                "login",
                "logout",
                "export",
                "import",
                "run",
                "verify",
                name="audit_action",
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("entity_type", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=120), nullable=True),
        sa.Column(
            "before",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "after",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("user_agent", sa.String(length=512), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("prev_chain_hash", sa.String(length=64), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "length(chain_hash) = 64 AND ltrim(chain_hash, '0123456789abcdef') = ''",
            name=op.f("ck_audit_logs_chain_hash_sha256"),
        ),
        sa.CheckConstraint(
            "length(prev_chain_hash) = 64 AND ltrim(prev_chain_hash, '0123456789abcdef') = ''",
            name=op.f("ck_audit_logs_prev_chain_hash_sha256"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_audit_logs_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_logs_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_logs")),
        sa.UniqueConstraint("chain_hash", name=op.f("uq_audit_logs_chain_hash")),
    )
    op.create_index(
        "ix_audit_logs_created_at_desc",
        "audit_logs",
        [sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_index(
        "ix_audit_logs_entity", "audit_logs", ["entity_type", "entity_id"], unique=False
    )
    op.create_index(op.f("ix_audit_logs_user_id"), "audit_logs", ["user_id"], unique=False)
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("license_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column(
            "invoice_type",
            sa.Enum("sale", "refund", "proforma", name="invoice_type", create_constraint=True),
            server_default="sale",
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "issued",
                "paid",
                "partially_paid",
                "overdue",
                "cancelled",
                name="invoice_status",
                create_constraint=True,
            ),
            server_default="draft",
            nullable=False,
        ),
        sa.Column(
            "currency",
            sa.Enum("TRY", "USD", "EUR", name="currency", create_constraint=True),
            server_default="TRY",
            nullable=False,
        ),
        sa.Column(
            "exchange_rate", sa.Numeric(precision=12, scale=6), server_default="1", nullable=False
        ),
        sa.Column(
            "lines",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'[]'"),
            nullable=False,
        ),
        sa.Column("subtotal", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column(
            "kdv_rate", sa.Numeric(precision=5, scale=2), server_default="20.00", nullable=False
        ),
        sa.Column("kdv_amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("total", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("buyer_name", sa.String(length=200), nullable=False),
        sa.Column("buyer_tax_number", sa.String(length=10), nullable=True),
        sa.Column("buyer_national_id", sa.String(length=11), nullable=True),
        sa.Column("buyer_tax_office", sa.String(length=120), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "abs(total - (subtotal + kdv_amount)) < 0.005", name=op.f("ck_invoices_total_is_sum")
        ),
        sa.CheckConstraint(
            "buyer_national_id IS NULL OR ltrim(buyer_national_id, '0123456789') = ''",
            name=op.f("ck_invoices_buyer_tckn_digits"),
        ),
        sa.CheckConstraint(
            "buyer_national_id IS NULL OR length(buyer_national_id) = 11",
            name=op.f("ck_invoices_buyer_tckn_length"),
        ),
        sa.CheckConstraint(
            "buyer_tax_number IS NULL OR ltrim(buyer_tax_number, '0123456789') = ''",
            name=op.f("ck_invoices_buyer_vkn_digits"),
        ),
        sa.CheckConstraint(
            "buyer_tax_number IS NULL OR length(buyer_tax_number) = 10",
            name=op.f("ck_invoices_buyer_vkn_length"),
        ),
        sa.CheckConstraint(
            "due_at IS NULL OR issued_at IS NULL OR due_at >= issued_at",
            name=op.f("ck_invoices_due"),
        ),
        sa.CheckConstraint("exchange_rate > 0", name=op.f("ck_invoices_exchange_rate_positive")),
        sa.CheckConstraint("kdv_amount >= 0", name=op.f("ck_invoices_kdv_amount_non_negative")),
        sa.CheckConstraint(
            "kdv_rate >= 0 AND kdv_rate <= 100", name=op.f("ck_invoices_kdv_rate_percent")
        ),
        sa.CheckConstraint(
            "length(number) = 16 AND ltrim(substr(number, 1, 3), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = '' AND ltrim(substr(number, 4), '0123456789') = ''",
            name=op.f("ck_invoices_number_format"),
        ),
        sa.CheckConstraint("subtotal >= 0", name=op.f("ck_invoices_subtotal_non_negative")),
        sa.ForeignKeyConstraint(
            ["license_id"],
            ["licenses.id"],
            name=op.f("fk_invoices_license_id_licenses"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_invoices_user_id_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("number", name=op.f("uq_invoices_number")),
    )
    op.create_index(op.f("ix_invoices_license_id"), "invoices", ["license_id"], unique=False)
    op.create_index(op.f("ix_invoices_user_id"), "invoices", ["user_id"], unique=False)
    op.create_table(
        "models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "model_type",
            sa.Enum(
                "part",
                "assembly",
                "sketch",
                "mesh",
                "step_import",
                name="model_type",
                create_constraint=True,
            ),
            server_default="part",
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("previous_version_id", sa.Integer(), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("artefact_id", sa.Integer(), nullable=True),
        sa.Column("thumbnail_artefact_id", sa.Integer(), nullable=True),
        sa.Column("freecad_version", sa.String(length=40), nullable=True),
        sa.Column(
            "metadata",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("is_deleted", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "length(content_sha256) = 64 AND ltrim(content_sha256, '0123456789abcdef') = ''",
            name=op.f("ck_models_content_sha256_hex"),
        ),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_models_size_non_negative")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_models_version_positive")),
        sa.ForeignKeyConstraint(
            ["artefact_id"],
            ["artefacts.id"],
            name=op.f("fk_models_artefact_id_artefacts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_models_owner_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["previous_version_id"],
            ["models.id"],
            name=op.f("fk_models_previous_version_id_models"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["thumbnail_artefact_id"],
            ["artefacts.id"],
            name=op.f("fk_models_thumbnail_artefact_id_artefacts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_models")),
    )
    op.create_index(op.f("ix_models_content_sha256"), "models", ["content_sha256"], unique=False)
    op.create_index(
        "ix_models_metadata", "models", ["metadata"], unique=False, postgresql_using="gin"
    )
    op.create_index(op.f("ix_models_name"), "models", ["name"], unique=False)
    op.create_index(op.f("ix_models_owner_id"), "models", ["owner_id"], unique=False)
    op.create_index(
        "uq_models_name_version_live",
        "models",
        ["name", "version"],
        unique=True,
        sqlite_where=sa.text("NOT is_deleted"),
        postgresql_where=sa.text("NOT is_deleted"),
    )
    op.create_table(
        "cam_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("machine_id", sa.Integer(), nullable=False),
        sa.Column("material_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "running",
                "succeeded",
                "failed",
                "cancelled",
                name="run_status",
                create_constraint=True,
            ),
            server_default="pending",
            nullable=False,
        ),
        sa.Column(
            "operations",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column(
            "tool_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'[]'"),
            nullable=False,
        ),
        sa.Column("post_processor", sa.String(length=60), nullable=True),
        sa.Column("gcode_artefact_id", sa.Integer(), nullable=True),
        sa.Column("freecad_version", sa.String(length=40), nullable=True),
        sa.Column("move_count", sa.Integer(), nullable=True),
        sa.Column("cut_length_mm", sa.Numeric(precision=14, scale=3), nullable=True),
        sa.Column("rapid_length_mm", sa.Numeric(precision=14, scale=3), nullable=True),
        sa.Column("estimated_cycle_s", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "cut_length_mm IS NULL OR cut_length_mm >= 0",
            name=op.f("ck_cam_runs_cut_length_non_negative"),
        ),
        sa.CheckConstraint(
            "estimated_cycle_s IS NULL OR estimated_cycle_s >= 0",
            name=op.f("ck_cam_runs_cycle_time_non_negative"),
        ),
        sa.CheckConstraint(
            "move_count IS NULL OR move_count >= 0",
            name=op.f("ck_cam_runs_move_count_non_negative"),
        ),
        sa.CheckConstraint(
            "rapid_length_mm IS NULL OR rapid_length_mm >= 0",
            name=op.f("ck_cam_runs_rapid_length_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["gcode_artefact_id"],
            ["artefacts.id"],
            name=op.f("fk_cam_runs_gcode_artefact_id_artefacts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_cam_runs_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["machine_id"],
            ["machines.id"],
            name=op.f("fk_cam_runs_machine_id_machines"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["material_id"],
            ["materials.id"],
            name=op.f("fk_cam_runs_material_id_materials"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["models.id"],
            name=op.f("fk_cam_runs_model_id_models"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_cam_runs_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cam_runs")),
    )
    op.create_index(
        "ix_cam_runs_created_at_desc",
        "cam_runs",
        [sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_index(op.f("ix_cam_runs_job_id"), "cam_runs", ["job_id"], unique=False)
    op.create_index(op.f("ix_cam_runs_machine_id"), "cam_runs", ["machine_id"], unique=False)
    op.create_index(op.f("ix_cam_runs_material_id"), "cam_runs", ["material_id"], unique=False)
    op.create_index(op.f("ix_cam_runs_model_id"), "cam_runs", ["model_id"], unique=False)
    op.create_index(op.f("ix_cam_runs_user_id"), "cam_runs", ["user_id"], unique=False)
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column(
            "currency",
            sa.Enum("TRY", "USD", "EUR", name="currency", create_constraint=True),
            server_default="TRY",
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "succeeded",
                "failed",
                "refunded",
                "cancelled",
                name="payment_status",
                create_constraint=True,
            ),
            server_default="pending",
            nullable=False,
        ),
        sa.Column("provider", sa.String(length=60), nullable=False),
        sa.Column("provider_reference", sa.String(length=120), nullable=True),
        sa.Column("idempotency_key", sa.String(length=120), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failure_reason", sa.String(length=500), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payments_amount_positive")),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name=op.f("fk_payments_invoice_id_invoices"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_payments_idempotency_key")),
        sa.UniqueConstraint("provider_reference", name=op.f("uq_payments_provider_reference")),
    )
    op.create_index(op.f("ix_payments_invoice_id"), "payments", ["invoice_id"], unique=False)
    op.create_table(
        "sim_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cam_run_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "running",
                "succeeded",
                "failed",
                "cancelled",
                name="run_status",
                create_constraint=True,
            ),
            server_default="pending",
            nullable=False,
        ),
        sa.Column("resolution_mm", sa.Numeric(precision=8, scale=4), nullable=False),
        sa.Column(
            "findings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            server_default=sa.text("'[]'"),
            nullable=False,
        ),
        sa.Column("collision_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "envelope",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("estimated_cycle_s", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("removed_volume_mm3", sa.Numeric(precision=16, scale=3), nullable=True),
        sa.Column("report_artefact_id", sa.Integer(), nullable=True),
        sa.Column("image_artefact_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "collision_count >= 0", name=op.f("ck_sim_runs_collision_count_non_negative")
        ),
        sa.CheckConstraint(
            "removed_volume_mm3 IS NULL OR removed_volume_mm3 >= 0",
            name=op.f("ck_sim_runs_removed_volume_non_negative"),
        ),
        sa.CheckConstraint("resolution_mm > 0", name=op.f("ck_sim_runs_resolution_positive")),
        sa.ForeignKeyConstraint(
            ["cam_run_id"],
            ["cam_runs.id"],
            name=op.f("fk_sim_runs_cam_run_id_cam_runs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["image_artefact_id"],
            ["artefacts.id"],
            name=op.f("fk_sim_runs_image_artefact_id_artefacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_sim_runs_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["report_artefact_id"],
            ["artefacts.id"],
            name=op.f("fk_sim_runs_report_artefact_id_artefacts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sim_runs")),
    )
    op.create_index(op.f("ix_sim_runs_cam_run_id"), "sim_runs", ["cam_run_id"], unique=False)
    op.create_index(op.f("ix_sim_runs_job_id"), "sim_runs", ["job_id"], unique=False)
    # Artefacts and their owners (models, CAM runs, simulations) point at each other: the
    # artefact side is added once both tables exist. On SQLite batch mode rebuilds the table.
    with op.batch_alter_table("artefacts") as batch:
        for column, table in ARTEFACT_OWNERS:
            batch.create_foreign_key(
                op.f(f"fk_artefacts_{column}_{table}"), table, [column], ["id"], ondelete="CASCADE"
            )
    # Slot for the audit chain's PostgreSQL functions and append-only trigger: revision 0002.


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        with op.batch_alter_table("artefacts") as batch:
            for column, table in ARTEFACT_OWNERS:
                batch.drop_constraint(op.f(f"fk_artefacts_{column}_{table}"), type_="foreignkey")
    op.drop_index(op.f("ix_sim_runs_job_id"), table_name="sim_runs")
    op.drop_index(op.f("ix_sim_runs_cam_run_id"), table_name="sim_runs")
    op.drop_table("sim_runs")
    op.drop_index(op.f("ix_payments_invoice_id"), table_name="payments")
    op.drop_table("payments")
    op.drop_index(op.f("ix_cam_runs_user_id"), table_name="cam_runs")
    op.drop_index(op.f("ix_cam_runs_model_id"), table_name="cam_runs")
    op.drop_index(op.f("ix_cam_runs_material_id"), table_name="cam_runs")
    op.drop_index(op.f("ix_cam_runs_machine_id"), table_name="cam_runs")
    op.drop_index(op.f("ix_cam_runs_job_id"), table_name="cam_runs")
    op.drop_index("ix_cam_runs_created_at_desc", table_name="cam_runs")
    op.drop_table("cam_runs")
    op.drop_index(
        "uq_models_name_version_live",
        table_name="models",
        sqlite_where=sa.text("NOT is_deleted"),
        postgresql_where=sa.text("NOT is_deleted"),
    )
    op.drop_index(op.f("ix_models_owner_id"), table_name="models")
    op.drop_index(op.f("ix_models_name"), table_name="models")
    op.drop_index("ix_models_metadata", table_name="models", postgresql_using="gin")
    op.drop_index(op.f("ix_models_content_sha256"), table_name="models")
    op.drop_table("models")
    op.drop_index(op.f("ix_invoices_user_id"), table_name="invoices")
    op.drop_index(op.f("ix_invoices_license_id"), table_name="invoices")
    op.drop_table("invoices")
    op.drop_index(op.f("ix_audit_logs_user_id"), table_name="audit_logs")
    op.drop_index("ix_audit_logs_entity", table_name="audit_logs")
    op.drop_index("ix_audit_logs_created_at_desc", table_name="audit_logs")
    op.drop_table("audit_logs")
    op.drop_index(op.f("ix_sessions_user_id"), table_name="sessions")
    op.drop_table("sessions")
    op.drop_index(op.f("ix_security_events_user_id"), table_name="security_events")
    op.drop_index("ix_security_events_created_at_desc", table_name="security_events")
    op.drop_table("security_events")
    op.drop_index(op.f("ix_notifications_user_id"), table_name="notifications")
    op.drop_index(
        "ix_notifications_unread",
        table_name="notifications",
        postgresql_where=sa.text("read_at IS NULL"),
        sqlite_where=sa.text("read_at IS NULL"),
    )
    op.drop_table("notifications")
    op.drop_index(op.f("ix_licenses_user_id"), table_name="licenses")
    op.drop_table("licenses")
    op.drop_index(op.f("ix_jobs_user_id"), table_name="jobs")
    op.drop_index(
        "ix_jobs_pending_queue",
        table_name="jobs",
        postgresql_where=sa.text("status = 'pending'"),
        sqlite_where=sa.text("status = 'pending'"),
    )
    op.drop_index("ix_jobs_created_at_desc", table_name="jobs")
    op.drop_table("jobs")
    op.drop_index(op.f("ix_artefacts_sim_run_id"), table_name="artefacts")
    op.drop_index(op.f("ix_artefacts_sha256"), table_name="artefacts")
    op.drop_index(op.f("ix_artefacts_owner_id"), table_name="artefacts")
    op.drop_index(op.f("ix_artefacts_model_id"), table_name="artefacts")
    op.drop_index(op.f("ix_artefacts_cam_run_id"), table_name="artefacts")
    op.drop_table("artefacts")
    op.drop_index(
        "uq_users_phone_live",
        table_name="users",
        sqlite_where=sa.text("NOT is_deleted"),
        postgresql_where=sa.text("NOT is_deleted"),
    )
    op.drop_index(
        "uq_users_email_live",
        table_name="users",
        sqlite_where=sa.text("NOT is_deleted"),
        postgresql_where=sa.text("NOT is_deleted"),
    )
    op.drop_table("users")
    op.drop_index(
        "uq_tools_name_live",
        table_name="tools",
        sqlite_where=sa.text("NOT is_deleted"),
        postgresql_where=sa.text("NOT is_deleted"),
    )
    op.drop_index("ix_tools_type_diameter", table_name="tools")
    op.drop_index("ix_tools_params", table_name="tools", postgresql_using="gin")
    op.drop_table("tools")
    op.drop_index(
        "uq_materials_name_live",
        table_name="materials",
        sqlite_where=sa.text("NOT is_deleted"),
        postgresql_where=sa.text("NOT is_deleted"),
    )
    op.drop_table("materials")
    op.drop_index(
        "uq_machines_name_live",
        table_name="machines",
        sqlite_where=sa.text("NOT is_deleted"),
        postgresql_where=sa.text("NOT is_deleted"),
    )
    op.drop_table("machines")
    op.drop_index("ix_erp_mes_sync_status_retry", table_name="erp_mes_sync")
    op.drop_index("ix_erp_mes_sync_entity", table_name="erp_mes_sync")
    op.drop_table("erp_mes_sync")
    if op.get_bind().dialect.name == "postgresql":
        for name in ENUM_TYPES:
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
