# SPDX-License-Identifier: LGPL-2.1-or-later
"""Inserting a new ORM object with one statement on the driver, then attaching it as persistent.

An audited create is on the path of every new row, and the ORM's flush plus its statement
execution cost about 0.4 ms of Python per object, several times the database's own work: with
8 writers sharing 2 cores with PostgreSQL, that CPU time set the rate (bench/bench_audit.py).
So for plain single-table objects :func:`insert_new` does what the flush would do, as the ORM
does it:

- columns whose value is absent (or ``None``, unless the type stores ``None`` as a value, as
  JSON does) take their Python-side default, else the database's;
- values are converted by each column type's bind processor, so a row is stored exactly as
  the flush stores it;
- one ``INSERT ... RETURNING`` (compiled by SQLAlchemy once per class, dialect and set of
  given columns) returns the columns the database fills in (the key, server defaults), each
  through its type's result processor; the columns nobody sets are NULL;
- the object is then made persistent in the session with its state complete and unmodified,
  so reading any column afterwards emits no SQL, just as after a flush.

Anything this does not reproduce is left to the ORM: classes with inheritance, a version
counter, insert events or SQL-expression defaults; objects already in a session or with a
relationship set; sessions with flush events; drivers without ``INSERT ... RETURNING``.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapper, Session, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state

from projem_workbench.db import driver_sql, prepared


@dataclass(frozen=True)
class _Column:
    key: str  # the mapped attribute
    column: Column[Any]
    # None in the object means "not given" unless the type stores None as a value (JSON null).
    evaluates_none: bool
    # A zero-argument callable or a constant, applied when no value is given; else None.
    default: Callable[[], Any] | None


@dataclass(frozen=True)
class _MappedTable:
    table: Table
    columns: tuple[_Column, ...]
    relationships: tuple[str, ...]


@dataclass
class _InsertPlan:
    sql: str
    positional: bool
    order: tuple[str, ...]  # bind names in the order a positional driver takes them
    inserted: tuple[tuple[_Column, Callable[[Any], Any]], ...]
    returned: tuple[_Column, ...]
    left_null: tuple[_Column, ...]
    # Set from the first execution's cursor.description: some result conversions depend on
    # the type the driver reports.
    result_processors: list[Callable[[Any], Any]] | None = field(default=None)


_PLANS: weakref.WeakKeyDictionary[Dialect, dict[Any, _InsertPlan]] = weakref.WeakKeyDictionary()


def insert_new(session: Session, obj: Any) -> bool:
    """Insert the new (transient) ``obj`` and make it persistent in ``session``; False, having
    done nothing, when the object is one the ORM must flush itself (see the module docstring).

    Pending changes in the session are flushed first, so rows reach the database in the order
    the ORM's own flush would send them.
    """
    state = instance_state(obj)
    if state.key is not None or state.session_id is not None:
        return False
    mapper = state.mapper
    mapped = _mapped_table(mapper)
    if mapped is None or mapper.dispatch.before_insert or mapper.dispatch.after_insert:
        return False
    if session.dispatch.before_flush or session.dispatch.after_flush:
        return False
    values = state.dict
    if any(key in values for key in mapped.relationships):
        return False
    given = frozenset(
        c.key
        for c in mapped.columns
        if c.key in values and (values[c.key] is not None or c.evaluates_none)
    )
    session.flush()
    connection = session.connection()
    plan = _plan(mapped, connection.dialect, given)
    if plan is None:
        return False
    parameters: dict[str, Any] = {}
    defaulted: list[tuple[str, Any]] = []
    for column, process in plan.inserted:
        if column.key in given:
            value = values[column.key]
        else:
            value = column.default() if column.default is not None else None
            defaulted.append((column.key, value))
        parameters[column.column.key] = process(value)
    cursor = connection.connection.cursor()
    try:
        driver_sql.execute(
            connection,
            cursor,
            prepared.form(connection, plan.sql),
            [parameters[name] for name in plan.order] if plan.positional else parameters,
        )
        row = cursor.fetchone() if plan.returned else ()
        if plan.result_processors is None:
            plan.result_processors = [
                driver_sql.result_processor(column.column, connection.dialect, description[1])
                for column, description in zip(plan.returned, cursor.description or (), strict=True)
            ]
    finally:
        cursor.close()
    for key, value in defaulted:
        values[key] = value
    for column, process, value in zip(plan.returned, plan.result_processors, row, strict=True):
        values[column.key] = process(value)
    for column in plan.left_null:
        values[column.key] = None
    make_transient_to_detached(obj)
    session.add(obj)
    return True


@functools.cache
def _mapped_table(mapper: Mapper[Any]) -> _MappedTable | None:
    """What :func:`insert_new` needs of a mapped class, or None if the ORM must insert it."""
    table = mapper.local_table
    if (
        mapper.inherits is not None
        or mapper.polymorphic_on is not None
        or mapper.version_id_col is not None
        or not isinstance(table, Table)
        or mapper.persist_selectable is not table
    ):
        return None
    columns = []
    for prop in mapper.column_attrs:
        if len(prop.columns) != 1 or prop.columns[0].table is not table:
            return None
        column = prop.columns[0]
        default = _python_default(column)
        if default is _UNSUPPORTED:
            return None
        columns.append(_Column(prop.key, column, bool(column.type.should_evaluate_none), default))
    if len(columns) != len(table.columns):
        return None  # an unmapped column could have a default the ORM would apply
    return _MappedTable(table, tuple(columns), tuple(r.key for r in mapper.relationships))


_UNSUPPORTED: Any = object()


def _python_default(column: Column[Any]) -> Callable[[], Any] | None:
    default = column.default
    if default is None:
        return None
    if getattr(default, "is_scalar", False):
        return functools.partial(_constant, default.arg)
    # SQLAlchemy wraps a zero-argument callable to take an (ignored) execution context and
    # marks the wrapper with __wrapped__; one that wants the context is left to the ORM.
    if getattr(default, "is_callable", False) and hasattr(default.arg, "__wrapped__"):
        return functools.partial(default.arg, None)
    return _UNSUPPORTED  # a SQL expression or a sequence


def _constant(value: Any) -> Any:
    return value


def _plan(mapped: _MappedTable, dialect: Dialect, given: frozenset[str]) -> _InsertPlan | None:
    plans = _PLANS.setdefault(dialect, {})
    key = (mapped.table, given)
    plan = plans.get(key)
    if plan is None:
        if not dialect.insert_returning:
            return None
        plan = plans[key] = _compile(mapped, dialect, given)
    return plan


def _compile(mapped: _MappedTable, dialect: Dialect, given: frozenset[str]) -> _InsertPlan:
    inserted = [c for c in mapped.columns if c.key in given or c.default is not None]
    # The flush fetches only what the database may fill in; the other columns are NULL.
    returned = tuple(c for c in mapped.columns if c not in inserted and _filled_in(c.column))
    left_null = tuple(c for c in mapped.columns if c not in inserted and c not in returned)
    statement = insert(mapped.table)
    if returned:
        statement = statement.returning(*(c.column for c in returned))
    compiled = statement.compile(dialect=dialect, column_keys=[c.column.key for c in inserted])
    return _InsertPlan(
        sql=compiled.string,
        positional=compiled.positional,
        order=tuple(compiled.positiontup or ()),
        inserted=tuple((c, driver_sql.bind_processor(c.column, dialect)) for c in inserted),
        returned=returned,
        left_null=left_null,
    )


def _filled_in(column: Column[Any]) -> bool:
    return bool(
        column.primary_key
        or column.server_default is not None
        or column.computed is not None
        or column.identity is not None
    )
