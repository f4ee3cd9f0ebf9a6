# SPDX-License-Identifier: LGPL-2.1-or-later
"""Shared fixtures: fresh databases on every backend the lane tests.

``db_url`` is parametrized over the backends in ``PROJEM_TEST_BACKENDS`` (default
``sqlite,postgresql``), so every database test runs on both. Each test gets its own database,
copied from a template that was upgraded to head through the real migrations once per session.
With ``CI=true`` a PostgreSQL that cannot be started fails the tests instead of skipping them.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from projem_workbench.db import migrate
from projem_workbench.db.engine import make_engine, normalise_url
from projem_workbench.db.session import Database
from tests.support.pgcluster import ENV_URL, PostgresCluster

BACKENDS = [b for b in os.environ.get("PROJEM_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]
IN_CI = os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"PostgreSQL lane cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """Maintenance URL (database ``postgres``) of the test PostgreSQL server."""
    existing = os.environ.get(ENV_URL)
    if existing:
        yield existing
        return
    cluster = PostgresCluster()
    try:
        url = cluster.start()
    except Exception as exc:  # any failure to start is reported the same way
        _unavailable(f"cannot start a PostgreSQL test server: {exc}")
    try:
        yield url
    finally:
        cluster.stop()


def _pg_database_url(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def create_pg_database(admin_url: str, name: str, template: str | None = None) -> str:
    engine = create_engine(normalise_url(admin_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            suffix = f" TEMPLATE {template}" if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    finally:
        engine.dispose()
    return _pg_database_url(admin_url, name)


def drop_pg_database(admin_url: str, name: str) -> None:
    engine = create_engine(normalise_url(admin_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str) -> str:
    """Name of a PostgreSQL database at head, used as the template of every test database."""
    name = "projem_template"
    drop_pg_database(pg_admin_url, name)
    url = create_pg_database(pg_admin_url, name)
    engine = make_engine(url)
    try:
        migrate.upgrade(engine, "head")
    finally:
        engine.dispose()
    return name


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "projem.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        migrate.upgrade(engine, "head")
        with engine.connect() as conn:  # fold the WAL into the file so a copy is complete
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database with no tables at all."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    admin = request.getfixturevalue("pg_admin_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield create_pg_database(admin, name)
    drop_pg_database(admin, name)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database at the newest schema revision, as a URL string."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "projem.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    admin = request.getfixturevalue("pg_admin_url")
    template_name = request.getfixturevalue("pg_template")
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield create_pg_database(admin, name, template=template_name)
    drop_pg_database(admin, name)


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = Database(db_url)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def engine(database: Database):  # type: ignore[no-untyped-def]
    return database.engine


@pytest.fixture
def no_freecad(monkeypatch: pytest.MonkeyPatch) -> None:
    """As where FreeCAD is not installed: models are stored unmeasured, no worker starts."""
    monkeypatch.setenv("PROJEM_NO_FREECAD", "1")


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Name the lane and the versions it runs against, so a CI log says what was tested."""
    import platform
    import subprocess

    import sqlalchemy

    from tests.support.pgcluster import server_binaries

    lane = os.environ.get("PROJEM_LANE", "ad hoc")
    parts = [f"Python {platform.python_version()}", f"SQLAlchemy {sqlalchemy.__version__}"]
    if "freecad" in lane:
        from tests.freecad.conftest import freecad_lib

        lib = freecad_lib()
        if lib is not None:
            probe = (
                f"import sys; sys.path.append({str(lib)!r}); import FreeCAD; "
                "print('.'.join(FreeCAD.Version()[:3]))"
            )
            out = subprocess.run(
                [sys.executable, "-c", probe], capture_output=True, text=True, check=False
            )
            parts.insert(0, f"FreeCAD {out.stdout.strip() or 'not importable'}")
    if "postgresql" in BACKENDS:
        binaries = server_binaries()
        if binaries is not None:
            out = subprocess.run(
                [str(binaries / "postgres"), "--version"], capture_output=True, text=True
            )
            parts.append(out.stdout.strip().replace("postgres (PostgreSQL)", "PostgreSQL"))
    parts.append(f"backends {','.join(BACKENDS)}")
    return [f"projem lane {lane}: " + ", ".join(parts)]
