# SPDX-License-Identifier: LGPL-2.1-or-later
"""Model versions on both backends (geometry needs FreeCAD: see tests/freecad)."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from projem_workbench.db.session import Database
from projem_workbench.errors import NotFoundError, ValidationError
from projem_workbench.services import model_library
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import BlobStore
from tests.support.cli import run_projem
from tests.support.documents import corrupt_deflate_fcstd, synthetic_fcstd

PART = {"Box": "Part::Box", "Cylinder": "Part::Cylinder", "Cut": "Part::Cut"}


pytestmark = pytest.mark.usefixtures("no_freecad")


def save(database: Database, store: BlobStore, path: Path, name: str = "bracket"):  # type: ignore[no-untyped-def]
    return model_library.save_model_version(Workspace(database, store), path=path, name=name)


def test_versions_count_up_and_unchanged_content_makes_none(
    database: Database, tmp_path: Path
) -> None:
    store = BlobStore(tmp_path / "store")
    first = save(database, store, synthetic_fcstd(tmp_path / "a.FCStd", PART))
    assert (first.created, first.version.version) == (True, 1)
    again = save(database, store, tmp_path / "a.FCStd")
    assert (again.created, again.version.version) == (False, 1)
    assert again.message() == "bracket is unchanged: still version 1 (same content)"
    changed = {**PART, "Fillet": "Part::Fillet"}
    second = save(database, store, synthetic_fcstd(tmp_path / "b.FCStd", changed))
    assert (second.version.version, second.version.previous_version_id) == (2, first.version.id)
    meta = second.version.doc_metadata
    assert meta["program_version"] == "1.1R0 (Git)"
    assert meta["objects"][0] == {"name": "Box", "type": "Part::Box", "label": "Box label"}
    assert meta["geometry"] is None and "not measured" in meta["note"]
    diff = model_library.diff_versions(database, "bracket", 1, 2)
    assert (diff["objects_added"], diff["objects_removed"], diff["same_content"]) == (
        ["Fillet"],
        [],
        False,
    )

    model_library.delete_version(database, "bracket", 2)
    assert model_library.get_version(database, "bracket").version == 1
    third = save(database, store, synthetic_fcstd(tmp_path / "c.FCStd", PART, seed=b"3"))
    assert third.version.version == 3  # numbers are never reused
    model_library.restore_version(database, "bracket", 2)
    assert [v.version for v in model_library.versions(database, "bracket")] == [1, 2, 3]

    out = tmp_path / "out.FCStd"
    model_library.export_version(Workspace(database, store), "bracket", 1, out)
    assert out.read_bytes() == (tmp_path / "a.FCStd").read_bytes()
    with pytest.raises(NotFoundError, match="no model 'bracket' version 9"):
        model_library.get_version(database, "bracket", 9)


def test_not_a_document_is_refused(database: Database, tmp_path: Path) -> None:
    junk = tmp_path / "junk.FCStd"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(ValidationError, match="not a FreeCAD document"):
        save(database, BlobStore(tmp_path / "store"), junk)
    assert not (tmp_path / "store").exists() or not list(BlobStore(tmp_path / "store").iter_blobs())


def test_corrupt_deflate_stream_is_refused_naming_file_and_member(
    db_url: str, tmp_path: Path
) -> None:
    """A zip whose Document.xml stream is damaged made zipfile raise a bare zlib.error: the
    command printed a traceback and the service let a non-domain error out."""
    document = corrupt_deflate_fcstd(tmp_path / "damaged.FCStd", PART)
    store = BlobStore(tmp_path / "store")
    database = Database(db_url)
    try:
        with pytest.raises(ValidationError, match=r"member Document\.xml cannot be read") as err:
            save(database, store, document)
        assert str(document) in str(err.value) and err.value.field == "path"
        assert model_library.list_models(database) == []
    finally:
        database.dispose()
    assert not store.root.exists() or not list(store.iter_blobs())
    env = {"PROJEM_NO_FREECAD": "1", "PROJEM_ARTEFACT_STORE": str(store.root)}
    added = run_projem("--db", db_url, "model", "add", str(document), "--name", "damaged", env=env)
    assert added.returncode != 0 and "Traceback" not in added.stderr, added.stderr
    assert added.stderr.startswith(f"projem: error: {document}: the document is damaged")
    assert "Document.xml" in added.stderr and "invalid block type" in added.stderr


def test_twenty_megabyte_document_is_stored_once(database: Database, tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "store")
    document = synthetic_fcstd(tmp_path / "big.FCStd", PART, payload_mb=20)
    save(database, store, document)
    size = store.size_on_disk()
    assert size >= 20 << 20
    assert not save(database, store, document).created
    copy = save(database, store, document, name="bracket copy")
    assert copy.created and copy.version.version == 1
    assert store.size_on_disk() == size
    assert len(list(store.iter_blobs())) == 1


def _save_many(url: str, store: str, folder: str, worker: int, count: int) -> None:
    import os

    os.environ["PROJEM_NO_FREECAD"] = "1"
    database = Database(url)
    try:
        for n in range(count):
            path = synthetic_fcstd(
                Path(folder) / f"w{worker}-{n}.FCStd", PART, seed=f"{worker}/{n}".encode()
            )
            model_library.save_model_version(
                Workspace(database, BlobStore(Path(store))), path=path, name="shared"
            )
    finally:
        database.dispose()


def test_concurrent_saves_never_share_a_version_number(db_url: str, tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(
            target=_save_many, args=(db_url, str(tmp_path / "store"), str(tmp_path), w, 6)
        )
        for w in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
        assert worker.exitcode == 0
    database = Database(db_url)
    try:
        numbers = [v.version for v in model_library.versions(database, "shared")]
    finally:
        database.dispose()
    assert numbers == list(range(1, 13))


def test_model_commands(db_url: str, tmp_path: Path) -> None:
    env = {"PROJEM_NO_FREECAD": "1", "PROJEM_ARTEFACT_STORE": str(tmp_path / "store")}
    document = synthetic_fcstd(tmp_path / "a.FCStd", PART)
    added = run_projem("--db", db_url, "model", "add", str(document), "--name", "plate", env=env)
    assert added.returncode == 0, added.stderr
    assert "saved plate version 1" in added.stdout
    assert "FreeCAD was not available" in added.stdout
    listed = run_projem("--db", db_url, "model", "list", env=env)
    assert "plate" in listed.stdout and "not measured" in listed.stdout
    shown = json.loads(
        run_projem("--db", db_url, "model", "show", "plate", "--version", "1", env=env).stdout
    )
    assert shown["doc_metadata"]["objects"][2]["type"] == "Part::Cut"
    out = tmp_path / "out.FCStd"
    got = run_projem(
        "--db", db_url, "model", "get", "plate", "--version", "1", "-o", str(out), env=env
    )
    assert got.returncode == 0 and out.read_bytes() == document.read_bytes()


def test_thumbnail_is_kept_as_an_image_artefact(database: Database, tmp_path: Path) -> None:
    from sqlalchemy import select

    from projem_workbench.db.models import Artefact, CadModel

    store = BlobStore(tmp_path / "store")
    png = b"\x89PNG\r\n\x1a\n" + b"thumbnail pixels"
    saved = save(database, store, synthetic_fcstd(tmp_path / "t.FCStd", PART, thumbnail=png))
    with database.read_session() as session:
        model = session.get(CadModel, saved.version.id)
        assert model is not None and model.thumbnail_artefact_id is not None
        thumb = session.get(Artefact, model.thumbnail_artefact_id)
        document = session.get(Artefact, model.artefact_id)
        assert thumb is not None and document is not None
        assert (thumb.kind.value, thumb.mime_type, thumb.model_id) == (
            "image",
            "image/png",
            model.id,
        )
        assert (document.kind.value, document.sha256) == ("fcstd", model.content_sha256)
        kinds = session.scalars(select(Artefact.kind).where(Artefact.model_id == model.id)).all()
        thumbnail_sha256 = thumb.sha256
    assert sorted(k.value for k in kinds) == ["fcstd", "image"]
    assert store.read_verified(thumbnail_sha256) == png
