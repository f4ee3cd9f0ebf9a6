# SPDX-License-Identifier: LGPL-2.1-or-later
"""Artefacts: files Projem keeps (documents, G-code, reports, images) as rows that point into
the content-addressed blob store.

Where the store is: :mod:`projem_workbench.services.workspace`. Rows hold ``sha256:<hex>``,
never a path, so the store can move. See docs/models/artefact-store.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from projem_workbench.audit.chain import append_audit_entry
from projem_workbench.audit.security_events import record_security_event
from projem_workbench.db.base import utcnow
from projem_workbench.db.enums import (
    ArtefactKind,
    AuditAction,
    SecurityEventType,
    SecuritySeverity,
)
from projem_workbench.db.models import Artefact, CadModel
from projem_workbench.db.session import Database
from projem_workbench.errors import DatabaseReadOnlyError
from projem_workbench.services import audited
from projem_workbench.services.workspace import Workspace
from projem_workbench.store.blobs import (
    INCOMING_ABANDONED_AFTER,
    BlobCorruptError,
    IncomingFile,
    StoredBlob,
)

URI_PREFIX = "sha256:"
STORE_ENTITY = "artefact_store"  # the audit trail's name for fsck and gc of the store
# Blobs younger than this are never collected: a save writes its blob before its rows commit.
DEFAULT_GC_GRACE = dt.timedelta(hours=24)


def new_artefact(
    session: Session,
    blob: StoredBlob,
    *,
    kind: ArtefactKind,
    mime_type: str,
    original_name: str | None,
    user_id: int | None = None,
    **links: Any,
) -> Artefact:
    """An audited artefact row for a stored blob (``links``: model_id, cam_run_id, ...)."""
    artefact = Artefact(
        kind=kind,
        sha256=blob.sha256,
        size_bytes=blob.size,
        mime_type=mime_type,
        storage_uri=URI_PREFIX + blob.sha256,
        original_name=original_name,
        owner_id=user_id,
        **links,
    )
    return audited.create(session, artefact, user_id=user_id)  # type: ignore[return-value]


def export_artefact(workspace: Workspace, sha256: str, destination: Path) -> int:
    """Copy a blob out, verified; a corrupt blob is recorded as a security event, then raised."""
    try:
        return workspace.store.copy_verified(sha256, destination)
    except BlobCorruptError as exc:
        record_corruption(workspace, exc)
        raise


def read_verified(workspace: Workspace, sha256: str) -> bytes:
    """A blob's bytes, verified; a corrupt blob is recorded as a security event, then raised."""
    try:
        return workspace.store.read_verified(sha256)
    except BlobCorruptError as exc:
        record_corruption(workspace, exc)
        raise


def record_corruption(workspace: Workspace, exc: BlobCorruptError) -> None:
    """A security event for a corrupt blob (it must outlive the error)."""

    def details(session: Session) -> dict[str, Any]:
        ids = session.scalars(select(Artefact.id).where(Artefact.sha256 == exc.sha256)).all()
        return {
            "sha256": exc.sha256,
            "actual_sha256": exc.actual,
            "artefact_ids": list(ids),
            "store": str(workspace.store.root),
        }

    record_security_event(
        workspace.database, SecurityEventType.ARTEFACT_CORRUPT, SecuritySeverity.HIGH, details
    )


class IncomingReport(BaseModel):
    """A temporary file of a blob write: in progress, or left by a killed writer."""

    name: str
    size_bytes: int
    age_s: float  # since it was last written
    abandoned: bool  # unmodified for INCOMING_ABANDONED_AFTER: gc removes it

    @classmethod
    def of(cls, incoming: IncomingFile) -> IncomingReport:
        return cls(
            name=incoming.path.name,
            size_bytes=incoming.size,
            age_s=round(incoming.age.total_seconds(), 1),
            abandoned=incoming.abandoned,
        )


class FsckReport(BaseModel):
    checked: int = 0
    missing: list[str] = Field(default_factory=list)  # rows whose blob is absent
    corrupt: list[str] = Field(default_factory=list)  # blobs whose content changed
    orphaned: list[str] = Field(default_factory=list)  # blobs no row refers to
    incoming: list[IncomingReport] = Field(default_factory=list)  # unfinished writes
    audited: bool = False  # recorded in the audit trail (not on a read-only database)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.corrupt)

    @property
    def incoming_bytes(self) -> int:
        return sum(item.size_bytes for item in self.incoming)


def referenced_blobs(database: Database) -> set[str]:
    """Every SHA-256 an artefact row or a model version refers to."""
    with database.read_session() as session:
        artefacts = set(session.scalars(select(Artefact.sha256)))
        models = set(session.scalars(select(CadModel.content_sha256)))
    return artefacts | models


def fsck(workspace: Workspace) -> FsckReport:
    """Check every referenced blob is present and intact; list blobs nothing refers to.

    Corrupt blobs are also recorded as security events."""
    database, store = workspace.database, workspace.store
    report = FsckReport()
    wanted = referenced_blobs(database)
    present = {sha for sha, _ in store.iter_blobs()}
    for sha256 in sorted(wanted):
        if sha256 not in present:
            report.missing.append(sha256)
            continue
        report.checked += 1
        actual = store.actual_sha256(sha256)
        if actual != sha256:
            report.corrupt.append(sha256)
            record_corruption(workspace, BlobCorruptError("corrupt", sha256=sha256, actual=actual))
    report.orphaned = sorted(present - wanted)
    report.incoming = [IncomingReport.of(item) for item in store.incoming_files()]
    summary = {
        "store": str(store.root),
        "checked": report.checked,
        "missing": report.missing,
        "corrupt": report.corrupt,
        "orphaned": len(report.orphaned),
        "incoming": len(report.incoming),
        "incoming_bytes": report.incoming_bytes,
    }
    try:
        _audit_store(database, AuditAction.VERIFY, summary)
        report.audited = True
    except DatabaseReadOnlyError:
        pass  # a check of a store whose database may only be read: reported, not recorded
    return report


def _audit_store(database: Database, action: AuditAction, after: dict[str, Any]) -> None:
    with database.unit_of_work() as session:
        append_audit_entry(
            session, action=action, entity_type=STORE_ENTITY, entity_id=None, after=after
        )


class GcReport(BaseModel):
    removed: list[str] = Field(default_factory=list)
    kept_young: list[str] = Field(default_factory=list)
    freed_bytes: int = 0  # by the blobs removed
    removed_incoming: list[IncomingReport] = Field(default_factory=list)
    kept_incoming: list[IncomingReport] = Field(default_factory=list)  # maybe still written

    @property
    def incoming_bytes(self) -> int:
        return sum(item.size_bytes for item in self.removed_incoming)


def gc(
    workspace: Workspace,
    *,
    grace: dt.timedelta = DEFAULT_GC_GRACE,
    dry_run: bool = False,
) -> GcReport:
    """Remove blobs no row refers to and that are older than ``grace``, and incoming files
    nobody has written to for ``INCOMING_ABANDONED_AFTER`` (whatever ``grace`` is: a shorter
    wait could remove the file of a write in progress). What was removed is audited; on a
    database opened read-only nothing is removed, as it could not be recorded."""
    database, store = workspace.database, workspace.store
    if database.read_only and not dry_run:
        raise DatabaseReadOnlyError(
            f"the database {database.describe()} is read-only: gc records what it removes "
            "in the audit trail, so it removed nothing (--dry-run shows what it would remove)"
        )
    report = GcReport()
    wanted = referenced_blobs(database)
    cutoff = (utcnow() - grace).timestamp()
    for sha256, path in store.iter_blobs():
        if sha256 in wanted:
            continue
        stat = path.stat()
        if stat.st_mtime > cutoff:
            report.kept_young.append(sha256)
            continue
        report.removed.append(sha256)
        report.freed_bytes += stat.st_size
        if not dry_run:
            store.remove(sha256)
    for incoming in store.incoming_files():
        if not incoming.abandoned:
            report.kept_incoming.append(IncomingReport.of(incoming))
            continue
        report.removed_incoming.append(IncomingReport.of(incoming))
        if not dry_run:
            store.remove_incoming(incoming)
    if not dry_run:
        _audit_store(
            database,
            AuditAction.DELETE,
            {
                "store": str(store.root),
                "removed": report.removed,
                "freed_bytes": report.freed_bytes,
                "removed_incoming": [item.name for item in report.removed_incoming],
                "incoming_bytes": report.incoming_bytes,
                "abandoned_after_s": INCOMING_ABANDONED_AFTER.total_seconds(),
            },
        )
    return report
