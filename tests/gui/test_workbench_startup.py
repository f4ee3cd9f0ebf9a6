# SPDX-License-Identifier: LGPL-2.1-or-later
"""Activating the workbench: the database opened and migrated on a worker thread, failures and
missing packages explained in a dialog (never a traceback), registration kept light."""

from __future__ import annotations

import importlib.abc
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6 import QtWidgets

from projem_workbench.db import migrate
from projem_workbench.gui import commands, state, workbench
from projem_workbench.gui.dependencies import missing_dependencies

REPO = Path(__file__).resolve().parents[2]


def test_the_database_opens_and_is_migrated_off_the_gui_thread(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "new" / "projem.sqlite3"
    holder = state.DatabaseState()
    with qtbot.waitSignal(holder.changed):  # opening
        holder.open(f"sqlite:///{path}")
    assert holder.status is state.Status.OPENING and not holder.ready
    qtbot.waitUntil(lambda: holder.status is not state.Status.OPENING, timeout=30_000)
    assert holder.ready, holder.error
    assert migrate.schema_state(holder.database.engine).status is migrate.SchemaStatus.CURRENT
    # Paired with the configured artefact store (tests/gui/conftest.py sets it).
    assert holder.workspace.database is holder.database
    assert holder.workspace.store.root == tmp_path / "store"
    holder.close()
    assert holder.status is state.Status.CLOSED
    assert holder.workspace is None and holder.database is None


def test_a_database_that_cannot_be_used_is_explained(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "projem.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    holder = state.DatabaseState()
    with qtbot.waitSignal(holder.failed, timeout=30_000) as failure:
        holder.open(str(broken))
    message = failure.args[0]
    assert holder.status is state.Status.FAILED
    assert "damaged or is not a SQLite database" in message and "Traceback" not in message
    box = workbench.explain(message)
    qtbot.addWidget(box)
    assert box.isVisible() and box.text() == message
    box.done(0)
    assert not box.isVisible()


class HideSQLAlchemy(importlib.abc.MetaPathFinder):
    """As if SQLAlchemy were not installed in this Python."""

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name.split(".")[0] == "sqlalchemy":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def test_missing_packages_are_named_and_offered_for_install(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "meta_path", [HideSQLAlchemy(), *sys.meta_path])
    for name in [m for m in sys.modules if m.split(".")[0] == "sqlalchemy"]:
        monkeypatch.delitem(sys.modules, name)
    assert missing_dependencies() == ["SQLAlchemy"]
    workbench.activated()

    def dialogs() -> list[QtWidgets.QWidget]:
        return [
            w
            for w in QtWidgets.QApplication.topLevelWidgets()
            if w.objectName() == "ProjemDependencies" and w.isVisible()
        ]

    qtbot.waitUntil(lambda: bool(dialogs()))
    dialog = dialogs()[0]
    qtbot.addWidget(dialog)
    text = dialog.message.text()
    assert "SQLAlchemy" in text and "python3 -m projem_workbench deps install" in text
    assert "sudo apt install python3-sqlalchemy" in text
    assert dialog.install_button.isEnabled() and dialog.folder_button.isEnabled()
    assert state.workbench_database().status is state.Status.CLOSED  # nothing was tried
    # This checkout is not in a FreeCAD Mod folder: Install says where it cannot install and
    # what to do instead, and stays usable.
    dialog.install_button.click()
    assert "not in a FreeCAD Mod folder" in dialog.status.text()
    assert dialog.install_button.isEnabled() and not dialog.running
    assert "Traceback" not in text
    dialog.done(0)


def test_a_failed_import_inside_the_worker_names_the_package() -> None:
    message = state.describe_failure(
        ModuleNotFoundError("No module named 'pydantic'", name="pydantic")
    )
    assert "pydantic" in message and "deps install" in message


def test_registering_the_workbench_imports_no_database_code() -> None:
    script = (
        "import sys\n"
        "import projem_workbench.gui.workbench, projem_workbench.gui.commands\n"
        "import projem_workbench.gui.panels.preferences\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'alembic', 'pydantic', 'platformdirs', 'rfc8785', 'stdnum'})\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_every_command_has_its_icon_text_and_tooltip() -> None:
    for name, command_class in commands.COMMANDS.items():
        assert re.fullmatch(r"Projem_[A-Z][A-Za-z]+", name)
        resources = command_class().GetResources()
        icon = Path(resources["Pixmap"])
        assert icon.name == f"{name}.svg" and icon.is_file(), icon
        assert "<svg" in icon.read_text() and resources["MenuText"] and resources["ToolTip"]
    listed = [n for n in commands.MENU if n != "Separator"]
    assert set(listed) == set(commands.COMMANDS) and set(commands.TOOLBAR) <= set(listed)
