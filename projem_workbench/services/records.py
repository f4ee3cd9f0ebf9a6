# SPDX-License-Identifier: LGPL-2.1-or-later
"""Named reference records (machines, materials, tools): the rules they share.

A record is found by its live name or its id, validated by its pydantic input schema (errors
name the field), kept unique by name among live rows — names compared as :func:`name_key`
does, so ``Dup2``, ``dup2`` and `` DUP2 `` are one name; a name with a control character is
refused by the schemas — and every change is audited: one at a time through
:mod:`projem_workbench.services.audited`, imports in bulk as
:mod:`projem_workbench.services.record_import` describes. Results leave the session as
pydantic views, so the GUI and the command line never hold ORM objects.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from projem_workbench.db.base import Base
from projem_workbench.db.session import Database
from projem_workbench.errors import DuplicateError, NotFoundError, ValidationError
from projem_workbench.services import audited
from projem_workbench.services.record_import import (
    ImportOutcome,
    ImportPlan,
    ImportReport,
    import_records,
    name_key,
)

__all__ = ["ImportOutcome", "ImportReport", "RecordService", "RecordState", "name_key"]

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


def validation_error(exc: pydantic.ValidationError, *, what: str) -> ValidationError:
    """Our ValidationError for pydantic's, naming every refused field and the rule."""
    problems = []
    by_field: dict[str, str] = {}
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or None
        message = error["msg"].removeprefix("Value error, ")
        given = error.get("input")
        shown = message
        if field and not isinstance(given, dict | list) and str(given) not in message:
            value = repr(given) if isinstance(given, str) else str(given)
            if len(value) > 60:  # a pasted paragraph: enough of it to recognise
                value = value[:57] + "…"
            shown = f"{message} (got {value})"  # which value was refused, not only the rule
        problems.append(f"{field}: {shown}" if field else message)
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
        """The live record named ``ref`` (or with id ``ref``); ``deleted`` looks in the bin.

        The exact name wins; otherwise a name equal to ``ref`` as :func:`name_key` compares."""
        model = self.model
        query = select(model).where(model.is_deleted.is_(deleted))
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            by_id = session.scalars(query.where(model.id == int(ref))).first()
            if by_id is not None or isinstance(ref, int):
                return self._found(session, by_id, ref, deleted)
        newest_first = (model.deleted_at.desc(), model.id.desc())
        by_name = session.scalars(query.where(model.name == ref).order_by(*newest_first)).first()
        if by_name is None:
            same = [
                row.id
                for row in session.execute(
                    select(model.id, model.name)
                    .where(model.is_deleted.is_(deleted))
                    .order_by(*newest_first)
                )
                if name_key(row.name) == name_key(ref)
            ]
            by_name = session.get(model, same[0]) if same else None
        return self._found(session, by_name, ref, deleted)

    def get_in(self, session: Session, ref: str | int) -> ViewT:
        """The view of the live record ``ref`` names, read in the caller's session."""
        return self._view(self.find(session, ref))

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

    def live_names(self, session: Session) -> dict[str, tuple[int, str]]:
        """:func:`name_key` -> (id, name) of every live record."""
        rows = session.execute(
            select(self.model.id, self.model.name).where(self.model.is_deleted.is_(False))
        )
        return {name_key(row.name): (row.id, row.name) for row in rows}

    def _live_name_holder(self, session: Session, name: str, *, other_than: int | None) -> Any:
        """The name of the live record (other than ``other_than``) that ``name`` would clash
        with, or None. Compared in Python: SQL's lower() folds only ASCII in SQLite."""
        holder = self.live_names(session).get(name_key(name))
        return None if holder is None or holder[0] == other_than else holder[1]

    def _refuse_duplicate(self, session: Session, name: str, *, other_than: int | None) -> None:
        holder = self._live_name_holder(session, name, other_than=other_than)
        if holder is None:
            return
        if holder == name:
            raise DuplicateError(f"a {self.label} named {name!r} already exists")
        raise DuplicateError(
            f"{name!r} is the name of the existing {self.label} {holder!r} (names differing only "
            "in case or spacing are the same name)"
        )

    def current_values(self, obj: Any) -> dict[str, Any]:
        """The record's input fields as stored (what an update starts from)."""
        return {name: getattr(obj, name) for name in self.schema.model_fields}

    def merged_values(
        self, current: Mapping[str, Any], changes: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The whole record after ``changes``: the given fields replace the stored ones."""
        return {**current, **changes}

    # -- hooks for rules of one kind of record (tool numbers) --------------------------------

    def prepare_create(self, session: Session, values: dict[str, Any]) -> None:
        """Check or complete a new record's validated ``values`` before it is inserted."""

    def prepare_update(self, session: Session, obj: Any, values: dict[str, Any]) -> None:
        """Check a record's validated ``values`` before they replace the stored ones."""

    def prepare_restore(self, session: Session, obj: Any) -> None:
        """Make a deleted record fit among the live ones before it is restored."""

    def check_unknown_fields(self, changes: Mapping[str, Any]) -> None:
        unknown = sorted(set(changes) - set(self.schema.model_fields))
        if unknown:
            raise ValidationError(
                f"{self.label} has no field {unknown[0]!r}"
                + (" (bookkeeping is kept by Projem)" if unknown[0] in _BOOKKEEPING else ""),
                field=unknown[0],
            )

    # -- writes inside the caller's transaction --------------------------------------------

    def create_in(
        self, session: Session, data: Mapping[str, Any] | BaseModel, *, user_id: int | None
    ) -> Any:
        values = self.validate(data).model_dump()
        self._refuse_duplicate(session, values["name"], other_than=None)
        self.prepare_create(session, values)
        return audited.create(session, self.model(**values), user_id=user_id)

    def update_in(
        self, session: Session, obj: Any, changes: Mapping[str, Any], *, user_id: int | None
    ) -> bool:
        """Apply ``changes`` after validating the whole record; True when anything changed."""
        self.check_unknown_fields(changes)
        current = self.current_values(obj)
        merged = self.validate(self.merged_values(current, changes)).model_dump()
        if "name" in changes:
            self._refuse_duplicate(session, merged["name"], other_than=obj.id)
        self.prepare_update(session, obj, merged)
        before = _comparable(audited.snapshot(obj))
        applied = {k: v for k, v in merged.items() if k in changes or v != current[k]}
        audited.update(session, obj, applied, user_id=user_id)
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
            holder = self._live_name_holder(session, obj.name, other_than=obj.id)
            if holder is not None:
                raise DuplicateError(
                    f"cannot restore {self.label} {obj.name!r}: the live {self.label} {holder!r} "
                    "has that name; rename one of them first"
                )
            self.prepare_restore(session, obj)
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
        origins: Sequence[str] | None = None,
        notes: Sequence[str] = (),
        renumber: bool = False,
    ) -> ImportReport:
        """Create or update records by name in one transaction, reporting each one.

        Only the fields an item carries are applied to an existing record. ``rejected`` are
        rows a file reader already refused (name, reason); ``origins`` say where each item
        came from ("line 7") for the report; ``notes`` are the reader's own remarks. With any
        rejected row nothing is written unless ``skip_invalid``. ``renumber`` (tools) moves an
        item whose number another tool holds to the next free number instead of refusing it.
        See :mod:`projem_workbench.services.record_import`.
        """
        return import_records(
            self,
            database,
            items,
            source=source,
            skip_invalid=skip_invalid,
            user_id=user_id,
            rejected=rejected,
            origins=origins,
            notes=notes,
            renumber=renumber,
        )

    def plan_numbers(self, plan: ImportPlan, report: ImportReport, *, renumber: bool) -> None:
        """Settle numbers an import's records must keep unique (tools); nothing by default."""

    def before_import_writes(self, session: Session, plan: ImportPlan) -> None:
        """Prepare the rows for the import's updates (tools: free numbers that move)."""

    def _view(self, obj: Any) -> ViewT:
        return self.view.model_validate(obj, from_attributes=True)


def _comparable(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in snapshot.items() if key != "updated_at"}


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
