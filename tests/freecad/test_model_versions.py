# SPDX-License-Identifier: LGPL-2.1-or-later
"""A part built here with FreeCAD, saved to the library, measured by FreeCAD, exported and
reopened with the same volume (every FreeCAD lane)."""

from __future__ import annotations

import math
from pathlib import Path
from types import ModuleType

import pytest

from projem_workbench.db.session import Database
from projem_workbench.services import model_library
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import BlobStore

# A 100 x 60 x 20 plate, four 6 mm through holes, a 40 x 20 x 5 pocket in the top.
VOLUME = 100 * 60 * 20 - 4 * math.pi * 3**2 * 20 - 40 * 20 * 5
AREA = (
    2 * (100 * 60 + 100 * 20 + 60 * 20)  # the block
    - 4 * 2 * math.pi * 3**2  # hole openings top and bottom
    + 4 * 2 * math.pi * 3 * 20  # hole walls
    + 2 * (40 * 5 + 20 * 5)  # pocket walls (floor replaces the opening)
)


def build_plate(freecad: ModuleType, path: Path) -> float:
    import Part

    doc = freecad.newDocument("plate")
    shape = Part.makeBox(100, 60, 20)
    for x, y in ((10, 10), (90, 10), (10, 50), (90, 50)):
        shape = shape.cut(Part.makeCylinder(3, 20, freecad.Vector(x, y, 0)))
    shape = shape.cut(Part.makeBox(40, 20, 5, freecad.Vector(30, 20, 15)))
    feature = doc.addObject("Part::Feature", "Plate")
    feature.Shape = shape
    doc.recompute()
    doc.saveAs(str(path))
    freecad.closeDocument(doc.Name)
    return shape.Volume


def test_saved_part_has_exact_metadata_and_reopens_the_same(
    freecad: ModuleType, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROJEM_NO_FREECAD", raising=False)
    source = tmp_path / "plate.FCStd"
    assert build_plate(freecad, source) == pytest.approx(VOLUME, rel=1e-9)
    workspace = Workspace(database, BlobStore(tmp_path / "store"))
    saved = model_library.save_model_version(workspace, path=source, name="plate")
    geometry = saved.version.doc_metadata["geometry"]
    assert geometry["solids"] == 1
    assert geometry["volume_mm3"] == pytest.approx(VOLUME, rel=1e-6)
    assert geometry["area_mm2"] == pytest.approx(AREA, rel=1e-6)
    assert geometry["bounding_box_mm"] == pytest.approx([0, 0, 0, 100, 60, 20], abs=1e-6)
    assert geometry["freecad_version"].startswith(".".join(freecad.Version()[:2]))
    assert [o["name"] for o in saved.version.doc_metadata["objects"]] == ["Plate"]

    exported = tmp_path / "exported.FCStd"
    model_library.export_version(workspace, "plate", 1, exported)
    doc = freecad.openDocument(str(exported))
    try:
        assert doc.getObject("Plate").Shape.Volume == pytest.approx(VOLUME, rel=1e-9)
    finally:
        freecad.closeDocument(doc.Name)


def test_saving_an_open_document_leaves_it_open(
    freecad: ModuleType, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workbench saves the user's document and then measures its file: FreeCAD hands the
    open document back, and measuring must not close it under the user."""
    monkeypatch.delenv("PROJEM_NO_FREECAD", raising=False)
    import Part

    doc = freecad.newDocument("open_plate")
    try:
        doc.addObject("Part::Feature", "Block").Shape = Part.makeBox(10, 20, 30)
        doc.recompute()
        doc.saveAs(str(tmp_path / "open_plate.FCStd"))
        workspace = Workspace(database, BlobStore(tmp_path / "s"))
        saved = model_library.save_model_version(
            workspace, path=Path(doc.FileName), name="open plate"
        )
        assert saved.version.doc_metadata["geometry"]["volume_mm3"] == pytest.approx(6000)
        assert doc.Name in freecad.listDocuments()
        assert doc.getObject("Block") is not None
    finally:
        if doc.Name in freecad.listDocuments():
            freecad.closeDocument(doc.Name)
