# SPDX-License-Identifier: LGPL-2.1-or-later
"""Portable SQL for CHECK constraints on the shape of text (digits, hex digests, series codes).

SQLite has no regular expressions (REGEXP needs a user function) and PostgreSQL has no GLOB,
but both have ``ltrim(text, characters)``: a value is made only of the given characters when
trimming them leaves the empty string. The expressions are spelled out in migration 0001 as
well; ``tests/db/test_constraints.py`` checks that the two agree.
"""

from __future__ import annotations

DIGITS = "0123456789"
LOWER_HEX = "0123456789abcdef"
UPPER_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def made_of(expression: str, characters: str) -> str:
    """True when ``expression`` holds only ``characters`` (and for the empty string)."""
    return f"ltrim({expression}, '{characters}') = ''"


def sha256_hex(column: str, *, nullable: bool = False) -> str:
    """The column holds a SHA-256 digest as 64 lower-case hex digits (what hexdigest() gives)."""
    rule = f"length({column}) = 64 AND {made_of(column, LOWER_HEX)}"
    return f"{column} IS NULL OR ({rule})" if nullable else rule


def digits_only(column: str) -> str:
    """A nullable column holds decimal digits only (its length is checked separately)."""
    return f"{column} IS NULL OR {made_of(column, DIGITS)}"
