# SPDX-License-Identifier: LGPL-2.1-or-later
"""How a psycopg2 statement becomes a prepared one and the EXECUTE that runs it."""

from __future__ import annotations

from projem_workbench.db import prepared


def test_placeholders_become_numbered_parameters_in_order_of_appearance() -> None:
    sql = "INSERT INTO t (a, b, c) VALUES (%(a)s, %(b)s::JSONB, %(a)s || '%%')"
    assert prepared._numbered(sql) == "INSERT INTO t (a, b, c) VALUES ($1, $2::JSONB, $1 || '%')"
    assert prepared._execute_text(sql, "p") == "EXECUTE p(%(a)s, %(b)s)"


def test_a_statement_without_parameters_is_executed_by_name_alone() -> None:
    sql = "SELECT (SELECT chain_hash FROM audit_logs ORDER BY id DESC LIMIT 1)"
    assert prepared._numbered(sql) == sql
    assert prepared._execute_text(sql, "head") == "EXECUTE head"
