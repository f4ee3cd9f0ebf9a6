# SPDX-License-Identifier: LGPL-2.1-or-later
"""The table of operation types (cam/operations.py) is what the spec, the run, the GUI and
FreeCAD's side all go by: each entry is usable everywhere, and nothing lists types of its own."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

import projem_workbench.cam
from projem_workbench.cam.operations import OPERATIONS, OperationKind
from projem_workbench.db.enums import ToolType
from projem_workbench.errors import ValidationError
from projem_workbench.services import cam_spec
from projem_workbench.services.feeds import HOLE_TOOLS, Operation


def spec_with(kind: str, faces: list[str]) -> dict[str, object]:
    operation = {"name": "Op", "type": kind, "tool": "EM 6", "faces": faces}
    return {"operations": [operation]}


def test_the_spec_takes_exactly_the_tables_types() -> None:
    assert typing.get_args(cam_spec.OperationType) == tuple(OPERATIONS)
    for kind in OPERATIONS.values():
        assert cam_spec.parse_spec(spec_with(kind.name, ["Face1"])).operations[0].type == kind.name


@pytest.mark.parametrize("kind", OPERATIONS.values(), ids=lambda kind: kind.name)
def test_the_spec_asks_faces_of_the_types_that_need_them(kind: OperationKind) -> None:
    if not kind.needs_faces:
        assert cam_spec.parse_spec(spec_with(kind.name, [])).operations[0].faces == []
        return
    with pytest.raises(ValidationError) as raised:
        cam_spec.parse_spec(spec_with(kind.name, []))
    assert raised.value.problems["operations.0"] == f"a {kind.name} operation needs faces"


def test_tool_types_are_the_librarys_and_agree_with_the_feeds_calculator() -> None:
    # The calculator refuses to drill with a milling tool and to mill with a hole tool, so a
    # type it feeds as drilling takes exactly the hole tools and the others none of them.
    hole_tools = {t.value for t in HOLE_TOOLS}
    for kind in OPERATIONS.values():
        assert kind.tool_types and kind.tool_types <= {t.value for t in ToolType}, kind.name
        if kind.feeds_operation is None:
            assert not kind.tool_types & hole_tools, kind.name
        else:
            assert Operation(kind.feeds_operation) is Operation.DRILLING
            assert kind.tool_types == hole_tools, kind.name


def test_each_type_has_its_own_freecad_modules() -> None:
    # freecad_cam.operation_kind finds a FreeCAD operation's type by its module.
    modules = [module for kind in OPERATIONS.values() for module in kind.freecad_modules]
    assert len(set(modules)) == len(modules)
    for kind in OPERATIONS.values():
        new, old = kind.freecad_modules
        assert new.startswith("Path.Op.") and old.startswith("PathScripts.Path"), kind.name


def test_each_type_has_its_freecad_setup() -> None:
    # operation_setup imports FreeCAD: its CONFIGURE dict is read from the source.
    source = Path(projem_workbench.cam.__file__).with_name("operation_setup.py").read_text()
    [table] = [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "CONFIGURE"
    ]
    assert isinstance(table, ast.Dict)
    assert [ast.literal_eval(key) for key in table.keys if key is not None] == list(OPERATIONS)
