# SPDX-License-Identifier: LGPL-2.1-or-later
"""Background jobs, CAM runs and simulation runs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from projem_workbench.db.base import (
    EMPTY_JSON_ARRAY,
    EMPTY_JSON_OBJECT,
    Base,
    BigIntPK,
    TimestampMixin,
)
from projem_workbench.db.enums import JobStatus, JobType, RunStatus, enum_column_type
from projem_workbench.db.models.checks import sha256_hex

if TYPE_CHECKING:
    from projem_workbench.db.models.library import CadModel
    from projem_workbench.db.models.reference import Machine, Material

Length = Numeric(14, 3)


class Job(TimestampMixin, Base):
    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_percent"),
        CheckConstraint("attempts >= 0", name="attempts_non_negative"),
        CheckConstraint("max_attempts >= 1", name="max_attempts_positive"),
        # Workers poll for the next pending job: keep that index to the pending rows only.
        Index(
            "ix_jobs_pending_queue",
            "priority",
            "run_after",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        Index("ix_jobs_created_at_desc", text("created_at DESC")),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    job_type: Mapped[JobType] = mapped_column(enum_column_type(JobType))
    status: Mapped[JobStatus] = mapped_column(
        enum_column_type(JobStatus), default=JobStatus.PENDING, server_default="pending"
    )
    priority: Mapped[int] = mapped_column(default=100, server_default="100")
    idempotency_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON_OBJECT)
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    max_attempts: Mapped[int] = mapped_column(default=3, server_default="3")
    run_after: Mapped[dt.datetime | None]
    locked_by: Mapped[str | None] = mapped_column(String(120))
    lease_expires_at: Mapped[dt.datetime | None]
    heartbeat_at: Mapped[dt.datetime | None]
    progress: Mapped[int] = mapped_column(default=0, server_default="0")
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class CamRun(TimestampMixin, Base):
    """One toolpath generation: what it was made from, and the G-code it produced."""

    __tablename__ = "cam_runs"
    __table_args__ = (
        CheckConstraint("move_count IS NULL OR move_count >= 0", name="move_count_non_negative"),
        CheckConstraint(
            "cut_length_mm IS NULL OR cut_length_mm >= 0", name="cut_length_non_negative"
        ),
        CheckConstraint(
            "rapid_length_mm IS NULL OR rapid_length_mm >= 0", name="rapid_length_non_negative"
        ),
        CheckConstraint(
            "estimated_cycle_s IS NULL OR estimated_cycle_s >= 0", name="cycle_time_non_negative"
        ),
        Index("ix_cam_runs_created_at_desc", text("created_at DESC")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int | None] = mapped_column(
        BigIntPK, ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )
    model_id: Mapped[int] = mapped_column(ForeignKey("models.id", ondelete="RESTRICT"), index=True)
    machine_id: Mapped[int] = mapped_column(
        ForeignKey("machines.id", ondelete="RESTRICT"), index=True
    )
    material_id: Mapped[int] = mapped_column(
        ForeignKey("materials.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[RunStatus] = mapped_column(
        enum_column_type(RunStatus), default=RunStatus.PENDING, server_default="pending"
    )
    operations: Mapped[dict[str, Any]] = mapped_column(
        default=dict, server_default=EMPTY_JSON_OBJECT
    )
    tool_ids: Mapped[list[Any]] = mapped_column(default=list, server_default=EMPTY_JSON_ARRAY)
    post_processor: Mapped[str | None] = mapped_column(String(60))
    gcode_artefact_id: Mapped[int | None] = mapped_column(
        ForeignKey("artefacts.id", ondelete="RESTRICT")
    )
    freecad_version: Mapped[str | None] = mapped_column(String(40))
    move_count: Mapped[int | None]
    cut_length_mm: Mapped[Decimal | None] = mapped_column(Length)
    rapid_length_mm: Mapped[Decimal | None] = mapped_column(Length)
    estimated_cycle_s: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    # The process running the run, so a later command can fail a run whose process is gone.
    worker_host: Mapped[str | None] = mapped_column(String(255))
    worker_pid: Mapped[int | None]
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    model: Mapped[CadModel] = relationship(back_populates="cam_runs")
    machine: Mapped[Machine] = relationship()
    material: Mapped[Material] = relationship()
    # Simulations belong to their CAM run (ON DELETE CASCADE in the database).
    sim_runs: Mapped[list[SimRun]] = relationship(
        back_populates="cam_run", cascade="all, delete-orphan", passive_deletes=True
    )


class SimRun(TimestampMixin, Base):
    __tablename__ = "sim_runs"
    __table_args__ = (
        CheckConstraint("resolution_mm > 0", name="resolution_positive"),
        CheckConstraint("collision_count >= 0", name="collision_count_non_negative"),
        CheckConstraint(
            "removed_volume_mm3 IS NULL OR removed_volume_mm3 >= 0",
            name="removed_volume_non_negative",
        ),
        CheckConstraint(sha256_hex("gcode_sha256", nullable=True), name="gcode_sha256_hex"),
        CheckConstraint("error_count >= 0", name="error_count_non_negative"),
        CheckConstraint("warning_count >= 0", name="warning_count_non_negative"),
        CheckConstraint(
            "remaining_volume_mm3 IS NULL OR remaining_volume_mm3 >= 0",
            name="remaining_volume_non_negative",
        ),
        CheckConstraint(
            "left_volume_mm3 IS NULL OR left_volume_mm3 >= 0", name="left_volume_non_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cam_run_id: Mapped[int] = mapped_column(
        ForeignKey("cam_runs.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[int | None] = mapped_column(
        BigIntPK, ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[RunStatus] = mapped_column(
        enum_column_type(RunStatus), default=RunStatus.PENDING, server_default="pending"
    )
    resolution_mm: Mapped[Decimal] = mapped_column(Numeric(8, 4))
    # The G-code checked: the gate releases a run's G-code only with a clean simulation of it.
    gcode_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    findings: Mapped[list[Any]] = mapped_column(default=list, server_default=EMPTY_JSON_ARRAY)
    collision_count: Mapped[int] = mapped_column(default=0, server_default="0")
    error_count: Mapped[int] = mapped_column(default=0, server_default="0")
    warning_count: Mapped[int] = mapped_column(default=0, server_default="0")
    envelope: Mapped[dict[str, Any] | None]
    estimated_cycle_s: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    feed_only_cycle_s: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    removed_volume_mm3: Mapped[Decimal | None] = mapped_column(Numeric(16, 3))
    remaining_volume_mm3: Mapped[Decimal | None] = mapped_column(Numeric(16, 3))
    left_volume_mm3: Mapped[Decimal | None] = mapped_column(Numeric(16, 3))
    elapsed_s: Mapped[Decimal | None] = mapped_column(Numeric(10, 3))
    report_artefact_id: Mapped[int | None] = mapped_column(
        ForeignKey("artefacts.id", ondelete="SET NULL")
    )
    image_artefact_id: Mapped[int | None] = mapped_column(
        ForeignKey("artefacts.id", ondelete="SET NULL")
    )
    left_image_artefact_id: Mapped[int | None] = mapped_column(
        ForeignKey("artefacts.id", ondelete="SET NULL")
    )
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(Text)

    cam_run: Mapped[CamRun] = relationship(back_populates="sim_runs")
