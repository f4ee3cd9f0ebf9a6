# SPDX-License-Identifier: LGPL-2.1-or-later
"""Named reference records (machines, materials, tools): the rules they share.

A record is found by its live name or its id, validated by its pydantic input schema (errors
name the field), kept unique by name among live rows, and every change goes through
:mod:`projem_workbench.services.audited`. Results leave the session as pydantic views, so the
GUI and the command line never hold ORM objects.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from projem_workbench.audit.chain import append_audit_entry
from projem_workbench.db import errors as db_errors
from projem_workbench.db.base import Base
from projem_workbench.db.enums import AuditAction
from projem_workbench.db.session import Database
from projem_workbench.errors import DuplicateError, NotFoundError, ValidationError
from projem_workbench.services import audited

EnumT = TypeVar("EnumT", bound=enum.Enum)
InputT = TypeVar("InputT", bound=BaseModel)
ViewT = TypeVar("ViewT", bound=BaseModel)

# Columns the services keep for themselves: never taken from user input.
_BOOKKEEPING = ("id", "created_at", "updated_at", "is_deleted", "deleted_at")


class RecordState(BaseModel):
    """What every stored record adds to its input fields."""

    model_config = ConfigDict(from_attributes=True, extra="ignore")

    id: int
    created_at: dt.datetime
    updated_at: dt.datetime
    is_deleted: bool = False
    deleted_at: dt.datetime | None = None


class ImportOutcome(BaseModel):
    name: str
    reason: str | None = None


class ImportReport(BaseModel):
    """Per-record result of loading a file: nothing is written when ``written`` is False."""

    created: list[ImportOutcome] = Field(default_factory=list)
    updated: list[ImportOutcome] = Field(default_factory=list)
    unchanged: list[ImportOutcome] = Field(default_factory=list)
    rejected: list[ImportOutcome] = Field(default_factory=list)
    written: bool = True

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.rejected)} rejected"
        )


def validation_error(exc: pydantic.ValidationError, *, what: str) -> ValidationError:
    """Our ValidationError for pydantic's, naming every refused field and the rule."""
    problems = []
    by_field: dict[str, str] = {}
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or None
        message = error["msg"].removeprefix("Value error, ")
        problems.append(f"{field}: {message}" if field else message)
        if field is not None:
            by_field.setdefault(field.split(".")[0], message)
    first = exc.errors()[0]["loc"] if exc.errors() else ()
    return ValidationError(
        f"invalid {what}: " + "; ".join(problems),
        field=".".join(str(part) for part in first) or None,
        problems=by_field,
    )


class RecordService(Generic[InputT, ViewT]):
    """Create, change, delete, restore, find and import one kind of named record."""

    def __init__(
        self, *, label: str, model: type[Base], schema: type[InputT], view: type[ViewT]
    ) -> None:
        self.label = label
        self.model: Any = model
        self.schema = schema
        self.view = view

    # -- validation and lookup (inside a session) ------------------------------------------

    def validate(self, data: Mapping[str, Any] | BaseModel) -> InputT:
        if isinstance(data, self.schema):
            return data
        values = data.model_dump(exclude_unset=True) if isinstance(data, BaseModel) else data
        try:
            return self.schema.model_validate(dict(values))
        except pydantic.ValidationError as exc:
            raise validation_error(exc, what=self.label) from exc

    def find(self, session: Session, ref: str | int, *, deleted: bool = False) -> Any:
        """The live record named ``ref`` (or with id ``ref``); ``deleted`` looks in the bin."""
        model = self.model
        query = select(model).where(model.is_deleted.is_(deleted))
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            by_id = session.scalars(query.where(model.id == int(ref))).first()
            if by_id is not None or isinstance(ref, int):
                return self._found(session, by_id, ref, deleted)
        by_name = session.scalars(
            query.where(model.name == ref).order_by(model.deleted_at.desc(), model.id.desc())
        ).first()
        return self._found(session, by_name, ref, deleted)

    def _found(self, session: Session, obj: Any, ref: str | int, deleted: bool) -> Any:
        if obj is not None:
            return obj
        where = "deleted " if deleted else ""
        message = f"no {where}{self.label} named {ref!r}"
        similar = session.scalars(
            select(self.model.name)
            .where(self.model.is_deleted.is_(deleted))
            .where(func.lower(self.model.name).contains(str(ref).lower()[:20]))
            .order_by(self.model.name)
            .limit(5)
        ).all()
        if similar:
            message += "; did you mean " + ", ".join(repr(name) for name in similar) + "?"
        elif (
            not deleted
            and session.scalars(
                select(self.model.id).where(self.model.name == ref, self.model.is_deleted.is_(True))
            ).first()
        ):
            message += " (one was deleted; restore it to use it again)"
        raise NotFoundError(message)

    def _live_name_taken(self, session: Session, name: str, *, other_than: int | None) -> bool:
        query = select(self.model.id).where(
            self.model.name == name, self.model.is_deleted.is_(False)
        )
        if other_than is not None:
            query = query.where(self.model.id != other_than)
        return session.execute(query).first() is not None

    def _refuse_duplicate(self, session: Session, name: str, *, other_than: int | None) -> None:
        if self._live_name_taken(session, name, other_than=other_than):
            raise DuplicateError(f"a {self.label} named {name!r} already exists")

    def current_values(self, obj: Any) -> dict[str, Any]:
        """The record's input fields as stored (what an update starts from)."""
        return {name: getattr(obj, name) for name in self.schema.model_fields}

    # -- writes inside the caller's transaction --------------------------------------------

    def create_in(
        self, session: Session, data: Mapping[str, Any] | BaseModel, *, user_id: int | None
    ) -> Any:
        valid = self.validate(data)
        self._refuse_duplicate(session, valid.name, other_than=None)  # type: ignore[attr-defined]
        return audited.create(session, self.model(**valid.model_dump()), user_id=user_id)

    def update_in(
        self, session: Session, obj: Any, changes: Mapping[str, Any], *, user_id: int | None
    ) -> bool:
        """Apply ``changes`` after validating the whole record; True when anything changed."""
        unknown = sorted(set(changes) - set(self.schema.model_fields))
        if unknown:
            raise ValidationError(
                f"{self.label} has no field {unknown[0]!r}"
                + (" (bookkeeping is kept by Projem)" if unknown[0] in _BOOKKEEPING else ""),
                field=unknown[0],
            )
        merged = self.validate({**self.current_values(obj), **changes}).model_dump()
        if "name" in changes:
            self._refuse_duplicate(session, merged["name"], other_than=obj.id)
        before = _comparable(audited.snapshot(obj))
        audited.update(session, obj, {key: merged[key] for key in changes}, user_id=user_id)
        return _comparable(audited.snapshot(obj)) != before

    # -- one transaction per call (what the GUI and the command line use) ------------------

    def add(
        self, database: Database, data: Mapping[str, Any] | BaseModel, *, user_id: int | None = None
    ) -> ViewT:
        with database.unit_of_work() as session:
            return self._view(self.create_in(session, data, user_id=user_id))

    def update(
        self,
        database: Database,
        ref: str | int,
        changes: Mapping[str, Any],
        *,
        user_id: int | None = None,
    ) -> ViewT:
        with database.unit_of_work() as session:
            obj = self.find(session, ref)
            self.update_in(session, obj, changes, user_id=user_id)
            return self._view(obj)

    def delete(self, database: Database, ref: str | int, *, user_id: int | None = None) -> ViewT:
        with database.unit_of_work() as session:
            return self._view(
                audited.soft_delete(session, self.find(session, ref), user_id=user_id)
            )

    def restore(self, database: Database, ref: str | int, *, user_id: int | None = None) -> ViewT:
        """Bring back the most recently deleted record named ``ref`` (or with that id)."""
        with database.unit_of_work() as session:
            obj = self.find(session, ref, deleted=True)
            if self._live_name_taken(session, obj.name, other_than=obj.id):
                raise DuplicateError(
                    f"cannot restore {self.label} {obj.name!r}: a live {self.label} has that "
                    "name; rename one of them first"
                )
            return self._view(audited.restore(session, obj, user_id=user_id))

    def get(self, database: Database, ref: str | int, *, deleted: bool = False) -> ViewT:
        with database.read_session() as session:
            return self._view(self.find(session, ref, deleted=deleted))

    def list(
        self, database: Database, *, query: Select[Any] | None = None, deleted: bool = False
    ) -> list[ViewT]:
        """Records (live, or in the bin with ``deleted``) in name order, optionally filtered."""
        query = select(self.model) if query is None else query
        query = query.where(self.model.is_deleted.is_(deleted)).order_by(
            self.model.name, self.model.id
        )
        with database.read_session() as session:
            return [self._view(obj) for obj in session.scalars(query)]

    def import_items(
        self,
        database: Database,
        items: Sequence[Mapping[str, Any]],
        *,
        source: str,
        skip_invalid: bool = False,
        user_id: int | None = None,
        rejected: Sequence[tuple[str, str]] = (),
    ) -> ImportReport:
        """Create or update records by name in one transaction, reporting each one.

        Only the fields an item carries are applied to an existing record. ``rejected`` are
        rows a file reader already refused (name, reason). With any rejected row nothing is
        written unless ``skip_invalid``.
        """
        report = ImportReport(
            rejected=[ImportOutcome(name=name, reason=reason) for name, reason in rejected]
        )
        with database.unit_of_work() as session:
            for number, item in enumerate(items, start=1):
                name = str(item.get("name") or f"item {number}")
                try:
                    with session.begin_nested():  # a refused item leaves the others intact
                        self._import_one(session, item, report, user_id=user_id)
                except (ValidationError, DuplicateError) as exc:
                    report.rejected.append(ImportOutcome(name=name, reason=str(exc)))
                except SQLAlchemyError as exc:
                    reason = str(db_errors.translate(exc, database.url))
                    report.rejected.append(ImportOutcome(name=name, reason=reason))
            if report.rejected and not skip_invalid:
                session.rollback()
                report.written = False
                return report
            append_audit_entry(
                session,
                action=AuditAction.IMPORT,
                entity_type=self.model.__tablename__,
                entity_id=None,
                after={"source": source, **_counts(report)},
                user_id=user_id,
            )
        return report

    def _import_one(
        self,
        session: Session,
        item: Mapping[str, Any],
        report: ImportReport,
        *,
        user_id: int | None,
    ) -> None:
        name = item.get("name")
        existing = None
        if isinstance(name, str) and name.strip():
            existing = session.scalars(
                select(self.model).where(
                    self.model.name == name.strip(), self.model.is_deleted.is_(False)
                )
            ).first()
        if existing is None:
            self.create_in(session, item, user_id=user_id)
            report.created.append(ImportOutcome(name=str(name)))
            return
        changed = self.update_in(session, existing, dict(item), user_id=user_id)
        bucket = report.updated if changed else report.unchanged
        bucket.append(ImportOutcome(name=existing.name))

    def _view(self, obj: Any) -> ViewT:
        return self.view.model_validate(obj, from_attributes=True)


def _comparable(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in snapshot.items() if key != "updated_at"}


def _counts(report: ImportReport) -> dict[str, int]:
    return {
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "rejected": len(report.rejected),
    }


def text_filter(columns: Iterable[Any], text: str | None) -> Any:
    """A case-insensitive 'contains' over ``columns`` (None when there is no text)."""
    if not text:
        return None
    pattern = f"%{text.lower()}%"
    return or_(*(func.lower(column).like(pattern) for column in columns))


def enum_member(enum_type: type[EnumT], value: EnumT | str, field: str) -> EnumT:
    """``value`` as a member of ``enum_type``, or a ValidationError listing the known values."""
    try:
        return enum_type(value)
    except ValueError:
        known = ", ".join(str(member.value) for member in enum_type)
        raise ValidationError(f"unknown {field} {value!r} (known: {known})", field=field) from None


def non_negative_decimal(value: Decimal | float | str | None, field: str) -> Decimal | None:
    """A filter bound such as a diameter, refused clearly when it is not a usable number."""
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise ValidationError(f"{field} must be a number, got {value!r}", field=field) from None
    if not number.is_finite() or number < 0:
        raise ValidationError(f"{field} must be a non-negative number, got {value}", field=field)
    return number
