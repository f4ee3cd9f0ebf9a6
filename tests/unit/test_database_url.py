# SPDX-License-Identifier: LGPL-2.1-or-later
"""Where the database is: the resolution order and URL normalisation."""

from __future__ import annotations

from pathlib import Path

import pytest

from projem_workbench.db import engine as db_engine
from projem_workbench.errors import ConfigurationError


def test_explicit_url_beats_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(db_engine.ENV_VAR, f"sqlite:///{tmp_path / 'env.sqlite3'}")
    url = db_engine.resolve_database_url(f"sqlite:///{tmp_path / 'explicit.sqlite3'}")
    assert url.database == str(tmp_path / "explicit.sqlite3")


def test_environment_beats_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(db_engine.ENV_VAR, f"sqlite:///{tmp_path / 'env.sqlite3'}")
    assert db_engine.resolve_database_url(None).database == str(tmp_path / "env.sqlite3")


def test_default_is_sqlite_in_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(db_engine.ENV_VAR, raising=False)
    url = db_engine.resolve_database_url(None)
    assert url.get_backend_name() == "sqlite"
    path = Path(url.database or "")
    assert path.name == "projem.sqlite3"
    assert path.parent == db_engine.default_data_dir()
    assert "projem" in str(path.parent).lower()


def test_blank_values_fall_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(db_engine.ENV_VAR, "   ")
    default = db_engine.default_sqlite_url().database
    assert db_engine.resolve_database_url("").database == default


def test_bare_path_means_sqlite_file(tmp_path: Path) -> None:
    url = db_engine.normalise_url(str(tmp_path / "shop.sqlite3"))
    assert url.get_backend_name() == "sqlite"
    assert url.database == str(tmp_path / "shop.sqlite3")


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_plain_postgresql_url_gets_psycopg2(scheme: str) -> None:
    url = db_engine.normalise_url(f"{scheme}://cam@db.example/projem")
    assert url.get_backend_name() == "postgresql"
    assert url.get_driver_name() == "psycopg2"
    assert (url.username, url.host, url.database) == ("cam", "db.example", "projem")


def test_explicit_driver_is_kept() -> None:
    url = db_engine.normalise_url("postgresql+psycopg2://cam@localhost/projem")
    assert url.get_driver_name() == "psycopg2"


@pytest.mark.parametrize("driver", ["psycopg", "asyncpg", "pg8000"])
def test_another_postgresql_driver_is_refused_naming_the_one_to_use(driver: str) -> None:
    # SQLAlchemy 2.1 would take psycopg 3 for postgresql://; Projem ships and tests psycopg2.
    with pytest.raises(ConfigurationError, match=r"unsupported PostgreSQL driver.*psycopg2"):
        db_engine.make_engine(f"postgresql+{driver}://cam@db.example/projem")


@pytest.mark.parametrize("raw", ["mysql://root@localhost/x", "oracle://a@b/c"])
def test_unsupported_backend_is_refused(raw: str) -> None:
    with pytest.raises(ConfigurationError, match="unsupported database"):
        db_engine.normalise_url(raw)


def test_malformed_url_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="not a database URL"):
        db_engine.normalise_url("postgresql://user@host:notaport/db")


def test_password_is_hidden_in_messages() -> None:
    url = db_engine.normalise_url("postgresql://cam:s3cret@localhost/projem")
    assert "s3cret" not in db_engine.describe_url(url)
