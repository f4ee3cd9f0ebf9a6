# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem's preferences page: settings loaded and saved, and Test connection run against a
real database (and a server that is not there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from projem_workbench.gui.panels.preferences import PreferencesForm
from tests.gui.conftest import choose, click, type_into


class Settings(dict):  # type: ignore[type-arg]
    """FreeCAD's parameter group stands in as a dict (FreeCAD does not run in this lane)."""

    def get(self, name: str) -> str:  # type: ignore[override]
        return str(super().get(name, ""))

    def set(self, name: str, value: str) -> None:
        self[name] = value


def test_settings_load_and_save(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(DatabaseUrl="/srv/projem.sqlite3", Language="tr")
    form = PreferencesForm(store=settings)
    qtbot.addWidget(form)
    form.load()
    assert form.database_edit.text() == "/srv/projem.sqlite3"
    assert form.language.currentData() == "tr"
    type_into(qtbot, form.database_edit, "postgresql://cam@dbserver/projem")
    type_into(qtbot, form.store_edit, str(tmp_path / "store"))
    choose(form.language, "")
    assert sorted(form.save()) == ["ArtefactStore", "DatabaseUrl", "Language"]
    assert settings == {
        "DatabaseUrl": "postgresql://cam@dbserver/projem",
        "ArtefactStore": str(tmp_path / "store"),
        "Language": "",
    }
    assert form.save() == []


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_test_connection_reports_the_database_state(qtbot, db_url: str) -> None:  # type: ignore[no-untyped-def]
    form = PreferencesForm(store=Settings())
    qtbot.addWidget(form)
    type_into(qtbot, form.database_edit, db_url.removeprefix("sqlite:///"))
    with qtbot.waitSignal(form.connection_checked, timeout=20_000) as checked:
        click(qtbot, form.test_button)
    assert checked.args[0] is True
    assert "Connected:" in form.test_result.text() and "newest schema" in form.test_result.text()
    qtbot.waitUntil(form.test_button.isEnabled)

    type_into(qtbot, form.database_edit, "postgresql://projem@127.0.0.1:1/projem")
    with qtbot.waitSignal(form.connection_checked, timeout=20_000) as checked:
        click(qtbot, form.test_button)
    assert checked.args[0] is False
    assert form.test_result.text().startswith("Cannot connect:")
    qtbot.waitUntil(form.test_button.isEnabled)
