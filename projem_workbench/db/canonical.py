# SPDX-License-Identifier: LGPL-2.1-or-later
"""Canonical JSON (RFC 8785, JCS) of Python values, for hashing.

Python values are first mapped to plain JSON values by one fixed rule set (written down in
docs/database/canonical-json.md; changing it breaks every existing chain), then serialised by
the ``rfc8785`` package.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import json
import math
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import rfc8785

from projem_workbench.errors import ProjemError

JSONValue = None | bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"]
# I-JSON (RFC 7493) integers: what every JSON parser, PostgreSQL's included, reads exactly.
MAX_SAFE_INTEGER = 2**53 - 1


class CanonicalJSONError(ProjemError):
    """A value that has no canonical JSON form (NaN, a set, an unsafe integer, ...)."""


def format_datetime(value: dt.datetime) -> str:
    """RFC 3339 in UTC with microseconds and ``Z``: ``2026-11-25T09:30:00.000000Z``."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise CanonicalJSONError(f"naive datetime {value.isoformat()} has no canonical form")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_json_value(value: Any, path: str = "$") -> JSONValue:
    """Map a Python value to a JSON value by the documented rules, or refuse it."""
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return value
    if kind is int:  # the common case first; int subclasses (IntEnum) take the long way
        if abs(value) > MAX_SAFE_INTEGER:
            raise CanonicalJSONError(
                f"{path}: integer {value} is outside ±(2**53 - 1); store it as a Decimal"
            )
        return value
    if kind is dict:
        return _map_object(value, path)
    if isinstance(value, enum.Enum):
        return to_json_value(value.value, path)
    if isinstance(value, str):  # a str subclass: the plain string, so fast serialisation applies
        return str.__str__(value)
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise CanonicalJSONError(
                f"{path}: integer {value} is outside ±(2**53 - 1); store it as a Decimal"
            )
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CanonicalJSONError(f"{path}: {value} is not a JSON number")
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CanonicalJSONError(f"{path}: Decimal {value} is not a number")
        return str(value)
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Mapping):
        return _map_object(value, path)
    if isinstance(value, list | tuple):
        return [to_json_value(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, set | frozenset):
        raise CanonicalJSONError(f"{path}: sets have no order; pass a sorted list")
    raise CanonicalJSONError(f"{path}: {type(value).__name__} has no canonical JSON form")


def _map_object(value: Mapping[Any, Any], path: str) -> dict[str, JSONValue]:
    result: dict[str, JSONValue] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise CanonicalJSONError(f"{path}: object key {key!r} is not a string")
        kind = type(item)
        # A row snapshot's members are mostly these: mapped here without a call and without
        # building a path string for an error that cannot happen.
        if (
            kind is str
            or item is None
            or kind is bool
            or (kind is int and -MAX_SAFE_INTEGER <= item <= MAX_SAFE_INTEGER)
        ):
            result[key] = item
        elif kind is dt.datetime:
            result[key] = format_datetime(item)
        elif kind is Decimal and item.is_finite():
            result[key] = str(item)
        elif isinstance(item, enum.Enum) and type(item.value) is str:
            result[key] = item.value
        else:
            result[key] = to_json_value(item, f"{path}.{key}")
    return result


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of ``value`` after the documented mapping."""
    return canonical_json_of_json_value(to_json_value(value))


def canonical_json_of_json_value(value: JSONValue) -> bytes:
    """The RFC 8785 bytes of a value that is already plain JSON (no mapping applied).

    Values without floats and without object keys above U+D7FF take the standard library's C
    encoder, whose output is then identical to RFC 8785: same escaping, and code-point key
    order equals UTF-16 order below the surrogate range. Everything else goes to ``rfc8785``.
    """
    if _json_dumps_is_canonical(value):
        try:
            return _PLAIN.encode(value).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: let rfc8785 word the refusal
            pass
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as exc:
        raise CanonicalJSONError(str(exc)) from exc


_PLAIN = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _json_dumps_is_canonical(value: JSONValue) -> bool:
    kind = type(value)
    if kind is dict:
        # A loop rather than all() over a generator: this runs on every audit entry's
        # snapshots, and the generator's per-item calls were most of its cost.
        for key, item in value.items():  # type: ignore[union-attr]
            if type(key) is not str or not (key.isascii() or max(key) < "\ud800"):
                return False
            if not _scalar_is_canonical(item) and not _json_dumps_is_canonical(item):
                return False
        return True
    if kind is list:
        for item in value:  # type: ignore[union-attr]
            if not _scalar_is_canonical(item) and not _json_dumps_is_canonical(item):
                return False
        return True
    return _scalar_is_canonical(value)


def _scalar_is_canonical(value: JSONValue) -> bool:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    return kind is int and -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER  # type: ignore[operator]
