# SPDX-License-Identifier: LGPL-2.1-or-later
"""Sessions and units of work: how every service reaches the database.

A unit of work is one write transaction: it commits when the block ends, rolls back if it
raises, and turns database errors into domain errors. On SQLite it begins with
``BEGIN IMMEDIATE`` so concurrent writers queue up front instead of failing halfway (and so
audit-chain appends are serialised per database file).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from projem_workbench.db import errors as db_errors
from projem_workbench.db.engine import describe_url, make_engine, resolve_database_url


class Database:
    """An engine and its session factory for one database URL.

    ``read_only`` opens a SQLite file read-only (one this process may not write): reads work,
    a unit of work fails with :class:`~projem_workbench.errors.DatabaseReadOnlyError`.
    """

    def __init__(
        self,
        url: URL | str | None = None,
        *,
        engine: Engine | None = None,
        read_only: bool = False,
    ) -> None:
        self.read_only = read_only
        if engine is not None:
            self.engine = engine
            self.url = engine.url
        else:
            self.url = resolve_database_url(url) if not isinstance(url, URL) else url
            self.engine = make_engine(self.url, read_only=read_only)
        self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False)

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.url.get_backend_name()

    def describe(self) -> str:
        return describe_url(self.url)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One write transaction; commit on success, roll back and translate on error."""
        session = self._sessions()
        try:
            if self.backend == "sqlite":
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise db_errors.translate(exc, self.url) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reading; anything it writes is rolled back."""
        session = self._sessions()
        try:
            yield session
        except SQLAlchemyError as exc:
            raise db_errors.translate(exc, self.url) from exc
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
