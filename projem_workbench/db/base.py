# SPDX-License-Identifier: LGPL-2.1-or-later
"""The one declarative Base, its naming convention, and the column types every model shares.

Why custom types: SQLite stores datetimes without a zone and JSON without JSONB, so the UTC
datetime and JSON variant below make both backends hand back the same Python values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Constraint names must be deterministic so Alembic can drop and batch-recreate them on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time as an aware UTC datetime (what every timestamp column stores)."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on both backends.

    Naive datetimes are refused on the way in (their zone is unknowable); values read back are
    always aware and in UTC, including SQLite's zone-less strings.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: Projem stores aware datetimes only")
        value = value.astimezone(dt.UTC)
        # SQLite keeps the text as given; store it zone-less so it sorts and compares as UTC.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


# JSONB on PostgreSQL (indexable with GIN), JSON text on SQLite: one type, not two models.
JSONType = JSON().with_variant(JSONB(), "postgresql")
Money = Numeric(12, 2, asdecimal=True)
Rate = Numeric(5, 2, asdecimal=True)
# audit_logs, jobs and notifications grow without bound; SQLite only auto-increments INTEGER.
BigIntPK = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """Declarative base for every Projem table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSONType,
        list[Any]: JSONType,
        Decimal: Money,
    }


class TimestampMixin:
    """created_at / updated_at, set by the database default and kept current by the ORM."""

    created_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, server_default=func.current_timestamp(), nullable=False
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.current_timestamp(), nullable=False
    )


class SoftDeleteMixin:
    """Rows users delete stay in the table (history depends on them) and are hidden instead."""

    is_deleted: Mapped[bool] = mapped_column(
        default=False, server_default=text("false"), nullable=False
    )
    deleted_at: Mapped[dt.datetime | None] = mapped_column(default=None)


LIVE_ROWS = text("NOT is_deleted")
# Database-side defaults for JSON columns, so rows inserted by raw SQL are valid too.
EMPTY_JSON_OBJECT = text("'{}'")
EMPTY_JSON_ARRAY = text("'[]'")


def unique_among_live(name: str, *columns: str) -> Index:
    """A unique index that only live rows take part in: deleting a row frees its name."""
    return Index(name, *columns, unique=True, sqlite_where=LIVE_ROWS, postgresql_where=LIVE_ROWS)
