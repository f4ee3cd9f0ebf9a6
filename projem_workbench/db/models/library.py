# SPDX-License-Identifier: LGPL-2.1-or-later
"""The model library (versioned FreeCAD documents) and the artefacts stored for them.

Artefact rows hold a content address into the blob store, never the bytes. Artefacts point at
what they belong to (model, CAM run, simulation) and those point back at their main artefact,
so the artefact side of each pair is created with ``use_alter`` to break the cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from projem_workbench.db.base import (
    EMPTY_JSON_OBJECT,
    Base,
    JSONType,
    SoftDeleteMixin,
    TimestampMixin,
    unique_among_live,
)
from projem_workbench.db.enums import ArtefactKind, ModelType, enum_column_type
from projem_workbench.db.models.checks import sha256_hex

if TYPE_CHECKING:
    from projem_workbench.db.models.production import CamRun


class Artefact(TimestampMixin, Base):
    __tablename__ = "artefacts"
    __table_args__ = (
        CheckConstraint("size_bytes >= 0", name="size_non_negative"),
        CheckConstraint(sha256_hex("sha256"), name="sha256_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ArtefactKind] = mapped_column(enum_column_type(ArtefactKind))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    mime_type: Mapped[str] = mapped_column(String(120))
    storage_uri: Mapped[str] = mapped_column(String(1024))
    original_name: Mapped[str | None] = mapped_column(String(255))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    model_id: Mapped[int | None] = mapped_column(
        ForeignKey("models.id", ondelete="CASCADE", use_alter=True), index=True
    )
    cam_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("cam_runs.id", ondelete="CASCADE", use_alter=True), index=True
    )
    sim_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("sim_runs.id", ondelete="CASCADE", use_alter=True), index=True
    )
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON_OBJECT)


class CadModel(TimestampMixin, SoftDeleteMixin, Base):
    """One saved version of a named FreeCAD document."""

    __tablename__ = "models"
    __table_args__ = (
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("size_bytes >= 0", name="size_non_negative"),
        CheckConstraint(sha256_hex("content_sha256"), name="content_sha256_hex"),
        unique_among_live("uq_models_name_version_live", "name", "version"),
        Index("ix_models_metadata", "metadata", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    model_type: Mapped[ModelType] = mapped_column(
        enum_column_type(ModelType), default=ModelType.PART, server_default="part"
    )
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    previous_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("models.id", ondelete="RESTRICT")
    )
    content_sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    artefact_id: Mapped[int | None] = mapped_column(ForeignKey("artefacts.id", ondelete="RESTRICT"))
    thumbnail_artefact_id: Mapped[int | None] = mapped_column(
        ForeignKey("artefacts.id", ondelete="SET NULL")
    )
    freecad_version: Mapped[str | None] = mapped_column(String(40))
    # "metadata" is reserved on declarative classes; the column keeps the spec's name.
    doc_metadata: Mapped[dict[str, Any]] = mapped_column(
        "metadata", JSONType, default=dict, server_default=EMPTY_JSON_OBJECT
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    # CAM runs keep the model they were made from (ON DELETE RESTRICT).
    cam_runs: Mapped[list[CamRun]] = relationship(back_populates="model", passive_deletes="all")
