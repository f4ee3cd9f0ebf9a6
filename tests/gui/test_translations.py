# SPDX-License-Identifier: LGPL-2.1-or-later
"""Translations: every string in the sources is in the Turkish and English .ts files and
translated, the compiled .qm files match them, and a panel shows Turkish with the .qm loaded."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from projem_workbench.gui import i18n

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "resources" / "translations"
BIN = Path(sys.executable).parent
LANGUAGES = ("tr", "en")


def messages(ts: Path) -> list[tuple[str, str, str | None, str | None]]:
    rows = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            rows.append((name, message.findtext("source") or "", translation.text,
                         translation.get("type")))  # fmt: skip
    return rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_ts_files_hold_every_string_of_the_sources(language: str, tmp_path: Path) -> None:
    """lupdate over the sources changes nothing: no string is missing or obsolete."""
    copy = tmp_path / f"Projem_{language}.ts"
    shutil.copyfile(FOLDER / copy.name, copy)
    sources = sorted(str(p) for p in (REPO / "projem_workbench" / "gui").rglob("*.py"))
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none",
         "-target-language", language, str(REPO / "InitGui.py"), *sources, "-ts", str(copy)],
        check=True, cwd=REPO,
    )  # fmt: skip
    assert messages(copy) == messages(FOLDER / copy.name), (
        "run scripts/translations.sh update, translate, then compile"
    )
    assert len(messages(copy)) > 150


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_with_its_placeholders(language: str) -> None:
    for context, source, translation, kind in messages(FOLDER / f"Projem_{language}.ts"):
        assert kind is None and translation, f"{context}: {source!r} is not translated"
        placeholders = set(re.findall(r"\{\w*\}", source))
        assert set(re.findall(r"\{\w*\}", translation)) == placeholders, (source, translation)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_qm_files_match_the_sources(language: str, tmp_path: Path) -> None:
    compiled = tmp_path / f"Projem_{language}.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), "-silent", str(FOLDER / f"Projem_{language}.ts"),
         "-qm", str(compiled)],
        check=True,
    )  # fmt: skip
    assert compiled.read_bytes() == (FOLDER / compiled.name).read_bytes(), (
        "run scripts/translations.sh compile"
    )


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_panel_speaks_turkish_with_the_turkish_translation(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    from projem_workbench.gui.panels.tools import ToolLibraryPanel

    assert i18n.install_translations("tr") == "tr"
    try:
        panel = ToolLibraryPanel(database)
        qtbot.addWidget(panel)
        assert panel.save_button.text() == "Kaydet"
        assert (
            panel.form.layout()
            .labelForField(panel.form.editors["diameter_mm"].parentWidget())
            .text()
            == "Çap (mm)"
        )
        assert i18n.translate("Projem_SaveModel", "Save document to library") == (
            "Belgeyi kütüphaneye kaydet"
        )
        from projem_workbench.gui.panels.cam_run_page import NewCamRunPanel
        from projem_workbench.services.workspace import Workspace

        workspace = Workspace.open(database)
        cam = NewCamRunPanel(workspace)
        qtbot.addWidget(cam)
        assert (cam.plan_button.text(), cam.run_button.text()) == ("Planla", "Çalıştır")
        headers = [cam.operations.horizontalHeaderItem(c).text() for c in range(5, 9)]
        assert headers == ["İlerleme (mm/dak)", "Dalma ilerlemesi (mm/dak)", "Paso derinliği (mm)",
                           "Yan paso (%)"]  # fmt: skip
        from projem_workbench.gui.panels.simulation_page import SimulationPanel

        simulation = SimulationPanel(workspace)
        qtbot.addWidget(simulation)
        assert simulation.title.text() == "CAM çalıştırması seçilmedi"
        assert simulation.run_button.text() == "Çalıştır"
        assert i18n.translate("Projem_Simulate", "Simulate CAM run") == (
            "CAM çalıştırmasını simüle et"
        )
    finally:
        i18n.remove_translations()
    assert i18n.translate("Projem", "Save") == "Save"
