# SPDX-License-Identifier: LGPL-2.1-or-later
"""The database itself enforces the data model's rules, on SQLite and on PostgreSQL.

Rows go in through SQLAlchemy Core or raw SQL, never through services or pydantic, so every
refusal here comes from a CHECK, UNIQUE, foreign key or enum type in the schema.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from projem_workbench.db.base import Base
from projem_workbench.db.enums import ENUM_TYPE_NAMES
from projem_workbench.db.errors import constraint_name
from tests.db.rows import NOW, insert_row

TABLES = sorted(Base.metadata.tables)
EARLIER = NOW - dt.timedelta(hours=1)

# (table, column overrides, constraint name without its ck_<table>_ prefix)
CHECK_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("users", {"email": "Ayse@Atolye.com.tr"}, "email_lower_case"),
    ("users", {"phone": "905551112233"}, "phone_e164"),
    ("users", {"phone": "+90"}, "phone_e164"),
    ("users", {"tax_number": "123456789"}, "vkn_length"),
    ("users", {"national_id": "1234567890"}, "tckn_length"),
    ("users", {"failed_login_count": -1}, "failed_login_count_non_negative"),
    ("sessions", {"refresh_token_hash": "abc"}, "refresh_token_hash_sha256"),
    ("sessions", {"expires_at": EARLIER}, "expires_after_issue"),
    ("licenses", {"seats": 0}, "seats_positive"),
    ("licenses", {"ends_at": EARLIER}, "ends_after_start"),
    ("invoices", {"number": "PR2026000000001"}, "number_format"),
    ("invoices", {"number": "prj2026000000001"}, "number_format"),
    ("invoices", {"total": Decimal("1200.01")}, "total_is_sum"),
    (
        "invoices",
        {"subtotal": Decimal("-1.00"), "total": Decimal("199.00")},
        "subtotal_non_negative",
    ),
    ("invoices", {"kdv_rate": Decimal("100.01")}, "kdv_rate_percent"),
    ("invoices", {"exchange_rate": Decimal("0")}, "exchange_rate_positive"),
    ("invoices", {"buyer_tax_number": "12345"}, "buyer_vkn_length"),
    ("invoices", {"buyer_national_id": "123"}, "buyer_tckn_length"),
    ("invoices", {"issued_at": NOW, "due_at": EARLIER}, "due"),
    ("payments", {"amount": Decimal("0.00")}, "amount_positive"),
    ("models", {"version": 0}, "version_positive"),
    ("models", {"size_bytes": -1}, "size_non_negative"),
    ("models", {"content_sha256": "deadbeef"}, "content_sha256_hex"),
    ("jobs", {"progress": 101}, "progress_percent"),
    ("jobs", {"progress": -1}, "progress_percent"),
    ("jobs", {"attempts": -1}, "attempts_non_negative"),
    ("jobs", {"max_attempts": 0}, "max_attempts_positive"),
    ("cam_runs", {"move_count": -1}, "move_count_non_negative"),
    ("cam_runs", {"cut_length_mm": Decimal("-0.001")}, "cut_length_non_negative"),
    ("cam_runs", {"estimated_cycle_s": Decimal("-1")}, "cycle_time_non_negative"),
    ("sim_runs", {"resolution_mm": Decimal("0")}, "resolution_positive"),
    ("sim_runs", {"collision_count": -1}, "collision_count_non_negative"),
    ("artefacts", {"size_bytes": -1}, "size_non_negative"),
    ("artefacts", {"sha256": "A" * 64}, "sha256_hex"),
    ("machines", {"travel_z_mm": Decimal("0")}, "travel_positive"),
    ("machines", {"max_spindle_rpm": 0}, "max_spindle_rpm_positive"),
    ("machines", {"max_feed_mm_min": Decimal("-5")}, "max_feed_positive"),
    ("machines", {"rapid_mm_min": Decimal("0")}, "rapid_positive"),
    ("machines", {"tool_changer_slots": -1}, "slots_non_negative"),
    ("materials", {"iso_group": "X"}, "iso_group"),
    ("materials", {"density_g_cm3": Decimal("0")}, "density_positive"),
    ("tools", {"diameter_mm": Decimal("0")}, "diameter_positive"),
    ("tools", {"diameter_mm": Decimal("-6")}, "diameter_positive"),
    ("tools", {"flutes": -1}, "flutes_non_negative"),
    ("tools", {"flute_length_mm": Decimal("60")}, "flute_within_overall_length"),
    ("tools", {"corner_radius_mm": Decimal("3.001")}, "corner_radius_fits"),
    ("tools", {"tip_angle_deg": Decimal("180")}, "tip_angle_range"),
    ("tools", {"tip_angle_deg": Decimal("0")}, "tip_angle_range"),
    ("tools", {"quantity_on_hand": -1}, "quantity_non_negative"),
    ("tools", {"min_stock": -2}, "min_stock_non_negative"),
    ("erp_mes_sync", {"attempts": -1}, "attempts_non_negative"),
    ("erp_mes_sync", {"payload_sha256": "abc"}, "payload_sha256_hex"),
    ("audit_logs", {"prev_chain_hash": "0"}, "prev_chain_hash_sha256"),
    ("audit_logs", {"chain_hash": "f" * 63}, "chain_hash_sha256"),
]

# (table, column) whose value two live rows may not share.
UNIQUE_CASES = [
    ("sessions", "refresh_token_hash"),
    ("licenses", "license_key_hash"),
    ("invoices", "number"),
    ("payments", "idempotency_key"),
    ("payments", "provider_reference"),
    ("jobs", "idempotency_key"),
    ("erp_mes_sync", "idempotency_key"),
    ("audit_logs", "chain_hash"),
]
# (table, columns) unique among live rows only: a soft-deleted row frees the value.
LIVE_UNIQUE_CASES = [
    ("users", ("email",)),
    ("users", ("phone",)),
    ("machines", ("name",)),
    ("materials", ("name",)),
    ("tools", ("name",)),
    ("models", ("name", "version")),
]
SAMPLE_VALUES = {
    "email": "ortak@atolye.com.tr",
    "phone": "+905551112233",
    "name": "Shared name",
    "version": 2,
    "refresh_token_hash": "1" * 64,
    "license_key_hash": "2" * 64,
    "number": "ABC2026000000042",
    "idempotency_key": "same-key",
    "provider_reference": "TX-42",
    "chain_hash": "3" * 64,
}


def case_id(case: tuple[str, dict[str, Any], str]) -> str:
    return f"{case[0]}-{case[2]}-{'-'.join(case[1])}"


def test_there_are_17_tables() -> None:
    assert len(TABLES) == 17


@pytest.mark.parametrize("table", TABLES)
def test_valid_row_is_accepted(engine: Engine, table: str) -> None:
    with engine.begin() as conn:
        row_id = insert_row(conn, table)
    with engine.connect() as conn:
        found = conn.execute(
            select(Base.metadata.tables[table].c.id).where(
                Base.metadata.tables[table].c.id == row_id
            )
        )
        assert found.scalar_one() == row_id


@pytest.mark.parametrize(
    ("table", "overrides", "constraint"), CHECK_CASES, ids=[case_id(c) for c in CHECK_CASES]
)
def test_check_constraint_refuses(
    engine: Engine, table: str, overrides: dict[str, Any], constraint: str
) -> None:
    with engine.connect() as conn, conn.begin():
        with pytest.raises(IntegrityError) as refused:
            insert_row(conn, table, **overrides)
        conn.rollback()
    assert constraint_name(refused.value) == f"ck_{table}_{constraint}"


@pytest.mark.parametrize(("table", "column"), UNIQUE_CASES, ids=lambda c: str(c))
def test_unique_constraint_refuses_second_row(engine: Engine, table: str, column: str) -> None:
    value = SAMPLE_VALUES[column]
    with engine.begin() as conn:
        insert_row(conn, table, **{column: value})
    with engine.connect() as conn, conn.begin():
        with pytest.raises(IntegrityError) as refused:
            insert_row(conn, table, **{column: value})
        conn.rollback()
    assert constraint_name(refused.value) in (f"uq_{table}_{column}", f"{table}.{column}")


@pytest.mark.parametrize(("table", "columns"), LIVE_UNIQUE_CASES, ids=lambda c: str(c))
def test_unique_among_live_rows(engine: Engine, table: str, columns: tuple[str, ...]) -> None:
    values = {column: SAMPLE_VALUES[column] for column in columns}
    model = Base.metadata.tables[table]
    with engine.begin() as conn:
        first = insert_row(conn, table, **values)
    with engine.connect() as conn, conn.begin():
        with pytest.raises(IntegrityError):
            insert_row(conn, table, **values)
        conn.rollback()
    with engine.begin() as conn:
        conn.execute(
            update(model).where(model.c.id == first).values(is_deleted=True, deleted_at=NOW)
        )
        second = insert_row(conn, table, **values)  # the deleted row freed the value
    with engine.connect() as conn, conn.begin():
        with pytest.raises(IntegrityError):  # but only for one live row
            insert_row(conn, table, **values)
        conn.rollback()
    assert second != first


# (enum type, table, column) — one column per enum type is enough to prove each type.
ENUM_COLUMNS = sorted(
    {
        column.type.name: (column.type.name, table.name, column.name)
        for table in Base.metadata.tables.values()
        for column in table.columns
        if getattr(column.type, "name", None) in ENUM_TYPE_NAMES.values()
    }.values()
)


def test_every_enum_type_is_used_by_a_column() -> None:
    assert len(ENUM_TYPE_NAMES) == 24
    assert {name for name, _, _ in ENUM_COLUMNS} == set(ENUM_TYPE_NAMES.values())


@pytest.mark.parametrize(("enum_name", "table", "column"), ENUM_COLUMNS, ids=lambda v: str(v))
def test_enum_refuses_unknown_value(
    engine: Engine, enum_name: str, table: str, column: str
) -> None:
    # A copy of a valid row with only the enum value changed, in raw SQL (an UPDATE would meet
    # audit_logs' append-only trigger first). CHECKs are tested before unique indexes.
    others = [c.name for c in Base.metadata.tables[table].columns if c.name not in ("id", column)]
    copy = (
        f"INSERT INTO {table} ({', '.join(others)}, {column}) "
        f"SELECT {', '.join(others)}, 'no_such_{enum_name}' FROM {table} WHERE id = :id"
    )
    with engine.connect() as conn, conn.begin():
        row_id = insert_row(conn, table)
        with pytest.raises(DBAPIError) as refused:
            conn.execute(text(copy), {"id": row_id})
        conn.rollback()
    message = str(refused.value.orig).lower()
    assert "enum" in message or "check constraint" in message


def test_enums_are_native_types_or_checks(engine: Engine) -> None:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            names = conn.execute(text("SELECT typname FROM pg_type WHERE typtype = 'e'")).scalars()
            assert set(names) == set(ENUM_TYPE_NAMES.values())
        else:
            ddl = conn.execute(text("SELECT group_concat(sql, ' ') FROM sqlite_master")).scalar()
            for enum_name, table, _ in ENUM_COLUMNS:
                assert f"ck_{table}_{enum_name}" in ddl


# (parent table, child table, child column, rule)
FK_CASES = [
    ("users", "sessions", "user_id", "CASCADE"),
    ("users", "notifications", "user_id", "CASCADE"),
    ("cam_runs", "sim_runs", "cam_run_id", "CASCADE"),
    ("models", "artefacts", "model_id", "CASCADE"),
    ("cam_runs", "artefacts", "cam_run_id", "CASCADE"),
    ("users", "invoices", "user_id", "RESTRICT"),
    ("users", "licenses", "user_id", "RESTRICT"),
    ("invoices", "payments", "invoice_id", "RESTRICT"),
    ("models", "cam_runs", "model_id", "RESTRICT"),
    ("machines", "cam_runs", "machine_id", "RESTRICT"),
    ("materials", "cam_runs", "material_id", "RESTRICT"),
    ("artefacts", "cam_runs", "gcode_artefact_id", "RESTRICT"),
    ("artefacts", "models", "artefact_id", "RESTRICT"),
    ("users", "models", "owner_id", "SET NULL"),
    ("users", "artefacts", "owner_id", "SET NULL"),
    ("users", "jobs", "user_id", "SET NULL"),
    ("users", "security_events", "user_id", "SET NULL"),
    ("jobs", "cam_runs", "job_id", "SET NULL"),
    ("artefacts", "sim_runs", "report_artefact_id", "SET NULL"),
]


def test_every_foreign_key_states_its_delete_rule() -> None:
    for table in Base.metadata.tables.values():
        for fk in table.foreign_keys:
            assert fk.ondelete in ("CASCADE", "RESTRICT", "SET NULL"), fk.parent


@pytest.mark.parametrize(("parent", "child", "column", "rule"), FK_CASES, ids=lambda v: str(v))
def test_foreign_key_delete_rule(
    engine: Engine, parent: str, child: str, column: str, rule: str
) -> None:
    parents, children = Base.metadata.tables[parent], Base.metadata.tables[child]
    with engine.begin() as conn:
        parent_id = insert_row(conn, parent)
        child_id = insert_row(conn, child, **{column: parent_id})
    if rule == "RESTRICT":
        with engine.connect() as conn, conn.begin():
            with pytest.raises(IntegrityError):
                conn.execute(delete(parents).where(parents.c.id == parent_id))
            conn.rollback()
        return
    with engine.begin() as conn:
        conn.execute(delete(parents).where(parents.c.id == parent_id))
    with engine.connect() as conn:
        row = conn.execute(select(children.c[column]).where(children.c.id == child_id)).first()
    if rule == "CASCADE":
        assert row is None
    else:
        assert row is not None and row[0] is None


def test_money_round_trips_as_two_place_decimals(engine: Engine) -> None:
    invoices = Base.metadata.tables["invoices"]
    amounts = {
        "subtotal": Decimal("1234567890.12"),
        "kdv_amount": Decimal("246913578.02"),
        "total": Decimal("1481481468.14"),
        "kdv_rate": Decimal("20.00"),
    }
    with engine.begin() as conn:
        invoice_id = insert_row(conn, "invoices", **amounts)
    with engine.connect() as conn:
        row = conn.execute(select(invoices).where(invoices.c.id == invoice_id)).mappings().one()
    for column, expected in amounts.items():
        assert isinstance(row[column], Decimal)
        assert row[column] == expected
        assert row[column].as_tuple().exponent == -2


def test_timestamps_come_back_timezone_aware_utc(engine: Engine) -> None:
    users = Base.metadata.tables["users"]
    istanbul = dt.timezone(dt.timedelta(hours=3))
    with engine.begin() as conn:
        user_id = insert_row(
            conn, "users", last_login_at=dt.datetime(2026, 11, 25, 12, 0, tzinfo=istanbul)
        )
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).mappings().one()
    assert row["last_login_at"] == dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    for column in ("last_login_at", "created_at", "updated_at"):
        assert row[column].tzinfo is not None
        assert row[column].utcoffset() == dt.timedelta(0)
