# SPDX-License-Identifier: LGPL-2.1-or-later
"""Users, their sessions (refresh-token rotation) and licences."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from projem_workbench.db.base import (
    EMPTY_JSON_OBJECT,
    Base,
    SoftDeleteMixin,
    TimestampMixin,
    unique_among_live,
)
from projem_workbench.db.enums import LicenseStatus, LicenseType, Locale, UserRole, enum_column_type
from projem_workbench.db.models.checks import DIGITS, digits_only, made_of, sha256_hex

if TYPE_CHECKING:
    from projem_workbench.db.models.system import Notification


class User(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        # E.164: '+', a country code that does not start with 0, at most 15 digits in all.
        CheckConstraint(
            "phone IS NULL OR (substr(phone, 1, 1) = '+' AND length(phone) BETWEEN 8 AND 16 "
            f"AND substr(phone, 2, 1) <> '0' AND {made_of('substr(phone, 2)', DIGITS)})",
            name="phone_e164",
        ),
        # VKN and TCKN checksums are verified by the services (python-stdnum); the database
        # guarantees the shape so no import or raw SQL can store a malformed number.
        CheckConstraint("tax_number IS NULL OR length(tax_number) = 10", name="vkn_length"),
        CheckConstraint(digits_only("tax_number"), name="vkn_digits"),
        CheckConstraint("national_id IS NULL OR length(national_id) = 11", name="tckn_length"),
        CheckConstraint(digits_only("national_id"), name="tckn_digits"),
        CheckConstraint("failed_login_count >= 0", name="failed_login_count_non_negative"),
        unique_among_live("uq_users_email_live", "email"),
        unique_among_live("uq_users_phone_live", "phone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(16))
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[UserRole] = mapped_column(
        enum_column_type(UserRole), default=UserRole.ENGINEER, server_default="engineer"
    )
    locale: Mapped[Locale] = mapped_column(
        enum_column_type(Locale), default=Locale.TR, server_default="tr"
    )
    timezone: Mapped[str] = mapped_column(
        String(64), default="Europe/Istanbul", server_default="Europe/Istanbul"
    )
    company_name: Mapped[str | None] = mapped_column(String(200))
    tax_number: Mapped[str | None] = mapped_column(String(10))
    national_id: Mapped[str | None] = mapped_column(String(11))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    failed_login_count: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]

    # The database deletes sessions and notifications with their user (ON DELETE CASCADE);
    # passive_deletes leaves that to it instead of loading every row first.
    sessions: Mapped[list[UserSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    notifications: Mapped[list[Notification]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    # Licences are history (ON DELETE RESTRICT): never touched when a user is deleted.
    licenses: Mapped[list[License]] = relationship(back_populates="user", passive_deletes="all")


class UserSession(TimestampMixin, Base):
    """A login session; the refresh token itself is never stored, only its SHA-256."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint(sha256_hex("refresh_token_hash"), name="refresh_token_hash_sha256"),
        CheckConstraint("expires_at > issued_at", name="expires_after_issue"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    refresh_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    # Rotation: the session that replaced this one; reuse of a replaced token is theft.
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL")
    )
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(512))

    user: Mapped[User] = relationship(back_populates="sessions")


class License(TimestampMixin, Base):
    __tablename__ = "licenses"
    __table_args__ = (
        CheckConstraint("seats > 0", name="seats_positive"),
        CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(sha256_hex("license_key_hash"), name="license_key_hash_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    license_type: Mapped[LicenseType] = mapped_column(enum_column_type(LicenseType))
    status: Mapped[LicenseStatus] = mapped_column(
        enum_column_type(LicenseStatus), default=LicenseStatus.ACTIVE, server_default="active"
    )
    seats: Mapped[int] = mapped_column(default=1, server_default="1")
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime | None]
    features: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=EMPTY_JSON_OBJECT)
    license_key_hash: Mapped[str] = mapped_column(String(64), unique=True)

    user: Mapped[User] = relationship(back_populates="licenses")
