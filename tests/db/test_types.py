# SPDX-License-Identifier: LGPL-2.1-or-later
"""Column types behave the same on both backends: Decimal money, aware UTC times, JSON, big keys.

Also checks that the indexes a query plan relies on (DESC, partial, GIN) exist in the migrated
database as written, which `db check` cannot confirm on SQLite (its reflection drops DESC).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import Engine, inspect, select, text, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import StatementError

from projem_workbench.db.base import Base, utcnow
from projem_workbench.db.enums import Currency, JobType, ToolMaterial, ToolType
from projem_workbench.db.models import Invoice, Job, Machine, Notification, Tool, User
from projem_workbench.db.session import Database
from tests.db.rows import NOW, insert_row

TABLES = Base.metadata.tables
ISTANBUL = dt.timezone(dt.timedelta(hours=3))

# (index, fragments its stored definition must contain on PostgreSQL, on SQLite)
SPECIAL_INDEXES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("ix_audit_logs_created_at_desc", ("created_at DESC",), ("created_at DESC",)),
    ("ix_jobs_created_at_desc", ("created_at DESC",), ("created_at DESC",)),
    ("ix_cam_runs_created_at_desc", ("created_at DESC",), ("created_at DESC",)),
    ("ix_security_events_created_at_desc", ("created_at DESC",), ("created_at DESC",)),
    (
        "ix_jobs_pending_queue",
        ("(priority, run_after)", "WHERE (status = 'pending'::job_status)"),
        ("(priority, run_after)", "WHERE status = 'pending'"),
    ),
    (
        "ix_notifications_unread",
        ("(user_id)", "WHERE (read_at IS NULL)"),
        ("WHERE read_at IS NULL",),
    ),
    ("ix_tools_params", ("USING gin (params)",), ("(params)",)),
    ("ix_models_metadata", ("USING gin (metadata)",), ("(metadata)",)),
    (
        "uq_users_email_live",
        ("UNIQUE", "WHERE (NOT is_deleted)"),
        ("UNIQUE", "WHERE NOT is_deleted"),
    ),
    (
        "uq_users_phone_live",
        ("UNIQUE", "WHERE (NOT is_deleted)"),
        ("UNIQUE", "WHERE NOT is_deleted"),
    ),
    (
        "uq_models_name_version_live",
        ("UNIQUE", "(name, version)", "WHERE (NOT is_deleted)"),
        ("UNIQUE", "(name, version)", "WHERE NOT is_deleted"),
    ),
    (
        "uq_tools_name_live",
        ("UNIQUE", "WHERE (NOT is_deleted)"),
        ("UNIQUE", "WHERE NOT is_deleted"),
    ),
    (
        "uq_machines_name_live",
        ("UNIQUE", "WHERE (NOT is_deleted)"),
        ("UNIQUE", "WHERE NOT is_deleted"),
    ),
    (
        "uq_materials_name_live",
        ("UNIQUE", "WHERE (NOT is_deleted)"),
        ("UNIQUE", "WHERE NOT is_deleted"),
    ),
]
BIG_KEYS = [
    ("audit_logs", "id"),
    ("jobs", "id"),
    ("notifications", "id"),
    ("cam_runs", "job_id"),
    ("sim_runs", "job_id"),
]


def _machine(name: str) -> Machine:
    return Machine(
        name=name,
        machine_type="router",
        controller="grbl",
        post_processor="grbl",
        travel_x_mm=Decimal("1300"),
        travel_y_mm=Decimal("2500"),
        travel_z_mm=Decimal("200"),
        max_spindle_rpm=24000,
        max_feed_mm_min=Decimal("20000"),
        rapid_mm_min=Decimal("30000"),
    )


def test_money_and_rates_round_trip_exactly_through_the_orm(database: Database) -> None:
    with database.unit_of_work() as session:
        user = User(email="finans@atolye.com.tr", full_name="Elif Şahin", password_hash="$2b$x")
        session.add(user)
        session.flush()
        invoice = Invoice(
            user_id=user.id,
            number="USD2026000000001",
            currency=Currency.USD,
            exchange_rate=Decimal("34.123456"),
            subtotal=Decimal("8333333333.33"),
            kdv_rate=Decimal("20.00"),
            kdv_amount=Decimal("1666666666.66"),
            total=Decimal("9999999999.99"),
            buyer_name="Atlas Kalıp",
        )
        session.add(invoice)
    with database.read_session() as session:
        stored = session.get(Invoice, invoice.id)
        assert stored is not None
        values = (stored.exchange_rate, stored.subtotal, stored.kdv_rate, stored.total)
        assert stored.currency is Currency.USD
    assert values == (
        Decimal("34.123456"),
        Decimal("8333333333.33"),
        Decimal("20.00"),
        Decimal("9999999999.99"),
    )
    assert [v.as_tuple().exponent for v in values] == [-6, -2, -2, -2]


def test_tool_dimensions_keep_micrometres(database: Database) -> None:
    with database.unit_of_work() as session:
        tool = Tool(
            name="Ball 1/4 in",
            tool_type=ToolType.BALL_ENDMILL,
            tool_material=ToolMaterial.CARBIDE,
            diameter_mm=Decimal("6.35"),
            corner_radius_mm=Decimal("3.175"),
            tip_angle_deg=Decimal("118"),
        )
        session.add(tool)
    with database.read_session() as session:
        stored = session.get(Tool, tool.id)
        assert stored is not None
        assert (stored.diameter_mm, stored.corner_radius_mm, stored.tip_angle_deg) == (
            Decimal("6.350"),
            Decimal("3.175"),
            Decimal("118.000"),
        )


def test_database_default_timestamps_come_back_aware_utc(database: Database) -> None:
    before = utcnow() - dt.timedelta(minutes=5)
    with database.engine.begin() as conn:  # raw SQL: only the database's defaults apply
        conn.execute(
            text(
                "INSERT INTO machines (name, machine_type, controller, post_processor, "
                "travel_x_mm, travel_y_mm, travel_z_mm, max_spindle_rpm, max_feed_mm_min, "
                "rapid_mm_min) VALUES ('Raw VMC', 'mill_3axis', 'fanuc', 'fanuc', "
                "500, 400, 300, 10000, 10000, 20000)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO security_events (event_type, severity) VALUES ('login_failure', 'low')"
            )
        )
    with database.read_session() as session:
        machine = session.scalars(select(Machine)).one()
        stamps = [machine.created_at, machine.updated_at]
        stamps += session.scalars(select(TABLES["security_events"].c.created_at)).all()
    for stamp in stamps:
        assert stamp.utcoffset() == dt.timedelta(0)
        assert before < stamp < utcnow() + dt.timedelta(minutes=5)


def test_updated_at_moves_on_every_orm_update(database: Database) -> None:
    with database.unit_of_work() as session:
        machine = _machine("Router 1325")
        session.add(machine)
    created = machine.updated_at
    with database.unit_of_work() as session:
        loaded = session.get(Machine, machine.id)
        assert loaded is not None
        loaded.notes = "spindle rebuilt"
    with database.read_session() as session:
        stored = session.get(Machine, machine.id)
        assert stored is not None
        assert stored.created_at == machine.created_at
        assert stored.updated_at > created


def test_any_zone_is_stored_as_the_same_instant_and_read_as_utc(database: Database) -> None:
    local = dt.datetime(2026, 3, 1, 8, 15, 30, 123456, tzinfo=ISTANBUL)
    with database.unit_of_work() as session:
        user = User(email="vardiya@atolye.com.tr", full_name="Can Aydın", password_hash="h")
        user.locked_until = local
        session.add(user)
    with database.engine.connect() as conn:
        if database.backend == "postgresql":  # a session zone other than UTC changes nothing
            conn.execute(text("SET TIME ZONE 'Europe/Istanbul'"))
        stored = conn.execute(
            select(TABLES["users"].c.locked_until).where(TABLES["users"].c.id == user.id)
        ).scalar_one()
    assert stored == local
    assert stored.tzinfo is dt.UTC
    assert stored.hour == 5 and stored.microsecond == 123456


def test_naive_datetime_is_refused_before_reaching_the_database(engine: Engine) -> None:
    with pytest.raises(StatementError, match="naive datetime"), engine.begin() as conn:
        insert_row(conn, "users", last_login_at=dt.datetime(2026, 11, 25, 12, 0))


def test_json_round_trips_and_is_jsonb_on_postgresql(database: Database) -> None:
    params = {
        "coolant": "mist",
        "stickout_mm": 22.5,
        "holders": ["ER20", "HSK63"],
        "note": "İşçilik ğüşöç",
        "nested": {"levels": [1, {"deep": None}]},
    }
    with database.unit_of_work() as session:
        session.add(
            Tool(
                name="EM 8 Al",
                tool_type=ToolType.FLAT_ENDMILL,
                tool_material=ToolMaterial.CARBIDE,
                diameter_mm=Decimal("8"),
                params=params,
            )
        )
        session.add(
            Tool(
                name="EM 8 St",
                tool_type="flat_endmill",
                tool_material="carbide",
                diameter_mm=Decimal("8"),
                params={"coolant": "flood"},
            )
        )
    with database.read_session() as session:
        stored = session.scalars(select(Tool.params).where(Tool.name == "EM 8 Al")).one()
        assert stored == params
        if database.backend == "postgresql":
            # Containment is what the GIN index on tools.params serves. The attribute's Python
            # type is the generic JSON, so the query names JSONB to get the @> operator.
            found = session.scalars(
                select(Tool.name).where(
                    type_coerce(Tool.params, JSONB).contains({"coolant": "mist"})
                )
            ).all()
            assert found == ["EM 8 Al"]
            json_types = session.execute(
                text(
                    "SELECT DISTINCT data_type FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND data_type IN ('json', 'jsonb')"
                )
            ).scalars()
            assert list(json_types) == ["jsonb"]


def test_json_columns_default_to_empty_in_the_database(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO jobs (job_type) VALUES ('report')"))
        row = conn.execute(text("SELECT params, status, attempts, max_attempts FROM jobs")).one()
    # psycopg2 decodes JSONB itself; SQLite hands back the stored text.
    params = row.params if isinstance(row.params, dict) else json.loads(row.params)
    assert (params, row.status, row.attempts, row.max_attempts) == ({}, "pending", 0, 3)


@pytest.mark.parametrize(("table", "column"), BIG_KEYS, ids=lambda v: str(v))
def test_big_keys_are_64_bit(engine: Engine, table: str, column: str) -> None:
    reflected = {c["name"]: c["type"] for c in inspect(engine).get_columns(table)}
    expected = "BIGINT" if engine.dialect.name == "postgresql" else "INTEGER"
    # SQLite's INTEGER is 64-bit already, and only INTEGER PRIMARY KEY auto-increments.
    assert str(reflected[column]) == expected


def test_ids_beyond_32_bits_work_end_to_end(database: Database) -> None:
    big = 2**40 + 7
    with database.unit_of_work() as session:
        user = User(email="kuyruk@atolye.com.tr", full_name="Deniz Koç", password_hash="h")
        session.add(user)
        session.flush()
        session.add(Job(id=big, job_type=JobType.CAM, user_id=user.id))
        session.add(
            Notification(
                id=big, user_id=user.id, notification_type="job_succeeded", title="CAM bitti"
            )
        )
    with database.engine.begin() as conn:
        insert_row(conn, "cam_runs", job_id=big)
    with database.read_session() as session:
        job_ids = session.scalars(select(TABLES["cam_runs"].c.job_id)).all()
        assert job_ids == [big]
        assert session.get(Notification, big) is not None


def test_enums_are_stored_as_their_values(engine: Engine) -> None:
    with engine.begin() as conn:
        insert_row(
            conn,
            "tools",
            tool_type=ToolType.V_BIT,
            tool_material=ToolMaterial.HSS_COBALT,
            tip_angle_deg=Decimal("60"),
        )
        insert_row(conn, "invoices", currency=Currency.EUR)
        tool = conn.execute(
            text(
                "SELECT CAST(tool_type AS VARCHAR(40)) AS tool_type, "
                "CAST(tool_material AS VARCHAR(40)) AS tool_material FROM tools"
            )
        ).one()
        currency = conn.execute(text("SELECT CAST(currency AS VARCHAR(3)) FROM invoices")).scalar()
    assert (tool.tool_type, tool.tool_material, currency) == ("v_bit", "hss_cobalt", "EUR")


@pytest.mark.parametrize(
    ("index", "postgresql", "sqlite"), SPECIAL_INDEXES, ids=[i[0] for i in SPECIAL_INDEXES]
)
def test_special_index_exists_as_written(
    engine: Engine, index: str, postgresql: tuple[str, ...], sqlite: tuple[str, ...]
) -> None:
    if engine.dialect.name == "postgresql":
        query = text("SELECT indexdef FROM pg_indexes WHERE indexname = :name")
        fragments = postgresql
    else:
        query = text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name")
        fragments = sqlite
    with engine.connect() as conn:
        definition = conn.execute(query, {"name": index}).scalar_one()
    for fragment in fragments:
        assert fragment in definition, definition


def test_stored_timestamps_sort_newest_first(engine: Engine) -> None:
    # SQLite keeps times as text: they must be stored in one zone and format to sort right.
    with engine.begin() as conn:
        for hours in (3, 1, 2):
            local = (NOW - dt.timedelta(hours=hours)).astimezone(ISTANBUL)
            insert_row(conn, "jobs", created_at=local)
    jobs = TABLES["jobs"]
    with engine.connect() as conn:
        stamps = conn.execute(select(jobs.c.created_at).order_by(jobs.c.created_at.desc()))
        assert [NOW - s for s in stamps.scalars()] == [
            dt.timedelta(hours=1),
            dt.timedelta(hours=2),
            dt.timedelta(hours=3),
        ]
