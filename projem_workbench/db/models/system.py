# SPDX-License-Identifier: LGPL-2.1-or-later
"""Notifications, ERP/MES synchronisation, the audit trail and security events."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from projem_workbench.db.base import EMPTY_JSON_OBJECT, Base, BigIntPK, TimestampMixin, utcnow
from projem_workbench.db.enums import (
    AuditAction,
    NotificationSeverity,
    NotificationType,
    SecurityEventType,
    SecuritySeverity,
    SyncDirection,
    SyncStatus,
    enum_column_type,
)
from projem_workbench.db.models.checks import sha256_hex

if TYPE_CHECKING:
    from projem_workbench.db.models.accounts import User


class Notification(TimestampMixin, Base):
    __tablename__ = "notifications"
    __table_args__ = (
        # The bell icon asks only for unread ones.
        Index(
            "ix_notifications_unread",
            "user_id",
            postgresql_where=text("read_at IS NULL"),
            sqlite_where=text("read_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    notification_type: Mapped[NotificationType] = mapped_column(enum_column_type(NotificationType))
    severity: Mapped[NotificationSeverity] = mapped_column(
        enum_column_type(NotificationSeverity),
        default=NotificationSeverity.INFO,
        server_default="info",
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON_OBJECT)
    read_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship(back_populates="notifications")


class ErpMesSync(TimestampMixin, Base):
    __tablename__ = "erp_mes_sync"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_non_negative"),
        CheckConstraint(sha256_hex("payload_sha256", nullable=True), name="payload_sha256_hex"),
        Index("ix_erp_mes_sync_entity", "entity_type", "entity_id"),
        Index("ix_erp_mes_sync_status_retry", "status", "next_retry_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[SyncDirection] = mapped_column(enum_column_type(SyncDirection))
    system: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(120))
    status: Mapped[SyncStatus] = mapped_column(
        enum_column_type(SyncStatus), default=SyncStatus.PENDING, server_default="pending"
    )
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON_OBJECT)
    payload_sha256: Mapped[str | None] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(120))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_retry_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    synced_at: Mapped[dt.datetime | None]


class AuditLog(Base):
    """One link of the tamper-evident chain (see docs/database/audit-chain.md).

    ``created_at`` is set by the client, never by a database default: it is hashed.
    """

    __tablename__ = "audit_logs"
    __table_args__ = (
        CheckConstraint(sha256_hex("prev_chain_hash"), name="prev_chain_hash_sha256"),
        CheckConstraint(sha256_hex("chain_hash"), name="chain_hash_sha256"),
        Index("ix_audit_logs_created_at_desc", text("created_at DESC")),
        Index("ix_audit_logs_entity", "entity_type", "entity_id"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    action: Mapped[AuditAction] = mapped_column(enum_column_type(AuditAction))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(120))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    prev_chain_hash: Mapped[str] = mapped_column(String(64))
    chain_hash: Mapped[str] = mapped_column(String(64), unique=True)


class SecurityEvent(Base):
    __tablename__ = "security_events"
    __table_args__ = (Index("ix_security_events_created_at_desc", text("created_at DESC")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    event_type: Mapped[SecurityEventType] = mapped_column(enum_column_type(SecurityEventType))
    severity: Mapped[SecuritySeverity] = mapped_column(enum_column_type(SecuritySeverity))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(512))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON_OBJECT)
    # Unlike audit_logs (whose hash covers created_at), the database may stamp these itself.
    created_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, server_default=func.current_timestamp()
    )
    resolved_at: Mapped[dt.datetime | None]
