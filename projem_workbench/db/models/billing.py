# SPDX-License-Identifier: LGPL-2.1-or-later
"""Invoices (Turkish KDV, series-numbered) and payments. Money is Decimal end to end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from projem_workbench.db.base import EMPTY_JSON_ARRAY, Base, Rate, TimestampMixin
from projem_workbench.db.enums import (
    Currency,
    InvoiceStatus,
    InvoiceType,
    PaymentStatus,
    enum_column_type,
)
from projem_workbench.db.models.checks import DIGITS, UPPER_LETTERS, digits_only, made_of


class Invoice(TimestampMixin, Base):
    __tablename__ = "invoices"
    __table_args__ = (
        # ABC2026000000001: three-letter series, year, nine-digit sequence.
        CheckConstraint(
            f"length(number) = 16 AND {made_of('substr(number, 1, 3)', UPPER_LETTERS)} "
            f"AND {made_of('substr(number, 4)', DIGITS)}",
            name="number_format",
        ),
        CheckConstraint("subtotal >= 0", name="subtotal_non_negative"),
        CheckConstraint("kdv_amount >= 0", name="kdv_amount_non_negative"),
        CheckConstraint("kdv_rate >= 0 AND kdv_rate <= 100", name="kdv_rate_percent"),
        CheckConstraint("exchange_rate > 0", name="exchange_rate_positive"),
        # Exact on PostgreSQL's NUMERIC; SQLite stores NUMERIC as REAL, so allow float noise
        # well below one kuruş.
        CheckConstraint("abs(total - (subtotal + kdv_amount)) < 0.005", name="total_is_sum"),
        CheckConstraint(
            "buyer_tax_number IS NULL OR length(buyer_tax_number) = 10", name="buyer_vkn_length"
        ),
        CheckConstraint(digits_only("buyer_tax_number"), name="buyer_vkn_digits"),
        CheckConstraint(
            "buyer_national_id IS NULL OR length(buyer_national_id) = 11",
            name="buyer_tckn_length",
        ),
        CheckConstraint(digits_only("buyer_national_id"), name="buyer_tckn_digits"),
        CheckConstraint("due_at IS NULL OR issued_at IS NULL OR due_at >= issued_at", name="due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    license_id: Mapped[int | None] = mapped_column(
        ForeignKey("licenses.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[str] = mapped_column(String(16), unique=True)
    invoice_type: Mapped[InvoiceType] = mapped_column(
        enum_column_type(InvoiceType), default=InvoiceType.SALE, server_default="sale"
    )
    status: Mapped[InvoiceStatus] = mapped_column(
        enum_column_type(InvoiceStatus), default=InvoiceStatus.DRAFT, server_default="draft"
    )
    currency: Mapped[Currency] = mapped_column(
        enum_column_type(Currency), default=Currency.TRY, server_default="TRY"
    )
    exchange_rate: Mapped[Decimal] = mapped_column(
        Numeric(12, 6), default=Decimal("1"), server_default="1"
    )
    lines: Mapped[list[Any]] = mapped_column(default=list, server_default=EMPTY_JSON_ARRAY)
    subtotal: Mapped[Decimal]
    kdv_rate: Mapped[Decimal] = mapped_column(
        Rate, default=Decimal("20.00"), server_default="20.00"
    )
    kdv_amount: Mapped[Decimal]
    total: Mapped[Decimal]
    buyer_name: Mapped[str] = mapped_column(String(200))
    buyer_tax_number: Mapped[str | None] = mapped_column(String(10))
    buyer_national_id: Mapped[str | None] = mapped_column(String(11))
    buyer_tax_office: Mapped[str | None] = mapped_column(String(120))
    issued_at: Mapped[dt.datetime | None]
    due_at: Mapped[dt.datetime | None]

    # Payments are history (ON DELETE RESTRICT): the ORM never nulls or deletes them.
    payments: Mapped[list[Payment]] = relationship(back_populates="invoice", passive_deletes="all")


class Payment(TimestampMixin, Base):
    __tablename__ = "payments"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="RESTRICT"), index=True
    )
    amount: Mapped[Decimal]
    currency: Mapped[Currency] = mapped_column(
        enum_column_type(Currency), default=Currency.TRY, server_default="TRY"
    )
    status: Mapped[PaymentStatus] = mapped_column(
        enum_column_type(PaymentStatus), default=PaymentStatus.PENDING, server_default="pending"
    )
    provider: Mapped[str] = mapped_column(String(60))
    provider_reference: Mapped[str | None] = mapped_column(String(120), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    paid_at: Mapped[dt.datetime | None]
    failure_reason: Mapped[str | None] = mapped_column(String(500))

    invoice: Mapped[Invoice] = relationship(back_populates="payments")
