# SPDX-License-Identifier: LGPL-2.1-or-later
"""The model library: named FreeCAD documents, each save a new version.

Saving measures the document first (outside any transaction: FreeCAD can take a while), stores
its bytes (and thumbnail) in the blob store, then in one transaction takes the model's lock,
numbers the version after the newest one (deleted versions included, so numbers are never
reused) and records the version and its artefacts, audited. Content identical to the newest
live version makes no new version. A failed transaction leaves at most an unreferenced blob,
which ``projem artefacts gc`` removes after its grace period.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from projem_workbench.db.enums import ArtefactKind
from projem_workbench.db.models import Artefact, CadModel
from projem_workbench.db.session import Database
from projem_workbench.errors import NotFoundError, ValidationError
from projem_workbench.freecad.document_file import read_document_file, read_thumbnail
from projem_workbench.freecad.geometry import measure_document
from projem_workbench.services import artefacts, audited
from projem_workbench.services.workspace import Workspace

FCSTD_MIME = "application/x-freecad-document"


class ModelVersion(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    version: int
    description: str | None
    content_sha256: str
    size_bytes: int
    freecad_version: str | None
    doc_metadata: dict[str, Any]
    previous_version_id: int | None
    created_at: dt.datetime
    is_deleted: bool


class SaveResult(BaseModel):
    version: ModelVersion
    created: bool

    def message(self) -> str:
        v = self.version
        if self.created:
            return f"saved {v.name} version {v.version} ({v.size_bytes} bytes)"
        return f"{v.name} is unchanged: still version {v.version} (same content)"


def document_metadata(path: Path) -> dict[str, Any]:
    """What the file says (objects, saving FreeCAD) and, with FreeCAD, its geometry."""
    metadata = read_document_file(path)
    geometry = metadata["geometry"] = measure_document(path)
    if geometry is None:
        metadata["note"] = "FreeCAD was not available: geometry not measured"
        return metadata
    notes = []
    if geometry.get("objects_not_loaded"):
        notes.append(
            f"FreeCAD {geometry['freecad_version']} could not load "
            f"{', '.join(geometry['objects_not_loaded'])} (a workbench it lacks?)"
        )
    if geometry.get("objects_in_error"):
        notes.append(f"FreeCAD could not compute {', '.join(geometry['objects_in_error'])}")
    if not geometry["solids"]:
        notes.append("FreeCAD found no solid in the document")
    if notes:
        metadata["note"] = "; ".join(notes)
    return metadata


def save_model_version(
    workspace: Workspace,
    *,
    path: Path,
    name: str,
    description: str | None = None,
    user_id: int | None = None,
) -> SaveResult:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationError("a model name is 1 to 200 characters", field="name")
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such file", field="path")
    metadata = document_metadata(path)
    database, store = workspace.database, workspace.store
    blob = store.put_file(path)
    thumbnail_bytes = read_thumbnail(path) if metadata["has_thumbnail"] else None
    with database.unit_of_work() as session:
        _lock_model_name(session, name)
        newest = _newest(session, name, live_only=True)
        if newest is not None and newest.content_sha256 == blob.sha256:
            return SaveResult(version=ModelVersion.model_validate(newest), created=False)
        number = (
            session.scalar(select(func.max(CadModel.version)).where(CadModel.name == name)) or 0
        ) + 1
        geometry = metadata.get("geometry") or {}
        model = audited.create(
            session,
            CadModel(
                name=name,
                description=description,
                version=number,
                previous_version_id=newest.id if newest is not None else None,
                content_sha256=blob.sha256,
                size_bytes=blob.size,
                freecad_version=metadata.get("program_version") or geometry.get("freecad_version"),
                doc_metadata=metadata,
                owner_id=user_id,
            ),
            user_id=user_id,
        )
        document = artefacts.new_artefact(
            session, blob, kind=ArtefactKind.FCSTD, mime_type=FCSTD_MIME,
            original_name=path.name, user_id=user_id, model_id=model.id,
        )  # fmt: skip
        changes: dict[str, Any] = {"artefact_id": document.id}
        if thumbnail_bytes:
            thumb_blob = store.put_stream(io.BytesIO(thumbnail_bytes))
            thumb = artefacts.new_artefact(
                session, thumb_blob, kind=ArtefactKind.IMAGE, mime_type="image/png",
                original_name="Thumbnail.png", user_id=user_id, model_id=model.id,
            )  # fmt: skip
            changes["thumbnail_artefact_id"] = thumb.id
        audited.update(session, model, changes, user_id=user_id)
        return SaveResult(version=ModelVersion.model_validate(model), created=True)


def _lock_model_name(session: Session, name: str) -> None:
    """Serialise saves of one model. SQLite: the unit of work's BEGIN IMMEDIATE already does."""
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _newest(session: Session, name: str, *, live_only: bool) -> CadModel | None:
    query = select(CadModel).where(CadModel.name == name)
    if live_only:
        query = query.where(CadModel.is_deleted.is_(False))
    return session.scalars(query.order_by(CadModel.version.desc()).limit(1)).first()


def _find(session: Session, name: str, version: int | None, *, deleted: bool = False) -> CadModel:
    query = select(CadModel).where(CadModel.name == name, CadModel.is_deleted.is_(deleted))
    if version is not None:
        query = query.where(CadModel.version == version)
    found = session.scalars(query.order_by(CadModel.version.desc()).limit(1)).first()
    if found is None:
        which = f" version {version}" if version is not None else ""
        state = "deleted " if deleted else ""
        raise NotFoundError(f"no {state}model {name!r}{which}")
    return found


def list_models(
    database: Database, *, text: str | None = None, include_deleted: bool = False
) -> list[ModelVersion]:
    """The newest live version of every model, by name; ``text`` filters names (any case).

    With ``include_deleted`` a model whose every version is deleted is listed too, by its
    newest version (so the library can offer to restore it)."""
    with database.read_session() as session:
        versions_query = select(CadModel.name, func.max(CadModel.version).label("version"))
        if not include_deleted:
            versions_query = versions_query.where(CadModel.is_deleted.is_(False))
        else:  # prefer the newest live version; fall back to the newest deleted one
            live = select(CadModel.name).where(CadModel.is_deleted.is_(False))
            versions_query = versions_query.where(
                CadModel.is_deleted.is_(False) | CadModel.name.not_in(live)
            )
        if text:
            versions_query = versions_query.where(
                func.lower(CadModel.name).contains(text.strip().lower(), autoescape=True)
            )
        newest = versions_query.group_by(CadModel.name).subquery()
        rows = session.scalars(
            select(CadModel)
            .join(newest, (CadModel.name == newest.c.name) & (CadModel.version == newest.c.version))
            .order_by(CadModel.name)
        ).all()
        return [ModelVersion.model_validate(row) for row in rows]


def has_models(database: Database) -> bool:
    """True when the library holds at least one live model version (a cheap check)."""
    with database.read_session() as session:
        found = session.scalar(select(CadModel.id).where(CadModel.is_deleted.is_(False)).limit(1))
        return found is not None


def versions(database: Database, name: str) -> list[ModelVersion]:
    with database.read_session() as session:
        rows = session.scalars(
            select(CadModel).where(CadModel.name == name).order_by(CadModel.version)
        ).all()
        if not rows:
            raise NotFoundError(f"no model {name!r}")
        return [ModelVersion.model_validate(row) for row in rows]


def get_version(database: Database, name: str, version: int | None = None) -> ModelVersion:
    with database.read_session() as session:
        return ModelVersion.model_validate(_find(session, name, version))


def thumbnail_png(workspace: Workspace, name: str, version: int) -> bytes | None:
    """The PNG thumbnail FreeCAD saved in a version (verified), or None when it has none."""
    with workspace.database.read_session() as session:
        model = _find_any(session, name, version)
        if model.thumbnail_artefact_id is None:
            return None
        sha256 = session.scalar(
            select(Artefact.sha256).where(Artefact.id == model.thumbnail_artefact_id)
        )
    if sha256 is None:
        return None
    return artefacts.read_verified(workspace, sha256)


def _find_any(session: Session, name: str, version: int) -> CadModel:
    """A version whether live or deleted (the library shows deleted ones too)."""
    found = session.scalars(
        select(CadModel).where(CadModel.name == name, CadModel.version == version)
    ).first()
    if found is None:
        raise NotFoundError(f"no model {name!r} version {version}")
    return found


def export_version(
    workspace: Workspace, name: str, version: int, destination: Path
) -> ModelVersion:
    """Write a version's document to ``destination``, verified against its SHA-256."""
    found = get_version(workspace.database, name, version)
    artefacts.export_artefact(workspace, found.content_sha256, destination)
    return found


def diff_versions(database: Database, name: str, a: int, b: int) -> dict[str, Any]:
    """What changed between two versions: objects and geometry."""
    first, second = get_version(database, name, a), get_version(database, name, b)
    objects_a = {o["name"]: o for o in first.doc_metadata.get("objects", [])}
    objects_b = {o["name"]: o for o in second.doc_metadata.get("objects", [])}
    geometry_a = first.doc_metadata.get("geometry") or {}
    geometry_b = second.doc_metadata.get("geometry") or {}
    geometry = {
        key: {"from": geometry_a.get(key), "to": geometry_b.get(key)}
        for key in ("solids", "volume_mm3", "area_mm2", "bounding_box_mm")
        if geometry_a.get(key) != geometry_b.get(key)
    }
    return {
        "objects_added": sorted(set(objects_b) - set(objects_a)),
        "objects_removed": sorted(set(objects_a) - set(objects_b)),
        "objects_changed_type": sorted(
            n
            for n in set(objects_a) & set(objects_b)
            if objects_a[n]["type"] != objects_b[n]["type"]
        ),
        "geometry": geometry,
        "same_content": first.content_sha256 == second.content_sha256,
    }


def delete_version(
    database: Database, name: str, version: int, *, user_id: int | None = None
) -> ModelVersion:
    with database.unit_of_work() as session:
        model = audited.soft_delete(session, _find(session, name, version), user_id=user_id)
        return ModelVersion.model_validate(model)


def restore_version(
    database: Database, name: str, version: int, *, user_id: int | None = None
) -> ModelVersion:
    with database.unit_of_work() as session:
        model = audited.restore(
            session, _find(session, name, version, deleted=True), user_id=user_id
        )
        return ModelVersion.model_validate(model)


@contextlib.contextmanager
def document_copy(
    workspace: Workspace, name: str, version: int | None
) -> Iterator[tuple[ModelVersion, Path]]:
    """The model version and its document, copied out of the store (verified) for FreeCAD."""
    found = get_version(workspace.database, name, version)
    with tempfile.TemporaryDirectory(prefix="projem-cam-") as folder:
        path = Path(folder) / "model.FCStd"
        artefacts.export_artefact(workspace, found.content_sha256, path)
        yield found, path
