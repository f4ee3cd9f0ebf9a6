# SPDX-License-Identifier: LGPL-2.1-or-later
"""Audited writes: the small base every service builds on, so no change escapes the trail.

Each helper changes an ORM object and appends the audit entry (with before/after snapshots)
in the caller's transaction, so both land or neither does.
"""

from __future__ import annotations

import functools
from typing import Any, cast

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from projem_workbench.audit.chain import append_audit_entry
from projem_workbench.db.base import Base, utcnow
from projem_workbench.db.canonical import to_json_value
from projem_workbench.db.enums import AuditAction
from projem_workbench.errors import ValidationError


def snapshot(obj: Base) -> dict[str, Any]:
    """Every column of ``obj`` as canonical JSON values (keys are the column names)."""
    # A loaded attribute's value is in the instance dict, which is what getattr would return;
    # an expired or deferred one is not, and getattr loads it.
    loaded = obj.__dict__
    values = {
        name: loaded[key] if key in loaded else getattr(obj, key)
        for key, name in _columns(type(obj))
    }
    return cast(dict[str, Any], to_json_value(values))


@functools.cache
def _columns(cls: type[Base]) -> tuple[tuple[str, str], ...]:
    """(attribute, column name) of every column of a mapped class, in mapper order.

    Looked up once per class: going through ``inspect()`` and the mapper on every snapshot
    was a third of the snapshot's time, and a class's columns do not change once mapped.
    """
    return tuple(
        (attribute.key, attribute.columns[0].name) for attribute in inspect(cls).column_attrs
    )


def _entity(obj: Base) -> tuple[str, Any]:
    return obj.__tablename__, getattr(obj, "id", None)


def create(session: Session, obj: Base, *, user_id: int | None = None) -> Base:
    """Insert ``obj`` and record a ``create`` entry with its full snapshot."""
    session.add(obj)
    session.flush()
    table, entity_id = _entity(obj)
    append_audit_entry(
        session,
        action=AuditAction.CREATE,
        entity_type=table,
        entity_id=entity_id,
        after=snapshot(obj),
        user_id=user_id,
    )
    return obj


def update(
    session: Session, obj: Base, changes: dict[str, Any], *, user_id: int | None = None
) -> Base:
    """Apply ``changes`` (attribute → value) and record an ``update`` entry; no-op if unchanged."""
    before = snapshot(obj)
    for key, value in changes.items():
        if key in ("id", "created_at", "updated_at", "is_deleted", "deleted_at"):
            raise ValidationError(f"{key} cannot be changed directly", field=key)
        setattr(obj, key, value)
    session.flush()
    after = snapshot(obj)
    if {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }:
        return obj
    table, entity_id = _entity(obj)
    append_audit_entry(
        session,
        action=AuditAction.UPDATE,
        entity_type=table,
        entity_id=entity_id,
        before=before,
        after=after,
        user_id=user_id,
    )
    return obj


def soft_delete(session: Session, obj: Base, *, user_id: int | None = None) -> Base:
    """Mark ``obj`` deleted (it stays for history) and record a ``delete`` entry."""
    return _set_deleted(session, obj, deleted=True, user_id=user_id)


def restore(session: Session, obj: Base, *, user_id: int | None = None) -> Base:
    """Bring a soft-deleted ``obj`` back and record a ``restore`` entry."""
    return _set_deleted(session, obj, deleted=False, user_id=user_id)


def _set_deleted(session: Session, obj: Base, *, deleted: bool, user_id: int | None) -> Base:
    if getattr(obj, "is_deleted", None) is None:
        raise ValidationError(f"{obj.__tablename__} rows cannot be soft-deleted")
    if obj.is_deleted == deleted:  # type: ignore[attr-defined]
        return obj
    before = snapshot(obj)
    obj.is_deleted = deleted  # type: ignore[attr-defined]
    obj.deleted_at = utcnow() if deleted else None  # type: ignore[attr-defined]
    session.flush()
    table, entity_id = _entity(obj)
    append_audit_entry(
        session,
        action=AuditAction.DELETE if deleted else AuditAction.RESTORE,
        entity_type=table,
        entity_id=entity_id,
        before=before,
        after=snapshot(obj),
        user_id=user_id,
    )
    return obj
