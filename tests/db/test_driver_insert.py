# SPDX-License-Identifier: LGPL-2.1-or-later
"""A new object inserted on the driver is stored and left exactly as the ORM's flush leaves it,
and objects the flush must handle itself are left to it."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Numeric, String, event, func, inspect, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from projem_workbench.db.base import Base, JSONType, UTCDateTime
from projem_workbench.db.driver_insert import insert_new
from projem_workbench.db.enums import (
    MachineType,
    NotificationSeverity,
    NotificationType,
    ToolMaterial,
    ToolType,
    UserRole,
    enum_column_type,
)
from projem_workbench.db.models import Machine, Notification, Tool, User
from projem_workbench.db.session import Database
from projem_workbench.errors import DuplicateError
from projem_workbench.services import audited

# Set by the database or by a clock, so they differ between any two inserts.
VARYING = {"id", "created_at", "updated_at", "user_id"}
# Changed on the second of two equal objects, so it does not collide with the first.
UNIQUE = ("name", "email", "full_name", "title")


def _tool(**overrides: Any) -> Tool:
    values: dict[str, Any] = {
        "name": "EM 6",
        "tool_type": ToolType.FLAT_ENDMILL,
        "tool_material": ToolMaterial.CARBIDE,
        "diameter_mm": Decimal("6.000"),
    }
    return Tool(**(values | overrides))


def _user(name: str) -> User:
    return User(email=f"{name}@example.com", full_name=name.title(), password_hash="x" * 60)


# Each builds two equal new objects (one per path); together they cover enums, decimals,
# JSON (nested, empty, None), Python defaults (given None or absent), server defaults and
# columns left NULL.
SAMPLES = {
    "tool, minimal": lambda user_id: _tool(),
    "tool, every column": lambda user_id: _tool(
        flutes=4,
        flute_length_mm=Decimal("18.5"),
        overall_length_mm=Decimal("60"),
        shank_diameter_mm=Decimal("6"),
        corner_radius_mm=Decimal("0.5"),
        coating="AlTiN",
        manufacturer="Sandvik",
        part_number="R216.34",
        quantity_on_hand=3,
        min_stock=1,
        location="A/2",
        params={"ölçü": [1, 2.5, None, {"deep": "🔧"}], "empty": {}},
    ),
    "tool, None given for defaulted and JSON columns": lambda user_id: _tool(
        flutes=None, params=None
    ),
    "machine": lambda user_id: Machine(
        name="VMC 1",
        machine_type=MachineType.MILL_3AXIS,
        controller="LinuxCNC",
        post_processor="linuxcnc",
        travel_x_mm=Decimal("600"),
        travel_y_mm=Decimal("400"),
        travel_z_mm=Decimal("300"),
        max_spindle_rpm=12000,
        max_feed_mm_min=Decimal("8000"),
        rapid_mm_min=Decimal("15000"),
        meta={"bay": 2},
    ),
    "user, enum and text defaults": lambda user_id: _user("zeynep"),
    "notification, enum default": lambda user_id: Notification(
        user_id=user_id, notification_type=NotificationType.JOB_FAILED, title="hello", body="ş"
    ),
}


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.unit_of_work() as session:
        yield session


def _stored(session: Session, obj: Base) -> dict[str, Any]:
    """The row as a fresh session reads it back, without the varying columns."""
    cls = type(obj)
    with Session(session.get_bind()) as fresh:
        row = fresh.scalars(select(cls).where(cls.id == obj.id)).one()  # type: ignore[attr-defined]
        return {k: v for k, v in audited.snapshot(row).items() if k not in VARYING}


@pytest.mark.parametrize("sample", SAMPLES)
def test_stored_and_left_as_the_flush_does(database: Database, sample: str) -> None:
    with database.unit_of_work() as session:
        owner = audited.create(session, _user("owner"))
    build = functools.partial(SAMPLES[sample], owner.id)
    with database.unit_of_work() as session:
        by_flush = build()
        session.add(by_flush)
        session.flush()
        flushed_state = {k: v for k, v in audited.snapshot(by_flush).items() if k not in VARYING}
    with database.unit_of_work() as session:
        # A second row of the same kind: change what must be unique.
        direct = build()
        for unique in UNIQUE:
            if hasattr(direct, unique):
                setattr(direct, unique, "driver " + getattr(direct, unique))
        assert insert_new(session, direct) is True
        state = inspect(direct)
        assert state.persistent and not state.modified and not state.expired_attributes
        assert direct in session and session.get(type(direct), direct.id) is direct
        statements: list[str] = []
        event.listen(session.get_bind(), "before_cursor_execute", _record(statements))
        direct_state = {k: v for k, v in audited.snapshot(direct).items() if k not in VARYING}
        assert statements == []  # every column is loaded: reading them runs no SQL
    for unique in UNIQUE:
        if unique in direct_state:
            direct_state[unique] = flushed_state[unique]
    assert direct_state == flushed_state
    with database.unit_of_work() as session:
        assert _stored(session, direct) | _unique(flushed_state) == _stored(session, by_flush)
    assert isinstance(direct.created_at, dt.datetime) and direct.created_at.tzinfo is not None


def _unique(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in UNIQUE if k in values}


def _record(statements: list[str]):  # type: ignore[no-untyped-def]
    def before_cursor_execute(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    return before_cursor_execute


def test_pending_changes_are_flushed_first(database: Database) -> None:
    with database.unit_of_work() as session:
        user = _user("ayse")
        session.add(user)
        # The notification's row refers to the user's, which only the flush inserts.
        session.flush()
        note = Notification(
            user_id=user.id,
            notification_type=NotificationType.SECURITY_ALERT,
            title="first",
            severity=NotificationSeverity.WARNING,
        )
        user.role = UserRole.MANAGER  # pending update, flushed before the insert
        assert insert_new(session, note) is True
    with database.read_session() as session:
        assert session.get(User, user.id).role is UserRole.MANAGER
        assert session.get(Notification, note.id).severity is NotificationSeverity.WARNING


def test_objects_the_flush_must_handle_are_left_to_it(database: Database) -> None:
    with database.unit_of_work() as session:
        user = _user("mehmet")
        # A relationship set on the object: the flush copies the key and cascades.
        with_relationship = Notification(
            user=user, notification_type=NotificationType.SECURITY_ALERT, title="x"
        )
        assert insert_new(session, with_relationship) is False
        pending = _tool(name="pending")
        session.add(pending)
        assert insert_new(session, pending) is False  # already in the session
        assert list(session.new) == [pending]
        audited.create(session, with_relationship)  # through the flush: the user row too
        assert with_relationship.user_id == user.id is not None

    def before_insert(mapper, connection, target):  # type: ignore[no-untyped-def]
        target.coating = "set by an event"

    event.listen(Tool, "before_insert", before_insert)
    try:
        with database.unit_of_work() as session:
            evented = _tool(name="evented")
            assert insert_new(session, evented) is False
            audited.create(session, evented)
            assert evented.coating == "set by an event"
    finally:
        event.remove(Tool, "before_insert", before_insert)


def test_a_database_error_is_translated_and_the_object_left_new(database: Database) -> None:
    with database.unit_of_work() as session:
        audited.create(session, _tool(name="EM 8"))
    with pytest.raises(DuplicateError) as by_flush, database.unit_of_work() as session:
        session.add(_tool(name="EM 8"))
        session.flush()
    duplicate = _tool(name="EM 8")
    with pytest.raises(DuplicateError) as direct, database.unit_of_work() as session:
        assert insert_new(session, duplicate)
    assert str(direct.value) == str(by_flush.value)  # the same message, naming the same rule
    assert inspect(duplicate).transient
    with database.read_session() as session:
        assert len(session.scalars(select(Tool)).all()) == 1


class _ProbeBase(DeclarativeBase):
    pass


class _Probe(_ProbeBase):
    """Columns only the database fills in, so their values come back through RETURNING."""

    __tablename__ = "driver_insert_probe"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(20))
    stamp: Mapped[dt.datetime] = mapped_column(UTCDateTime, server_default=func.now())
    severity: Mapped[NotificationSeverity] = mapped_column(
        enum_column_type(NotificationSeverity), server_default="warning"
    )
    amount: Mapped[Decimal] = mapped_column(Numeric(6, 2), server_default="1.50")
    doc: Mapped[dict[str, Any]] = mapped_column(JSONType, server_default=text("'{\"a\": [1]}'"))


def test_values_the_database_fills_in_come_back_converted(database: Database) -> None:
    _ProbeBase.metadata.create_all(database.engine)
    with database.unit_of_work() as session:
        probe = _Probe(label="p")
        assert insert_new(session, probe) is True
    assert probe.stamp.tzinfo is dt.UTC
    assert probe.severity is NotificationSeverity.WARNING
    assert probe.amount == Decimal("1.50") and isinstance(probe.amount, Decimal)
    assert probe.doc == {"a": [1]}
    with database.read_session() as session:
        again = session.get(_Probe, probe.id)
        assert (again.stamp, again.severity, again.amount, again.doc) == (
            probe.stamp,
            probe.severity,
            probe.amount,
            probe.doc,
        )


def test_audited_create_takes_the_driver_path_for_every_table_services_create() -> None:
    from projem_workbench.db.driver_insert import _mapped_table

    for mapper in Base.registry.mappers:
        assert _mapped_table(mapper) is not None, mapper.class_.__name__
