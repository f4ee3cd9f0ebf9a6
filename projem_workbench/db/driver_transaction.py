# SPDX-License-Identifier: LGPL-2.1-or-later
"""PostgreSQL units of work whose BEGIN and COMMIT travel with other statements (psycopg2).

psycopg2 sends ``BEGIN`` in a round trip of its own before a transaction's first statement,
and ``COMMIT`` in another. An audited change is only a few statements, so those two round
trips were a large share of its cost on both sides of the socket, which on a small machine
share the same cores (bench/bench_audit.py). And ``COMMIT`` runs while the audit chain's lock
is held, so every other writer waits for its round trip too.

So a unit of work on psycopg2 puts its connection in the driver's autocommit mode (nothing
is sent implicitly any more) and queues SQL text to go *ahead of* the next statement on that
connection, in the same round trip (psycopg2 sends a statement and its parameters as one
simple query, which may hold several statements, run in order):

- ``BEGIN`` is queued first, so it rides with the transaction's first statement;
- ``driver_sql.send_ahead`` queues more, such as an audit entry's insert: it reaches the server
  before any later statement of the transaction, so nothing can observe that it is late;
- at commit, whatever is queued goes with ``COMMIT``. An error in any of it aborts the
  transaction (the statements after a failed one in a simple query are not run), and the
  unit of work rolls back as it would after any failed statement.

SQLAlchemy still tracks the transaction as usual; its own commit and rollback reach psycopg2
in autocommit mode and send nothing. A rollback, the end of the unit of work, or a
connection going back to the pool in any other way sends ``ROLLBACK`` if the server is still
in a transaction and turns autocommit off again, so the pool only ever holds connections as
psycopg2 left them. Only units of work take this path (see ``session.py``); reads, migrations
and other drivers keep SQLAlchemy's usual transactions. Server-side (named) cursors cannot be
used in it: psycopg2 refuses them in autocommit mode.
"""

from __future__ import annotations

import contextlib
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection

from projem_workbench.db import driver_sql, prepared

_QUEUE = driver_sql.SENT_AHEAD
_TRANSACTION_IDLE = 0  # psycopg2.extensions.TRANSACTION_STATUS_IDLE


def applies_to(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg2"


def installed(engine: Engine) -> bool:
    return event.contains(engine, "commit", _commit)


def install(engine: Engine) -> None:
    """Register the hooks on a psycopg2 engine (once, when Projem makes it)."""
    event.listen(engine, "before_cursor_execute", _before_cursor_execute, retval=True)
    event.listen(engine, "commit", _commit)
    event.listen(engine, "rollback", _rollback)
    event.listen(engine.pool, "checkin", _checkin)
    event.listen(engine.pool, "invalidate", _invalidated)


def begin(connection: Connection) -> None:
    """Start a driver-managed transaction on ``connection``, before its first statement."""
    connection.connection.dbapi_connection.autocommit = True  # type: ignore[union-attr]
    prepared.prepare_pending(connection)  # before BEGIN is queued: sent now, on its own
    connection.info[_QUEUE] = ["BEGIN"]


def _before_cursor_execute(  # type: ignore[no-untyped-def]
    conn, cursor, statement, parameters, context, executemany
):
    queue = conn.info.get(_QUEUE)
    if queue:
        if executemany:  # the text would be repeated for every set of parameters
            cursor.execute(";".join(queue))
            queue.clear()
        else:
            statement = driver_sql.with_sent_ahead(conn.info, statement, parameters is not None)
    return statement, parameters


def _commit(conn: Connection) -> None:
    queue = conn.info.get(_QUEUE)
    if queue is None:
        return
    if queue != ["BEGIN"]:  # else no statement ran: the server has no transaction to commit
        cursor = conn.connection.cursor()
        try:
            driver_sql.execute(conn, cursor, "COMMIT", None)  # the queue goes ahead of it
        finally:
            cursor.close()
    # Only once the server has committed: after an error the rollback cleans up.
    del conn.info[_QUEUE]
    conn.connection.dbapi_connection.autocommit = False  # type: ignore[union-attr]


def _rollback(conn: Connection) -> None:
    if conn.invalidated:  # the connection was lost: the pool drops it (see _invalidated)
        return
    if conn.info.pop(_QUEUE, None) is not None:
        _end(conn.connection.dbapi_connection)


def _invalidated(_dbapi_connection: Any, connection_record: Any, _exception: Any) -> None:
    # The record opens a new connection next time: nothing queued may reach it.
    connection_record.info.pop(_QUEUE, None)


def _checkin(dbapi_connection: Any, connection_record: Any) -> None:
    # A connection returned while still in a driver-managed transaction (an error path that
    # skipped the rollback, or a connection closed by garbage collection).
    if connection_record.info.pop(_QUEUE, None) is not None and dbapi_connection is not None:
        _end(dbapi_connection)


def _end(dbapi_connection: Any) -> None:
    """Roll back what the server still holds and give psycopg2 back its own transactions."""
    if dbapi_connection.closed:
        return
    with contextlib.suppress(dbapi_connection.Error):
        if dbapi_connection.get_transaction_status() != _TRANSACTION_IDLE:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("ROLLBACK")
            finally:
                cursor.close()
        dbapi_connection.autocommit = False
