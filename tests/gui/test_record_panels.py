# SPDX-License-Identifier: LGPL-2.1-or-later
"""The machines and materials editors, driven by typing and clicking."""

from __future__ import annotations

from decimal import Decimal

import pytest

from projem_workbench.db.session import Database
from projem_workbench.gui.panels.records import MachinesPanel, MaterialsPanel
from projem_workbench.services.machines import MACHINES
from projem_workbench.services.materials import MATERIALS
from tests.gui.conftest import choose, click, table_column, type_into

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def test_a_machine_is_typed_in_corrected_and_taken_out_of_service(
    qtbot, database: Database
) -> None:  # type: ignore[no-untyped-def]
    panel = MachinesPanel(database)
    qtbot.addWidget(panel)
    editors = panel.form.editors
    type_into(qtbot, editors["name"], "Haas VF-2")
    choose(editors["machine_type"], "mill_3axis")
    for name, text in (("controller", "haas"), ("post_processor", "haas"),
                       ("travel_x_mm", "762"), ("travel_y_mm", "406"), ("travel_z_mm", "0"),
                       ("max_spindle_rpm", "8100"), ("max_feed_mm_min", "16500"),
                       ("rapid_mm_min", "25400")):  # fmt: skip
        type_into(qtbot, editors[name], text)
    click(qtbot, panel.save_button)
    assert "greater than 0" in panel.form.error_text("travel_z_mm")
    assert MACHINES.list(database) == []

    type_into(qtbot, editors["travel_z_mm"], "508")
    click(qtbot, panel.save_button)
    saved = MACHINES.get(database, "Haas VF-2")
    assert (saved.travel_z_mm, saved.is_active) == (Decimal("508.000"), True)
    assert table_column(panel.table) == ["Haas VF-2"]

    editors["is_active"].setChecked(False)
    type_into(qtbot, editors["notes"], "spindle rebuild in March")
    click(qtbot, panel.save_button)
    changed = MACHINES.get(database, "Haas VF-2")
    assert (changed.is_active, changed.notes) == (False, "spindle rebuild in March")
    assert table_column(panel.table, 5) == ["no"]


def test_a_material_with_cutting_data_checks_the_json_on_its_field(
    qtbot, database: Database
) -> None:  # type: ignore[no-untyped-def]
    panel = MaterialsPanel(database)
    qtbot.addWidget(panel)
    editors = panel.form.editors
    type_into(qtbot, editors["name"], "AlMgSi1")
    choose(editors["category"], "aluminum")
    choose(editors["iso_group"], "N")
    type_into(qtbot, editors["cutting_data"], '{"carbide": {"vc_m_min": 300,}')
    click(qtbot, panel.save_button)
    assert "not valid JSON" in panel.form.error_text("cutting_data")
    assert MATERIALS.list(database) == []

    type_into(qtbot, editors["cutting_data"], '{"carbide": {"vc_m_min": 300}}')
    click(qtbot, panel.save_button)
    assert "fz_mm" in panel.form.error_text("cutting_data")  # the format's own rule
    assert MATERIALS.list(database) == []

    type_into(
        qtbot, editors["cutting_data"], '{"carbide": {"vc_m_min": 300, "fz_mm": {"6": 0.04}}}'
    )
    click(qtbot, panel.save_button)
    saved = MATERIALS.get(database, "AlMgSi1")
    assert (saved.iso_group, saved.cutting_data["carbide"]["vc_m_min"]) == ("N", 300)
    assert panel.form.error_text("cutting_data") == ""

    type_into(qtbot, panel.search_edit, "steel")
    assert panel.table.rowCount() == 0
    type_into(qtbot, panel.search_edit, "almg")
    assert table_column(panel.table) == ["AlMgSi1"]
