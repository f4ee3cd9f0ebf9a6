# SPDX-License-Identifier: LGPL-2.1-or-later
"""Canonical JSON: RFC 8785's published examples, Projem's type mapping, and properties."""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import struct
import uuid
from decimal import Decimal

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from projem_workbench.db.canonical import (
    MAX_SAFE_INTEGER,
    CanonicalJSONError,
    canonical_json,
    canonical_json_of_json_value,
    to_json_value,
)

# RFC 8785 section 3.2.2's example, as JSON text, and its canonical form.
RFC_INPUT = r"""{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}"""
RFC_OUTPUT = (
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
    '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
)
# RFC 8785 section 3.2.3's sorting example: keys sort by UTF-16 code units.
RFC_SORT_INPUT = {
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\U0001f600": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis",
}
RFC_SORT_ORDER = ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]
# RFC 8785 appendix B: IEEE 754 bit patterns and their ECMAScript serialisation.
RFC_NUMBERS = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
]


def test_rfc_8785_example() -> None:
    assert canonical_json(json.loads(RFC_INPUT)).decode() == RFC_OUTPUT


def test_rfc_8785_key_sorting() -> None:
    decoded = json.loads(canonical_json(RFC_SORT_INPUT))
    assert list(decoded) == RFC_SORT_ORDER


@pytest.mark.parametrize(("bits", "expected"), RFC_NUMBERS)
def test_rfc_8785_number_serialisation(bits: str, expected: str) -> None:
    (value,) = struct.unpack(">d", bytes.fromhex(bits))
    assert canonical_json(value).decode() == expected


class Shape(enum.Enum):
    ENDMILL = "endmill"


def test_projem_type_mapping() -> None:
    value = {
        "when": dt.datetime(2026, 11, 25, 12, 30, 1, 5, tzinfo=dt.timezone(dt.timedelta(hours=3))),
        "day": dt.date(2026, 11, 25),
        "price": Decimal("1234.50"),
        "shape": Shape.ENDMILL,
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "blob": b"\x00\xffG",
        "tuple": (1, 2),
    }
    assert json.loads(canonical_json(value)) == {
        "when": "2026-11-25T09:30:01.000005Z",
        "day": "2026-11-25",
        "price": "1234.50",
        "shape": "endmill",
        "id": "12345678-1234-5678-1234-567812345678",
        "blob": "AP9H",
        "tuple": [1, 2],
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (math.nan, "not a JSON number"),
        (math.inf, "not a JSON number"),
        (Decimal("NaN"), "not a number"),
        ({1, 2}, "sets have no order"),
        ({1: "a"}, "not a string"),
        (MAX_SAFE_INTEGER + 1, "outside"),
        (-(MAX_SAFE_INTEGER + 1), "outside"),
        (dt.datetime(2026, 1, 1), "naive datetime"),
        (object(), "no canonical JSON form"),
    ],
)
def test_values_without_canonical_form_are_refused(value: object, message: str) -> None:
    with pytest.raises(CanonicalJSONError, match=message):
        canonical_json({"field": value})


def test_error_names_the_path() -> None:
    with pytest.raises(CanonicalJSONError, match=r"\$\.after\.params\[1\]"):
        canonical_json({"after": {"params": [1, math.nan]}})


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=25,
)


@given(json_values)
def test_canonical_form_is_a_fixed_point(value: object) -> None:
    once = canonical_json(value)
    # JCS numbers are IEEE doubles, so read them back as floats (1e16 is not an int here).
    assert canonical_json(json.loads(once, parse_int=float)) == once


@given(st.dictionaries(st.text(min_size=1, max_size=6), st.integers(0, 9), min_size=2))
def test_keys_are_in_utf16_order(value: dict[str, int]) -> None:
    keys = list(json.loads(canonical_json(value)))
    assert keys == sorted(value, key=lambda k: k.encode("utf-16-be"))


@given(json_values)
def test_mapping_is_identity_on_json_values(value: object) -> None:
    assert to_json_value(value) == value


keys_any_plane = st.text(st.characters(exclude_categories=("Cs",)), max_size=6)
float_free_values = st.recursive(
    st.none() | st.booleans() | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER) | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(keys_any_plane, children, max_size=5)
    ),
    max_leaves=25,
)


@given(float_free_values | json_values)
def test_fast_path_equals_rfc8785(value: object) -> None:
    assert canonical_json_of_json_value(value) == rfc8785.dumps(value)
