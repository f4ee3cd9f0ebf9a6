# SPDX-License-Identifier: LGPL-2.1-or-later
"""Importing many named records at once: decide first, then write only the changes.

The existing live records are read once, outside the write transaction; every item is
validated and compared with the record of its name in Python, which says what is created,
updated or unchanged. Only then is the write transaction opened (on SQLite it holds the
database's write lock), and only the creates and updates are written: many rows per
statement, and for every row its own audit entry, all appended to the chain at once
(:func:`projem_workbench.audit.chain.append_audit_entries`) with the very snapshots
:mod:`projem_workbench.services.audited` records for a single create or update (a test
compares the two). If another writer changed the table between the two (seen from its row
count, highest id and latest ``updated_at``), the plan is made again inside the transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field
from sqlalchemy import func, insert, inspect, select, update
from sqlalchemy.orm import Session

from projem_workbench.audit.chain import NewEntry, append_audit_entries, append_audit_entry
from projem_workbench.db.base import utcnow
from projem_workbench.db.enums import AuditAction
from projem_workbench.db.session import Database
from projem_workbench.errors import DuplicateError, ValidationError

if TYPE_CHECKING:
    from projem_workbench.services.records import RecordService

_CHUNK = 500  # rows per batch: ids per SELECT ... IN (...), parameter sets per statement


class ImportOutcome(BaseModel):
    name: str
    reason: str | None = None
    # Refused only because another tool holds its number (an import with renumber takes it).
    number_taken: bool = False


class ImportReport(BaseModel):
    """Per-record result of loading a file: nothing is written when ``written`` is False."""

    created: list[ImportOutcome] = Field(default_factory=list)
    updated: list[ImportOutcome] = Field(default_factory=list)
    unchanged: list[ImportOutcome] = Field(default_factory=list)
    rejected: list[ImportOutcome] = Field(default_factory=list)
    # What the import decided on its own (a value assumed, a number moved), one line each.
    notes: list[str] = Field(default_factory=list)
    written: bool = True

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.rejected)} rejected"
        )


def name_key(name: Any) -> str:
    """What makes two names one: case, the ends and runs of inner whitespace do not count."""
    return " ".join(str(name).split()).casefold()


@dataclass
class Planned:
    """One item's decided write: a create (``record_id`` None) or an update of ``changes``."""

    name: str
    values: dict[str, Any]  # create: every field; update: the changed fields only
    origin: str | None = None
    record_id: int | None = None

    @property
    def label(self) -> str:
        return f"{self.origin}: {self.name!r}" if self.origin else repr(self.name)


@dataclass
class ImportPlan:
    current: dict[int, dict[str, Any]]  # id -> stored input fields of every live record
    writes: list[Planned] = field(default_factory=list)  # in file order
    unchanged: list[str] = field(default_factory=list)
    stamp: tuple[Any, ...] = ()

    @property
    def creates(self) -> list[Planned]:
        return [p for p in self.writes if p.record_id is None]

    @property
    def updates(self) -> list[Planned]:
        return [p for p in self.writes if p.record_id is not None]


def import_records(
    service: RecordService[Any, Any],
    database: Database,
    items: Sequence[Mapping[str, Any]],
    *,
    source: str,
    skip_invalid: bool,
    user_id: int | None,
    rejected: Sequence[tuple[str, str]],
    origins: Sequence[str] | None,
    notes: Sequence[str],
    renumber: bool,
) -> ImportReport:
    """See :meth:`RecordService.import_items`."""

    def planned(session: Session) -> tuple[ImportPlan, ImportReport]:
        report = ImportReport(
            rejected=[ImportOutcome(name=name, reason=reason) for name, reason in rejected],
            notes=list(notes),
        )
        plan = _plan(service, session, items, origins, report)
        service.plan_numbers(plan, report, renumber=renumber)
        _report_plan(plan, report)
        return plan, report

    with database.read_session() as session:
        plan, report = planned(session)
    if report.rejected and not skip_invalid:
        report.written = False
        return report
    with database.unit_of_work() as session:
        if _stamp(service, session) != plan.stamp:  # another writer came in between
            plan, report = planned(session)
            if report.rejected and not skip_invalid:
                session.rollback()
                report.written = False
                return report
        _write(service, session, plan, user_id=user_id)
        append_audit_entry(
            session,
            action=AuditAction.IMPORT,
            entity_type=service.model.__tablename__,
            entity_id=None,
            after={"source": source, **import_counts(report)},
            user_id=user_id,
        )
    return report


def _stamp(service: RecordService[Any, Any], session: Session) -> tuple[Any, ...]:
    model = service.model
    row = session.execute(
        select(func.count(model.id), func.max(model.id), func.max(model.updated_at))
    ).one()
    return tuple(row)


def _plan(
    service: RecordService[Any, Any],
    session: Session,
    items: Sequence[Mapping[str, Any]],
    origins: Sequence[str] | None,
    report: ImportReport,
) -> ImportPlan:
    model, fields = service.model, list(service.schema.model_fields)
    stamp = _stamp(service, session)
    rows = session.execute(
        select(model.id, *(getattr(model, name) for name in fields)).where(
            model.is_deleted.is_(False)
        )
    )
    plan = ImportPlan(current={row[0]: dict(zip(fields, row[1:], strict=True)) for row in rows})
    plan.stamp = stamp
    by_key = {name_key(values["name"]): record_id for record_id, values in plan.current.items()}
    seen: dict[str, str] = {}  # name key -> where the file first had it
    for index, item in enumerate(items):
        origin = origins[index] if origins is not None else None
        name = str(item.get("name") or f"item {index + 1}")
        where = f"{origin}: " if origin else ""
        key = name_key(name)
        try:
            if key in seen:
                raise DuplicateError(f"{name!r} is in the file twice (also {seen[key]})")
            seen[key] = origin or repr(name)
            entry = _plan_item(service, plan, item, by_key.get(key), origin)
        except (ValidationError, DuplicateError) as exc:
            report.rejected.append(ImportOutcome(name=name, reason=f"{where}{exc}"))
            continue
        if entry is None:
            plan.unchanged.append(plan.current[by_key[key]]["name"])
        else:
            plan.writes.append(entry)
    return plan


def _plan_item(
    service: RecordService[Any, Any],
    plan: ImportPlan,
    item: Mapping[str, Any],
    record_id: int | None,
    origin: str | None,
) -> Planned | None:
    if record_id is None:
        values = service.validate(item).model_dump()
        return Planned(name=values["name"], values=values, origin=origin)
    # The record's own name is kept: a file spelling it in another case does not rename it.
    changes = {key: value for key, value in item.items() if key != "name"}
    service.check_unknown_fields(changes)
    current = plan.current[record_id]
    merged = service.validate(service.merged_values(current, changes)).model_dump()
    changed = {key: value for key, value in merged.items() if value != current[key]}
    if not changed:
        return None
    return Planned(name=current["name"], values=changed, origin=origin, record_id=record_id)


def _report_plan(plan: ImportPlan, report: ImportReport) -> None:
    for entry in plan.writes:
        if entry.record_id is not None and not entry.values:  # a number moved back: no change
            plan.unchanged.append(entry.name)
    plan.writes = [e for e in plan.writes if e.record_id is None or e.values]
    report.created = [ImportOutcome(name=e.name) for e in plan.creates]
    report.updated = [ImportOutcome(name=e.name) for e in plan.updates]
    report.unchanged = [ImportOutcome(name=name) for name in plan.unchanged]


def _write(
    service: RecordService[Any, Any], session: Session, plan: ImportPlan, *, user_id: int | None
) -> None:
    """The plan's updates, then its creates, each as one statement run for many rows, and
    each row's audit entry with the snapshots :mod:`audited` would record for it (appended
    together, in that order, once the rows are written)."""
    model = service.model
    columns = _columns(model)
    table = model.__tablename__
    updates = plan.updates
    entries: list[NewEntry] = []
    stored: dict[int, Mapping[str, Any]] = {}
    for start in range(0, len(updates), _CHUNK):
        ids = [entry.record_id for entry in updates[start : start + _CHUNK]]
        query = select(*(getattr(model, key) for key, _ in columns)).where(model.id.in_(ids))
        stored.update((row["id"], row) for row in session.execute(query).mappings())
    service.before_import_writes(session, plan)  # after reading: the snapshots are as stored
    for start in range(0, len(updates), _CHUNK):
        chunk = updates[start : start + _CHUNK]
        now = utcnow()
        rows = [{"id": e.record_id, **e.values, "updated_at": now} for e in chunk]
        for group in _same_keys(rows):
            session.execute(update(model), group)
        for entry, row in zip(chunk, rows, strict=True):
            before = stored[entry.record_id]
            entries.append(
                {
                    "action": AuditAction.UPDATE,
                    "entity_type": table,
                    "entity_id": entry.record_id,
                    "before": _snapshot(columns, before),
                    "after": _snapshot(columns, {**before, **row}),
                    "user_id": user_id,
                }
            )
    creates = plan.creates
    for start in range(0, len(creates), _CHUNK):
        now = utcnow()
        rows = [
            {**_defaults(columns), **entry.values, "created_at": now, "updated_at": now}
            for entry in creates[start : start + _CHUNK]
        ]
        # One multi-row INSERT; RETURNING in parameter order would be a statement per row on
        # SQLite, so the ids are read back by name (unique among live records).
        session.connection().execute(insert(model.__table__), rows)
        names = [row["name"] for row in rows]
        found = session.execute(
            select(model.name, model.id).where(model.name.in_(names), model.is_deleted.is_(False))
        )
        ids = {name: record_id for name, record_id in found}
        for row in rows:
            record_id = ids[row["name"]]
            entries.append(
                {
                    "action": AuditAction.CREATE,
                    "entity_type": table,
                    "entity_id": record_id,
                    "after": _snapshot(columns, {**row, "id": record_id}),
                    "user_id": user_id,
                }
            )
    append_audit_entries(session, entries)


def _columns(model: Any) -> tuple[tuple[str, str], ...]:
    """(attribute, column name) of every column, as :func:`audited.snapshot` names them."""
    return tuple((a.key, a.columns[0].name) for a in inspect(model).column_attrs)


def _defaults(columns: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """What a new record holds in the columns no input field fills (the ORM's defaults)."""
    keys = {key for key, _ in columns}
    return {k: v for k, v in (("is_deleted", False), ("deleted_at", None)) if k in keys}


def _snapshot(columns: tuple[tuple[str, str], ...], row: Mapping[str, Any]) -> dict[str, Any]:
    """The row by column name, as the chain maps it to JSON (once, as it serialises it)."""
    return {name: row[key] for key, name in columns}


def _same_keys(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows grouped by the columns they set, in first-seen order (one UPDATE per group)."""
    groups: dict[frozenset[str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(frozenset(row), []).append(row)
    return list(groups.values())


def import_counts(report: ImportReport) -> dict[str, int]:
    return {
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "rejected": len(report.rejected),
    }
