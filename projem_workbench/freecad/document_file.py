# SPDX-License-Identifier: LGPL-2.1-or-later
"""What a ``.FCStd`` file says about itself, read without FreeCAD.

An FCStd is a zip holding ``Document.xml`` (the objects, their types and properties, and the
FreeCAD version that saved it) and, when FreeCAD was asked to, ``thumbnails/Thumbnail.png``.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from projem_workbench.errors import ValidationError

THUMBNAIL = "thumbnails/Thumbnail.png"
# Document.xml of a real part is kilobytes to a few megabytes; refuse to parse absurd ones.
MAX_DOCUMENT_XML = 256 * 1024 * 1024
CHUNK = 1 << 20
# What a damaged member raises while it is read: a bad CRC (BadZipFile), a corrupt deflate
# stream (zlib.error), or one cut short (EOFError).
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError)


def read_document_file(path: Path) -> dict[str, Any]:
    """``program_version``, ``objects`` [{name, type, label}] and ``has_thumbnail``."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("Document.xml")
            if info.file_size > MAX_DOCUMENT_XML:
                raise ValidationError(f"{path}: Document.xml is implausibly large")
            _check_members(archive, path)
            xml = archive.read(info)
            has_thumbnail = THUMBNAIL in archive.namelist()
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ValidationError(
            f"{path}: not a FreeCAD document (.FCStd is a zip with Document.xml): {exc}"
        ) from None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise ValidationError(f"{path}: Document.xml is not valid XML ({exc})") from None
    labels = {}
    for data in root.iterfind("./ObjectData/Object"):
        label = data.find("./Properties/Property[@name='Label']/String")
        if label is not None:
            labels[data.get("name")] = label.get("value")
    objects = [
        {"name": obj.get("name"), "type": obj.get("type"), "label": labels.get(obj.get("name"))}
        for obj in root.iterfind("./Objects/Object")
    ]
    return {
        "program_version": root.get("ProgramVersion"),
        "objects": objects,
        "has_thumbnail": has_thumbnail,
    }


def _check_members(archive: zipfile.ZipFile, path: Path) -> None:
    """Read every member through, so its stream and CRC are checked: a damaged document is
    refused here, naming the member, rather than stored and found broken when FreeCAD opens
    it (FreeCAD drops a shape it cannot read without a word)."""
    for info in archive.infolist():
        try:
            with archive.open(info) as member:
                while member.read(CHUNK):
                    pass
        except DAMAGED as exc:
            raise ValidationError(
                f"{path}: the document is damaged: its member {info.filename} cannot be read "
                f"({exc}); save it again from FreeCAD or use a backup",
                field="path",
            ) from None


def read_thumbnail(path: Path) -> bytes | None:
    with zipfile.ZipFile(path) as archive:
        return archive.read(THUMBNAIL) if THUMBNAIL in archive.namelist() else None
