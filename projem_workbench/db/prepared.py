# SPDX-License-Identifier: LGPL-2.1-or-later
"""Server-side prepared statements for the few statements every audited change runs
(psycopg2 units of work, see driver_transaction.py).

psycopg2 sends every statement as text, which the server parses and plans again each time:
for an audited create's three statements that was about an eighth of the server's CPU time,
and with 8 writers on 2 cores the rate follows that time (bench/bench_audit.py). So such a
statement is prepared on each connection (``PREPARE``) and then run as ``EXECUTE``:

- a statement is first run as text, and remembered; the next unit of work on that connection
  prepares it as it begins, in a round trip of its own, so what is recorded as prepared has
  reached the server (``PREPARE`` is not undone by a rollback);
- what is prepared is kept per server connection, so a reconnected or recycled connection
  starts again;
- a server connection without the prepared statement (a pooler such as PgBouncer in
  transaction mode hands each transaction another one) fails that unit of work with "prepared
  statement ... does not exist"; prepared statements are then off for that engine, and the
  next unit of work runs the plain text.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from projem_workbench.db import driver_sql

# In a pool record's info: (driver connection, {sql: its EXECUTE text}, {sql to prepare}).
_KEY = "projem_prepared"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def form(connection: Connection, sql: str) -> str:
    """What to run for ``sql`` (pyformat, as psycopg2 takes it): ``EXECUTE name(...)`` with
    the same parameters once it is prepared on this connection, else ``sql`` itself, which is
    then prepared before the connection's next transaction."""
    if driver_sql.SENT_AHEAD not in connection.info or connection.engine in driver_sql.PREPARED_OFF:
        return sql
    prepared, pending = _state(connection)
    execute = prepared.get(sql)
    if execute is not None:
        return execute
    pending.add(sql)
    return sql


def prepare_pending(connection: Connection) -> None:
    """Prepare what the connection ran as text before; call outside any transaction."""
    prepared, pending = _state(connection)
    if not pending or connection.engine in driver_sql.PREPARED_OFF:
        return
    names = {sql: "projem_" + hashlib.sha256(sql.encode()).hexdigest()[:24] for sql in pending}
    pending.clear()
    text = ";".join(f"PREPARE {name} AS {_numbered(sql)}" for sql, name in names.items())
    cursor = connection.connection.cursor()
    try:
        driver_sql.execute(connection, cursor, text, None)
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise
        # Not preparable here (a pooler, a name taken): the statements run as text.
        driver_sql.PREPARED_OFF.add(connection.engine)
        return
    finally:
        cursor.close()
    prepared.update({sql: _execute_text(sql, name) for sql, name in names.items()})


def _state(connection: Connection) -> tuple[dict[str, str], set[str]]:
    info = connection.info
    driver_connection = connection.connection.dbapi_connection
    state = info.get(_KEY)
    if state is None or state[0] is not driver_connection:
        state = info[_KEY] = (driver_connection, {}, set())
    return state[1], state[2]


def _numbered(sql: str) -> str:
    """``sql`` with its ``%(name)s`` placeholders as ``$1, $2...`` in order of appearance."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return _PLACEHOLDER.sub(number, sql).replace("%%", "%")


def _execute_text(sql: str, name: str) -> str:
    keys = list(dict.fromkeys(_PLACEHOLDER.findall(sql)))
    arguments = ", ".join(f"%({key})s" for key in keys)
    return f"EXECUTE {name}({arguments})" if keys else f"EXECUTE {name}"
