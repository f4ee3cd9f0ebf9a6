# SPDX-License-Identifier: LGPL-2.1-or-later
"""The starter catalogue: valid, complete enough for a shop's first day, and sourced."""

from __future__ import annotations

import json
from importlib import resources

from projem_workbench.db.enums import MaterialCategory, ToolType
from projem_workbench.services.cutting_data import CuttingData
from projem_workbench.services.reference import CATALOG_RESOURCE, starter_catalog


def test_catalogue_sizes_and_coverage() -> None:
    catalog = starter_catalog()
    assert len(catalog.machines) >= 3
    assert len(catalog.materials) >= 12
    assert len(catalog.tools) >= 20
    assert {m.controller for m in catalog.machines} >= {"linuxcnc", "grbl", "fanuc"}
    assert {m.category for m in catalog.materials} == set(MaterialCategory)
    cutting_types = set(ToolType) - {
        ToolType.PROBE,
        ToolType.DOVETAIL,
        ToolType.CORNER_ROUNDING,
        ToolType.TAPERED_BALL_ENDMILL,
    }
    assert {t.tool_type for t in catalog.tools} == cutting_types
    for kind in (catalog.machines, catalog.materials, catalog.tools):
        names = [record.name for record in kind]
        assert len(names) == len(set(names))


def test_every_material_has_carbide_and_hss_data_and_names_its_sources() -> None:
    raw = json.loads(resources.files("projem_workbench").joinpath(CATALOG_RESOURCE).read_text())
    assert len(raw["_sources"]) >= 3
    assert "Machinery's Handbook" in raw["_sources"][0]
    for material in starter_catalog().materials:
        data = CuttingData.model_validate(material.cutting_data)
        assert data.carbide is not None and data.hss is not None, material.name
        assert data.carbide.vc_m_min > data.hss.vc_m_min, material.name
        assert material.notes and material.notes.startswith("Sources: "), material.name


def test_taps_and_thread_mills_carry_their_pitch() -> None:
    for tool in starter_catalog().tools:
        if tool.tool_type in (ToolType.TAP, ToolType.THREAD_MILL):
            assert float(tool.params["pitch_mm"]) > 0, tool.name
